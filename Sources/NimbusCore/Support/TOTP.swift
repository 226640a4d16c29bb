import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as IAM's virtual MFA devices use.
public enum TOTP {
    public static let step: TimeInterval = 30

    /// The code for the step that contains `date`.
    public static func code(secret: [UInt8], at date: Date) -> String {
        code(secret: secret, counter: UInt64(date.timeIntervalSince1970 / step))
    }

    public static func code(secret: [UInt8], counter: UInt64) -> String {
        var big = counter.bigEndian
        let message = withUnsafeBytes(of: &big) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let text = String(value % 1_000_000)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    /// The step counter at which `code` is valid, looking `window` steps either side of `date`.
    public static func counter(of code: String, secret: [UInt8], near date: Date, window: Int) -> UInt64? {
        let now = Int64(date.timeIntervalSince1970 / step)
        for delta in -window...window {
            let counter = UInt64(max(0, now + Int64(delta)))
            if Self.code(secret: secret, counter: counter) == code { return counter }
        }
        return nil
    }

    /// RFC 4648 base32, the form IAM hands out a virtual device's seed in (`Base32StringSeed`).
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }
}

import Foundation
import Synchronization

/// Every ID Nimbus makes, in AWS's formats, from one generator that a test can seed.
public final class IDGenerator: Sendable {
    private let rng: Mutex<SplitMix64>

    /// A fixed seed makes every ID repeatable; nil draws one from the system.
    public init(seed: UInt64? = nil) {
        rng = Mutex(SplitMix64(seed: seed ?? UInt64.random(in: .min ... .max)))
    }

    public func next() -> UInt64 {
        rng.withLock { $0.next() }
    }

    /// `count` lowercase hex digits, as after `vpc-` (17) or `i-` (17).
    public func hex(_ count: Int) -> String {
        draw(count, from: Self.hexDigits)
    }

    /// A resource ID such as `vpc-0a1b2c3d4e5f67890`.
    public func resourceId(_ prefix: String, digits: Int = 17) -> String {
        "\(prefix)-\(hex(digits))"
    }

    /// IAM's unique IDs and access keys: a 4-letter prefix (`AIDA`, `AROA`, `AKIA`, `ASIA`) and uppercase base32.
    public func iamId(_ prefix: String, length: Int = 21) -> String {
        prefix + draw(length - prefix.count, from: Self.base32)
    }

    /// A 40-character secret access key.
    public func secret() -> String {
        draw(40, from: Self.secretAlphabet)
    }

    /// A request ID in UUID form, as most services print it.
    public func uuid() -> String {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (UInt64(i) * 8)) }
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (UInt64(i) * 8)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(Self.hexDigits[Int($0 >> 4)]) + String(Self.hexDigits[Int($0 & 0xF)]) }.joined()
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// S3's request IDs: 16 uppercase hex digits.
    public func s3RequestId() -> String {
        hex(16).uppercased()
    }

    private func draw(_ count: Int, from alphabet: [Character]) -> String {
        rng.withLock { rng in
            var text = ""
            text.reserveCapacity(count)
            for _ in 0..<count { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            return text
        }
    }

    private static let hexDigits = Array("0123456789abcdef")
    private static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

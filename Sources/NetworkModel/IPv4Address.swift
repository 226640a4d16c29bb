/// An IPv4 address, stored as a big-endian-ordered 32-bit integer (`10.0.0.1` is `0x0A00_0001`).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses a dotted quad strictly: exactly four decimal parts, each 0...255,
    /// no leading zeros ("01"), no signs, no whitespace.
    public init?(_ text: some StringProtocol) {
        // One pass over the bytes, no substrings: addresses are parsed on every filter and route lookup.
        var result: UInt32 = 0
        var parts = 0
        var octet = 0, digits = 0, leadingZero = false
        func close() -> Bool {
            guard digits > 0, octet <= 255, !(leadingZero && digits > 1), parts < 4 else { return false }
            result = result << 8 | UInt32(octet)
            parts += 1
            octet = 0
            digits = 0
            return true
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard close() else { return nil }
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                digits += 1
                guard digits <= 3 else { return nil }
                octet = octet * 10 + Int(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard close(), parts == 4 else { return nil }
        value = result
    }

    public var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    public var description: String { octets.map(String.init).joined(separator: ".") }

    /// The address `offset` places away, or nil when that leaves the IPv4 space.
    public func advanced(by offset: Int64) -> IPv4Address? {
        let target = Int64(value) + offset
        guard target >= 0 && target <= Int64(UInt32.max) else { return nil }
        return IPv4Address(UInt32(target))
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

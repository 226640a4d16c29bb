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
        var result: UInt32 = 0
        var parts = 0
        for part in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            parts += 1
            guard parts <= 4, let octet = IPv4Address.parseOctet(part) else { return nil }
            result = result << 8 | UInt32(octet)
        }
        guard parts == 4 else { return nil }
        value = result
    }

    private static func parseOctet(_ digits: some Collection<UInt8>) -> UInt8? {
        guard (1...3).contains(digits.count) else { return nil }
        if digits.count > 1 && digits.first == UInt8(ascii: "0") { return nil }
        var number = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return number <= 255 ? UInt8(number) : nil
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

/// An IPv6 address, stored as a 128-bit integer (the first group is the most significant).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt128

    public init(_ value: UInt128) { self.value = value }

    public init(high: UInt64, low: UInt64) { value = UInt128(high) << 64 | UInt128(low) }

    /// The eight 16-bit groups, most significant first.
    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "an IPv6 address has eight groups")
        value = groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// The IPv4-mapped address `::ffff:a.b.c.d`.
    public init(ipv4Mapped address: IPv4Address) {
        value = UInt128(0xFFFF) << 32 | UInt128(address.value)
    }

    public var high: UInt64 { UInt64(truncatingIfNeeded: value >> 64) }
    public var low: UInt64 { UInt64(truncatingIfNeeded: value) }

    public var groups: [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(16 * (7 - $0))) }
    }

    /// The embedded IPv4 address when this is IPv4-mapped (`::ffff:0:0/96`).
    public var ipv4Mapped: IPv4Address? {
        value >> 32 == 0xFFFF ? IPv4Address(UInt32(truncatingIfNeeded: value)) : nil
    }

    /// Parses every RFC 4291 section 2.2 text form: full (`2001:db8:0:0:1:0:0:1`),
    /// compressed with one `::`, and a trailing dotted quad (`::ffff:1.2.3.4`, `64:ff9b::10.0.0.1`).
    /// Hex digits may be either case. Zone identifiers (`%eth0`) and prefixes are rejected.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        let compressed = halves.count == 2

        // `lastHalf` is the half that may end in a dotted quad.
        func parseGroups(_ part: Substring, mayEndWithIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (index, field) in fields.enumerated() {
                if mayEndWithIPv4 && index == fields.count - 1 && field.contains(".") {
                    guard let v4 = IPv4Address(field) else { return nil }
                    result.append(UInt16(v4.value >> 16))
                    result.append(UInt16(truncatingIfNeeded: v4.value))
                    continue
                }
                guard (1...4).contains(field.utf8.count),
                      field.utf8.allSatisfy({ IPv6Address.isHexDigit($0) }),
                      let group = UInt16(field, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }

        let groups: [UInt16]
        if compressed {
            guard let left = parseGroups(halves[0], mayEndWithIPv4: false),
                  let right = parseGroups(halves[1], mayEndWithIPv4: true),
                  left.count + right.count <= 7 else { return nil }
            groups = left + Array(repeating: 0, count: 8 - left.count - right.count) + right
        } else {
            guard let all = parseGroups(halves[0], mayEndWithIPv4: true), all.count == 8 else { return nil }
            groups = all
        }
        self.init(groups: groups)
    }

    /// RFC 5952 canonical text: lowercase hex without leading zeros; the longest run
    /// (two or more, first on a tie) of zero groups shortened to `::`; IPv4-mapped
    /// addresses in mixed notation (`::ffff:192.0.2.1`, RFC 5952 section 5).
    public var description: String {
        if let v4 = ipv4Mapped { return "::ffff:\(v4)" }
        let groups = self.groups
        var bestStart = -1, bestLength = 0, runStart = -1
        for index in 0...8 {
            if index < 8 && groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.value < rhs.value }
}

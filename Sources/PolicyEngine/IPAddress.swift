/// An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are taken as IPv4.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let isIPv4: Bool
    let high: UInt64
    let low: UInt64

    private init(isIPv4: Bool, high: UInt64, low: UInt64) {
        self.isIPv4 = isIPv4
        self.high = high
        self.low = low
    }

    init(ipv4: UInt32) {
        self.init(isIPv4: true, high: 0, low: UInt64(ipv4))
    }

    init(ipv6High: UInt64, low: UInt64) {
        if ipv6High == 0, low >> 32 == 0xFFFF {
            self.init(isIPv4: true, high: 0, low: low & 0xFFFF_FFFF)
        } else {
            self.init(isIPv4: false, high: ipv6High, low: low)
        }
    }

    public init?(_ text: String) {
        if text.contains(":") {
            guard let (high, low) = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self.init(ipv6High: high, low: low)
        } else {
            guard let value = IPAddress.parseIPv4(Substring(text)) else { return nil }
            self.init(ipv4: value)
        }
    }

    public var description: String {
        if isIPv4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        let groups = (0..<8).map { index -> String in
            let word = index < 4 ? high >> UInt64((3 - index) * 16) : low >> UInt64((7 - index) * 16)
            return String(UInt16(truncatingIfNeeded: word), radix: 16)
        }
        return groups.joined(separator: ":")
    }

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseIPv6(_ text: Substring) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let word = UInt16(piece, radix: 16) else { return nil }
                out.append(word)
            }
            return out
        }
        if halves.count == 2 {
            guard let head = parseGroups(Substring(halves[0]), allowIPv4Tail: false),
                  let rest = parseGroups(Substring(halves[1]), allowIPv4Tail: true),
                  head.count + rest.count <= 7 else { return nil }
            groups = head
            tail = rest
            groups += Array(repeating: 0, count: 8 - head.count - rest.count) + tail
        } else {
            guard let all = parseGroups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 { high = high << 16 | UInt64(groups[index]) }
        for index in 4..<8 { low = low << 16 | UInt64(groups[index]) }
        return (high, low)
    }
}

/// A CIDR block from an `IpAddress` condition value ("203.0.113.0/24", "2001:DB8:1234:5678::/64"); an
/// address without a prefix is the single address ("IAM uses the default prefix value of /32").
public struct CIDRBlock: Sendable, Hashable {
    let address: IPAddress
    let prefix: Int

    /// Whether `text` is a value an `IpAddress` condition can hold (services refuse policies with others).
    public static func isValid(_ text: String) -> Bool {
        CIDRBlock(text) != nil
    }

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        var addressText = Substring(trimmed)
        var prefix: Int?
        if let slash = trimmed.firstIndex(of: "/") {
            addressText = trimmed[..<slash]
            guard let bits = Int(trimmed[trimmed.index(after: slash)...]), bits >= 0 else { return nil }
            prefix = bits
        }
        guard let address = IPAddress(String(addressText)) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        let mappedV4 = address.isIPv4 && addressText.contains(":")
        var bits = prefix ?? width
        if mappedV4, let given = prefix {
            // ::ffff:a.b.c.d/n over the 128-bit space.
            guard given >= 96 else { return nil }
            bits = given - 96
        }
        guard bits <= width else { return nil }
        self.address = address
        self.prefix = bits
    }

    func contains(_ ip: IPAddress) -> Bool {
        guard ip.isIPv4 == address.isIPv4 else { return false }
        if ip.isIPv4 {
            if prefix == 0 { return true }
            let mask: UInt64 = (0xFFFF_FFFF << UInt64(32 - prefix)) & 0xFFFF_FFFF
            return ip.low & mask == address.low & mask
        }
        if prefix <= 64 {
            let mask: UInt64 = prefix == 0 ? 0 : ~0 << UInt64(64 - prefix)
            return ip.high & mask == address.high & mask
        }
        let mask: UInt64 = prefix == 128 ? ~0 : ~0 << UInt64(128 - prefix)
        return ip.high == address.high && ip.low & mask == address.low & mask
    }
}

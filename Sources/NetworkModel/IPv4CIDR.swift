/// An IPv4 CIDR block whose host bits are all zero (`10.0.0.0/16`).
public struct IPv4CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block; its host bits are zero.
    public let network: IPv4Address
    /// 0...32.
    public let prefixLength: Int

    /// Fails when the prefix length is out of range or `network` has host bits set.
    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength),
              network.value & ~IPv4CIDR.mask(prefixLength) == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// The block of the given length that contains `address` (host bits cleared).
    public init?(containing address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        self.network = IPv4Address(address.value & IPv4CIDR.mask(prefixLength))
        self.prefixLength = prefixLength
    }

    /// Strict parse of `a.b.c.d/n`: fails when host bits are set (`10.0.0.1/16`).
    public init?(_ text: some StringProtocol) {
        guard let parsed = IPv4CIDR.parseAllowingHostBits(text), !parsed.hostBitsWereSet else { return nil }
        self = parsed.cidr
    }

    /// Lenient parse: returns the canonical block and whether the text had host bits set.
    /// (EC2 canonicalizes e.g. `100.68.0.18/18` to `100.68.0.0/18` — "Subnet CIDR blocks".)
    public static func parseAllowingHostBits(_ text: some StringProtocol) -> (cidr: IPv4CIDR, hostBitsWereSet: Bool)? {
        guard let slash = text.firstIndex(of: "/"), let address = IPv4Address(text[..<slash]),
              let prefixLength = parsePrefixLength(text[text.index(after: slash)...], max: 32),
              let cidr = IPv4CIDR(containing: address, prefixLength: prefixLength) else { return nil }
        return (cidr, cidr.network != address)
    }

    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    public var netmask: IPv4Address { IPv4Address(IPv4CIDR.mask(prefixLength)) }
    public var firstAddress: IPv4Address { network }
    public var lastAddress: IPv4Address { IPv4Address(network.value | ~IPv4CIDR.mask(prefixLength)) }
    /// 2^(32 - prefixLength); 4294967296 for /0.
    public var addressCount: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public var description: String { "\(network)/\(prefixLength)" }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & IPv4CIDR.mask(prefixLength) == network.value
    }

    /// True when every address of `other` is in this block (a block contains itself).
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: IPv4CIDR) -> Bool { contains(other) || other.contains(self) }

    /// How many blocks of `prefixLength` fit in this block; nil when `prefixLength` is shorter or above 32.
    public func subBlockCount(prefixLength newLength: Int) -> UInt64? {
        guard (prefixLength...32).contains(newLength) else { return nil }
        return UInt64(1) << UInt64(newLength - prefixLength)
    }

    /// The `index`-th (from 0) block of `prefixLength` inside this block, in address order:
    /// `172.31.0.0/16`.subBlock(prefixLength: 20, index: 2) is `172.31.32.0/20`.
    public func subBlock(prefixLength newLength: Int, index: UInt64) -> IPv4CIDR? {
        guard let count = subBlockCount(prefixLength: newLength), index < count else { return nil }
        let start = UInt64(network.value) + index << UInt64(32 - newLength)
        return IPv4CIDR(network: IPv4Address(UInt32(start)), prefixLength: newLength)
    }

    /// All blocks of `prefixLength` inside this block, lazily, in address order (empty when invalid).
    public func subBlocks(prefixLength newLength: Int) -> LazyMapSequence<Range<UInt64>, IPv4CIDR> {
        let count = subBlockCount(prefixLength: newLength) ?? 0
        let base = UInt64(network.value)
        return (0..<count).lazy.map { IPv4CIDR(network: IPv4Address(UInt32(base + $0 << UInt64(32 - newLength))), prefixLength: newLength)! }
    }

    /// Every address of the block, lazily, in order.
    public var addresses: LazyMapSequence<ClosedRange<UInt32>, IPv4Address> {
        (network.value...lastAddress.value).lazy.map { IPv4Address($0) }
    }
}

/// Parses the decimal prefix length after `/`: no sign, no leading zeros, 0...max.
func parsePrefixLength(_ text: some StringProtocol, max: Int) -> Int? {
    guard (1...3).contains(text.utf8.count),
          text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
          !(text.utf8.count > 1 && text.utf8.first == UInt8(ascii: "0")),
          let value = Int(text), value <= max else { return nil }
    return value
}

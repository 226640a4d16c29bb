/// An IPv6 CIDR block whose host bits are all zero (`2600:1f18:abcd:1200::/56`).
public struct IPv6CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block; its host bits are zero.
    public let network: IPv6Address
    /// 0...128.
    public let prefixLength: Int

    /// Fails when the prefix length is out of range or `network` has host bits set.
    public init?(network: IPv6Address, prefixLength: Int) {
        guard (0...128).contains(prefixLength),
              network.value & ~IPv6CIDR.mask(prefixLength) == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// The block of the given length that contains `address` (host bits cleared).
    public init?(containing address: IPv6Address, prefixLength: Int) {
        guard (0...128).contains(prefixLength) else { return nil }
        self.network = IPv6Address(address.value & IPv6CIDR.mask(prefixLength))
        self.prefixLength = prefixLength
    }

    /// Strict parse of `address/n`: fails when host bits are set (`2001:db8::1/64`).
    public init?(_ text: some StringProtocol) {
        guard let parsed = IPv6CIDR.parseAllowingHostBits(text), !parsed.hostBitsWereSet else { return nil }
        self = parsed.cidr
    }

    /// Lenient parse: returns the canonical block and whether the text had host bits set.
    public static func parseAllowingHostBits(_ text: some StringProtocol) -> (cidr: IPv6CIDR, hostBitsWereSet: Bool)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv6Address(parts[0]),
              let prefixLength = parsePrefixLength(parts[1], max: 128),
              let cidr = IPv6CIDR(containing: address, prefixLength: prefixLength) else { return nil }
        return (cidr, cidr.network != address)
    }

    static func mask(_ prefixLength: Int) -> UInt128 {
        prefixLength == 0 ? 0 : UInt128.max << UInt128(128 - prefixLength)
    }

    /// Number of host bits, 128 - prefixLength. The exact size is 2^hostBitCount.
    public var hostBitCount: Int { 128 - prefixLength }
    public var firstAddress: IPv6Address { network }
    public var lastAddress: IPv6Address { IPv6Address(network.value | ~IPv6CIDR.mask(prefixLength)) }
    /// 2^(128 - prefixLength), saturating at UInt128.max for /0 (whose true size is 2^128).
    public var addressCount: UInt128 { prefixLength == 0 ? UInt128.max : UInt128(1) << UInt128(hostBitCount) }
    /// The size clamped to UInt64 (UInt64.max for any block of /64 or larger).
    public var addressCountSaturatingUInt64: UInt64 {
        hostBitCount >= 64 ? UInt64.max : UInt64(1) << UInt64(hostBitCount)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public func contains(_ address: IPv6Address) -> Bool {
        address.value & IPv6CIDR.mask(prefixLength) == network.value
    }

    public func contains(_ other: IPv6CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: IPv6CIDR) -> Bool { contains(other) || other.contains(self) }

    /// How many blocks of `prefixLength` fit in this block, saturating at UInt128.max
    /// (only for /0 split into /128s); nil when `prefixLength` is shorter or above 128.
    public func subBlockCount(prefixLength newLength: Int) -> UInt128? {
        guard (prefixLength...128).contains(newLength) else { return nil }
        let bits = newLength - prefixLength
        return bits == 128 ? UInt128.max : UInt128(1) << UInt128(bits)
    }

    /// The `index`-th (from 0) block of `prefixLength` inside this block, in address order:
    /// the 3rd /64 of `2001:db8::/56` (index 2) is `2001:db8:0:2::/64`.
    public func subBlock(prefixLength newLength: Int, index: UInt128) -> IPv6CIDR? {
        guard let count = subBlockCount(prefixLength: newLength), index < count || (count == .max) else { return nil }
        let start = network.value | (newLength == 0 ? 0 : index << UInt128(128 - newLength))
        return IPv6CIDR(network: IPv6Address(start), prefixLength: newLength)
    }

    /// The blocks of `prefixLength` inside this block in address order, lazily
    /// (use `prefix(_:)` on big splits). Empty when `prefixLength` is invalid.
    public func subBlocks(prefixLength newLength: Int) -> SubBlockSequence {
        SubBlockSequence(parent: self, prefixLength: newLength, count: subBlockCount(prefixLength: newLength) ?? 0)
    }

    public struct SubBlockSequence: Sequence, IteratorProtocol, Sendable {
        let parent: IPv6CIDR
        let prefixLength: Int
        let count: UInt128
        var nextIndex: UInt128 = 0
        var finished = false

        public mutating func next() -> IPv6CIDR? {
            guard !finished, nextIndex < count || count == .max else { return nil }
            let block = parent.subBlock(prefixLength: prefixLength, index: nextIndex)
            if nextIndex == .max { finished = true } else { nextIndex += 1 }
            return block
        }
    }
}

/// Picks private IPv4 addresses in a subnet, skipping the five AWS-reserved addresses
/// and a caller-supplied set of addresses already in use. Stateless: the caller owns `taken`.
public struct SubnetIPv4AddressAllocator: Hashable, Sendable {
    public let subnet: IPv4CIDR
    /// The reserved five (or fewer for tiny blocks).
    public let reserved: Set<IPv4Address>

    public init(subnet: IPv4CIDR) {
        self.subnet = subnet
        self.reserved = Set(VPCAddressRules.reservedAddresses(in: subnet).map(\.address))
    }

    /// True when `address` is in the subnet and not reserved (whether taken or not).
    public func isAssignable(_ address: IPv4Address) -> Bool {
        subnet.contains(address) && !reserved.contains(address)
    }

    /// The lowest assignable address not in `taken`, or nil when the subnet is full.
    public func nextFreeAddress(taken: Set<IPv4Address>) -> IPv4Address? {
        subnet.addresses.first { !reserved.contains($0) && !taken.contains($0) }
    }

    /// The lowest free address at or after `start` (wrapping to the start of the subnet),
    /// for callers that want to spread allocations; nil when the subnet is full.
    public func nextFreeAddress(startingAt start: IPv4Address, taken: Set<IPv4Address>) -> IPv4Address? {
        let isFree = { (address: IPv4Address) in !reserved.contains(address) && !taken.contains(address) }
        if subnet.contains(start),
           let found = (start.value...subnet.lastAddress.value).lazy.map({ IPv4Address($0) }).first(where: isFree) {
            return found
        }
        return subnet.addresses.first(where: isFree)
    }

    /// Assignable addresses not in `taken` (entries of `taken` outside the subnet or
    /// reserved are ignored): 251 for an empty /24.
    public func availableAddressCount(taken: Set<IPv4Address>) -> UInt64 {
        let takenAssignable = taken.lazy.filter { isAssignable($0) }.count
        return VPCAddressRules.usableAddressCount(in: subnet) - UInt64(takenAssignable)
    }
}

/// One of the five IPv4 addresses AWS reserves in every subnet
/// ("Subnet CIDR blocks", Amazon VPC User Guide).
public struct SubnetReservedAddress: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, CaseIterable {
        /// Base address: the network address.
        case networkAddress
        /// Base + 1: the VPC router.
        case vpcRouter
        /// Base + 2: the Amazon DNS server (for the primary VPC block; reserved in every subnet).
        case dnsServer
        /// Base + 3: reserved by AWS for future use.
        case futureUse
        /// Last address: network broadcast (broadcast is not supported in a VPC).
        case broadcast
    }

    public let role: Role
    public let address: IPv4Address

    public init(role: Role, address: IPv4Address) {
        self.role = role
        self.address = address
    }
}

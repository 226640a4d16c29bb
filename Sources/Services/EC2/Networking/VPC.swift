import AWSWire
import NetworkModel
import NimbusCore
import State

/// A VPC ("How Amazon VPC works"): its IPv4 blocks (the first is the primary), its Amazon-provided IPv6
/// blocks, its DNS attributes and the DHCP options set it uses.
struct VPC: EC2Resource {
    static let kind = "ec2.vpc"
    static let idPrefix = "vpc"
    static let resourceType = "vpc"

    struct CIDRAssociation: Codable, Hashable, Sendable {
        var associationId: String
        var cidrBlock: String
    }

    var id: String
    var ownerId: String
    var cidrBlocks: [CIDRAssociation]
    var ipv6Blocks: [CIDRAssociation] = []
    var isDefault: Bool
    var instanceTenancy: String = "default"
    var dhcpOptionsId: String
    var enableDnsSupport = true
    var enableDnsHostnames: Bool
    var enableNetworkAddressUsageMetrics = false
    var tags: [EC2Tag] = []

    var primaryCIDR: IPv4CIDR { IPv4CIDR(cidrBlocks[0].cidrBlock)! }
    var ipv4Blocks: [IPv4CIDR] { cidrBlocks.compactMap { IPv4CIDR($0.cidrBlock) } }
    var ipv6CIDRs: [IPv6CIDR] { ipv6Blocks.compactMap { IPv6CIDR($0.cidrBlock) } }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidVpcID.NotFound", notFoundMessage("vpc", ids))
    }

    static let filterNames: Set<String> = [
        "cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id",
        "cidr-block-association.state", "dhcp-options-id", "ipv6-cidr-block-association.ipv6-cidr-block",
        "ipv6-cidr-block-association.ipv6-pool", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "is-default", "owner-id", "state", "vpc-id",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "cidr": return [cidrBlocks[0].cidrBlock]
        case "cidr-block-association.cidr-block": return cidrBlocks.map(\.cidrBlock)
        case "cidr-block-association.association-id": return cidrBlocks.map(\.associationId)
        case "cidr-block-association.state": return ["associated"]
        case "dhcp-options-id": return [dhcpOptionsId]
        case "ipv6-cidr-block-association.ipv6-cidr-block": return ipv6Blocks.map(\.cidrBlock)
        case "ipv6-cidr-block-association.ipv6-pool": return ipv6Blocks.isEmpty ? [] : ["Amazon"]
        case "ipv6-cidr-block-association.association-id": return ipv6Blocks.map(\.associationId)
        case "ipv6-cidr-block-association.state": return ipv6Blocks.isEmpty ? [] : ["associated"]
        case "is-default": return [String(isDefault)]
        case "owner-id": return [ownerId]
        case "state": return ["available"]
        case "vpc-id": return [id]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "VpcId": .string(id), "OwnerId": .string(ownerId), "State": "available",
            "CidrBlock": .string(cidrBlocks[0].cidrBlock), "DhcpOptionsId": .string(dhcpOptionsId),
            "InstanceTenancy": .string(instanceTenancy), "IsDefault": .boolean(isDefault),
            "CidrBlockAssociationSet": .list(cidrBlocks.map { Self.ipv4AssociationOutput($0, state: "associated") }),
            "Ipv6CidrBlockAssociationSet": ipv6Blocks.isEmpty
                ? nil : .list(ipv6Blocks.map { Self.ipv6AssociationOutput($0, state: "associated", network: network) }),
            "Tags": tagsIfAny,
        ])
    }

    static func ipv4AssociationOutput(_ association: CIDRAssociation, state: String) -> AWSValue {
        ["AssociationId": .string(association.associationId), "CidrBlock": .string(association.cidrBlock),
         "CidrBlockState": ["State": .string(state)]]
    }

    static func ipv6AssociationOutput(_ association: CIDRAssociation, state: String, network: NetworkView) -> AWSValue {
        ["AssociationId": .string(association.associationId), "Ipv6CidrBlock": .string(association.cidrBlock),
         "Ipv6CidrBlockState": ["State": .string(state)], "Ipv6Pool": "Amazon",
         "NetworkBorderGroup": .string(network.partition.region), "Ipv6AddressAttribute": "public", "IpSource": "amazon"]
    }
}

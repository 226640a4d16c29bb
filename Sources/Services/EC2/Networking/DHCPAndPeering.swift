import AWSWire
import Foundation
import NimbusCore
import State

/// A DHCP options set ("DHCP option sets in Amazon VPC").
struct DHCPOptions: EC2Resource {
    static let kind = "ec2.dhcp-options"
    static let idPrefix = "dopt"
    static let resourceType = "dhcp-options"

    struct Configuration: Codable, Hashable, Sendable {
        var key: String
        var values: [String]
    }

    var id: String
    var ownerId: String
    var configurations: [Configuration]
    var tags: [EC2Tag] = []

    /// The set every Region starts with: Amazon's DNS and the Region's internal domain.
    static func defaults(id: String, ownerId: String, region: String) -> DHCPOptions {
        DHCPOptions(id: id, ownerId: ownerId, configurations: [
            Configuration(key: "domain-name", values: [region == "us-east-1" ? "ec2.internal" : "\(region).compute.internal"]),
            Configuration(key: "domain-name-servers", values: ["AmazonProvidedDNS"]),
        ])
    }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidDhcpOptionID.NotFound", notFoundMessage("dhcpOption", ids))
    }

    static var malformedCode: String { "InvalidDhcpOptionsId.Malformed" }

    static let filterNames: Set<String> = ["dhcp-options-id", "key", "value", "owner-id"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "dhcp-options-id": return [id]
        case "key": return configurations.map(\.key)
        case "value": return configurations.flatMap(\.values)
        case "owner-id": return [ownerId]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "DhcpOptionsId": .string(id), "OwnerId": .string(ownerId),
            "DhcpConfigurations": .list(configurations.map { configuration in
                ["Key": .string(configuration.key), "Values": .list(configuration.values.map { ["Value": .string($0)] })]
            }),
            "Tags": tagsOutput,
        ])
    }
}

/// A VPC peering connection ("VPC peering process"). Kept Nimbus-wide (both sides' accounts see it).
struct VPCPeeringConnection: EC2Resource {
    static let kind = "ec2.vpc-peering-connection"
    static let idPrefix = "pcx"
    static let resourceType = "vpc-peering-connection"
    /// "VPC peering connection lifecycle": a request not accepted within 7 days expires.
    static let requestLifetime: TimeInterval = 7 * 24 * 3600

    struct Side: Codable, Hashable, Sendable {
        var vpcId: String
        var ownerId: String
        var region: String
        var cidrBlock: String
        var cidrBlocks: [String]
        var ipv6CidrBlocks: [String]
    }

    var id: String
    var requester: Side
    var accepter: Side
    /// pending-acceptance, active, rejected, deleted, failed, expired.
    var status: String
    var created: Date
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidVpcPeeringConnectionID.NotFound", notFoundMessage("vpcPeeringConnection", ids))
    }

    static var malformedCode: String { "InvalidVpcPeeringConnectionId.Malformed" }

    /// Kept Nimbus-wide: the requester's and the accepter's accounts both see and act on it.
    static func storagePartition(_ regional: Partition) -> Partition { Partition(account: "", region: "") }

    func involves(_ account: String) -> Bool { requester.ownerId == account || accepter.ownerId == account }

    var statusMessage: String {
        switch status {
        case "pending-acceptance": return "Pending Acceptance by \(accepter.ownerId)"
        case "active": return "Active"
        case "rejected": return "Rejected by \(accepter.ownerId)"
        case "deleted": return "Deleted by \(requester.ownerId)"
        case "failed": return "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range"
        default: return status.capitalized
        }
    }

    static let filterNames: Set<String> = [
        "accepter-vpc-info.cidr-block", "accepter-vpc-info.owner-id", "accepter-vpc-info.vpc-id", "expiration-time",
        "requester-vpc-info.cidr-block", "requester-vpc-info.owner-id", "requester-vpc-info.vpc-id", "status-code",
        "status-message", "vpc-peering-connection-id",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "accepter-vpc-info.cidr-block": return accepter.cidrBlocks
        case "accepter-vpc-info.owner-id": return [accepter.ownerId]
        case "accepter-vpc-info.vpc-id": return [accepter.vpcId]
        case "requester-vpc-info.cidr-block": return requester.cidrBlocks
        case "requester-vpc-info.owner-id": return [requester.ownerId]
        case "requester-vpc-info.vpc-id": return [requester.vpcId]
        case "status-code": return [status]
        case "status-message": return [statusMessage]
        case "vpc-peering-connection-id": return [id]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        func side(_ side: Side, showBlocks: Bool) -> AWSValue {
            .structure([
                "VpcId": .string(side.vpcId), "OwnerId": .string(side.ownerId), "Region": .string(side.region),
                "CidrBlock": showBlocks ? .string(side.cidrBlock) : nil,
                "CidrBlockSet": showBlocks ? .list(side.cidrBlocks.map { ["CidrBlock": .string($0)] }) : nil,
                "Ipv6CidrBlockSet": showBlocks ? .list(side.ipv6CidrBlocks.map { ["Ipv6CidrBlock": .string($0)] }) : nil,
                "PeeringOptions": showBlocks ? [
                    "AllowDnsResolutionFromRemoteVpc": false, "AllowEgressFromLocalClassicLinkToRemoteVpc": false,
                    "AllowEgressFromLocalVpcToRemoteClassicLink": false,
                ] : nil,
            ])
        }
        // The accepter's blocks are shown once the connection is active ("DescribeVpcPeeringConnections").
        return .structure([
            "VpcPeeringConnectionId": .string(id),
            "RequesterVpcInfo": side(requester, showBlocks: true),
            "AccepterVpcInfo": side(accepter, showBlocks: status == "active"),
            "Status": ["Code": .string(status), "Message": .string(statusMessage)],
            "ExpirationTime": status == "pending-acceptance" ? .timestamp(created.addingTimeInterval(Self.requestLifetime)) : nil,
            "Tags": tagsOutput,
        ])
    }
}

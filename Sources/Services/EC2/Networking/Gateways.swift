import AWSWire
import Foundation
import NimbusCore
import State

/// An internet gateway ("Enable internet access for a VPC using an internet gateway"): attached to at most one VPC.
struct InternetGateway: EC2Resource {
    static let kind = "ec2.internet-gateway"
    static let idPrefix = "igw"
    static let resourceType = "internet-gateway"

    var id: String
    var ownerId: String
    var vpcId: String?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidInternetGatewayID.NotFound", notFoundMessage("internetGateway", ids))
    }

    static var malformedCode: String { "InvalidInternetGatewayId.Malformed" }

    static let filterNames: Set<String> = ["attachment.state", "attachment.vpc-id", "internet-gateway-id", "owner-id"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "attachment.state": return vpcId == nil ? [] : ["available"]
        case "attachment.vpc-id": return vpcId.map { [$0] } ?? []
        case "internet-gateway-id": return [id]
        case "owner-id": return [ownerId]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "InternetGatewayId": .string(id), "OwnerId": .string(ownerId),
            // An attached gateway's attachment state is "available" (DescribeInternetGateways).
            "Attachments": .list(vpcId.map { [["State": "available", "VpcId": .string($0)]] } ?? []),
            "Tags": tagsOutput,
        ])
    }
}

/// An egress-only internet gateway ("Enable outbound IPv6 traffic using an egress-only internet gateway").
struct EgressOnlyInternetGateway: EC2Resource {
    static let kind = "ec2.egress-only-internet-gateway"
    static let idPrefix = "eigw"
    static let resourceType = "egress-only-internet-gateway"

    var id: String
    var vpcId: String
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidEgressOnlyInternetGatewayId.NotFound", notFoundMessage("egressOnlyInternetGateway", ids))
    }

    static var malformedCode: String { "InvalidEgressOnlyInternetGatewayId.Malformed" }

    static let filterNames: Set<String> = []

    func filterValues(_ name: String, _ network: NetworkView) -> [String] { [] }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "EgressOnlyInternetGatewayId": .string(id),
            "Attachments": [["State": "attached", "VpcId": .string(vpcId)]],
            "Tags": tagsOutput,
        ])
    }
}

/// A NAT gateway ("NAT gateways"): public (with an Elastic IP) or private, in one subnet, with a
/// network interface of its own. It is created `pending` and reported `available` from then on;
/// deleted, it stays visible as `deleted` for an hour, as AWS keeps it.
struct NatGateway: EC2Resource {
    static let kind = "ec2.nat-gateway"
    static let idPrefix = "nat"
    static let resourceType = "natgateway"
    static let deletedVisibility: TimeInterval = 3600

    var id: String
    var subnetId: String
    var vpcId: String
    var connectivityType: String
    var allocationId: String?
    var publicIp: String?
    var associationId: String?
    var networkInterfaceId: String
    var privateIp: String
    var created: Date
    var deleted: Date?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("NatGatewayNotFound", "NAT gateway \(ids.joined(separator: ", ")) was not found")
    }

    static var malformedCode: String { "NatGatewayMalformed" }

    /// pending -> available -> deleting -> deleted, each transition taking the configured transition time
    /// (`NIMBUS_EC2_TRANSITION_SECONDS`, instant by default, as for instances).
    func state(_ now: Date) -> String {
        let settle = InstanceLifecycle.transitionSeconds
        if let deleted { return now.timeIntervalSince(deleted) < settle ? "deleting" : "deleted" }
        return now.timeIntervalSince(created) < settle ? "pending" : "available"
    }

    static let filterNames: Set<String> = ["nat-gateway-id", "state", "subnet-id", "vpc-id"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "nat-gateway-id": return [id]
        case "state": return [state(network.now)]
        case "subnet-id": return [subnetId]
        case "vpc-id": return [vpcId]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        output(state: state(network.now))
    }

    func output(state: String) -> AWSValue {
        var address: [String: AWSValue?] = [
            "NetworkInterfaceId": .string(networkInterfaceId), "PrivateIp": .string(privateIp), "IsPrimary": true,
            "Status": .string(["deleted", "deleting"].contains(state) ? "disassociating" : (state == "pending" ? "associating" : "succeeded")),
        ]
        address["AllocationId"] = allocationId.map(AWSValue.string)
        address["PublicIp"] = publicIp.map(AWSValue.string)
        address["AssociationId"] = associationId.map(AWSValue.string)
        return .structure([
            "NatGatewayId": .string(id), "SubnetId": .string(subnetId), "VpcId": .string(vpcId),
            "State": .string(state), "ConnectivityType": .string(connectivityType), "CreateTime": .timestamp(created),
            "DeleteTime": deleted.map(AWSValue.timestamp), "NatGatewayAddresses": [.structure(address)],
            "Tags": tagsOutput,
        ])
    }
}

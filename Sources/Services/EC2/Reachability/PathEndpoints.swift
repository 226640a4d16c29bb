import AWSWire
import Foundation
import NetworkModel
import NimbusCore
import State

/// A path's source or destination: an ID or ARN of an instance, network interface, internet gateway, NAT gateway or
/// (as a destination) peering connection, turned into the analyzer's endpoint ("How Reachability Analyzer works":
/// "Source and destination resources").
struct PathEndpoint {
    enum Role: String {
        case source, destination
    }

    let endpoint: ReachabilityQuery.Endpoint
    /// The ID as given (an ARN is reduced to its ID).
    let id: String
    let arn: String

    /// Checks the form, the Region and account of an ARN, and that the component exists.
    static func resolve(_ text: String, role: Role, address: IPv4Address?, network: NetworkView) throws -> PathEndpoint {
        var id = text
        let region = network.partition.region
        if let arn = ARN(text) {
            guard arn.service == "ec2", let slash = arn.resource.firstIndex(of: "/") else {
                throw EC2Errors.invalidParameterValue("The \(role.rawValue) ARN '\(text)' is not an EC2 resource ARN.")
            }
            guard arn.region == region else {
                throw EC2Errors.invalidParameterValue("The \(role.rawValue) \(text) is in \(arn.region); the source and destination must be in \(region), the Region of the path.")
            }
            guard arn.account == network.account else {
                throw EC2Errors.invalidParameterValue("The \(role.rawValue) \(text) belongs to account \(arn.account). Nimbus analyzes paths within the caller's account and the VPCs peered with it; name a component of account \(network.account).")
            }
            id = String(arn.resource[arn.resource.index(after: slash)...])
            let type = String(arn.resource[..<slash])
            let expected = ["i": "instance", "eni": "network-interface", "igw": "internet-gateway", "nat": "natgateway",
                            "pcx": "vpc-peering-connection"][id.split(separator: "-").first.map(String.init) ?? ""]
            guard expected == nil || expected == type else {
                throw EC2Errors.invalidParameterValue("The \(role.rawValue) ARN '\(text)' names a \(type) but holds the ID \(id).")
            }
        }
        let prefix = id.split(separator: "-").first.map(String.init) ?? ""
        let endpoint: ReachabilityQuery.Endpoint
        let type: String
        switch prefix {
        case "i":
            let instance = try network.load(Instance.self, id)
            guard instance.currentState(network.now) != .terminated else {
                throw EC2Errors.invalidParameterValue("The instance \(id) is terminated; it cannot be a \(role.rawValue).")
            }
            endpoint = .interface(interfaceId(of: instance, holding: address, network))
            type = "instance"
        case "eni":
            endpoint = .interface(try network.load(NetworkInterface.self, id).id)
            type = "network-interface"
        case "igw":
            endpoint = .internetGateway(try network.load(InternetGateway.self, id).id)
            type = "internet-gateway"
        case "nat":
            endpoint = .natGateway(try network.load(NatGateway.self, id).id)
            type = "natgateway"
        case "pcx" where role == .destination:
            guard let peering = network.get(VPCPeeringConnection.self, id), peering.involves(network.account) else {
                throw VPCPeeringConnection.notFound([id])
            }
            endpoint = .peeringConnection(peering.id)
            type = "vpc-peering-connection"
        case "tgw", "vgw", "vpce", "tgw-attach", "pcx":
            throw EC2Errors.invalidParameterValue("Nimbus does not model \(id) as a \(role.rawValue): paths start at instances, network interfaces, internet or NAT gateways, and end at those, peering connections or IP addresses.")
        default:
            throw EC2Errors.invalidParameterValue("The \(role.rawValue) '\(text)' is not a supported resource ID or ARN.")
        }
        return PathEndpoint(endpoint: endpoint, id: id, arn: "arn:aws:ec2:\(region):\(network.account):\(type)/\(id)")
    }

    /// An instance's interface: the one holding `address` when given, else the primary one.
    static func interfaceId(of instance: Instance, holding address: IPv4Address?, _ network: NetworkView) -> String {
        if let address {
            let text = address.description
            for interface in network.all(NetworkInterface.self) where interface.attachment?.instanceId == instance.id {
                if interface.privateIps.contains(where: { $0.address == text }) || interface.publicIp == text { return interface.id }
            }
        }
        return instance.primaryInterfaceId
    }
}

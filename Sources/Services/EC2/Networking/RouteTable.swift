import AWSWire
import NetworkModel
import NimbusCore
import State

/// A route table ("Configure route tables"): routes by destination, the subnets (or gateways) it is
/// associated with, and whether it is its VPC's main table.
struct RouteTable: EC2Resource {
    static let kind = "ec2.route-table"
    static let idPrefix = "rtb"
    static let resourceType = "route-table"

    /// Where a route sends traffic. `kind` is the Route member naming the target.
    struct Target: Codable, Hashable, Sendable {
        enum Kind: String, Codable, Sendable {
            case gateway = "GatewayId"
            case egressOnlyInternetGateway = "EgressOnlyInternetGatewayId"
            case natGateway = "NatGatewayId"
            case networkInterface = "NetworkInterfaceId"
            case instance = "InstanceId"
            case vpcPeeringConnection = "VpcPeeringConnectionId"
            case transitGateway = "TransitGatewayId"
        }
        var kind: Kind
        var id: String

        static let local = Target(kind: .gateway, id: "local")
    }

    struct Route: Codable, Hashable, Sendable {
        var destinationCidrBlock: String?
        var destinationIpv6CidrBlock: String?
        var destinationPrefixListId: String?
        var target: Target
        /// `CreateRouteTable` for the local routes, `CreateRoute` for the others.
        var origin: String

        var destination: String { destinationCidrBlock ?? destinationIpv6CidrBlock ?? destinationPrefixListId ?? "" }
        var isLocal: Bool { target == .local }
        /// The route of one of the VPC's blocks: its target may be swapped for an interface (middlebox
        /// routing) and back, but the route itself cannot be deleted.
        var isVPCRoute: Bool { origin == "CreateRouteTable" }
    }

    struct Association: Codable, Hashable, Sendable {
        var id: String
        var subnetId: String?
        var gatewayId: String?
        var main: Bool
    }

    var id: String
    var vpcId: String
    var ownerId: String
    var routes: [Route]
    var associations: [Association] = []
    var propagatingVgws: [String] = []
    var tags: [EC2Tag] = []

    var isMain: Bool { associations.contains { $0.main } }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidRouteTableID.NotFound", notFoundMessage("routeTable", ids))
    }

    static var malformedCode: String { "InvalidRouteTableId.Malformed" }

    /// Whether a route's target still carries traffic for this table's VPC ("Route table concepts":
    /// a route whose target is gone or detached is a blackhole).
    func state(of route: Route, _ network: NetworkView) -> String {
        let target = route.target
        let active: Bool
        switch target.kind {
        case .gateway:
            if route.isLocal { active = true }
            else if target.id.hasPrefix("igw-") { active = network.get(InternetGateway.self, target.id)?.vpcId == vpcId }
            else { active = true }
        case .egressOnlyInternetGateway:
            active = network.get(EgressOnlyInternetGateway.self, target.id) != nil
        case .natGateway:
            active = network.get(NatGateway.self, target.id).map { $0.deleted == nil } ?? false
        case .networkInterface:
            active = network.get(NetworkInterface.self, target.id) != nil
        case .vpcPeeringConnection:
            active = PeeringConnections.find(target.id, network)?.status == "active"
        case .instance:
            active = network.get(Instance.self, target.id).map { [.pending, .running].contains($0.currentState(network.now)) } ?? false
        case .transitGateway:
            active = true
        }
        return active ? "active" : "blackhole"
    }

    static let filterNames: Set<String> = [
        "association.gateway-id", "association.route-table-association-id", "association.route-table-id",
        "association.subnet-id", "association.main", "owner-id", "route-table-id", "route.destination-cidr-block",
        "route.destination-ipv6-cidr-block", "route.destination-prefix-list-id", "route.egress-only-internet-gateway-id",
        "route.gateway-id", "route.instance-id", "route.nat-gateway-id", "route.transit-gateway-id", "route.origin",
        "route.state", "route.vpc-peering-connection-id", "vpc-id", "route.network-interface-id",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        func targets(_ kind: Target.Kind) -> [String] { routes.filter { $0.target.kind == kind }.map(\.target.id) }
        switch name {
        case "association.gateway-id": return associations.compactMap(\.gatewayId)
        case "association.route-table-association-id": return associations.map(\.id)
        case "association.route-table-id": return associations.isEmpty ? [] : [id]
        case "association.subnet-id": return associations.compactMap(\.subnetId)
        case "association.main": return [String(isMain)]
        case "owner-id": return [ownerId]
        case "route-table-id": return [id]
        case "route.destination-cidr-block": return routes.compactMap(\.destinationCidrBlock)
        case "route.destination-ipv6-cidr-block": return routes.compactMap(\.destinationIpv6CidrBlock)
        case "route.destination-prefix-list-id": return routes.compactMap(\.destinationPrefixListId)
        case "route.egress-only-internet-gateway-id": return targets(.egressOnlyInternetGateway)
        case "route.gateway-id": return targets(.gateway)
        case "route.instance-id": return targets(.instance)
        case "route.nat-gateway-id": return targets(.natGateway)
        case "route.transit-gateway-id": return targets(.transitGateway)
        case "route.network-interface-id": return targets(.networkInterface)
        case "route.vpc-peering-connection-id": return targets(.vpcPeeringConnection)
        case "route.origin": return routes.map(\.origin)
        case "route.state": return routes.map { state(of: $0, network) }
        case "vpc-id": return [vpcId]
        default: return []
        }
    }

    func routeOutput(_ route: Route, _ network: NetworkView) -> AWSValue {
        var members: [String: AWSValue?] = [
            "DestinationCidrBlock": route.destinationCidrBlock.map(AWSValue.string),
            "DestinationIpv6CidrBlock": route.destinationIpv6CidrBlock.map(AWSValue.string),
            "DestinationPrefixListId": route.destinationPrefixListId.map(AWSValue.string),
            route.target.kind.rawValue: .string(route.target.id),
            "Origin": .string(route.origin), "State": .string(state(of: route, network)),
        ]
        if route.target.kind == .instance || route.target.kind == .networkInterface {
            members["InstanceOwnerId"] = route.target.kind == .instance ? .string(ownerId) : nil
        }
        return .structure(members)
    }

    func associationOutput(_ association: Association) -> AWSValue {
        .structure([
            "Main": .boolean(association.main), "RouteTableAssociationId": .string(association.id),
            "RouteTableId": .string(id), "SubnetId": association.subnetId.map(AWSValue.string),
            "GatewayId": association.gatewayId.map(AWSValue.string),
            "AssociationState": ["State": "associated"],
        ])
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "RouteTableId": .string(id), "VpcId": .string(vpcId), "OwnerId": .string(ownerId),
            "Routes": .list(routes.map { routeOutput($0, network) }),
            "Associations": .list(associations.map(associationOutput)),
            "PropagatingVgws": [], "Tags": tagsOutput,
        ])
    }
}

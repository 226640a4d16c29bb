import AWSWire
import NetworkModel
import NimbusCore
import State

/// Route tables, their routes and associations ("Configure route tables", "Route table quotas",
/// EC2 API Reference: CreateRoute, ReplaceRoute, DeleteRoute, AssociateRouteTable...).
enum RouteTables {
    /// "Amazon VPC quotas": route tables per VPC and routes per route table (non-propagated).
    static let tablesPerVPC = 200
    static let routesPerTable = 500

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, RouteTable.resourceType)
        let table = try context.store.write { tx in
            let vpc = try tx.load(VPC.self, input["VpcId"]?.string ?? "", in: partition)
            guard tx.every(RouteTable.self, in: partition).filter({ $0.vpcId == vpc.id }).count < tablesPerVPC else {
                throw AWSError("RouteTableLimitExceeded", "The maximum number of route tables has been reached.")
            }
            // "Route table concepts": every table starts with the local routes of its VPC's blocks.
            let routes = vpc.cidrBlocks.map { RouteTable.Route(destinationCidrBlock: $0.cidrBlock, target: .local, origin: "CreateRouteTable") }
                + vpc.ipv6Blocks.map { RouteTable.Route(destinationIpv6CidrBlock: $0.cidrBlock, target: .local, origin: "CreateRouteTable") }
            let table = RouteTable(id: context.ids.resourceId("rtb"), vpcId: vpc.id, ownerId: context.account, routes: routes, tags: tags)
            tx.save(table, in: partition)
            return table
        }
        return .structure(["RouteTable": context.store.read { table.output(NetworkView($0, context)) },
                           "ClientToken": input["ClientToken"]])
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(RouteTable.self, input, context, idsMember: "RouteTableIds", outputMember: "RouteTables")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["RouteTableId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            let table = try tx.load(RouteTable.self, id, in: partition)
            guard table.associations.isEmpty else {
                throw EC2Errors.dependencyViolation("The routeTable '\(id)' has dependencies and cannot be deleted.")
            }
            tx.remove(RouteTable.self, id, in: partition)
        }
        return [:]
    }

    // MARK: Routes

    /// The destination a route call names: exactly one of the three kinds.
    static func destination(_ input: AWSValue) throws -> (cidr: String?, ipv6: String?, prefixList: String?) {
        let cidr = input["DestinationCidrBlock"]?.string
        let ipv6 = input["DestinationIpv6CidrBlock"]?.string
        let prefixList = input["DestinationPrefixListId"]?.string
        let count = [cidr, ipv6, prefixList].compactMap { $0 }.count
        guard count > 0 else {
            throw EC2Errors.missingParameter("destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId")
        }
        guard count == 1 else {
            throw EC2Errors.invalidParameterCombination("Only one of destinationCidrBlock, destinationIpv6CidrBlock and destinationPrefixListId may be given.")
        }
        if let cidr {
            guard let parsed = IPv4CIDR.parseAllowingHostBits(cidr) else { throw EC2Errors.invalidCIDR(cidr, "destinationCidrBlock") }
            return (parsed.cidr.description, nil, nil)
        }
        if let ipv6 {
            guard let parsed = IPv6CIDR.parseAllowingHostBits(ipv6) else { throw EC2Errors.invalidCIDR(ipv6, "destinationIpv6CidrBlock") }
            return (nil, parsed.cidr.description, nil)
        }
        return (nil, nil, prefixList)
    }

    static let targetMembers: [(member: String, kind: RouteTable.Target.Kind)] = [
        ("GatewayId", .gateway), ("EgressOnlyInternetGatewayId", .egressOnlyInternetGateway), ("NatGatewayId", .natGateway),
        ("NetworkInterfaceId", .networkInterface), ("InstanceId", .instance), ("VpcPeeringConnectionId", .vpcPeeringConnection),
        ("TransitGatewayId", .transitGateway),
    ]

    /// The one target a route call names, checked against the table's VPC.
    static func target(_ input: AWSValue, table: RouteTable, isIPv6: Bool, _ tx: StoreTransaction,
                       _ context: RequestContext) throws -> RouteTable.Target {
        if input["LocalTarget"]?.bool == true { return .local }
        let given = targetMembers.compactMap { entry in input[entry.member]?.string.map { RouteTable.Target(kind: entry.kind, id: $0) } }
        guard given.count == 1, let target = given.first else {
            if given.isEmpty {
                throw EC2Errors.missingParameter("gatewayId, egressOnlyInternetGatewayId, natGatewayId, networkInterfaceId, instanceId, vpcPeeringConnectionId or transitGatewayId")
            }
            throw EC2Errors.invalidParameterCombination("More than one target specified for the route.")
        }
        let partition = context.regionalPartition
        let differentNetworks = { (what: String) in
            EC2Errors.invalidParameterValue("route table \(table.id) and network gateway \(what) belong to different networks")
        }
        switch target.kind {
        case .gateway:
            if target.id == "local" { throw EC2Errors.invalidParameterValue("Cannot create a route to 'local'.") }
            if target.id.hasPrefix("igw-") {
                guard let gateway = tx.get(InternetGateway.self, target.id, in: partition) else {
                    throw AWSError("InvalidGatewayID.NotFound", "The gateway ID '\(target.id)' does not exist")
                }
                guard gateway.vpcId == table.vpcId else { throw differentNetworks(target.id) }
            } else if !target.id.hasPrefix("vgw-") && !target.id.hasPrefix("vpce-") {
                throw AWSError("InvalidGatewayID.NotFound", "The gateway ID '\(target.id)' does not exist")
            }
        case .egressOnlyInternetGateway:
            let gateway = try tx.load(EgressOnlyInternetGateway.self, target.id, in: partition)
            guard gateway.vpcId == table.vpcId else { throw differentNetworks(target.id) }
            guard isIPv6 else {
                throw EC2Errors.invalidParameterValue("Egress-only internet gateways can only be the target of IPv6 routes.")
            }
        case .natGateway:
            guard let gateway = tx.get(NatGateway.self, target.id, in: partition), gateway.deleted == nil else {
                throw AWSError("InvalidNatGatewayID.NotFound", "The natGateway ID '\(target.id)' does not exist")
            }
            guard gateway.vpcId == table.vpcId else { throw differentNetworks(target.id) }
        case .networkInterface:
            let interface = try tx.load(NetworkInterface.self, target.id, in: partition)
            guard interface.vpcId == table.vpcId else {
                throw EC2Errors.invalidParameterValue("route table \(table.id) and interface \(target.id) belong to different networks")
            }
        case .vpcPeeringConnection:
            let peering = try tx.load(VPCPeeringConnection.self, target.id, in: partition)
            guard peering.requester.vpcId == table.vpcId || peering.accepter.vpcId == table.vpcId else {
                throw differentNetworks(target.id)
            }
        case .instance:
            // "Route tables": an instance target must be in the table's VPC and have one network interface.
            let instance = try tx.load(Instance.self, target.id, in: partition)
            guard instance.vpcId == table.vpcId, instance.currentState(context.now) != .terminated else {
                throw EC2Errors.invalidParameterValue("route table \(table.id) and instance \(target.id) belong to different networks")
            }
            guard instance.attachedInterfaces.isEmpty else {
                throw EC2Errors.invalidParameterValue("Instance \(target.id) has multiple network interfaces; specify the network interface to route to.")
            }
        case .transitGateway:
            break
        }
        return target
    }

    static func createRoute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeRoute(input, context, replacing: false)
        return ["Return": true]
    }

    static func replaceRoute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeRoute(input, context, replacing: true)
        return [:]
    }

    private static func changeRoute(_ input: AWSValue, _ context: RequestContext, replacing: Bool) throws {
        let destination = try destination(input)
        let partition = context.regionalPartition
        try context.store.write { tx in
            var table = try tx.load(RouteTable.self, input["RouteTableId"]?.string ?? "", in: partition)
            let target = try target(input, table: table, isIPv6: destination.ipv6 != nil, tx, context)
            let route = RouteTable.Route(destinationCidrBlock: destination.cidr, destinationIpv6CidrBlock: destination.ipv6,
                                         destinationPrefixListId: destination.prefixList, target: target,
                                         origin: "CreateRoute")
            let existing = table.routes.firstIndex { $0.destination == route.destination }
            if replacing {
                guard let existing else {
                    throw EC2Errors.invalidParameterValue(
                        "There is no route defined for '\(route.destination)' in the route table. Please use AddRoute instead.")
                }
                if table.routes[existing].isVPCRoute {
                    // "Routing for a middlebox appliance": the local route's target can become an interface,
                    // and `LocalTarget` restores it; nothing else replaces it.
                    guard target == .local || target.kind == .networkInterface else {
                        throw EC2Errors.invalidParameterValue("cannot replace local route \(route.destination) in route table \(table.id)")
                    }
                    table.routes[existing].target = target
                } else {
                    guard target != .local else {
                        throw EC2Errors.invalidParameterValue("LocalTarget can only restore the local route of one of the VPC's CIDR blocks.")
                    }
                    table.routes[existing] = route
                }
            } else {
                if existing != nil {
                    throw AWSError("RouteAlreadyExists", "The route identified by \(route.destination) already exists.")
                }
                // "Routing for a middlebox": a destination inside the VPC can only go to an interface or an instance.
                if let cidr = destination.cidr.flatMap(IPv4CIDR.init), target.kind != .networkInterface, target.kind != .instance,
                   let vpc = tx.get(VPC.self, table.vpcId, in: partition), vpc.ipv4Blocks.contains(where: { $0.contains(cidr) }) {
                    throw EC2Errors.invalidParameterValue(
                        "The destination CIDR block \(cidr) is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.")
                }
                guard table.routes.filter({ !$0.isLocal }).count < routesPerTable else {
                    throw AWSError("RouteLimitExceeded", "The maximum number of routes has been reached.")
                }
                table.routes.append(route)
            }
            tx.save(table, in: partition)
        }
    }

    static func deleteRoute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let destination = try destination(input)
        let partition = context.regionalPartition
        try context.store.write { tx in
            var table = try tx.load(RouteTable.self, input["RouteTableId"]?.string ?? "", in: partition)
            let text = destination.cidr ?? destination.ipv6 ?? destination.prefixList ?? ""
            guard let index = table.routes.firstIndex(where: { $0.destination == text }) else {
                let kind = destination.cidr != nil ? "destination-cidr-block" : destination.ipv6 != nil ? "destination-ipv6-cidr-block" : "destination-prefix-list-id"
                throw AWSError("InvalidRoute.NotFound", "no route with \(kind) \(text) in route table \(table.id)")
            }
            guard !table.routes[index].isVPCRoute else {
                throw EC2Errors.invalidParameterValue("cannot remove local route \(text) in route table \(table.id)")
            }
            table.routes.remove(at: index)
            tx.save(table, in: partition)
        }
        return [:]
    }

    // MARK: Associations

    static func associate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let subnetId = input["SubnetId"]?.string
        let gatewayId = input["GatewayId"]?.string
        guard (subnetId == nil) != (gatewayId == nil) else {
            if subnetId == nil { throw EC2Errors.missingParameter("subnetId or gatewayId") }
            throw EC2Errors.invalidParameterCombination("Only one of subnetId and gatewayId may be given.")
        }
        let association = try context.store.write { tx in
            var table = try tx.load(RouteTable.self, input["RouteTableId"]?.string ?? "", in: partition)
            if let subnetId {
                let subnet = try tx.load(Subnet.self, subnetId, in: partition)
                guard subnet.vpcId == table.vpcId else {
                    throw EC2Errors.invalidParameterValue("Route table \(table.id) and subnet \(subnetId) belong to different networks")
                }
                // "Subnet route tables": a subnet is associated with one table at a time.
                if tx.every(RouteTable.self, in: partition).contains(where: { $0.associations.contains { $0.subnetId == subnetId } }) {
                    throw EC2Errors.alreadyAssociated("the specified association for route table \(table.id) conflicts with an existing association")
                }
            }
            if let gatewayId {
                // "Gateway route tables": an internet gateway or virtual private gateway attached to the VPC.
                let gateway = try tx.load(InternetGateway.self, gatewayId, in: partition)
                guard gateway.vpcId == table.vpcId else {
                    throw EC2Errors.invalidParameterValue("route table \(table.id) and network gateway \(gatewayId) belong to different networks")
                }
                if tx.every(RouteTable.self, in: partition).contains(where: { $0.associations.contains { $0.gatewayId == gatewayId } }) {
                    throw EC2Errors.alreadyAssociated("the specified association for route table \(table.id) conflicts with an existing association")
                }
            }
            let association = RouteTable.Association(id: context.ids.resourceId("rtbassoc"), subnetId: subnetId,
                                                     gatewayId: gatewayId, main: false)
            table.associations.append(association)
            tx.save(table, in: partition)
            return association
        }
        return ["AssociationId": .string(association.id), "AssociationState": ["State": "associated"]]
    }

    /// The table holding an association, or InvalidAssociationID.NotFound.
    static func table(holding associationId: String, _ tx: StoreTransaction, _ partition: Partition) throws -> RouteTable {
        guard let table = tx.every(RouteTable.self, in: partition).first(where: { $0.associations.contains { $0.id == associationId } }) else {
            throw AWSError("InvalidAssociationID.NotFound", "The association ID '\(associationId)' does not exist")
        }
        return table
    }

    static func replaceAssociation(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let associationId = input["AssociationId"]?.string ?? ""
        let partition = context.regionalPartition
        let newId = try context.store.write { tx in
            var old = try table(holding: associationId, tx, partition)
            var new = try tx.load(RouteTable.self, input["RouteTableId"]?.string ?? "", in: partition)
            guard new.vpcId == old.vpcId else {
                throw EC2Errors.invalidParameterValue("Route table \(new.id) belongs to a different network")
            }
            let association = old.associations.first { $0.id == associationId }!
            old.associations.removeAll { $0.id == associationId }
            tx.save(old, in: partition)
            if old.id == new.id { new = old }
            let replacement = RouteTable.Association(id: context.ids.resourceId("rtbassoc"), subnetId: association.subnetId,
                                                     gatewayId: association.gatewayId, main: association.main)
            new.associations.append(replacement)
            tx.save(new, in: partition)
            return replacement.id
        }
        return ["NewAssociationId": .string(newId), "AssociationState": ["State": "associated"]]
    }

    static func disassociate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let associationId = input["AssociationId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            var table = try table(holding: associationId, tx, partition)
            guard !table.associations.contains(where: { $0.id == associationId && $0.main }) else {
                throw EC2Errors.invalidParameterValue("cannot disassociate the main route table association \(associationId)")
            }
            table.associations.removeAll { $0.id == associationId }
            tx.save(table, in: partition)
        }
        return [:]
    }
}

import AWSWire
import NetworkModel
import NimbusCore
import State

/// DHCP options sets ("DHCP option sets in Amazon VPC").
enum DHCPOptionsSets {
    static let knownKeys: Set<String> = [
        "domain-name-servers", "domain-name", "ntp-servers", "netbios-name-servers", "netbios-node-type",
        "ipv6-address-preferred-lease-time",
    ]

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let configurations = try (input["DhcpConfigurations"]?.list ?? []).map { entry in
            let key = entry["Key"]?.string ?? ""
            guard knownKeys.contains(key) else {
                throw EC2Errors.invalidParameterValue("Value (\(key)) for parameter name is invalid. Unrecognized option name")
            }
            let values = entry["Values"]?.strings ?? []
            // "DHCP option set concepts": up to four DNS, NTP and NetBIOS servers.
            if key.hasSuffix("-servers"), values.count > 4 {
                throw EC2Errors.invalidParameterValue("Value for parameter \(key) is invalid. Up to four servers may be given.")
            }
            return DHCPOptions.Configuration(key: key, values: values)
        }
        guard !configurations.isEmpty else { throw EC2Errors.missingParameter("dhcpConfiguration") }
        let options = DHCPOptions(id: context.ids.resourceId("dopt"), ownerId: context.account, configurations: configurations,
                                  tags: try Tags.fromSpecifications(input, DHCPOptions.resourceType))
        try context.store.write { tx in tx.save(options, in: context.regionalPartition) }
        return ["DhcpOptions": context.store.read { options.output(NetworkView($0, context)) }]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(DHCPOptions.self, input, context, idsMember: "DhcpOptionsIds", outputMember: "DhcpOptions")
    }

    static func associate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["DhcpOptionsId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            if id != "default" { _ = try tx.load(DHCPOptions.self, id, in: partition) }
            try tx.update(VPC.self, input["VpcId"]?.string ?? "", in: partition) { $0.dhcpOptionsId = id }
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["DhcpOptionsId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            _ = try tx.load(DHCPOptions.self, id, in: partition)
            guard !tx.every(VPC.self, in: partition).contains(where: { $0.dhcpOptionsId == id }) else {
                throw EC2Errors.dependencyViolation("The dhcpOptions '\(id)' has dependencies and cannot be deleted.")
            }
            tx.remove(DHCPOptions.self, id, in: partition)
        }
        return [:]
    }
}

/// VPC peering connections ("VPC peering process", "VPC peering connection lifecycle").
enum PeeringConnections {
    static func find(_ id: String, _ network: NetworkView) -> VPCPeeringConnection? {
        network.get(VPCPeeringConnection.self, id)
    }

    static func side(_ vpc: VPC, region: String) -> VPCPeeringConnection.Side {
        VPCPeeringConnection.Side(vpcId: vpc.id, ownerId: vpc.ownerId, region: region, cidrBlock: vpc.cidrBlocks[0].cidrBlock,
                                  cidrBlocks: vpc.cidrBlocks.map(\.cidrBlock), ipv6CidrBlocks: vpc.ipv6Blocks.map(\.cidrBlock))
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let peerOwner = input["PeerOwnerId"]?.string ?? context.account
        let peerRegion = input["PeerRegion"]?.string ?? context.region
        guard RegionCatalog.isRegion(peerRegion) else {
            throw EC2Errors.invalidParameterValue("Value (\(peerRegion)) for parameter peerRegion is invalid.")
        }
        let peerVpcId = input["PeerVpcId"]?.string ?? ""
        let tags = try Tags.fromSpecifications(input, VPCPeeringConnection.resourceType)
        let peering = try context.store.write { tx in
            let vpc = try tx.load(VPC.self, input["VpcId"]?.string ?? "", in: partition)
            try VPC.checkWellFormed(peerVpcId)
            let peerPartition = Partition(account: peerOwner, region: peerRegion)
            let peerVpc = tx.get(VPC.self, peerVpcId, in: peerPartition)
            if peerVpc == nil, peerOwner == context.account, peerRegion == context.region { throw VPC.notFound([peerVpcId]) }
            let accepter = peerVpc.map { side($0, region: peerRegion) }
                ?? VPCPeeringConnection.Side(vpcId: peerVpcId, ownerId: peerOwner, region: peerRegion, cidrBlock: "",
                                             cidrBlocks: [], ipv6CidrBlocks: [])
            // "VPC peering limitations": no peering between VPCs with overlapping IPv4 blocks; such a
            // request (or one naming a VPC that does not exist) ends in the failed state.
            let overlapping = peerVpc.map { peer in
                vpc.ipv4Blocks.contains { mine in peer.ipv4Blocks.contains { $0.overlaps(mine) } }
            } ?? true
            let peering = VPCPeeringConnection(id: context.ids.resourceId("pcx"), requester: side(vpc, region: context.region),
                                               accepter: accepter, status: overlapping ? "failed" : "pending-acceptance",
                                               created: context.now, tags: tags)
            tx.save(peering, in: partition)
            return peering
        }
        return ["VpcPeeringConnection": context.store.read { view in
            guard case .object(var members) = peering.output(NetworkView(view, context)) else { return .null }
            if peering.status == "pending-acceptance" {
                members["Status"] = ["Code": "initiating-request", "Message": .string("Initiating Request to \(peering.accepter.ownerId)")]
            }
            return .object(members)
        }]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let account = context.account
        return try EC2Describe.describe(VPCPeeringConnection.self, input, context, idsMember: "VpcPeeringConnectionIds",
                                        outputMember: "VpcPeeringConnections") { peering, _ in peering.involves(account) }
    }

    /// Moves a connection from one state to another, for the side allowed to.
    private static func transition(_ input: AWSValue, _ context: RequestContext, from: Set<String>, to: String,
                                   accepterOnly: Bool) throws -> VPCPeeringConnection {
        let id = input["VpcPeeringConnectionId"]?.string ?? ""
        return try context.store.write { tx in
            var peering = try tx.load(VPCPeeringConnection.self, id, in: context.regionalPartition)
            guard peering.involves(context.account) else { throw VPCPeeringConnection.notFound([id]) }
            if accepterOnly && peering.accepter.ownerId != context.account {
                throw AWSError("OperationNotPermitted", "User \(context.account) cannot accept peering \(id)")
            }
            guard from.contains(peering.status) else {
                throw AWSError("InvalidStateTransition", "Invalid state transition for pcx \(id), attempted to transition from \(peering.status) to \(to)")
            }
            if to == "active", let vpc = tx.get(VPC.self, peering.accepter.vpcId,
                                                in: Partition(account: peering.accepter.ownerId, region: peering.accepter.region)) {
                peering.accepter = side(vpc, region: peering.accepter.region)
            }
            peering.status = to
            tx.save(peering, in: context.regionalPartition)
            return peering
        }
    }

    static func accept(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let peering = try transition(input, context, from: ["pending-acceptance"], to: "active", accepterOnly: true)
        return ["VpcPeeringConnection": context.store.read { peering.output(NetworkView($0, context)) }]
    }

    static func reject(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        _ = try transition(input, context, from: ["pending-acceptance"], to: "rejected", accepterOnly: true)
        return ["Return": true]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        _ = try transition(input, context, from: ["pending-acceptance", "active", "failed"], to: "deleted", accepterOnly: false)
        return ["Return": true]
    }
}

extension PathWalk {
    enum Sender {
        case interface(InterfaceConfig)
        case nat(NATGatewayConfig)

        var publicAddress: (IPv4Address) -> IPv4Address? {
            switch self {
            case .interface(let interface): { interface.publicAddresses[$0] }
            case .nat(let nat): { _ in nat.isPublic ? nat.publicAddress : nil }
            }
        }
    }

    mutating func route(from subnet: SubnetConfig, header: PacketHeader, sender: Sender) throws(ReachabilityError) {
        guard let table = network.routeTable(ofSubnet: subnet.id) else { throw .missingComponent("route table of \(subnet.id)") }
        let excluded = destinationIsInternet ? internetExclusions : []
        guard let (route, block) = RuleMatching.route(in: table, to: header.destination, excluding: excluded,
                                                      prefixLists: network.prefixListCIDRs) else {
            var explanation = Explanation(.noRouteToDestination,
                                          advice: "Add a route for \(header.destination) to \(table.id).")
            explanation.component = ComponentReference(.routeTable, table.id)
            explanation.destination = destinationComponent
            explanation.routeTableId = table.id
            explanation.subnetId = subnet.id
            explanation.vpcId = subnet.vpcId
            explanation.address = header.destination.singleAddress
            explanations.append(explanation)
            return
        }
        // The outbound ACL comes first (AWS lists it before the route table), unless the packet stays in the subnet.
        var header = header
        if header.destination.contains(block), block != header.destination {
            header.destination = block  // a wide destination (the internet) split over several routes: follow one
        }
        let staysInSubnet = route.target == .local && subnet.cidr.contains(header.destination)
        if !staysInSubnet { header = checkACL(of: subnet, direction: .egress, header: header) }
        var hop = PathHop(ComponentReference(.routeTable, table.id), vpcId: subnet.vpcId, subnetId: subnet.id)
        hop.route = route
        record(hop)
        guard route.active else {
            var explanation = Explanation(.badStateRoute,
                                          advice: "The route to \(route.target.id) in \(table.id) is a blackhole: its target is gone or detached.")
            explanation.component = ComponentReference(.routeTable, table.id)
            explanation.routeTableId = table.id
            explanation.route = route
            explanations.append(explanation)
            return
        }
        switch route.target {
        case .local:
            try deliverLocally(from: subnet, header: header, vpcId: subnet.vpcId, peering: nil)
        case .internetGateway(let id):
            try leaveToInternet(from: subnet, header: header, gatewayId: id, sender: sender)
        case .natGateway(let id):
            guard let nat = network.natGateway(id) else { throw .missingComponent(id) }
            try passNAT(nat, from: subnet, header: header)
        case .peeringConnection(let id):
            guard let peering = network.peeringConnection(id) else { throw .missingComponent(id) }
            try crossPeering(peering, from: subnet, header: header)
        case .networkInterface(let id):
            guard let appliance = network.interface(id) else { throw .missingComponent(id) }
            try passAppliance(appliance, from: subnet, header: header)
        case .instance(let id):
            // A NAT instance or other appliance named by its instance: its primary interface.
            guard let appliance = network.primaryInterface(ofInstance: id) else { throw .missingComponent(id) }
            try passAppliance(appliance, from: subnet, header: header)
        case .egressOnlyInternetGateway(let id), .other(let id):
            throw .unsupportedComponent(id)
        }
    }

    mutating func deliverLocally(from subnet: SubnetConfig, header: PacketHeader, vpcId: String,
                                         peering: PeeringConnectionConfig?) throws(ReachabilityError) {
        if case .natGateway(let id) = query.destination, let nat = network.natGateway(id), nat.vpcId == vpcId,
           header.destination.singleAddress == nat.privateAddress {
            guard let natSubnet = network.subnet(nat.subnetId) else { throw .missingComponent(nat.subnetId) }
            _ = cross(from: subnet, to: natSubnet, header: header, peering: peering)
            var hop = PathHop(ComponentReference(.natGateway, nat.id), vpcId: vpcId, subnetId: nat.subnetId)
            hop.inboundHeader = header
            record(hop)
            checkNATState(nat)
            return
        }
        let target: InterfaceConfig?
        if let destination = destinationInterface, destination.vpcId == vpcId,
           let address = header.destination.singleAddress, destination.privateAddresses.contains(address) {
            target = destination
        } else if let address = header.destination.singleAddress {
            target = network.interface(at: address, inVPC: vpcId)
        } else {
            target = nil
        }
        guard let target, let targetSubnet = network.subnet(target.subnetId) else {
            var explanation = Explanation(.cannotRoute, advice: "No interface in \(vpcId) holds \(header.destination).")
            explanation.vpcId = vpcId
            explanation.address = header.destination.singleAddress
            explanations.append(explanation)
            return
        }
        let arriving = cross(from: subnet, to: targetSubnet, header: header, peering: peering)
        deliver(to: target, in: targetSubnet, header: arriving, from: referencePeer)
    }

    /// Into another subnet (the first one's outbound ACL was checked with its route): the inbound ACL of the
    /// second, unless it is the same subnet (ACLs govern traffic in and out of a subnet, not within it).
    mutating func cross(from subnet: SubnetConfig, to target: SubnetConfig, header: PacketHeader,
                                peering: PeeringConnectionConfig?) -> PacketHeader {
        var header = header
        if subnet.id != target.id {
            if let peering {
                var hop = PathHop(ComponentReference(.peeringConnection, peering.id))
                hop.sourceVpcId = subnet.vpcId
                hop.destinationVpcId = target.vpcId
                record(hop)
            }
            header = checkACL(of: target, direction: .ingress, header: header)
        }
        segments.append(.subnets(from: subnet, to: target, header: header, peering: peering))
        return header
    }

    /// The last steps: the destination's security groups, the interface, its instance.
    mutating func deliver(to target: InterfaceConfig, in subnet: SubnetConfig, header: PacketHeader, from sender: InterfaceConfig?) {
        var header = header
        if let passed = checkSecurityGroups(of: target, direction: .ingress, header: header, peer: sender) { header = passed }
        appendInstanceAndInterface(target, inbound: header, sending: false)
        deliveredHeader = header
        checkRunning(target)
        if case .interface(let id) = query.destination, id != target.id {
            var explanation = Explanation(.cannotRoute, advice: "The packet reaches \(target.id), not \(id).")
            explanation.networkInterfaceId = target.id
            explanations.append(explanation)
        }
    }

    mutating func leaveToInternet(from subnet: SubnetConfig, header: PacketHeader, gatewayId: String,
                                          sender: Sender) throws(ReachabilityError) {
        guard let gateway = network.internetGateway(gatewayId) else { throw .missingComponent(gatewayId) }
        let leaving = header
        var hop = PathHop(ComponentReference(.internetGateway, gateway.id), vpcId: subnet.vpcId)
        hop.inboundHeader = leaving
        var translated = leaving
        if let source = leaving.source.singleAddress, let publicAddress = sender.publicAddress(source) {
            translated.source = IPv4CIDR(host: publicAddress)
        } else {
            var explanation: Explanation
            switch sender {
            case .nat(let nat) where !nat.isPublic:
                explanation = Explanation(.publicAddressForEgress,
                                          advice: "\(nat.id) is a private NAT gateway: it cannot reach the internet. Use a public NAT gateway.")
                explanation.natGatewayId = nat.id
                explanation.component = ComponentReference(.natGateway, nat.id)
            default:
                explanation = Explanation(.publicAddressForEgress,
                                          advice: "\(leaving.source) has no public address: assign a public or Elastic IP, or route through a NAT gateway.")
                if case .interface(let interface) = sender { explanation.networkInterfaceId = interface.id }
                explanation.component = ComponentReference(.internetGateway, gateway.id)
            }
            explanation.internetGatewayId = gateway.id
            explanation.address = leaving.source.singleAddress
            explanation.direction = .egress
            explanations.append(explanation)
        }
        if Self.privateRanges.contains(where: { $0.contains(leaving.destination) }) {
            var explanation = Explanation(.privateDestinationForEgress,
                                          advice: "\(leaving.destination) is a private address: an internet gateway does not carry traffic to it.")
            explanation.component = ComponentReference(.internetGateway, gateway.id)
            explanation.internetGatewayId = gateway.id
            explanation.address = leaving.destination.singleAddress
            explanations.append(explanation)
        }
        hop.outboundHeader = translated
        record(hop)
        segments.append(.toInternet(from: subnet, gateway: gateway.id, header: leaving))
        switch query.destination {
        case .internetGateway(let id) where id != gateway.id:
            var explanation = Explanation(.cannotRoute, advice: "The route leads to \(gateway.id), not \(id).")
            explanation.internetGatewayId = gateway.id
            explanations.append(explanation)
        case .interface(let id), .natGateway(let id), .peeringConnection(let id):
            var explanation = Explanation(.cannotRoute, advice: "The route for \(header.destination) leads to the internet, not to \(id).")
            explanation.internetGatewayId = gateway.id
            explanations.append(explanation)
        default:
            break
        }
    }

    /// A NAT gateway takes the packet in its subnet, gives it its own address as source, and routes it again
    /// from there ("NAT gateways").
    /// RFC 1918's private blocks.
    static var privateRanges: [IPv4CIDR] { Array(nonInternetBlocks.prefix(3)) }

    mutating func passNAT(_ nat: NATGatewayConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
        guard let natSubnet = network.subnet(nat.subnetId) else { throw .missingComponent(nat.subnetId) }
        detours += 1
        guard detours <= 4 else { throw .unsupportedComponent("routing loop at \(nat.id)") }
        let arriving = cross(from: subnet, to: natSubnet, header: header, peering: nil)
        segments.append(.through(ComponentReference(.natGateway, nat.id), vpcId: nat.vpcId))
        var hop = PathHop(ComponentReference(.natGateway, nat.id), vpcId: nat.vpcId, subnetId: nat.subnetId)
        hop.inboundHeader = arriving
        var translated = arriving
        translated.source = IPv4CIDR(host: nat.privateAddress)
        hop.outboundHeader = translated
        record(hop)
        checkNATState(nat)
        // A NAT gateway has no security groups: references match nothing past it.
        referencePeer = InterfaceConfig(id: nat.interfaceId ?? nat.id, subnetId: nat.subnetId, vpcId: nat.vpcId,
                                        privateAddresses: [nat.privateAddress], groupIds: [])
        try route(from: natSubnet, header: translated, sender: .nat(nat))
    }

    mutating func crossPeering(_ peering: PeeringConnectionConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
        guard peering.status == "active" else {
            var explanation = Explanation(.badState, advice: "\(peering.id) is \(peering.status); it must be accepted (active).")
            explanation.component = ComponentReference(.peeringConnection, peering.id)
            explanation.peeringConnectionId = peering.id
            explanation.state = peering.status
            explanations.append(explanation)
            return
        }
        guard let peerVPCId = peering.peer(of: subnet.vpcId), let peerVPC = network.vpc(peerVPCId) else {
            throw .missingComponent(peering.peer(of: subnet.vpcId) ?? peering.id)
        }
        if case .peeringConnection(let id) = query.destination, id == peering.id {
            var hop = PathHop(ComponentReference(.peeringConnection, peering.id))
            hop.sourceVpcId = subnet.vpcId
            hop.destinationVpcId = peerVPCId
            hop.inboundHeader = header
            record(hop)
            return
        }
        guard peerVPC.contains(header.destination) else {
            var explanation = Explanation(.peeringAddressNotInVPC, advice: "\(header.destination) is not in \(peerVPCId), the VPC across \(peering.id).")
            explanation.component = ComponentReference(.peeringConnection, peering.id)
            explanation.peeringConnectionId = peering.id
            explanation.vpcId = peerVPCId
            explanations.append(explanation)
            return
        }
        try deliverLocally(from: subnet, header: header, vpcId: peerVPCId, peering: peering)
    }

    /// A route to an interface sends traffic through an appliance, which must accept traffic not addressed to
    /// it (source/destination check off) and sends it on from its own subnet ("Middlebox routing").
    mutating func passAppliance(_ appliance: InterfaceConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
        guard let applianceSubnet = network.subnet(appliance.subnetId) else { throw .missingComponent(appliance.subnetId) }
        detours += 1
        guard detours <= 4 else { throw .unsupportedComponent("routing loop at \(appliance.id)") }
        var arriving = cross(from: subnet, to: applianceSubnet, header: header, peering: nil)
        segments.append(.through(ComponentReference(.networkInterface, appliance.id), vpcId: appliance.vpcId))
        if let passed = checkSecurityGroups(of: appliance, direction: .ingress, header: arriving, peer: referencePeer) { arriving = passed }
        appliancesPassed.insert(appliance.id)
        appendInstanceAndInterface(appliance, inbound: arriving, sending: false)
        checkRunning(appliance)
        if appliance.sourceDestCheck {
            var explanation = Explanation(.sourceDestinationCheck,
                                          advice: "Turn off the source/destination check on \(appliance.id) so it can forward traffic.")
            explanation.component = ComponentReference(.networkInterface, appliance.id)
            explanation.networkInterfaceId = appliance.id
            explanations.append(explanation)
        }
        let leaving = checkSecurityGroups(of: appliance, direction: .egress, header: arriving) ?? arriving
        referencePeer = appliance
        try route(from: applianceSubnet, header: leaving, sender: .interface(appliance))
    }
}

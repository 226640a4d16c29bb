/// Finds the path a packet takes from a source to a destination through a Region's network configuration,
/// as AWS's Reachability Analyzer does ("How Reachability Analyzer works"): a static model, no packets sent.
///
/// Forward: source interface -> its security groups' egress rules -> its subnet's network ACL (outbound,
/// when the packet leaves the subnet) -> the subnet's route table (longest prefix) -> local delivery, an
/// internet gateway (the source needs a public address), a NAT gateway (translates, then routes again from
/// its own subnet), a peering connection or an appliance interface -> the destination subnet's network ACL
/// (inbound) -> the destination's security groups (ingress) -> the destination interface.
/// Return: security groups are stateful, so answers pass them; network ACLs are not, so every ACL the packet
/// crossed is checked again the other way with the ports swapped (the client's ephemeral ports as
/// destination), and the destination's route table must lead back (to the internet gateway, or the peering
/// connection).
///
/// A blocked path names every blocking component the walk meets (it goes on past a security group or ACL that
/// blocks, as if it allowed, so one answer lists them all); a routing failure ends the walk.
public struct ReachabilityAnalyzer<Configuration: NetworkConfiguration> {
    public let network: Configuration

    public init(_ network: Configuration) { self.network = network }

    public func analyze(_ query: ReachabilityQuery) throws(ReachabilityError) -> ReachabilityResult {
        var walk = PathWalk(network: network, query: query)
        try walk.run()
        return ReachabilityResult(forwardPath: walk.forward, returnPath: walk.backward, explanations: walk.explanations)
    }
}

/// A crossing between places the return traffic must cross again.
private enum Segment {
    /// From one subnet to another (same VPC, or through a peering connection); `header` as it crossed.
    case subnets(from: SubnetConfig, to: SubnetConfig, header: PacketHeader, peering: PeeringConnectionConfig?)
    /// Out of a subnet to the internet; `header` before the gateway translated the source.
    case toInternet(from: SubnetConfig, gateway: String, header: PacketHeader)
    /// From the internet into a subnet; `header` after the gateway translated the destination.
    case fromInternet(gateway: String, to: SubnetConfig, header: PacketHeader)
    /// Through a component that answers pass back through (a NAT gateway, an appliance).
    case through(ComponentReference, vpcId: String)
}

private struct PathWalk<Configuration: NetworkConfiguration> {
    let network: Configuration
    let query: ReachabilityQuery
    var forward: [PathHop] = []
    var backward: [PathHop] = []
    var explanations: [Explanation] = []
    private var segments: [Segment] = []
    /// For a packet from or to "anywhere on the internet": the VPC blocks it cannot be.
    private var internetExclusions: [IPv4CIDR] = []
    private var destinationInterface: InterfaceConfig?
    private var sourceInterface: InterfaceConfig?
    /// Appliances and NAT gateways passed, so a routing loop ends.
    private var detours = 0
    /// The groups whose rules let the packet out of the source and into the destination, and the packet as
    /// it arrived: the return path starts from them.
    private var sourceGroup: String?
    private var destinationGroup: String?
    private var deliveredHeader: PacketHeader?
    /// Whether hops go to the return path (else the forward one).
    private var returning = false

    private mutating func record(_ hop: PathHop) {
        if returning { backward.append(hop) } else { forward.append(hop) }
    }

    /// The destination as an explanation names it.
    private var destinationComponent: ComponentReference? {
        switch query.destination {
        case .interface(let id): destinationInterface?.instanceId.map { ComponentReference(.instance, $0) } ?? ComponentReference(.networkInterface, id)
        case .internetGateway(let id): ComponentReference(.internetGateway, id)
        case .natGateway(let id): ComponentReference(.natGateway, id)
        case .peeringConnection(let id): ComponentReference(.peeringConnection, id)
        case .address(let address): ComponentReference(.address, address.description)
        }
    }

    init(network: Configuration, query: ReachabilityQuery) {
        self.network = network
        self.query = query
    }

    private var destinationPorts: PortRange? {
        guard query.trafficProtocol.hasPorts else { return nil }
        return query.destinationPorts ?? .all
    }

    private var sourcePorts: PortRange? {
        query.trafficProtocol.hasPorts ? (query.sourcePorts ?? .ephemeral) : nil
    }

    // MARK: - Start

    mutating func run() throws(ReachabilityError) {
        if case .interface(let id) = query.destination {
            guard let found = network.interface(id) else { throw .missingComponent(id) }
            destinationInterface = found
        }
        switch query.source {
        case .interface(let id):
            guard let source = network.interface(id) else { throw .missingComponent(id) }
            try startFromInterface(source)
        case .internetGateway(let id):
            try startFromInternet(id)
        case .natGateway(let id):
            guard let nat = network.natGateway(id) else { throw .missingComponent(id) }
            try startFromNAT(nat)
        case .peeringConnection(let id):
            throw .unsupportedComponent(id)
        case .address(let address):
            throw .unsupportedComponent(address.description)
        }
        if explanations.isEmpty { walkBack() }
    }

    private mutating func startFromInterface(_ source: InterfaceConfig) throws(ReachabilityError) {
        sourceInterface = source
        guard let subnet = network.subnet(source.subnetId) else { throw .missingComponent(source.subnetId) }
        let sourceAddress = query.sourceAddress ?? source.primaryAddress
        guard let sourceAddress, source.privateAddresses.contains(sourceAddress) else {
            throw .addressNotOnComponent(source.id, query.sourceAddress ?? IPv4Address(0))
        }
        guard let destination = try destinationBlock(from: subnet) else { return }
        let header = PacketHeader(trafficProtocol: query.trafficProtocol, source: IPv4CIDR(host: sourceAddress), destination: destination,
                                  sourcePorts: sourcePorts, destinationPorts: destinationPorts)
        appendInstanceAndInterface(source, outbound: header, sending: true)
        checkRunning(source)
        guard let leaving = checkSecurityGroups(of: source, direction: .egress, header: header) else { return }
        try route(from: subnet, header: leaving, sender: .interface(source))
    }

    private mutating func startFromNAT(_ nat: NATGatewayConfig) throws(ReachabilityError) {
        guard let subnet = network.subnet(nat.subnetId) else { throw .missingComponent(nat.subnetId) }
        guard let destination = try destinationBlock(from: subnet) else { return }
        let header = PacketHeader(trafficProtocol: query.trafficProtocol, source: IPv4CIDR(host: nat.privateAddress),
                                  destination: destination, sourcePorts: sourcePorts, destinationPorts: destinationPorts)
        var hop = PathHop(ComponentReference(.natGateway, nat.id), vpcId: nat.vpcId, subnetId: nat.subnetId)
        hop.outboundHeader = header
        record(hop)
        checkNATState(nat)
        try route(from: subnet, header: header, sender: .nat(nat))
    }

    /// From the internet: the packet is addressed to the destination's public address, which the gateway
    /// translates to its private one ("Enable internet access for a VPC using an internet gateway").
    private mutating func startFromInternet(_ gatewayId: String) throws(ReachabilityError) {
        guard let gateway = network.internetGateway(gatewayId) else { throw .missingComponent(gatewayId) }
        guard let target = destinationInterface else {
            throw .unsupportedComponent("an internet gateway source needs an interface or instance destination")
        }
        guard let subnet = network.subnet(target.subnetId) else { throw .missingComponent(target.subnetId) }
        let vpc = network.vpc(target.vpcId)
        internetExclusions = vpc?.cidrs ?? []
        let privateAddress = query.destinationAddress.flatMap { wanted in
            target.privateAddresses.contains(wanted) ? wanted : target.publicAddresses.first { $0.value == wanted }?.key
        } ?? target.primaryAddress
        guard let privateAddress else { throw .addressNotOnComponent(target.id, query.destinationAddress ?? IPv4Address(0)) }
        let source = query.sourceAddress.map { IPv4CIDR(host: $0) } ?? IPv4CIDR("0.0.0.0/0")!
        let publicAddress = target.publicAddresses[privateAddress]
        var arriving = PacketHeader(trafficProtocol: query.trafficProtocol, source: source,
                                    destination: IPv4CIDR(host: publicAddress ?? privateAddress),
                                    sourcePorts: sourcePorts, destinationPorts: destinationPorts)
        var hop = PathHop(ComponentReference(.internetGateway, gateway.id), vpcId: gateway.attachedVpcId)
        hop.inboundHeader = arriving
        if gateway.attachedVpcId != target.vpcId {
            var explanation = Explanation(.badStateAttachment, advice: "Attach \(gateway.id) to \(target.vpcId).")
            explanation.component = ComponentReference(.internetGateway, gateway.id)
            explanation.internetGatewayId = gateway.id
            explanation.vpcId = target.vpcId
            explanations.append(explanation)
        }
        if publicAddress == nil {
            var explanation = Explanation(.privateAddressForIngress,
                                          advice: "Give \(target.id) a public or Elastic IP address; the internet cannot reach \(privateAddress).")
            explanation.component = ComponentReference(.internetGateway, gateway.id)
            explanation.internetGatewayId = gateway.id
            explanation.networkInterfaceId = target.id
            explanation.address = privateAddress
            explanation.direction = .ingress
            explanations.append(explanation)
        }
        arriving.destination = IPv4CIDR(host: privateAddress)
        hop.outboundHeader = arriving
        record(hop)
        arriving = checkACL(of: subnet, direction: .ingress, header: arriving)
        segments.append(.fromInternet(gateway: gateway.id, to: subnet, header: arriving))
        deliver(to: target, in: subnet, header: arriving, from: nil)
    }

    /// Where the packet is headed, as a block.
    private mutating func destinationBlock(from subnet: SubnetConfig) throws(ReachabilityError) -> IPv4CIDR? {
        switch query.destination {
        case .interface(let id):
            guard let target = destinationInterface else { throw .missingComponent(id) }
            let address = query.destinationAddress ?? target.primaryAddress
            guard let address, target.privateAddresses.contains(address) || target.publicAddresses.values.contains(address) else {
                throw .addressNotOnComponent(id, query.destinationAddress ?? IPv4Address(0))
            }
            return IPv4CIDR(host: address)
        case .address(let address):
            return IPv4CIDR(host: address)
        case .natGateway(let id):
            guard let nat = network.natGateway(id) else { throw .missingComponent(id) }
            return IPv4CIDR(host: query.destinationAddress ?? nat.privateAddress)
        case .peeringConnection(let id):
            guard let peering = network.peeringConnection(id) else { throw .missingComponent(id) }
            if let address = query.destinationAddress { return IPv4CIDR(host: address) }
            guard let peer = peering.peer(of: subnet.vpcId), let vpc = network.vpc(peer), let block = vpc.cidrs.first else {
                throw .missingComponent(peering.peer(of: subnet.vpcId) ?? id)
            }
            return block
        case .internetGateway(let id):
            guard network.internetGateway(id) != nil else { throw .missingComponent(id) }
            internetExclusions = network.vpc(subnet.vpcId)?.cidrs ?? []
            if let address = query.destinationAddress { return IPv4CIDR(host: address) }
            // No address: anywhere the subnet's routes send to this gateway; else anywhere on the internet (a
            // private subnet reaches it through a NAT gateway).
            let table = network.routeTable(ofSubnet: subnet.id)
            for route in table?.routes ?? [] where route.target == .internetGateway(id) {
                if case .cidr(let cidr) = route.destination { return cidr }
            }
            return IPv4CIDR("0.0.0.0/0")!
        }
    }

    // MARK: - Routing

    private enum Sender {
        case interface(InterfaceConfig)
        case nat(NATGatewayConfig)

        var publicAddress: (IPv4Address) -> IPv4Address? {
            switch self {
            case .interface(let interface): { interface.publicAddresses[$0] }
            case .nat(let nat): { _ in nat.isPublic ? nat.publicAddress : nil }
            }
        }
    }

    private mutating func route(from subnet: SubnetConfig, header: PacketHeader, sender: Sender) throws(ReachabilityError) {
        guard let table = network.routeTable(ofSubnet: subnet.id) else { throw .missingComponent("route table of \(subnet.id)") }
        guard let (route, _) = RuleMatching.route(in: table, to: header.destination, prefixLists: network.prefixListCIDRs) else {
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
            throw .unsupportedComponent(id)
        case .egressOnlyInternetGateway(let id), .other(let id):
            throw .unsupportedComponent(id)
        }
    }

    private mutating func deliverLocally(from subnet: SubnetConfig, header: PacketHeader, vpcId: String,
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
        deliver(to: target, in: targetSubnet, header: arriving, from: sourceInterface)
    }

    /// Into another subnet (the first one's outbound ACL was checked with its route): the inbound ACL of the
    /// second, unless it is the same subnet (ACLs govern traffic in and out of a subnet, not within it).
    private mutating func cross(from subnet: SubnetConfig, to target: SubnetConfig, header: PacketHeader,
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
    private mutating func deliver(to target: InterfaceConfig, in subnet: SubnetConfig, header: PacketHeader, from sender: InterfaceConfig?) {
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

    private mutating func leaveToInternet(from subnet: SubnetConfig, header: PacketHeader, gatewayId: String,
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
    static var privateRanges: [IPv4CIDR] { [IPv4CIDR("10.0.0.0/8")!, IPv4CIDR("172.16.0.0/12")!, IPv4CIDR("192.168.0.0/16")!] }

    private mutating func passNAT(_ nat: NATGatewayConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
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
        try route(from: natSubnet, header: translated, sender: .nat(nat))
    }

    private mutating func crossPeering(_ peering: PeeringConnectionConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
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
    private mutating func passAppliance(_ appliance: InterfaceConfig, from subnet: SubnetConfig, header: PacketHeader) throws(ReachabilityError) {
        guard let applianceSubnet = network.subnet(appliance.subnetId) else { throw .missingComponent(appliance.subnetId) }
        detours += 1
        guard detours <= 4 else { throw .unsupportedComponent("routing loop at \(appliance.id)") }
        var arriving = cross(from: subnet, to: applianceSubnet, header: header, peering: nil)
        segments.append(.through(ComponentReference(.networkInterface, appliance.id), vpcId: appliance.vpcId))
        if let passed = checkSecurityGroups(of: appliance, direction: .ingress, header: arriving, peer: sourceInterface) { arriving = passed }
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
        try route(from: applianceSubnet, header: leaving, sender: .interface(appliance))
    }

    // MARK: - Checks

    private func remote(_ block: IPv4CIDR, groups: [String] = []) -> RuleMatching.Remote {
        RuleMatching.Remote(block: block, excluded: block.prefixLength == 0 ? internetExclusions : [], groupIds: groups)
    }

    /// The interface's groups in one direction; returns the narrowed header, or nil (after an explanation)
    /// when no rule allows the packet.
    private mutating func checkSecurityGroups(of interface: InterfaceConfig, direction: TrafficDirection, header: PacketHeader,
                                              peer: InterfaceConfig? = nil) -> PacketHeader? {
        let groups = interface.groupIds.compactMap(network.securityGroup)
        let peerBlock = direction == .egress ? header.destination : header.source
        let peerInterface = peer ?? (direction == .egress ? destinationInterface : sourceInterface)
        let match = RuleMatching.securityGroupRule(in: groups, direction: direction, protocol: header.trafficProtocol,
                                                   ports: header.destinationPorts,
                                                   remote: remote(peerBlock, groups: peerInterface?.groupIds ?? []),
                                                   prefixLists: network.prefixListCIDRs)
        guard let match else {
            var explanation = Explanation(.securityGroupRulesMismatch, advice: direction == .egress
                ? "Add an outbound rule to one of \(interface.groupIds.joined(separator: ", ")) allowing \(describe(header)) to \(peerBlock)."
                : "Add an inbound rule to one of \(interface.groupIds.joined(separator: ", ")) allowing \(describe(header)) from \(peerBlock).")
            explanation.direction = direction
            explanation.component = ComponentReference(.networkInterface, interface.id)
            explanation.networkInterfaceId = interface.id
            explanation.securityGroupIds = interface.groupIds
            explanation.vpcId = interface.vpcId
            explanation.subnetId = interface.subnetId
            explanations.append(explanation)
            return nil
        }
        if interface.id == sourceInterface?.id && direction == .egress { sourceGroup = match.group.id }
        if interface.id == destinationInterface?.id && direction == .ingress { destinationGroup = match.group.id }
        var hop = PathHop(ComponentReference(.securityGroup, match.group.id), vpcId: interface.vpcId)
        hop.securityGroupRule = MatchedSecurityGroupRule(groupId: match.group.id, direction: direction, rule: match.rule)
        record(hop)
        var narrowed = header
        if direction == .egress { narrowed.destination = match.remote } else { narrowed.source = match.remote }
        narrowed.destinationPorts = match.ports
        return narrowed
    }

    /// The subnet's ACL in one direction, recording the hop; returns the narrowed header (the
    /// unchanged one after an explanation, so the walk can find what else blocks).
    private mutating func checkACL(of subnet: SubnetConfig, direction: TrafficDirection, header: PacketHeader) -> PacketHeader {
        guard let acl = network.networkACL(ofSubnet: subnet.id) else { return header }
        let peerBlock = direction == .egress ? header.destination : header.source
        let outcome = RuleMatching.networkACL(acl, direction: direction, protocol: header.trafficProtocol,
                                              ports: header.destinationPorts, remote: remote(peerBlock))
        var hop = PathHop(ComponentReference(.networkACL, acl.id), vpcId: subnet.vpcId, subnetId: subnet.id)
        switch outcome {
        case .allowed(let entry, let block, let ports):
            hop.aclEntry = entry
            record(hop)
            var narrowed = header
            if direction == .egress { narrowed.destination = block } else { narrowed.source = block }
            narrowed.destinationPorts = ports
            return narrowed
        case .denied(let entry):
            let ports = header.destinationPorts.map { " ports \($0)" } ?? ""
            var explanation = Explanation(.subnetACLRestriction, advice: direction == .egress
                ? "Add an outbound allow rule to \(acl.id) (\(subnet.id)) for \(header.trafficProtocol.rawValue)\(ports) to \(peerBlock)"
                    + (entry.map { ", numbered below the rule \($0.ruleNumber) that denies it." } ?? ".")
                : "Add an inbound allow rule to \(acl.id) (\(subnet.id)) for \(header.trafficProtocol.rawValue)\(ports) from \(peerBlock)"
                    + (entry.map { ", numbered below the rule \($0.ruleNumber) that denies it." } ?? "."))
            explanation.direction = direction
            explanation.component = ComponentReference(.networkACL, acl.id)
            explanation.aclId = acl.id
            explanation.aclEntry = entry
            explanation.subnetId = subnet.id
            explanation.vpcId = subnet.vpcId
            explanation.onReturnPath = returning
            explanations.append(explanation)
            return header
        }
    }

    private mutating func checkRunning(_ interface: InterfaceConfig) {
        guard let instanceId = interface.instanceId, let state = interface.instanceState, state != "running" else { return }
        var explanation = Explanation(.badState, advice: "Start \(instanceId); it is \(state).")
        explanation.component = ComponentReference(.instance, instanceId)
        explanation.state = state
        explanations.append(explanation)
    }

    private mutating func checkNATState(_ nat: NATGatewayConfig) {
        guard nat.state != "available" else { return }
        var explanation = Explanation(.badState, advice: "\(nat.id) is \(nat.state); traffic passes only an available NAT gateway.")
        explanation.component = ComponentReference(.natGateway, nat.id)
        explanation.natGatewayId = nat.id
        explanation.state = nat.state
        explanations.append(explanation)
    }

    private func describe(_ header: PacketHeader) -> String {
        header.trafficProtocol.rawValue + (header.destinationPorts.map { " port \($0)" } ?? "")
    }

    private mutating func appendInstanceAndInterface(_ interface: InterfaceConfig, outbound: PacketHeader? = nil, inbound: PacketHeader? = nil,
                                                     sending: Bool) {
        var interfaceHop = PathHop(ComponentReference(.networkInterface, interface.id), vpcId: interface.vpcId, subnetId: interface.subnetId)
        interfaceHop.attachedTo = interface.instanceId.map { ComponentReference(.instance, $0) }
        var instanceHop = interface.instanceId.map { PathHop(ComponentReference(.instance, $0), vpcId: interface.vpcId, subnetId: interface.subnetId) }
        if sending {
            instanceHop?.outboundHeader = outbound
            if instanceHop == nil { interfaceHop.outboundHeader = outbound }
            if let instanceHop { record(instanceHop) }
            record(interfaceHop)
        } else {
            interfaceHop.inboundHeader = inbound
            instanceHop?.inboundHeader = inbound
            record(interfaceHop)
            if let instanceHop { record(instanceHop) }
        }
    }

    // MARK: - Return path

    /// The answer's way back: every crossing again, in reverse, with addresses and ports swapped. Security
    /// groups are shown without a rule (they are stateful); ACLs and the route back are checked.
    mutating func walkBack() {
        returning = true
        defer { returning = false }
        if let target = destinationInterface {
            appendInstanceAndInterface(target, outbound: deliveredHeader?.reversed, sending: true)
            if let group = destinationGroup { record(PathHop(ComponentReference(.securityGroup, group), vpcId: target.vpcId)) }
        }
        for segment in segments.reversed() {
            switch segment {
            case .subnets(let from, let to, let header, let peering):
                let answer = header.reversed
                guard from.id != to.id else { continue }
                let leaving = checkACL(of: to, direction: .egress, header: answer)
                checkRouteBack(in: to, header: leaving, expected: peering.map { .peeringConnection($0.id) } ?? .local)
                if let peering {
                    var hop = PathHop(ComponentReference(.peeringConnection, peering.id))
                    hop.sourceVpcId = to.vpcId
                    hop.destinationVpcId = from.vpcId
                    record(hop)
                }
                _ = checkACL(of: from, direction: .ingress, header: leaving)
            case .toInternet(let from, let gateway, let header):
                record(PathHop(ComponentReference(.internetGateway, gateway), vpcId: from.vpcId))
                _ = checkACL(of: from, direction: .ingress, header: header.reversed)
            case .fromInternet(let gateway, let to, let header):
                let leaving = checkACL(of: to, direction: .egress, header: header.reversed)
                checkRouteBack(in: to, header: leaving, expected: .internetGateway(gateway))
                var hop = PathHop(ComponentReference(.internetGateway, gateway), vpcId: to.vpcId)
                hop.outboundHeader = leaving
                record(hop)
            case .through(let component, let vpcId):
                record(PathHop(component, vpcId: vpcId))
            }
        }
        if let source = sourceInterface {
            if let group = sourceGroup { record(PathHop(ComponentReference(.securityGroup, group), vpcId: source.vpcId)) }
            appendInstanceAndInterface(source, inbound: nil, sending: false)
        }
    }

    /// The answer must be routed back the way the request came (to the internet gateway, or across the peering).
    private mutating func checkRouteBack(in subnet: SubnetConfig, header: PacketHeader, expected: RouteTableConfig.Target) {
        guard let table = network.routeTable(ofSubnet: subnet.id) else { return }
        let found = RuleMatching.route(in: table, to: header.destination, prefixLists: network.prefixListCIDRs)
        if let found, found.route.target == expected, found.route.active {
            var hop = PathHop(ComponentReference(.routeTable, table.id), vpcId: subnet.vpcId, subnetId: subnet.id)
            hop.route = found.route
            record(hop)
            return
        }
        var explanation = Explanation(.noRouteToDestination,
                                      advice: "Add a route for \(header.destination) to \(expected.id) to \(table.id), so answers from \(subnet.id) go back.")
        explanation.component = ComponentReference(.routeTable, table.id)
        explanation.destination = switch expected {
        case .internetGateway(let id): ComponentReference(.internetGateway, id)
        case .peeringConnection(let id): ComponentReference(.peeringConnection, id)
        default: nil
        }
        explanation.routeTableId = table.id
        explanation.route = found?.route
        explanation.subnetId = subnet.id
        explanation.vpcId = subnet.vpcId
        explanation.onReturnPath = true
        explanations.append(explanation)
    }
}

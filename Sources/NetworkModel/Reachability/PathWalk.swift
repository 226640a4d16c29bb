/// One analysis: the walk from the source, the hops it records and the blocks it meets.
struct PathWalk<Configuration: NetworkConfiguration> {
    let network: Configuration
    let query: ReachabilityQuery
    var forward: [PathHop] = []
    var backward: [PathHop] = []
    var explanations: [Explanation] = []
    var segments: [Segment] = []
    /// For a packet from or to "anywhere on the internet": the VPC blocks it cannot be.
    var internetExclusions: [IPv4CIDR] = []
    /// Whether the source (or destination) is "anywhere on the internet": a set that never holds a VPC's blocks or
    /// a private or shared address, however much a rule narrows it.
    var sourceIsInternet = false
    var destinationIsInternet = false
    /// The interface security group references are matched against on the way in: the source, then whatever
    /// forwarded the packet last (an appliance; a NAT gateway, which has no groups).
    var referencePeer: InterfaceConfig?
    /// Appliances the packet went through: answers may be routed back through them.
    var appliancesPassed: Set<String> = []
    var destinationInterface: InterfaceConfig?
    var sourceInterface: InterfaceConfig?
    /// Appliances and NAT gateways passed, so a routing loop ends.
    var detours = 0
    /// The groups whose rules let the packet out of the source and into the destination, and the packet as
    /// it arrived: the return path starts from them.
    var sourceGroup: String?
    var destinationGroup: String?
    var deliveredHeader: PacketHeader?
    /// Whether hops go to the return path (else the forward one).
    var returning = false

    mutating func record(_ hop: PathHop) {
        if returning { backward.append(hop) } else { forward.append(hop) }
    }

    /// The destination as an explanation names it.
    var destinationComponent: ComponentReference? {
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

    var destinationPorts: PortRange? {
        guard query.trafficProtocol.hasPorts else { return nil }
        return query.destinationPorts ?? .all
    }

    var sourcePorts: PortRange? {
        query.trafficProtocol.hasPorts ? (query.sourcePorts ?? .ephemeral) : nil
    }

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

    mutating func startFromInterface(_ source: InterfaceConfig) throws(ReachabilityError) {
        sourceInterface = source
        referencePeer = source
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
        // A blocking group is named and the walk goes on, so one answer lists every blocker.
        let leaving = checkSecurityGroups(of: source, direction: .egress, header: header) ?? header
        try route(from: subnet, header: leaving, sender: .interface(source))
    }

    mutating func startFromNAT(_ nat: NATGatewayConfig) throws(ReachabilityError) {
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
    mutating func startFromInternet(_ gatewayId: String) throws(ReachabilityError) {
        guard let gateway = network.internetGateway(gatewayId) else { throw .missingComponent(gatewayId) }
        guard let target = destinationInterface else {
            throw .unsupportedComponent("an internet gateway source needs an interface or instance destination")
        }
        guard let subnet = network.subnet(target.subnetId) else { throw .missingComponent(target.subnetId) }
        let vpc = network.vpc(target.vpcId)
        internetExclusions = (vpc?.cidrs ?? []) + Self.nonInternetBlocks
        sourceIsInternet = query.sourceAddress == nil
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

    /// Addresses no internet host has: RFC 1918's private blocks and RFC 6598's shared block.
    static var nonInternetBlocks: [IPv4CIDR] {
        [IPv4CIDR("10.0.0.0/8")!, IPv4CIDR("172.16.0.0/12")!, IPv4CIDR("192.168.0.0/16")!, IPv4CIDR("100.64.0.0/10")!]
    }

    /// Where the packet is headed, as a block.
    mutating func destinationBlock(from subnet: SubnetConfig) throws(ReachabilityError) -> IPv4CIDR? {
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
            internetExclusions = (network.vpc(subnet.vpcId)?.cidrs ?? []) + Self.nonInternetBlocks
            if let address = query.destinationAddress { return IPv4CIDR(host: address) }
            // No address: anywhere the subnet's routes send to this gateway; else anywhere on the internet (a
            // private subnet reaches it through a NAT gateway).
            let table = network.routeTable(ofSubnet: subnet.id)
            for route in table?.routes ?? [] where route.target == .internetGateway(id) {
                if case .cidr(let cidr) = route.destination {
                    destinationIsInternet = true
                    return cidr
                }
            }
            destinationIsInternet = true
            return IPv4CIDR("0.0.0.0/0")!
        }
    }
}

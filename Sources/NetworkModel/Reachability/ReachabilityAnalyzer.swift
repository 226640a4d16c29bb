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
        let whole = try walk(query)
        let ports = query.destinationPorts ?? .all
        guard !whole.pathFound, query.trafficProtocol.hasPorts, ports.from != ports.to else { return whole }
        // A range of ports is carried as one range, and the first rule that admits part of it narrows it: another
        // port, admitted by later rules, may still get through. Try the ports the rules on the way name.
        for port in candidatePorts(query, within: ports) {
            var single = query
            single.destinationPorts = PortRange(port)
            let result = try walk(single)
            if result.pathFound { return result }
        }
        return whole
    }

    /// The first port of every rule range of the source's and destination's groups and subnet ACLs, in `range`.
    func candidatePorts(_ query: ReachabilityQuery, within range: PortRange) -> [Int] {
        var interfaces: [InterfaceConfig] = []
        for endpoint in [query.source, query.destination] {
            if case .interface(let id) = endpoint, let found = network.interface(id) { interfaces.append(found) }
        }
        var ports: Set<Int> = []
        for interface in interfaces {
            for group in interface.groupIds.compactMap(network.securityGroup) {
                for rule in group.rules { if let from = rule.ports?.from { ports.insert(from) } }
            }
            for entry in network.networkACL(ofSubnet: interface.subnetId)?.entries ?? [] {
                if let from = entry.ports?.from { ports.insert(from) }
            }
        }
        return ports.filter { range.from <= $0 && $0 <= range.to }.sorted().prefix(64).map { $0 }
    }

    private func walk(_ query: ReachabilityQuery) throws(ReachabilityError) -> ReachabilityResult {
        var walk = PathWalk(network: network, query: query)
        try walk.run()
        var result = ReachabilityResult(forwardPath: walk.forward, returnPath: walk.backward, explanations: walk.explanations)
        // The one path the network offers must honour the filters (Nimbus does not search for alternatives).
        let passed = Set(result.forwardPath.flatMap { [$0.component.id, $0.vpcId, $0.subnetId].compactMap { $0 } })
        for id in query.requiredComponents where !passed.contains(id) {
            var explanation = Explanation(.componentFilterRestriction, advice: "The path does not pass through \(id).")
            explanation.component = result.forwardPath.first { $0.component.id == id }?.component
            result.explanations.append(explanation)
        }
        for id in query.excludedComponents where passed.contains(id) {
            var explanation = Explanation(.componentFilterRemovedComponent, advice: "The only path passes through \(id), which the analysis leaves out.")
            explanation.component = result.forwardPath.first { $0.component.id == id }?.component
            result.explanations.append(explanation)
        }
        if !result.pathFound { result.returnPath = [] }
        return result
    }
}

/// A crossing between places the return traffic must cross again.
enum Segment {
    /// From one subnet to another (same VPC, or through a peering connection); `header` as it crossed.
    case subnets(from: SubnetConfig, to: SubnetConfig, header: PacketHeader, peering: PeeringConnectionConfig?)
    /// Out of a subnet to the internet; `header` before the gateway translated the source.
    case toInternet(from: SubnetConfig, gateway: String, header: PacketHeader)
    /// From the internet into a subnet; `header` after the gateway translated the destination.
    case fromInternet(gateway: String, to: SubnetConfig, header: PacketHeader)
    /// Through a component that answers pass back through (a NAT gateway, an appliance).
    case through(ComponentReference, vpcId: String)
}

extension PathWalk {
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
    mutating func checkRouteBack(in subnet: SubnetConfig, header: PacketHeader, expected: RouteTableConfig.Target) {
        guard let table = network.routeTable(ofSubnet: subnet.id) else { return }
        let found = RuleMatching.route(in: table, to: header.destination, prefixLists: network.prefixListCIDRs)
        let throughAppliance: Bool = switch found?.route.target {
        case .networkInterface(let id)?: appliancesPassed.contains(id)
        case .instance(let id)?: network.primaryInterface(ofInstance: id).map { appliancesPassed.contains($0.id) } ?? false
        default: false
        }
        if let found, found.route.target == expected || throughAppliance, found.route.active {
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

extension PathWalk {
    /// The peer side of a check: the destination for egress, the source for ingress (swapped on the way back).
    func remote(_ block: IPv4CIDR, direction: TrafficDirection, groups: [String] = []) -> RuleMatching.Remote {
        let peerIsDestination = (direction == .egress) != returning
        let internet = peerIsDestination ? destinationIsInternet : sourceIsInternet
        return RuleMatching.Remote(block: block, excluded: internet ? internetExclusions : [], groupIds: groups)
    }

    /// The interface's groups in one direction; returns the narrowed header, or nil (after an explanation)
    /// when no rule allows the packet.
    mutating func checkSecurityGroups(of interface: InterfaceConfig, direction: TrafficDirection, header: PacketHeader,
                                              peer: InterfaceConfig? = nil) -> PacketHeader? {
        let groups = interface.groupIds.compactMap(network.securityGroup)
        let peerBlock = direction == .egress ? header.destination : header.source
        let peerInterface = peer ?? (direction == .egress ? destinationInterface : referencePeer)
        let match = RuleMatching.securityGroupRule(in: groups, direction: direction, protocol: header.trafficProtocol,
                                                   ports: header.destinationPorts, icmp: header.icmp,
                                                   remote: remote(peerBlock, direction: direction, groups: peerInterface?.groupIds ?? []),
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
    mutating func checkACL(of subnet: SubnetConfig, direction: TrafficDirection, header: PacketHeader) -> PacketHeader {
        guard let acl = network.networkACL(ofSubnet: subnet.id) else { return header }
        let peerBlock = direction == .egress ? header.destination : header.source
        let outcome = RuleMatching.networkACL(acl, direction: direction, protocol: header.trafficProtocol,
                                              ports: header.destinationPorts, icmp: header.icmp, remote: remote(peerBlock, direction: direction))
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
            let ports = header.destinationPorts.map { $0.from == $0.to ? " port \($0)" : " ports \($0)" } ?? ""
            let rule = entry.map { $0.ruleNumber >= 32767 ? " (only the final * rule matches, and it denies)"
                : ", numbered below rule \($0.ruleNumber), which denies it" } ?? ""
            var explanation = Explanation(.subnetACLRestriction, advice: direction == .egress
                ? "Add an outbound allow rule to \(acl.id) (\(subnet.id)) for \(header.trafficProtocol.rawValue)\(ports) to \(peerBlock)\(rule)."
                : "Add an inbound allow rule to \(acl.id) (\(subnet.id)) for \(header.trafficProtocol.rawValue)\(ports) from \(peerBlock)\(rule).")
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

    mutating func checkRunning(_ interface: InterfaceConfig) {
        guard let instanceId = interface.instanceId, let state = interface.instanceState, state != "running" else { return }
        var explanation = Explanation(.badState, advice: "Start \(instanceId); it is \(state).")
        explanation.component = ComponentReference(.instance, instanceId)
        explanation.state = state
        explanations.append(explanation)
    }

    mutating func checkNATState(_ nat: NATGatewayConfig) {
        guard nat.state != "available" else { return }
        var explanation = Explanation(.badState, advice: "\(nat.id) is \(nat.state); traffic passes only an available NAT gateway.")
        explanation.component = ComponentReference(.natGateway, nat.id)
        explanation.natGatewayId = nat.id
        explanation.state = nat.state
        explanations.append(explanation)
    }

    func describe(_ header: PacketHeader) -> String {
        header.trafficProtocol.rawValue + (header.destinationPorts.map { " port \($0)" } ?? "")
    }

    mutating func appendInstanceAndInterface(_ interface: InterfaceConfig, outbound: PacketHeader? = nil, inbound: PacketHeader? = nil,
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
}

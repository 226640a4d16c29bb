/// How security groups, network ACLs and route tables treat a packet, one rule set at a time.
enum RuleMatching {
    /// The addresses a peer must be in for a rule to match: a block, and for "anywhere on the internet"
    /// the VPC blocks it cannot come from.
    struct Remote {
        var block: IPv4CIDR
        var excluded: [IPv4CIDR] = []
        /// The interface on the other side, when it is one: security group references match its groups.
        var groupIds: [String] = []

        func admits(_ cidr: IPv4CIDR) -> Bool {
            guard let common = cidr.intersection(block) else { return false }
            return !excluded.contains { $0.contains(common) }
        }
    }

    /// The first allowing security group rule ("Security group rules": rules only allow, any one is enough).
    static func securityGroupRule(in groups: [SecurityGroupConfig], direction: TrafficDirection, protocol trafficProtocol: TrafficProtocol,
                                  ports: PortRange?, icmp: ICMPMessage? = nil, remote: Remote, prefixLists: (String) -> [IPv4CIDR])
        -> (group: SecurityGroupConfig, rule: SecurityGroupConfig.Rule, remote: IPv4CIDR, ports: PortRange?)? {
        for group in groups {
            for rule in group.rules where rule.isEgress == (direction == .egress) {
                guard rule.protocolNumber == nil || rule.protocolNumber == trafficProtocol.number else { continue }
                if let icmp, rule.protocolNumber != nil, !icmp.admitted(type: rule.icmpType, code: rule.icmpCode) { continue }
                var matchedPorts = ports
                if trafficProtocol.hasPorts, let ruleRange = rule.ports, let wanted = ports {
                    guard let both = ruleRange.intersection(wanted) else { continue }
                    matchedPorts = both
                }
                switch rule.peer {
                case .cidr(let cidr):
                    if remote.admits(cidr) { return (group, rule, cidr.intersection(remote.block)!, matchedPorts) }
                case .prefixList(let id):
                    if let cidr = prefixLists(id).first(where: remote.admits) {
                        return (group, rule, cidr.intersection(remote.block)!, matchedPorts)
                    }
                case .group(let id):
                    if remote.groupIds.contains(id) { return (group, rule, remote.block, matchedPorts) }
                case .other:
                    continue
                }
            }
        }
        return nil
    }

    enum ACLOutcome {
        case allowed(NetworkACLConfig.Entry, remote: IPv4CIDR, ports: PortRange?)
        case denied(NetworkACLConfig.Entry?)
    }

    /// Entries in number order, the first that matches decides ("Network ACL rules"). A deny that covers only
    /// part of the packet set takes that part out where one range is left, and is passed over otherwise
    /// (some packet of the set still gets past it).
    static func networkACL(_ acl: NetworkACLConfig, direction: TrafficDirection, protocol trafficProtocol: TrafficProtocol,
                           ports: PortRange?, icmp: ICMPMessage? = nil, remote: Remote) -> ACLOutcome {
        var ports = ports
        let entries = acl.entries.filter { $0.isEgress == (direction == .egress) }.sorted { $0.ruleNumber < $1.ruleNumber }
        for entry in entries {
            guard entry.protocolNumber == nil || entry.protocolNumber == trafficProtocol.number,
                  let cidr = entry.cidr, remote.admits(cidr) else { continue }
            if let icmp, entry.protocolNumber != nil, !icmp.admitted(type: entry.icmpType, code: entry.icmpCode) { continue }
            let entryPorts = trafficProtocol.hasPorts ? entry.ports : nil
            if let entryPorts, let wanted = ports, !entryPorts.overlaps(wanted) { continue }
            if entry.allow {
                let narrowed = entryPorts.flatMap { range in ports.flatMap { $0.intersection(range) } } ?? ports
                return .allowed(entry, remote: cidr.intersection(remote.block)!, ports: narrowed)
            }
            let coversAddresses = cidr.contains(remote.block)
            let coversPorts = entryPorts == nil || ports.map { entryPorts!.contains($0) } ?? true
            if coversAddresses && coversPorts { return .denied(entry) }
            if coversAddresses, let entryPorts, let wanted = ports, case .some(let left?) = wanted.subtracting(entryPorts) {
                ports = left
            }
        }
        return .denied(nil)
    }

    /// The most specific route whose destination holds the packet's destination ("Route priority": longest
    /// prefix match). Blackhole routes count: a packet that meets one is dropped.
    static func route(in table: RouteTableConfig, to destination: IPv4CIDR, excluding excluded: [IPv4CIDR] = [],
                      prefixLists: (String) -> [IPv4CIDR]) -> (route: RouteTableConfig.Route, cidr: IPv4CIDR)? {
        var best: (route: RouteTableConfig.Route, cidr: IPv4CIDR)?
        for route in table.routes {
            let blocks = destinationBlocks(of: route, prefixLists: prefixLists)
            for block in blocks where block.contains(destination) {
                if best == nil || block.prefixLength > best!.cidr.prefixLength { best = (route, block) }
            }
        }
        if best != nil { return best }
        // A destination wider than any one route (the internet split into 0.0.0.0/1 and 128.0.0.0/1): the
        // widest route inside it carries part of it (not a route for addresses the destination cannot be).
        for route in table.routes {
            let blocks = destinationBlocks(of: route, prefixLists: prefixLists)
            for block in blocks where destination.contains(block) && !excluded.contains(where: { $0.contains(block) }) {
                if best == nil || block.prefixLength < best!.cidr.prefixLength { best = (route, block) }
            }
        }
        return best
    }

    /// The blocks a route is for: its CIDR, or its prefix list's entries (none for IPv6 routes).
    static func destinationBlocks(of route: RouteTableConfig.Route, prefixLists: (String) -> [IPv4CIDR]) -> [IPv4CIDR] {
        switch route.destination {
        case .cidr(let cidr): [cidr]
        case .prefixList(let id): prefixLists(id)
        case .other: []
        }
    }
}

import Testing
@testable import NetworkModel

private func block(_ text: String) -> IPv4CIDR { IPv4CIDR(text)! }
private func address(_ text: String) -> IPv4Address { IPv4Address(text)! }

/// Cases a review found ("How Reachability Analyzer works", "Security group rules", "Middlebox routing", "NAT gateways").
@Suite struct ReachabilityEdgeCaseTests {
    // The internet holds no private (RFC 1918) or shared (RFC 6598) address, however a rule narrows the set.
    @Test(arguments: ["10.0.0.0/8", "10.0.0.0/15", "172.16.0.0/12", "100.64.0.0/10"])
    func internetNeverMatchesPrivateBlocks(_ rule: String) throws {
        var lab = LabNetwork()
        lab.snapshot.securityGroups["sg-bastion"]?.rules[0].peer = .cidr(block(rule))
        lab.snapshot.networkACLs["acl-a"]?.entries.insert(
            .init(ruleNumber: 90, isEgress: false, protocolNumber: nil, allow: true, cidr: block("0.0.0.0/1")), at: 0)
        let result = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion"))
        #expect(result.codes == ["ENI_SG_RULES_MISMATCH"])
    }

    // No port given: a port admitted by later rules is found even when the first rule admits another.
    @Test func anyPortFindsThePortEveryRuleAdmits() throws {
        var lab = LabNetwork()
        lab.snapshot.networkACLs["acl-a"]?.entries = [
            .init(ruleNumber: 100, isEgress: false, protocolNumber: 6, allow: true, cidr: block("0.0.0.0/0"), ports: PortRange(22)),
            .init(ruleNumber: 110, isEgress: false, protocolNumber: 6, allow: true, cidr: block("0.0.0.0/0"), ports: PortRange(443)),
            .init(ruleNumber: 100, isEgress: true, protocolNumber: nil, allow: true, cidr: block("0.0.0.0/0")),
        ]
        lab.snapshot.securityGroups["sg-bastion"]?.rules[0] =
            .init(id: "sgr-443", isEgress: false, protocolNumber: 6, ports: PortRange(443), peer: .cidr(block("0.0.0.0/0")))
        let result = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion"), port: nil)
        #expect(result.pathFound)
        #expect(result.forwardPath.last?.inboundHeader?.destinationPorts == PortRange(443))
    }

    // "Middlebox routing": both subnets route to each other through one appliance; answers come back through it.
    @Test func symmetricApplianceInOneVPC() throws {
        var lab = LabNetwork()
        lab.snapshot.subnets["subnet-db"] = SubnetConfig(id: "subnet-db", vpcId: "vpc-a", cidr: block("10.0.3.0/24"))
        lab.snapshot.aclAssociations["subnet-db"] = "acl-a"
        lab.snapshot.interfaces["eni-db"] = InterfaceConfig(id: "eni-db", subnetId: "subnet-db", vpcId: "vpc-a",
                                                            privateAddresses: [address("10.0.3.30")], groupIds: ["sg-b"])
        lab.snapshot.securityGroups["sg-b"]?.vpcId = "vpc-a"
        lab.snapshot.interfaces["eni-fw"] = InterfaceConfig(id: "eni-fw", subnetId: "subnet-public", vpcId: "vpc-a",
                                                            privateAddresses: [address("10.0.1.50")], groupIds: ["sg-fw"],
                                                            sourceDestCheck: false)
        lab.snapshot.securityGroups["sg-fw"] = SecurityGroupConfig(id: "sg-fw", vpcId: "vpc-a", rules: [
            .init(id: "in", isEgress: false, protocolNumber: nil, ports: nil, peer: .cidr(block("10.0.0.0/16"))),
            .init(id: "out", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(block("0.0.0.0/0"))),
        ])
        lab.snapshot.routeTables["rtb-private"]?.routes.append(.init(destination: .cidr(block("10.0.3.0/24")), target: .networkInterface("eni-fw")))
        lab.snapshot.routeTables["rtb-db"] = RouteTableConfig(id: "rtb-db", vpcId: "vpc-a", routes: [
            .init(destination: .cidr(block("10.0.0.0/16")), target: .local, origin: "CreateRouteTable"),
            .init(destination: .cidr(block("10.0.2.0/24")), target: .networkInterface("eni-fw")),
        ])
        lab.snapshot.routeTableAssociations["subnet-db"] = "rtb-db"
        let result = try lab.analyze(from: .interface("eni-app"), to: .interface("eni-db"), port: 5432)
        #expect(result.pathFound, "\(result.codes)")
        #expect(result.forwardIds.contains("eni-fw"))
    }

    // A route to an instance (a NAT instance) goes through its primary interface.
    @Test func routeToAnInstance() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-private"]?.routes[1] = .init(destination: .cidr(block("0.0.0.0/0")), target: .instance("i-bastion"))
        lab.snapshot.securityGroups["sg-bastion"]?.rules.append(
            .init(id: "nat-in", isEgress: false, protocolNumber: nil, ports: nil, peer: .cidr(block("10.0.0.0/16"))))
        let blocked = try lab.analyze(from: .interface("eni-app"), to: .address(address("203.0.113.7")), port: 443)
        #expect(blocked.codes.contains("ENI_SOURCE_DEST_CHECK_RESTRICTION"))
        #expect(blocked.forwardIds.contains("eni-bastion"))
    }

    // FilterInArns may name the VPC or subnet the path crosses.
    @Test func filterInAVPC() throws {
        var query = ReachabilityQuery(source: .interface("eni-bastion"), destination: .interface("eni-app"), protocol: .tcp, destinationPort: 22)
        query.requiredComponents = ["vpc-a", "subnet-private"]
        #expect(try ReachabilityAnalyzer(LabNetwork().snapshot).analyze(query).pathFound)
    }

    // A NAT gateway has no security groups: a group reference to the sender's group matches nothing past it.
    @Test func groupReferencesStopAtANATGateway() throws {
        var lab = LabNetwork()
        lab.snapshot.natGateways["nat-a"]?.isPublic = false
        lab.snapshot.routeTables["rtb-private"]?.routes.append(.init(destination: .cidr(block("10.1.0.0/16")), target: .natGateway("nat-a")))
        lab.snapshot.securityGroups["sg-b"]?.rules[0] = .init(id: "ref", isEgress: false, protocolNumber: 6, ports: nil, peer: .group("sg-app"))
        let result = try lab.analyze(from: .interface("eni-app"), to: .interface("eni-b"), port: 5432)
        #expect(result.codes.contains("ENI_SG_RULES_MISMATCH"))
    }

    // The internet split over two /1 routes.
    @Test func defaultRouteSplitInTwo() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-public"]?.routes.removeAll { $0.target == .internetGateway("igw-a") }
        lab.snapshot.routeTables["rtb-public"]?.routes += [
            .init(destination: .cidr(block("0.0.0.0/1")), target: .internetGateway("igw-a")),
            .init(destination: .cidr(block("128.0.0.0/1")), target: .internetGateway("igw-a")),
        ]
        #expect(try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion")).pathFound)
    }

    // Every blocker is named: the source's outbound group and the destination's inbound group.
    @Test func bothGroupsBlock() throws {
        var lab = LabNetwork()
        lab.snapshot.securityGroups["sg-bastion"]?.rules.removeAll { $0.isEgress }
        lab.snapshot.securityGroups["sg-app"]?.rules.removeAll { !$0.isEgress }
        let result = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(result.codes == ["ENI_SG_RULES_MISMATCH", "ENI_SG_RULES_MISMATCH"])
        #expect(result.explanations.map(\.direction) == [.egress, .ingress])
    }
}

// "Security group rules" / "Network ACL rules": ICMP rules name a type and code; an analysis of icmp follows an echo
// request, whose answer (an echo reply) must pass the ACLs back.
@Suite struct ReachabilityICMPTests {
    static func lab(groupType: Int, aclTypes: (out: Int, back: Int)?) -> LabNetwork {
        var lab = LabNetwork()
        lab.snapshot.securityGroups["sg-app"]?.rules.append(
            .init(id: "icmp", isEgress: false, protocolNumber: 1, ports: nil, peer: .cidr(block("10.0.0.0/16")), icmpType: groupType, icmpCode: -1))
        if let types = aclTypes {
            lab.snapshot.networkACLs["acl-private"] = NetworkACLConfig(id: "acl-private", vpcId: "vpc-a", entries: [
                .init(ruleNumber: 100, isEgress: false, protocolNumber: 1, allow: true, cidr: block("10.0.0.0/16"), icmpType: types.out, icmpCode: -1),
                .init(ruleNumber: 100, isEgress: true, protocolNumber: 1, allow: true, cidr: block("10.0.0.0/16"), icmpType: types.back, icmpCode: -1),
                .init(ruleNumber: 32767, isEgress: false, protocolNumber: nil, allow: false, cidr: block("0.0.0.0/0")),
                .init(ruleNumber: 32767, isEgress: true, protocolNumber: nil, allow: false, cidr: block("0.0.0.0/0")),
            ])
            lab.snapshot.aclAssociations["subnet-private"] = "acl-private"
        }
        return lab
    }

    @Test func pingNeedsEchoRequestInAndEchoReplyBack() throws {
        #expect(try Self.lab(groupType: 8, aclTypes: nil).analyze(from: .interface("eni-bastion"), to: .interface("eni-app"), port: nil, protocol: .icmp).pathFound)
        #expect(try Self.lab(groupType: -1, aclTypes: nil).analyze(from: .interface("eni-bastion"), to: .interface("eni-app"), port: nil, protocol: .icmp).pathFound)
        let wrongType = try Self.lab(groupType: 3, aclTypes: nil).analyze(from: .interface("eni-bastion"), to: .interface("eni-app"), port: nil, protocol: .icmp)
        #expect(wrongType.codes == ["ENI_SG_RULES_MISMATCH"])
        let noReply = try Self.lab(groupType: 8, aclTypes: (8, 8)).analyze(from: .interface("eni-bastion"), to: .interface("eni-app"), port: nil, protocol: .icmp)
        #expect(noReply.codes == ["SUBNET_ACL_RESTRICTION"])
        #expect(noReply.explanations.first?.onReturnPath == true)
        #expect(try Self.lab(groupType: 8, aclTypes: (8, 0)).analyze(from: .interface("eni-bastion"), to: .interface("eni-app"), port: nil, protocol: .icmp).pathFound)
    }
}

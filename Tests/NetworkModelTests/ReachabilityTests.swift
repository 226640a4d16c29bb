import Testing
@testable import NetworkModel

/// The course's lab network, hand-built: a VPC with a public subnet (bastion, NAT gateway; default route to the
/// internet gateway) and a private subnet (app server; default route to the NAT gateway), and a peered VPC.
struct LabNetwork {
    var snapshot = NetworkSnapshot()

    init() {
        func cidr(_ text: String) -> IPv4CIDR { IPv4CIDR(text)! }
        func address(_ text: String) -> IPv4Address { IPv4Address(text)! }
        snapshot.vpcs["vpc-a"] = VPCConfig(id: "vpc-a", cidrs: [cidr("10.0.0.0/16")])
        snapshot.vpcs["vpc-b"] = VPCConfig(id: "vpc-b", cidrs: [cidr("10.1.0.0/16")])
        snapshot.subnets["subnet-public"] = SubnetConfig(id: "subnet-public", vpcId: "vpc-a", cidr: cidr("10.0.1.0/24"))
        snapshot.subnets["subnet-private"] = SubnetConfig(id: "subnet-private", vpcId: "vpc-a", cidr: cidr("10.0.2.0/24"))
        snapshot.subnets["subnet-b"] = SubnetConfig(id: "subnet-b", vpcId: "vpc-b", cidr: cidr("10.1.1.0/24"))
        snapshot.internetGateways["igw-a"] = InternetGatewayConfig(id: "igw-a", attachedVpcId: "vpc-a")
        snapshot.natGateways["nat-a"] = NATGatewayConfig(id: "nat-a", subnetId: "subnet-public", vpcId: "vpc-a", state: "available",
                                                         isPublic: true, privateAddress: address("10.0.1.5"),
                                                         publicAddress: address("198.51.100.5"))
        snapshot.peeringConnections["pcx-ab"] = PeeringConnectionConfig(id: "pcx-ab", requesterVpcId: "vpc-a", accepterVpcId: "vpc-b",
                                                                         status: "active")
        let local = RouteTableConfig.Route(destination: .cidr(cidr("10.0.0.0/16")), target: .local, origin: "CreateRouteTable")
        snapshot.routeTables["rtb-public"] = RouteTableConfig(id: "rtb-public", vpcId: "vpc-a", routes: [
            local, .init(destination: .cidr(cidr("0.0.0.0/0")), target: .internetGateway("igw-a")),
            .init(destination: .cidr(cidr("10.1.0.0/16")), target: .peeringConnection("pcx-ab")),
        ])
        snapshot.routeTables["rtb-private"] = RouteTableConfig(id: "rtb-private", vpcId: "vpc-a", routes: [
            local, .init(destination: .cidr(cidr("0.0.0.0/0")), target: .natGateway("nat-a")),
        ])
        snapshot.routeTables["rtb-b"] = RouteTableConfig(id: "rtb-b", vpcId: "vpc-b", routes: [
            .init(destination: .cidr(cidr("10.1.0.0/16")), target: .local, origin: "CreateRouteTable"),
            .init(destination: .cidr(cidr("10.0.1.0/24")), target: .peeringConnection("pcx-ab")),
        ])
        snapshot.routeTableAssociations = ["subnet-public": "rtb-public", "subnet-private": "rtb-private", "subnet-b": "rtb-b"]
        for (vpc, acl) in [("vpc-a", "acl-a"), ("vpc-b", "acl-b")] {
            snapshot.networkACLs[acl] = NetworkACLConfig(id: acl, vpcId: vpc, entries: Self.openACL)
        }
        snapshot.aclAssociations = ["subnet-public": "acl-a", "subnet-private": "acl-a", "subnet-b": "acl-b"]
        snapshot.securityGroups["sg-bastion"] = SecurityGroupConfig(id: "sg-bastion", vpcId: "vpc-a", rules: [
            .init(id: "sgr-1", isEgress: false, protocolNumber: 6, ports: PortRange(22), peer: .cidr(cidr("0.0.0.0/0"))),
            .init(id: "sgr-2", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(cidr("0.0.0.0/0"))),
        ])
        snapshot.securityGroups["sg-app"] = SecurityGroupConfig(id: "sg-app", vpcId: "vpc-a", rules: [
            .init(id: "sgr-3", isEgress: false, protocolNumber: 6, ports: PortRange(22), peer: .group("sg-bastion")),
            .init(id: "sgr-4", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(cidr("0.0.0.0/0"))),
        ])
        snapshot.securityGroups["sg-b"] = SecurityGroupConfig(id: "sg-b", vpcId: "vpc-b", rules: [
            .init(id: "sgr-5", isEgress: false, protocolNumber: 6, ports: PortRange(from: 0, to: 65535), peer: .cidr(cidr("10.0.0.0/16"))),
            .init(id: "sgr-6", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(cidr("0.0.0.0/0"))),
        ])
        snapshot.interfaces["eni-bastion"] = InterfaceConfig(
            id: "eni-bastion", subnetId: "subnet-public", vpcId: "vpc-a", privateAddresses: [address("10.0.1.10")],
            publicAddresses: [address("10.0.1.10"): address("198.51.100.10")], groupIds: ["sg-bastion"],
            instanceId: "i-bastion", instanceState: "running")
        snapshot.interfaces["eni-app"] = InterfaceConfig(
            id: "eni-app", subnetId: "subnet-private", vpcId: "vpc-a", privateAddresses: [address("10.0.2.20")],
            groupIds: ["sg-app"], instanceId: "i-app", instanceState: "running")
        snapshot.interfaces["eni-b"] = InterfaceConfig(
            id: "eni-b", subnetId: "subnet-b", vpcId: "vpc-b", privateAddresses: [address("10.1.1.30")],
            groupIds: ["sg-b"], instanceId: "i-b", instanceState: "running")
    }

    static let openACL: [NetworkACLConfig.Entry] = [
        .init(ruleNumber: 100, isEgress: false, protocolNumber: nil, allow: true, cidr: IPv4CIDR("0.0.0.0/0")),
        .init(ruleNumber: 100, isEgress: true, protocolNumber: nil, allow: true, cidr: IPv4CIDR("0.0.0.0/0")),
        .init(ruleNumber: 32767, isEgress: false, protocolNumber: nil, allow: false, cidr: IPv4CIDR("0.0.0.0/0")),
        .init(ruleNumber: 32767, isEgress: true, protocolNumber: nil, allow: false, cidr: IPv4CIDR("0.0.0.0/0")),
    ]

    func analyze(from source: ReachabilityQuery.Endpoint, to destination: ReachabilityQuery.Endpoint, port: Int? = 22,
                 protocol trafficProtocol: TrafficProtocol = .tcp) throws -> ReachabilityResult {
        try ReachabilityAnalyzer(snapshot).analyze(ReachabilityQuery(source: source, destination: destination,
                                                                     protocol: trafficProtocol, destinationPort: port))
    }
}

extension ReachabilityResult {
    var codes: [String] { explanations.map(\.code.rawValue) }
    var forwardIds: [String] { forwardPath.map(\.component.id) }
    var returnIds: [String] { returnPath.map(\.component.id) }
}

// "How Reachability Analyzer works": the path hop by hop, and the return path.
@Suite struct ReachabilityPathTests {
    @Test func bastionReachesAppServerOnSSH() throws {
        let result = try LabNetwork().analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(result.pathFound)
        #expect(result.forwardIds == ["i-bastion", "eni-bastion", "sg-bastion", "acl-a", "rtb-public", "acl-a", "sg-app", "eni-app", "i-app"])
        #expect(result.forwardPath[6].securityGroupRule?.rule.id == "sgr-3")
        #expect(result.forwardPath[4].route?.target == .local)
        #expect(result.returnIds == ["i-app", "eni-app", "sg-app", "acl-a", "rtb-private", "acl-a", "sg-bastion", "eni-bastion", "i-bastion"])
        #expect(result.forwardPath[0].outboundHeader?.destinationPorts == PortRange(22))
    }

    @Test func securityGroupReferenceMatchesOnlyMembers() throws {
        var lab = LabNetwork()
        lab.snapshot.interfaces["eni-bastion"]?.groupIds = ["sg-app"]
        let result = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(result.codes == ["ENI_SG_RULES_MISMATCH"])
        #expect(result.explanations[0].direction == .ingress)
        #expect(result.explanations[0].securityGroupIds == ["sg-app"])
    }

    @Test func internetToPrivateAppServerIsRefusedWithEveryReason() throws {
        var lab = LabNetwork()
        let refused = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-app"))
        #expect(Set(refused.codes) == ["IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "ENI_SG_RULES_MISMATCH"])
        // Give it a public address and open its group: the answer still cannot go back (its default route is the NAT).
        lab.snapshot.interfaces["eni-app"]?.publicAddresses = [IPv4Address("10.0.2.20")!: IPv4Address("198.51.100.20")!]
        lab.snapshot.securityGroups["sg-app"]?.rules.append(
            .init(id: "sgr-9", isEgress: false, protocolNumber: 6, ports: PortRange(22), peer: .cidr(IPv4CIDR("0.0.0.0/0")!)))
        let noRouteBack = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-app"))
        #expect(noRouteBack.codes == ["NO_ROUTE_TO_DESTINATION"])
        #expect(noRouteBack.explanations[0].onReturnPath)
        #expect(noRouteBack.explanations[0].destination == ComponentReference(.internetGateway, "igw-a"))
        lab.snapshot.routeTableAssociations["subnet-private"] = "rtb-public"
        let open = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-app"))
        #expect(open.pathFound)
        #expect(open.forwardIds == ["igw-a", "acl-a", "sg-app", "eni-app", "i-app"])
        #expect(open.forwardPath[0].inboundHeader?.destination == IPv4CIDR("198.51.100.20/32"))
        #expect(open.forwardPath[0].outboundHeader?.destination == IPv4CIDR("10.0.2.20/32"))
        #expect(open.returnIds == ["i-app", "eni-app", "sg-app", "acl-a", "rtb-public", "igw-a"])
    }

    @Test func internetToBastionIsReachable() throws {
        let result = try LabNetwork().analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion"))
        #expect(result.pathFound)
    }

    @Test func appServerReachesTheInternetThroughTheNATGateway() throws {
        let result = try LabNetwork().analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(result.pathFound)
        #expect(result.forwardIds == ["i-app", "eni-app", "sg-app", "acl-a", "rtb-private", "acl-a", "nat-a", "acl-a", "rtb-public", "igw-a"])
        let nat = result.forwardPath[6]
        #expect(nat.outboundHeader?.source == IPv4CIDR("10.0.1.5/32"))
        #expect(result.forwardPath[9].outboundHeader?.source == IPv4CIDR("198.51.100.5/32"))
        #expect(result.returnIds.contains("nat-a"))
    }

    @Test func peeredVPCIsReachableBothWays() throws {
        let result = try LabNetwork().analyze(from: .interface("eni-bastion"), to: .interface("eni-b"), port: 5432)
        #expect(result.pathFound)
        #expect(result.forwardIds.contains("pcx-ab"))
    }
}

// "Reachability Analyzer explanation codes": each code blocks, and fixing what it names opens the path.
@Suite struct ReachabilityExplanationTests {
    @Test func outboundSecurityGroupRule() throws {
        var lab = LabNetwork()
        lab.snapshot.securityGroups["sg-bastion"]?.rules.removeAll { $0.isEgress }
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(blocked.codes == ["ENI_SG_RULES_MISMATCH"])
        #expect(blocked.explanations[0].direction == .egress)
        lab.snapshot.securityGroups["sg-bastion"]?.rules.append(
            .init(id: "sgr-7", isEgress: true, protocolNumber: 6, ports: PortRange(22), peer: .group("sg-app")))
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app")).pathFound)
    }

    @Test func networkACLThatForgetsEphemeralReturnPorts() throws {
        var lab = LabNetwork()
        lab.snapshot.networkACLs["acl-private"] = NetworkACLConfig(id: "acl-private", vpcId: "vpc-a", entries: [
            .init(ruleNumber: 100, isEgress: false, protocolNumber: 6, allow: true, cidr: IPv4CIDR("10.0.1.0/24"), ports: PortRange(22)),
            .init(ruleNumber: 100, isEgress: true, protocolNumber: 6, allow: true, cidr: IPv4CIDR("10.0.1.0/24"), ports: PortRange(22)),
            .init(ruleNumber: 32767, isEgress: false, protocolNumber: nil, allow: false, cidr: IPv4CIDR("0.0.0.0/0")),
            .init(ruleNumber: 32767, isEgress: true, protocolNumber: nil, allow: false, cidr: IPv4CIDR("0.0.0.0/0")),
        ])
        lab.snapshot.aclAssociations["subnet-private"] = "acl-private"
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(blocked.codes == ["SUBNET_ACL_RESTRICTION"])
        let explanation = blocked.explanations[0]
        #expect(explanation.onReturnPath)
        #expect(explanation.direction == .egress)
        #expect(explanation.aclId == "acl-private")
        #expect(explanation.aclEntry?.ruleNumber == 32767)
        lab.snapshot.networkACLs["acl-private"]?.entries.append(
            .init(ruleNumber: 110, isEgress: true, protocolNumber: 6, allow: true, cidr: IPv4CIDR("10.0.1.0/24"),
                  ports: PortRange.ephemeral))
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app")).pathFound)
    }

    @Test func lowerNumberedDenyWins() throws {
        var lab = LabNetwork()
        lab.snapshot.networkACLs["acl-a"]?.entries.append(
            .init(ruleNumber: 50, isEgress: false, protocolNumber: 6, allow: false, cidr: IPv4CIDR("10.0.1.0/24"), ports: PortRange(22)))
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(blocked.codes == ["SUBNET_ACL_RESTRICTION"])
        #expect(blocked.explanations[0].aclEntry?.ruleNumber == 50)
        #expect(blocked.explanations[0].direction == .ingress)
        #expect(!blocked.explanations[0].onReturnPath)
        lab.snapshot.networkACLs["acl-a"]?.entries.removeAll { $0.ruleNumber == 50 }
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app")).pathFound)
    }

    @Test func sameSubnetTrafficSkipsTheACL() throws {
        var lab = LabNetwork()
        lab.snapshot.networkACLs["acl-a"]?.entries = []
        lab.snapshot.interfaces["eni-web"] = InterfaceConfig(
            id: "eni-web", subnetId: "subnet-public", vpcId: "vpc-a", privateAddresses: [IPv4Address("10.0.1.11")!], groupIds: ["sg-bastion"])
        let result = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-web"))
        #expect(result.pathFound)
        #expect(!result.forwardIds.contains("acl-a"))
    }

    @Test func noRouteToDestination() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-private"]?.routes.removeAll { $0.target == .natGateway("nat-a") }
        let blocked = try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(blocked.codes == ["NO_ROUTE_TO_DESTINATION"])
        #expect(blocked.explanations[0].routeTableId == "rtb-private")
        lab.snapshot.routeTables["rtb-private"]?.routes.append(.init(destination: .cidr(IPv4CIDR("0.0.0.0/0")!), target: .natGateway("nat-a")))
        #expect(try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443).pathFound)
    }

    @Test func blackholeRoute() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-private"]?.routes[1].active = false
        let blocked = try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(blocked.codes == ["BAD_STATE_ROUTE"])
        lab.snapshot.routeTables["rtb-private"]?.routes[1].active = true
        #expect(try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443).pathFound)
    }

    @Test func stoppedInstanceAndPendingNATGateway() throws {
        var lab = LabNetwork()
        lab.snapshot.interfaces["eni-app"]?.instanceState = "stopped"
        let stopped = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-app"))
        #expect(stopped.codes == ["BAD_STATE"])
        #expect(stopped.explanations[0].component == ComponentReference(.instance, "i-app"))
        #expect(stopped.explanations[0].state == "stopped")
        lab.snapshot.interfaces["eni-app"]?.instanceState = "running"
        lab.snapshot.natGateways["nat-a"]?.state = "pending"
        let pending = try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(pending.codes == ["BAD_STATE"])
        lab.snapshot.natGateways["nat-a"]?.state = "available"
        #expect(try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443).pathFound)
    }

    @Test func internetGatewayNotAttached() throws {
        var lab = LabNetwork()
        lab.snapshot.internetGateways["igw-a"]?.attachedVpcId = nil
        let blocked = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion"))
        #expect(blocked.codes == ["BAD_STATE_ATTACHMENT"])
        lab.snapshot.internetGateways["igw-a"]?.attachedVpcId = "vpc-a"
        #expect(try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion")).pathFound)
    }

    @Test func egressToTheInternetNeedsAPublicAddress() throws {
        var lab = LabNetwork()
        lab.snapshot.interfaces["eni-bastion"]?.publicAddresses = [:]
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(blocked.codes == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"])
        lab.snapshot.interfaces["eni-bastion"]?.publicAddresses = [IPv4Address("10.0.1.10")!: IPv4Address("198.51.100.10")!]
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("203.0.113.7")!), port: 443).pathFound)
    }

    @Test func privateNATGatewayCannotReachTheInternet() throws {
        var lab = LabNetwork()
        lab.snapshot.natGateways["nat-a"]?.isPublic = false
        let blocked = try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443)
        #expect(blocked.codes == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"])
        #expect(blocked.explanations[0].natGatewayId == "nat-a")
        lab.snapshot.natGateways["nat-a"]?.isPublic = true
        #expect(try lab.analyze(from: .interface("eni-app"), to: .address(IPv4Address("203.0.113.7")!), port: 443).pathFound)
    }

    @Test func internetGatewayDoesNotCarryPrivateDestinations() throws {
        var lab = LabNetwork()
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("192.168.1.1")!), port: 443)
        #expect(blocked.codes == ["IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"])
        // Peer a VPC holding 192.168.0.0/16 and route to it: the packet no longer goes to the internet gateway.
        lab.snapshot.vpcs["vpc-c"] = VPCConfig(id: "vpc-c", cidrs: [IPv4CIDR("192.168.0.0/16")!])
        lab.snapshot.subnets["subnet-c"] = SubnetConfig(id: "subnet-c", vpcId: "vpc-c", cidr: IPv4CIDR("192.168.1.0/24")!)
        lab.snapshot.peeringConnections["pcx-ac"] = PeeringConnectionConfig(id: "pcx-ac", requesterVpcId: "vpc-a", accepterVpcId: "vpc-c", status: "active")
        lab.snapshot.routeTables["rtb-c"] = RouteTableConfig(id: "rtb-c", vpcId: "vpc-c", routes: [
            .init(destination: .cidr(IPv4CIDR("192.168.0.0/16")!), target: .local, origin: "CreateRouteTable"),
            .init(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), target: .peeringConnection("pcx-ac")),
        ])
        lab.snapshot.routeTableAssociations["subnet-c"] = "rtb-c"
        lab.snapshot.aclAssociations["subnet-c"] = "acl-b"
        lab.snapshot.interfaces["eni-c"] = InterfaceConfig(id: "eni-c", subnetId: "subnet-c", vpcId: "vpc-c",
                                                           privateAddresses: [IPv4Address("192.168.1.1")!], groupIds: ["sg-b"])
        lab.snapshot.routeTables["rtb-public"]?.routes.append(
            .init(destination: .cidr(IPv4CIDR("192.168.0.0/16")!), target: .peeringConnection("pcx-ac")))
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("192.168.1.1")!), port: 443).pathFound)
    }

    @Test func peeringNeedsARouteBackAndAnActiveConnection() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-b"]?.routes.removeAll { $0.target == .peeringConnection("pcx-ab") }
        let noRouteBack = try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-b"), port: 5432)
        #expect(noRouteBack.codes == ["NO_ROUTE_TO_DESTINATION"])
        #expect(noRouteBack.explanations[0].destination == ComponentReference(.peeringConnection, "pcx-ab"))
        lab = LabNetwork()
        lab.snapshot.peeringConnections["pcx-ab"]?.status = "pending-acceptance"
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .interface("eni-b"), port: 5432).codes == ["BAD_STATE"])
    }

    @Test func peeringCarriesOnlyThePeerVPCsAddresses() throws {
        var lab = LabNetwork()
        lab.snapshot.routeTables["rtb-public"]?.routes.append(
            .init(destination: .cidr(IPv4CIDR("10.2.0.0/16")!), target: .peeringConnection("pcx-ab")))
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("10.2.0.9")!), port: 443)
        #expect(blocked.codes == ["PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"])
        // The peer VPC gets that block (a secondary CIDR) and an interface in it: the path opens.
        lab.snapshot.vpcs["vpc-b"]?.cidrs.append(IPv4CIDR("10.2.0.0/16")!)
        lab.snapshot.subnets["subnet-b2"] = SubnetConfig(id: "subnet-b2", vpcId: "vpc-b", cidr: IPv4CIDR("10.2.0.0/24")!)
        lab.snapshot.routeTableAssociations["subnet-b2"] = "rtb-b"
        lab.snapshot.aclAssociations["subnet-b2"] = "acl-b"
        lab.snapshot.routeTables["rtb-b"]?.routes.append(.init(destination: .cidr(IPv4CIDR("10.2.0.0/16")!), target: .local, origin: "CreateRouteTable"))
        lab.snapshot.interfaces["eni-b2"] = InterfaceConfig(id: "eni-b2", subnetId: "subnet-b2", vpcId: "vpc-b",
                                                            privateAddresses: [IPv4Address("10.2.0.9")!], groupIds: ["sg-b"])
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("10.2.0.9")!), port: 443).pathFound)
    }

    @Test func addressWithNoInterfaceCannotBeReached() throws {
        var lab = LabNetwork()
        let blocked = try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("10.0.2.99")!))
        #expect(blocked.codes == ["CANNOT_ROUTE"])
        lab.snapshot.interfaces["eni-app"]?.privateAddresses.append(IPv4Address("10.0.2.99")!)
        #expect(try lab.analyze(from: .interface("eni-bastion"), to: .address(IPv4Address("10.0.2.99")!)).pathFound)
    }

    // "Reachability Analyzer explanation codes" (search filter codes): FilterInArns and FilterOutArns
    @Test func componentFilters() throws {
        let lab = LabNetwork()
        var query = ReachabilityQuery(source: .interface("eni-app"), destination: .address(IPv4Address("203.0.113.7")!),
                                      protocol: .tcp, destinationPort: 443)
        query.requiredComponents = ["nat-a"]
        #expect(try ReachabilityAnalyzer(lab.snapshot).analyze(query).pathFound)
        query.requiredComponents = ["pcx-ab"]
        #expect(try ReachabilityAnalyzer(lab.snapshot).analyze(query).explanations.map(\.code) == [.componentFilterRestriction])
        query.requiredComponents = []
        query.excludedComponents = ["nat-a"]
        let excluded = try ReachabilityAnalyzer(lab.snapshot).analyze(query)
        #expect(excluded.explanations.map(\.code) == [.componentFilterRemovedComponent])
        #expect(excluded.returnPath.isEmpty)
    }

    // "Middlebox routing": traffic for the peered VPC goes through a firewall appliance in the public subnet.
    @Test func applianceNeedsSourceDestinationCheckOff() throws {
        var lab = LabNetwork()
        lab.snapshot.interfaces["eni-firewall"] = InterfaceConfig(
            id: "eni-firewall", subnetId: "subnet-public", vpcId: "vpc-a", privateAddresses: [IPv4Address("10.0.1.50")!],
            groupIds: ["sg-firewall"], instanceId: "i-firewall", instanceState: "running")
        lab.snapshot.securityGroups["sg-firewall"] = SecurityGroupConfig(id: "sg-firewall", vpcId: "vpc-a", rules: [
            .init(id: "sgr-10", isEgress: false, protocolNumber: nil, ports: nil, peer: .cidr(IPv4CIDR("10.0.0.0/16")!)),
            .init(id: "sgr-11", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(IPv4CIDR("0.0.0.0/0")!)),
        ])
        lab.snapshot.routeTables["rtb-private"]?.routes.append(
            .init(destination: .cidr(IPv4CIDR("10.1.0.0/16")!), target: .networkInterface("eni-firewall")))
        lab.snapshot.routeTables["rtb-b"]?.routes.append(.init(destination: .cidr(IPv4CIDR("10.0.2.0/24")!), target: .peeringConnection("pcx-ab")))
        let blocked = try lab.analyze(from: .interface("eni-app"), to: .interface("eni-b"), port: 5432)
        #expect(blocked.codes == ["ENI_SOURCE_DEST_CHECK_RESTRICTION"])
        lab.snapshot.interfaces["eni-firewall"]?.sourceDestCheck = false
        let open = try lab.analyze(from: .interface("eni-app"), to: .interface("eni-b"), port: 5432)
        #expect(open.pathFound)
        #expect(open.forwardIds.contains("eni-firewall") && open.forwardIds.contains("pcx-ab"))
    }

    @Test func securityGroupRuleWithPrefixList() throws {
        var lab = LabNetwork()
        lab.snapshot.prefixLists["pl-office"] = [IPv4CIDR("203.0.113.0/24")!]
        lab.snapshot.securityGroups["sg-bastion"]?.rules = [
            .init(id: "sgr-1", isEgress: false, protocolNumber: 6, ports: PortRange(22), peer: .prefixList("pl-office")),
        ]
        let fromOffice = try ReachabilityAnalyzer(lab.snapshot).analyze(ReachabilityQuery(
            source: .internetGateway("igw-a"), destination: .interface("eni-bastion"), protocol: .tcp, destinationPort: 22,
            sourceAddress: IPv4Address("203.0.113.9")))
        #expect(fromOffice.pathFound)
        let fromElsewhere = try ReachabilityAnalyzer(lab.snapshot).analyze(ReachabilityQuery(
            source: .internetGateway("igw-a"), destination: .interface("eni-bastion"), protocol: .tcp, destinationPort: 22,
            sourceAddress: IPv4Address("192.0.2.9")))
        #expect(fromElsewhere.codes == ["ENI_SG_RULES_MISMATCH"])
    }

    @Test func internetSourceDoesNotMatchVPCOnlyRules() throws {
        var lab = LabNetwork()
        lab.snapshot.securityGroups["sg-bastion"]?.rules[0].peer = .cidr(IPv4CIDR("10.0.0.0/16")!)
        let blocked = try lab.analyze(from: .internetGateway("igw-a"), to: .interface("eni-bastion"))
        #expect(blocked.codes == ["ENI_SG_RULES_MISMATCH"])
    }

    @Test func unknownComponentsAreErrors() {
        #expect(throws: ReachabilityError.missingComponent("eni-nope")) {
            try LabNetwork().analyze(from: .interface("eni-nope"), to: .interface("eni-app"))
        }
    }
}

@Suite struct RuleMatchingTests {
    @Test func portRangeSubtraction() {
        let all = PortRange.ephemeral
        #expect(all.subtracting(PortRange(from: 1024, to: 2000)) == .some(PortRange(from: 2001, to: 65535)))
        #expect(all.subtracting(PortRange(from: 0, to: 65535)) == .some(nil))
        #expect(all.subtracting(PortRange(from: 3000, to: 4000)) == nil)
        #expect(all.subtracting(PortRange(22)) == .some(all))
    }

    @Test func longestPrefixWins() {
        let table = RouteTableConfig(id: "rtb", vpcId: "vpc", routes: [
            .init(destination: .cidr(IPv4CIDR("0.0.0.0/0")!), target: .internetGateway("igw")),
            .init(destination: .cidr(IPv4CIDR("203.0.113.0/24")!), target: .natGateway("nat")),
            .init(destination: .prefixList("pl"), target: .peeringConnection("pcx")),
        ])
        let lists: (String) -> [IPv4CIDR] = { _ in [IPv4CIDR("203.0.113.128/25")!] }
        #expect(RuleMatching.route(in: table, to: IPv4CIDR("203.0.113.200/32")!, prefixLists: lists)?.route.target == .peeringConnection("pcx"))
        #expect(RuleMatching.route(in: table, to: IPv4CIDR("203.0.113.1/32")!, prefixLists: lists)?.route.target == .natGateway("nat"))
        #expect(RuleMatching.route(in: table, to: IPv4CIDR("8.8.8.8/32")!, prefixLists: lists)?.route.target == .internetGateway("igw"))
    }
}

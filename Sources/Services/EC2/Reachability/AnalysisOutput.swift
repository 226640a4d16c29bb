import AWSWire
import NetworkModel

/// An analysis as DescribeNetworkInsightsAnalyses shows it: hops as `PathComponent`s and blocks as
/// `Explanation`s, each component named by ID and ARN (shapes as in "Getting started with Reachability
/// Analyzer using the AWS CLI").
struct AnalysisOutput {
    let region: String
    let account: String

    /// The resource type ARNs (and `nimbus reach`) name a component by.
    static func resourceType(_ kind: ComponentKind) -> String? {
        switch kind {
        case .instance: "instance"
        case .networkInterface: "network-interface"
        case .securityGroup: "security-group"
        case .networkACL: "network-acl"
        case .routeTable: "route-table"
        case .internetGateway: "internet-gateway"
        case .natGateway: "natgateway"
        case .peeringConnection: "vpc-peering-connection"
        case .subnet: "subnet"
        case .vpc: "vpc"
        case .address: nil
        }
    }

    func component(_ reference: ComponentReference) -> AWSValue {
        .structure(["Id": .string(reference.id),
                    "Arn": Self.resourceType(reference.kind).map { .string("arn:aws:ec2:\(region):\(account):\($0)/\(reference.id)") }])
    }

    func component(_ kind: ComponentKind, _ id: String?) -> AWSValue? {
        id.map { component(ComponentReference(kind, $0)) }
    }

    func components(_ hops: [PathHop]) -> [AWSValue] {
        hops.enumerated().map { index, hop in
            .structure([
                "SequenceNumber": .int(index + 1),
                "Component": component(hop.component),
                "Vpc": component(.vpc, hop.vpcId),
                "Subnet": hop.component.kind == .networkInterface ? component(.subnet, hop.subnetId) : nil,
                "AttachedTo": hop.attachedTo.map(component),
                "SourceVpc": component(.vpc, hop.sourceVpcId), "DestinationVpc": component(.vpc, hop.destinationVpcId),
                "AclRule": hop.aclEntry.map(Self.aclRule),
                "SecurityGroupRule": hop.securityGroupRule.map(Self.securityGroupRule),
                "RouteTableRoute": hop.route.map(Self.route),
                "OutboundHeader": hop.outboundHeader.map(Self.header), "InboundHeader": hop.inboundHeader.map(Self.header),
                "AdditionalDetails": .list([]), "Explanations": .list([]),
            ])
        }
    }

    func explanation(_ explanation: Explanation) -> AWSValue {
        .structure([
            "ExplanationCode": .string(explanation.code.rawValue),
            "Direction": explanation.direction.map { .string($0.rawValue) },
            "Component": explanation.component.map(component),
            "Destination": explanation.destination.map(component),
            "Vpc": component(.vpc, explanation.vpcId),
            "Subnet": component(.subnet, explanation.subnetId),
            "NetworkInterface": component(.networkInterface, explanation.networkInterfaceId),
            "SecurityGroups": explanation.securityGroupIds.isEmpty ? nil
                : .list(explanation.securityGroupIds.map { component(ComponentReference(.securityGroup, $0)) }),
            "Acl": component(.networkACL, explanation.aclId),
            "AclRule": explanation.aclEntry.map(Self.aclRule),
            "RouteTable": component(.routeTable, explanation.routeTableId),
            "RouteTableRoute": explanation.route.map(Self.route),
            "InternetGateway": component(.internetGateway, explanation.internetGatewayId),
            "NatGateway": component(.natGateway, explanation.natGatewayId),
            "VpcPeeringConnection": component(.peeringConnection, explanation.peeringConnectionId),
            "Address": explanation.address.map { .string($0.description) },
            "Port": explanation.port.map { .int($0) },
            "State": explanation.state.map(AWSValue.string),
        ])
    }

    static func protocolName(_ number: Int?) -> String { IPProtocolNumbers.name(number) }

    static func portRange(_ range: PortRange) -> AWSValue { ["From": .int(range.from), "To": .int(range.to)] }

    static func aclRule(_ entry: NetworkACLConfig.Entry) -> AWSValue {
        .structure([
            "Cidr": entry.cidr.map { .string($0.description) }, "Egress": .boolean(entry.isEgress),
            "PortRange": entry.ports.map(portRange), "Protocol": .string(protocolName(entry.protocolNumber)),
            "RuleAction": .string(entry.allow ? "allow" : "deny"), "RuleNumber": .int(entry.ruleNumber),
        ])
    }

    static func securityGroupRule(_ matched: MatchedSecurityGroupRule) -> AWSValue {
        var cidr: String?
        var prefixList: String?
        switch matched.rule.peer {
        case .cidr(let block): cidr = block.description
        case .prefixList(let id): prefixList = id
        case .group, .other: break
        }
        return .structure([
            "Cidr": cidr.map(AWSValue.string), "Direction": .string(matched.direction.rawValue),
            "SecurityGroupId": .string(matched.groupId), "PortRange": matched.rule.ports.map(portRange),
            "PrefixListId": prefixList.map(AWSValue.string), "Protocol": .string(protocolName(matched.rule.protocolNumber)),
        ])
    }

    static func route(_ route: RouteTableConfig.Route) -> AWSValue {
        var members: [String: AWSValue?] = [
            "Origin": .string(route.origin.lowercased()), "State": .string(route.active ? "active" : "blackhole"),
        ]
        switch route.destination {
        case .cidr(let block): members["DestinationCidr"] = .string(block.description)
        case .prefixList(let id): members["DestinationPrefixListId"] = .string(id)
        case .other(let text): members["DestinationCidr"] = .string(text)
        }
        switch route.target {
        case .local: members["GatewayId"] = "local"
        case .internetGateway(let id), .other(let id): members["GatewayId"] = .string(id)
        case .egressOnlyInternetGateway(let id): members["EgressOnlyInternetGatewayId"] = .string(id)
        case .natGateway(let id): members["NatGatewayId"] = .string(id)
        case .networkInterface(let id): members["NetworkInterfaceId"] = .string(id)
        case .instance(let id): members["InstanceId"] = .string(id)
        case .peeringConnection(let id): members["VpcPeeringConnectionId"] = .string(id)
        }
        return .structure(members)
    }

    static func header(_ header: PacketHeader) -> AWSValue {
        .structure([
            "Protocol": .string(String(header.trafficProtocol.number)),
            "SourceAddresses": [.string(header.source.description)],
            "DestinationAddresses": [.string(header.destination.description)],
            "SourcePortRanges": header.sourcePorts.map { [portRange($0)] },
            "DestinationPortRanges": header.destinationPorts.map { [portRange($0)] },
        ])
    }
}

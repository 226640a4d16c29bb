import Foundation
import NetworkModel
import State

/// The reachability analyzer's view of a Region's live configuration: each lookup reads the store and turns
/// one EC2 resource into the analyzer's terms, so an analysis in a Region of 10,000 interfaces converts only the
/// few it passes. Peered VPCs in other accounts are looked up in their own partitions.
struct LiveNetworkConfiguration: NetworkConfiguration {
    let network: NetworkView
    /// The request's partition first, then those of the accounts across its active peering connections.
    let partitions: [Partition]

    init(_ network: NetworkView) {
        self.network = network
        var partitions = [network.partition]
        for peering in network.all(VPCPeeringConnection.self) where peering.status == "active" && peering.involves(network.account) {
            for side in [peering.requester, peering.accepter] {
                let partition = Partition(account: side.ownerId, region: side.region)
                if partition.region == network.partition.region, !partitions.contains(partition) { partitions.append(partition) }
            }
        }
        self.partitions = partitions
    }

    private func find<R: EC2Resource>(_ type: R.Type, _ id: String) -> R? {
        for partition in partitions {
            if let found = network.view.get(type, id, in: R.storagePartition(partition)) { return found }
        }
        return nil
    }

    private func every<R: EC2Resource>(_ type: R.Type, _ body: (R) -> Bool) -> R? {
        for partition in partitions {
            if let found = network.view.all(type, in: partition).values.first(where: body) { return found }
        }
        return nil
    }

    func vpc(_ id: String) -> VPCConfig? {
        find(VPC.self, id).map { VPCConfig(id: $0.id, cidrs: $0.ipv4Blocks) }
    }

    func subnet(_ id: String) -> SubnetConfig? {
        find(Subnet.self, id).map { SubnetConfig(id: $0.id, vpcId: $0.vpcId, cidr: $0.cidr) }
    }

    func interface(_ id: String) -> InterfaceConfig? {
        find(NetworkInterface.self, id).map(config)
    }

    func interface(at address: IPv4Address, inVPC vpcId: String) -> InterfaceConfig? {
        let text = address.description
        return every(NetworkInterface.self) { $0.vpcId == vpcId && $0.privateIps.contains { $0.address == text } }.map(config)
    }

    func primaryInterface(ofInstance instanceId: String) -> InterfaceConfig? {
        find(Instance.self, instanceId).flatMap { find(NetworkInterface.self, $0.primaryInterfaceId) }.map(config)
    }

    private func config(_ interface: NetworkInterface) -> InterfaceConfig {
        var publicAddresses: [IPv4Address: IPv4Address] = [:]
        for elastic in network.view.all(ElasticAddress.self, in: partition(of: interface)).values where elastic.networkInterfaceId == interface.id {
            if let privateText = elastic.privateIp, let privateAddress = IPv4Address(privateText), let publicAddress = IPv4Address(elastic.publicIp) {
                publicAddresses[privateAddress] = publicAddress
            }
        }
        if let publicText = interface.publicIp, let publicAddress = IPv4Address(publicText),
           let primary = IPv4Address(interface.primaryPrivateIp), publicAddresses[primary] == nil {
            publicAddresses[primary] = publicAddress
        }
        let instance = interface.attachment?.instanceId.flatMap { find(Instance.self, $0) }
        return InterfaceConfig(
            id: interface.id, subnetId: interface.subnetId, vpcId: interface.vpcId,
            privateAddresses: interface.privateIps.sorted { $0.primary && !$1.primary }.compactMap { IPv4Address($0.address) },
            publicAddresses: publicAddresses, groupIds: interface.groups, sourceDestCheck: interface.sourceDestCheck,
            instanceId: instance?.id, instanceState: instance?.currentState(network.now).rawValue)
    }

    private func partition(of interface: NetworkInterface) -> Partition {
        partitions.first { network.view.get(NetworkInterface.self, interface.id, in: $0) != nil } ?? network.partition
    }

    func securityGroup(_ id: String) -> SecurityGroupConfig? {
        guard let group = find(SecurityGroup.self, id) else { return nil }
        return SecurityGroupConfig(id: group.id, vpcId: group.vpcId, rules: group.rules.map { rule in
            let peer: SecurityGroupConfig.Rule.Peer
            if let cidr = rule.cidrIpv4.flatMap({ IPv4CIDR.parseAllowingHostBits($0)?.cidr }) { peer = .cidr(cidr) }
            else if let list = rule.prefixListId { peer = .prefixList(list) }
            else if let referenced = rule.referencedGroupId { peer = .group(referenced) }
            else { peer = .other(rule.cidrIpv6 ?? "") }
            let number = Self.protocolNumber(rule.ipProtocol)
            let ports: PortRange? = switch (rule.fromPort, rule.toPort) {
            case (let from?, let to?) where from >= 0 && to >= 0 && (number == 6 || number == 17): PortRange(from: from, to: to)
            default: nil
            }
            let icmp = number == 1
            return .init(id: rule.id, isEgress: rule.isEgress, protocolNumber: number, ports: ports, peer: peer,
                         icmpType: icmp ? rule.fromPort : nil, icmpCode: icmp ? rule.toPort : nil)
        })
    }

    /// `tcp`, `udp`, `icmp`, `-1` (all: nil) or a number.
    static func protocolNumber(_ text: String) -> Int? { IPProtocolNumbers.number(text) ?? nil }

    func networkACL(ofSubnet subnetId: String) -> NetworkACLConfig? {
        guard let acl = every(NetworkACL.self, { $0.associations.contains { $0.subnetId == subnetId } }) else { return nil }
        return NetworkACLConfig(id: acl.id, vpcId: acl.vpcId, entries: acl.entries.map { entry in
            let ports: PortRange? = switch (entry.fromPort, entry.toPort) {
            case (let from?, let to?): PortRange(from: from, to: to)
            default: nil
            }
            return .init(ruleNumber: entry.ruleNumber, isEgress: entry.egress, protocolNumber: Self.protocolNumber(entry.protocolNumber),
                         allow: entry.allow, cidr: entry.cidrBlock.flatMap { IPv4CIDR.parseAllowingHostBits($0)?.cidr }, ports: ports,
                         icmpType: entry.icmpType, icmpCode: entry.icmpCode)
        })
    }

    func routeTable(ofSubnet subnetId: String) -> RouteTableConfig? {
        guard let subnet = find(Subnet.self, subnetId) else { return nil }
        let table = every(RouteTable.self) { $0.associations.contains { $0.subnetId == subnetId } }
            ?? every(RouteTable.self) { $0.vpcId == subnet.vpcId && $0.isMain }
        guard let table else { return nil }
        return RouteTableConfig(id: table.id, vpcId: table.vpcId, routes: table.routes.map { route in
            let destination: RouteTableConfig.Destination
            if let cidr = route.destinationCidrBlock.flatMap({ IPv4CIDR.parseAllowingHostBits($0)?.cidr }) { destination = .cidr(cidr) }
            else if let list = route.destinationPrefixListId { destination = .prefixList(list) }
            else { destination = .other(route.destination) }
            let target: RouteTableConfig.Target = switch route.target.kind {
            case .gateway where route.isLocal: .local
            case .gateway where route.target.id.hasPrefix("igw-"): .internetGateway(route.target.id)
            case .gateway: .other(route.target.id)
            case .egressOnlyInternetGateway: .egressOnlyInternetGateway(route.target.id)
            case .natGateway: .natGateway(route.target.id)
            case .networkInterface: .networkInterface(route.target.id)
            case .instance: .instance(route.target.id)
            case .vpcPeeringConnection: .peeringConnection(route.target.id)
            case .transitGateway: .other(route.target.id)
            }
            return .init(destination: destination, target: target, origin: route.origin, active: table.state(of: route, network) == "active")
        })
    }

    func internetGateway(_ id: String) -> InternetGatewayConfig? {
        find(InternetGateway.self, id).map { InternetGatewayConfig(id: $0.id, attachedVpcId: $0.vpcId) }
    }

    func natGateway(_ id: String) -> NATGatewayConfig? {
        guard let nat = find(NatGateway.self, id), let privateAddress = IPv4Address(nat.privateIp) else { return nil }
        return NATGatewayConfig(id: nat.id, subnetId: nat.subnetId, vpcId: nat.vpcId, state: nat.state(network.now),
                                isPublic: nat.connectivityType == "public", privateAddress: privateAddress,
                                publicAddress: nat.publicIp.flatMap { IPv4Address($0) }, interfaceId: nat.networkInterfaceId)
    }

    func peeringConnection(_ id: String) -> PeeringConnectionConfig? {
        network.get(VPCPeeringConnection.self, id).map {
            PeeringConnectionConfig(id: $0.id, requesterVpcId: $0.requester.vpcId, accepterVpcId: $0.accepter.vpcId, status: $0.status)
        }
    }

    func prefixListCIDRs(_ id: String) -> [IPv4CIDR] {
        find(ManagedPrefixList.self, id)?.entries.compactMap { IPv4CIDR.parseAllowingHostBits($0.cidr)?.cidr } ?? []
    }
}

/// A network configuration held in dictionaries: hand-built topologies for tests, or a copy of a Region.
public struct NetworkSnapshot: NetworkConfiguration, Sendable {
    public var vpcs: [String: VPCConfig] = [:]
    public var subnets: [String: SubnetConfig] = [:]
    public var interfaces: [String: InterfaceConfig] = [:]
    public var securityGroups: [String: SecurityGroupConfig] = [:]
    public var networkACLs: [String: NetworkACLConfig] = [:]
    /// Subnet ID -> ACL ID.
    public var aclAssociations: [String: String] = [:]
    public var routeTables: [String: RouteTableConfig] = [:]
    /// Subnet ID -> route table ID; subnets without one use their VPC's main table.
    public var routeTableAssociations: [String: String] = [:]
    /// VPC ID -> main route table ID.
    public var mainRouteTables: [String: String] = [:]
    public var internetGateways: [String: InternetGatewayConfig] = [:]
    public var natGateways: [String: NATGatewayConfig] = [:]
    public var peeringConnections: [String: PeeringConnectionConfig] = [:]
    public var prefixLists: [String: [IPv4CIDR]] = [:]

    public init() {}

    public func vpc(_ id: String) -> VPCConfig? { vpcs[id] }
    public func subnet(_ id: String) -> SubnetConfig? { subnets[id] }
    public func interface(_ id: String) -> InterfaceConfig? { interfaces[id] }
    public func interface(at address: IPv4Address, inVPC vpcId: String) -> InterfaceConfig? {
        interfaces.values.first { $0.vpcId == vpcId && $0.privateAddresses.contains(address) }
    }
    public func primaryInterface(ofInstance instanceId: String) -> InterfaceConfig? {
        interfaces.values.filter { $0.instanceId == instanceId }.min { $0.id < $1.id }
    }
    public func securityGroup(_ id: String) -> SecurityGroupConfig? { securityGroups[id] }
    public func networkACL(ofSubnet subnetId: String) -> NetworkACLConfig? { aclAssociations[subnetId].flatMap { networkACLs[$0] } }
    public func routeTable(ofSubnet subnetId: String) -> RouteTableConfig? {
        if let id = routeTableAssociations[subnetId] { return routeTables[id] }
        return subnets[subnetId].flatMap { mainRouteTables[$0.vpcId] }.flatMap { routeTables[$0] }
    }
    public func internetGateway(_ id: String) -> InternetGatewayConfig? { internetGateways[id] }
    public func natGateway(_ id: String) -> NATGatewayConfig? { natGateways[id] }
    public func peeringConnection(_ id: String) -> PeeringConnectionConfig? { peeringConnections[id] }
    public func prefixListCIDRs(_ id: String) -> [IPv4CIDR] { prefixLists[id] ?? [] }
}

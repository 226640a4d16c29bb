/// What the reachability analyzer reads about a Region's network: a pure view, with no EC2 or storage
/// types, so the analysis can be tested on hand-built topologies (`NetworkSnapshot`) and run on the live
/// configuration through an adapter that looks things up only when asked (a Region may hold 10,000
/// interfaces; one analysis touches a handful).
public protocol NetworkConfiguration {
    func vpc(_ id: String) -> VPCConfig?
    func subnet(_ id: String) -> SubnetConfig?
    func interface(_ id: String) -> InterfaceConfig?
    /// The interface holding `address` as one of its private addresses in the VPC.
    func interface(at address: IPv4Address, inVPC vpcId: String) -> InterfaceConfig?
    /// An instance's primary interface (routes may name an instance as their target).
    func primaryInterface(ofInstance instanceId: String) -> InterfaceConfig?
    func securityGroup(_ id: String) -> SecurityGroupConfig?
    /// The ACL associated with the subnet (every subnet has exactly one).
    func networkACL(ofSubnet subnetId: String) -> NetworkACLConfig?
    /// The subnet's explicitly associated route table, else its VPC's main table.
    func routeTable(ofSubnet subnetId: String) -> RouteTableConfig?
    func internetGateway(_ id: String) -> InternetGatewayConfig?
    func natGateway(_ id: String) -> NATGatewayConfig?
    func peeringConnection(_ id: String) -> PeeringConnectionConfig?
    /// The IPv4 entries of a managed prefix list (empty when it is unknown).
    func prefixListCIDRs(_ id: String) -> [IPv4CIDR]
}

public struct VPCConfig: Codable, Hashable, Sendable {
    public var id: String
    public var cidrs: [IPv4CIDR]
    public init(id: String, cidrs: [IPv4CIDR]) {
        self.id = id
        self.cidrs = cidrs
    }
    public func contains(_ address: IPv4Address) -> Bool { cidrs.contains { $0.contains(address) } }
    public func contains(_ block: IPv4CIDR) -> Bool { cidrs.contains { $0.contains(block) } }
}

public struct SubnetConfig: Codable, Hashable, Sendable {
    public var id: String
    public var vpcId: String
    public var cidr: IPv4CIDR
    public init(id: String, vpcId: String, cidr: IPv4CIDR) {
        self.id = id
        self.vpcId = vpcId
        self.cidr = cidr
    }
}

/// A network interface: an instance's, a NAT gateway's, or one of its own.
public struct InterfaceConfig: Codable, Hashable, Sendable {
    public var id: String
    public var subnetId: String
    public var vpcId: String
    /// The primary private address first.
    public var privateAddresses: [IPv4Address]
    /// Public (auto-assigned or Elastic) addresses by the private address they map to.
    public var publicAddresses: [IPv4Address: IPv4Address]
    public var groupIds: [String]
    public var sourceDestCheck: Bool
    /// The instance it is attached to, and that instance's state (`running`, `stopped`...).
    public var instanceId: String?
    public var instanceState: String?

    public init(id: String, subnetId: String, vpcId: String, privateAddresses: [IPv4Address],
                publicAddresses: [IPv4Address: IPv4Address] = [:], groupIds: [String], sourceDestCheck: Bool = true,
                instanceId: String? = nil, instanceState: String? = nil) {
        self.id = id
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.privateAddresses = privateAddresses
        self.publicAddresses = publicAddresses
        self.groupIds = groupIds
        self.sourceDestCheck = sourceDestCheck
        self.instanceId = instanceId
        self.instanceState = instanceState
    }

    public var primaryAddress: IPv4Address? { privateAddresses.first }
}

public struct SecurityGroupConfig: Codable, Hashable, Sendable {
    public struct Rule: Codable, Hashable, Sendable {
        public enum Peer: Codable, Hashable, Sendable {
            case cidr(IPv4CIDR)
            case prefixList(String)
            case group(String)
            /// An IPv6 block or anything the IPv4 analysis cannot match.
            case other(String)
        }
        public var id: String
        public var isEgress: Bool
        /// nil: all protocols (`-1`).
        public var protocolNumber: Int?
        /// The port range for tcp and udp (nil: all); for ICMP, `from` is the type and `to` the code.
        public var ports: PortRange?
        public var peer: Peer
        /// For ICMP rules: the type and code admitted (-1: any).
        public var icmpType: Int?
        public var icmpCode: Int?
        public init(id: String, isEgress: Bool, protocolNumber: Int?, ports: PortRange?, peer: Peer,
                    icmpType: Int? = nil, icmpCode: Int? = nil) {
            self.id = id
            self.isEgress = isEgress
            self.protocolNumber = protocolNumber
            self.ports = ports
            self.peer = peer
            self.icmpType = icmpType
            self.icmpCode = icmpCode
        }
    }
    public var id: String
    public var vpcId: String
    public var rules: [Rule]
    public init(id: String, vpcId: String, rules: [Rule]) {
        self.id = id
        self.vpcId = vpcId
        self.rules = rules
    }
}

public struct NetworkACLConfig: Codable, Hashable, Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var ruleNumber: Int
        public var isEgress: Bool
        /// nil: all protocols (`-1`).
        public var protocolNumber: Int?
        public var allow: Bool
        /// nil for IPv6 entries, which an IPv4 packet never matches.
        public var cidr: IPv4CIDR?
        /// tcp and udp only; nil: all ports.
        public var ports: PortRange?
        /// For ICMP entries: the type and code (-1: any).
        public var icmpType: Int?
        public var icmpCode: Int?
        public init(ruleNumber: Int, isEgress: Bool, protocolNumber: Int?, allow: Bool, cidr: IPv4CIDR?, ports: PortRange? = nil,
                    icmpType: Int? = nil, icmpCode: Int? = nil) {
            self.ruleNumber = ruleNumber
            self.isEgress = isEgress
            self.protocolNumber = protocolNumber
            self.allow = allow
            self.cidr = cidr
            self.ports = ports
            self.icmpType = icmpType
            self.icmpCode = icmpCode
        }
    }
    public var id: String
    public var vpcId: String
    public var entries: [Entry]
    public init(id: String, vpcId: String, entries: [Entry]) {
        self.id = id
        self.vpcId = vpcId
        self.entries = entries
    }
}

public struct RouteTableConfig: Codable, Hashable, Sendable {
    public enum Target: Codable, Hashable, Sendable {
        case local
        case internetGateway(String)
        case egressOnlyInternetGateway(String)
        case natGateway(String)
        case networkInterface(String)
        case instance(String)
        case peeringConnection(String)
        /// Transit gateways, virtual private gateways and the like: outside what Nimbus models.
        case other(String)

        public var id: String {
            switch self {
            case .local: "local"
            case .internetGateway(let id), .egressOnlyInternetGateway(let id), .natGateway(let id), .networkInterface(let id),
                 .instance(let id), .peeringConnection(let id), .other(let id): id
            }
        }
    }
    public enum Destination: Codable, Hashable, Sendable {
        case cidr(IPv4CIDR)
        case prefixList(String)
        /// IPv6 routes: never chosen for an IPv4 packet.
        case other(String)
    }
    public struct Route: Codable, Hashable, Sendable {
        public var destination: Destination
        public var target: Target
        /// `CreateRouteTable`, `CreateRoute`...
        public var origin: String
        /// False when the target is gone or detached (a blackhole route).
        public var active: Bool
        public init(destination: Destination, target: Target, origin: String = "CreateRoute", active: Bool = true) {
            self.destination = destination
            self.target = target
            self.origin = origin
            self.active = active
        }
    }
    public var id: String
    public var vpcId: String
    public var routes: [Route]
    public init(id: String, vpcId: String, routes: [Route]) {
        self.id = id
        self.vpcId = vpcId
        self.routes = routes
    }
}

public struct InternetGatewayConfig: Codable, Hashable, Sendable {
    public var id: String
    public var attachedVpcId: String?
    public init(id: String, attachedVpcId: String?) {
        self.id = id
        self.attachedVpcId = attachedVpcId
    }
}

public struct NATGatewayConfig: Codable, Hashable, Sendable {
    public var id: String
    public var subnetId: String
    public var vpcId: String
    /// `available`, `pending`, `deleting`, `deleted`, `failed`.
    public var state: String
    /// `public` (translates to its Elastic IP, for the internet) or `private`.
    public var isPublic: Bool
    public var privateAddress: IPv4Address
    public var publicAddress: IPv4Address?
    public var interfaceId: String?
    public init(id: String, subnetId: String, vpcId: String, state: String, isPublic: Bool, privateAddress: IPv4Address,
                publicAddress: IPv4Address?, interfaceId: String? = nil) {
        self.id = id
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.state = state
        self.isPublic = isPublic
        self.privateAddress = privateAddress
        self.publicAddress = publicAddress
        self.interfaceId = interfaceId
    }
}

public struct PeeringConnectionConfig: Codable, Hashable, Sendable {
    public var id: String
    public var requesterVpcId: String
    public var accepterVpcId: String
    /// `active`, `pending-acceptance`, `failed`, `deleted`...
    public var status: String
    public init(id: String, requesterVpcId: String, accepterVpcId: String, status: String) {
        self.id = id
        self.requesterVpcId = requesterVpcId
        self.accepterVpcId = accepterVpcId
        self.status = status
    }

    public func peer(of vpcId: String) -> String? {
        vpcId == requesterVpcId ? accepterVpcId : vpcId == accepterVpcId ? requesterVpcId : nil
    }
}

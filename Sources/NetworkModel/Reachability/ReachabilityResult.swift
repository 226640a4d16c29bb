/// Which way a packet crosses a security group or network ACL.
public enum TrafficDirection: String, Codable, Hashable, Sendable {
    case ingress, egress
}

/// The kinds of component a path passes through or is blocked by.
public enum ComponentKind: String, Codable, Hashable, Sendable {
    case instance, networkInterface, securityGroup, networkACL, routeTable, internetGateway, natGateway
    case peeringConnection, subnet, vpc, address
}

/// One component, named by its ID (an address for `.address`).
public struct ComponentReference: Codable, Hashable, Sendable {
    public var kind: ComponentKind
    public var id: String
    public init(_ kind: ComponentKind, _ id: String) {
        self.kind = kind
        self.id = id
    }
}

/// A security group rule as a hop shows it: the group and the direction the rule governs.
public struct MatchedSecurityGroupRule: Codable, Hashable, Sendable {
    public var groupId: String
    public var direction: TrafficDirection
    public var rule: SecurityGroupConfig.Rule
}

/// One hop of a path: the component, and what in it let the packet through.
public struct PathHop: Codable, Hashable, Sendable {
    public var component: ComponentReference
    public var vpcId: String?
    public var subnetId: String?
    public var securityGroupRule: MatchedSecurityGroupRule?
    public var aclEntry: NetworkACLConfig.Entry?
    public var route: RouteTableConfig.Route?
    /// The packet as it leaves (`outbound`) and arrives at (`inbound`) this hop, where it changes or starts.
    public var outboundHeader: PacketHeader?
    public var inboundHeader: PacketHeader?
    /// For a peering connection: the VPCs on each side.
    public var sourceVpcId: String?
    public var destinationVpcId: String?
    /// For a network interface: the instance or gateway it belongs to.
    public var attachedTo: ComponentReference?

    public init(_ component: ComponentReference, vpcId: String? = nil, subnetId: String? = nil) {
        self.component = component
        self.vpcId = vpcId
        self.subnetId = subnetId
    }
}

/// AWS's explanation codes ("Reachability Analyzer explanation codes").
public enum ExplanationCode: String, Codable, Hashable, Sendable {
    /// The component is not in a functional state (a stopped instance, a NAT gateway that is not available).
    case badState = "BAD_STATE"
    /// The attachment between components is not functional (an internet gateway not attached to the VPC).
    case badStateAttachment = "BAD_STATE_ATTACHMENT"
    /// The route is a blackhole: its target is gone or detached.
    case badStateRoute = "BAD_STATE_ROUTE"
    /// A route's destination does not match the packet's destination address.
    case cannotRoute = "CANNOT_ROUTE"
    /// No security group of the interface has a rule that allows the traffic.
    case securityGroupRulesMismatch = "ENI_SG_RULES_MISMATCH"
    /// The subnet's network ACL does not allow the traffic.
    case subnetACLRestriction = "SUBNET_ACL_RESTRICTION"
    /// The route table has no route for the destination.
    case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
    /// Traffic from the internet is addressed to an interface with no public address.
    case privateAddressForIngress = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    /// Traffic to the internet leaves from a private address that has no public one.
    case publicAddressForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
    /// The interface drops traffic not addressed to it (source/destination check).
    case sourceDestinationCheck = "ENI_SOURCE_DEST_CHECK_RESTRICTION"
    /// Traffic across a peering connection must be addressed to the VPC on the other side.
    case peeringAddressNotInVPC = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
    /// The path does not pass through a component the analysis was told it must (FilterInArns).
    case componentFilterRestriction = "COMPONENT_FILTER_RESTRICTION"
    /// The path passes through a component the analysis was told to leave out (FilterOutArns).
    case componentFilterRemovedComponent = "COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT"
    /// An internet gateway does not carry traffic to private (RFC 1918) addresses.
    case privateDestinationForEgress = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
}

/// Why a path is blocked, with the component and rule that decided and the direction.
public struct Explanation: Codable, Hashable, Sendable {
    public var code: ExplanationCode
    public var direction: TrafficDirection?
    public var component: ComponentReference?
    /// For NO_ROUTE_TO_DESTINATION: where the missing route should lead.
    public var destination: ComponentReference?
    public var vpcId: String?
    public var subnetId: String?
    public var networkInterfaceId: String?
    public var securityGroupIds: [String] = []
    public var aclId: String?
    public var aclEntry: NetworkACLConfig.Entry?
    public var routeTableId: String?
    public var route: RouteTableConfig.Route?
    public var internetGatewayId: String?
    public var natGatewayId: String?
    public var peeringConnectionId: String?
    public var address: IPv4Address?
    public var port: Int?
    public var state: String?
    /// Whether the return path (not the forward one) is blocked here.
    public var onReturnPath = false
    /// What to change, in plain words, for `nimbus reach`.
    public var advice: String

    public init(_ code: ExplanationCode, advice: String) {
        self.code = code
        self.advice = advice
    }
}

public struct ReachabilityResult: Codable, Hashable, Sendable {
    public var pathFound: Bool { explanations.isEmpty }
    public var forwardPath: [PathHop]
    public var returnPath: [PathHop]
    public var explanations: [Explanation]
}

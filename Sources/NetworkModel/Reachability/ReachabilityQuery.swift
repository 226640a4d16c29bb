/// What to analyze: from a source to a destination, one protocol and destination port.
public struct ReachabilityQuery: Codable, Hashable, Sendable {
    public enum Endpoint: Codable, Hashable, Sendable {
        /// A network interface (an instance is given as its interface).
        case interface(String)
        /// The internet, through this gateway.
        case internetGateway(String)
        case natGateway(String)
        case peeringConnection(String)
        /// An address with no component named (the destination of traffic to the internet).
        case address(IPv4Address)
    }

    public var source: Endpoint
    public var destination: Endpoint
    public var trafficProtocol: TrafficProtocol
    /// nil: any port.
    public var destinationPorts: PortRange?
    /// Which of the source's addresses to send from (default: the interface's primary address, or any
    /// internet address for an internet gateway).
    public var sourceAddress: IPv4Address?
    /// Which of the destination's addresses to reach (default: its primary address).
    public var destinationAddress: IPv4Address?
    /// The client ports; return traffic is addressed to them (default: the ephemeral range).
    public var sourcePorts: PortRange?
    /// Components the path must pass through (`FilterInArns`), and components it must not (`FilterOutArns`), by ID.
    public var requiredComponents: [String] = []
    public var excludedComponents: [String] = []

    public init(source: Endpoint, destination: Endpoint, protocol trafficProtocol: TrafficProtocol, destinationPort: Int? = nil,
                sourceAddress: IPv4Address? = nil, destinationAddress: IPv4Address? = nil, sourcePorts: PortRange? = nil) {
        self.source = source
        self.destination = destination
        self.trafficProtocol = trafficProtocol
        self.destinationPorts = destinationPort.map { PortRange($0) }
        self.sourceAddress = sourceAddress
        self.destinationAddress = destinationAddress
        self.sourcePorts = sourcePorts
    }

    public init(source: Endpoint, destination: Endpoint, protocol trafficProtocol: TrafficProtocol, destinationPorts: PortRange?,
                sourceAddress: IPv4Address? = nil, destinationAddress: IPv4Address? = nil, sourcePorts: PortRange? = nil) {
        self.init(source: source, destination: destination, protocol: trafficProtocol, destinationPort: nil,
                  sourceAddress: sourceAddress, destinationAddress: destinationAddress, sourcePorts: sourcePorts)
        self.destinationPorts = destinationPorts
    }
}

/// An analysis that cannot be answered (AWS answers these with a failed analysis and a status message).
public enum ReachabilityError: Error, Hashable, Sendable {
    /// A component the path names or passes through does not exist.
    case missingComponent(String)
    /// An address given for the source or destination is not one of its addresses.
    case addressNotOnComponent(String, IPv4Address)
    /// The path reaches a component Nimbus does not model (a transit gateway, a VPN gateway).
    case unsupportedComponent(String)

    public var message: String {
        switch self {
        case .missingComponent(let id): "The request failed due to missing component \(id)"
        case .addressNotOnComponent(let id, let address): "The address \(address) does not belong to \(id)"
        case .unsupportedComponent(let id): "The network configuration is not supported: \(id)"
        }
    }
}

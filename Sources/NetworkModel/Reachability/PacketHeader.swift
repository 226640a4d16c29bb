/// The protocols an analysis follows. EC2's API offers tcp and udp; the library and `nimbus reach` add icmp.
public enum TrafficProtocol: String, Codable, Hashable, Sendable, CaseIterable {
    case tcp, udp, icmp

    /// The IANA protocol number rules are written with (`6`, `17`, `1`).
    public var number: Int {
        switch self {
        case .tcp: 6
        case .udp: 17
        case .icmp: 1
        }
    }

    public var hasPorts: Bool { self != .icmp }
}

/// An ICMP message's type and code: an analysis of `icmp` follows an echo request (8, 0), answered by an echo
/// reply (0, 0), as `ping` sends them.
public struct ICMPMessage: Codable, Hashable, Sendable {
    public var type: Int
    public var code: Int
    public init(type: Int, code: Int) {
        self.type = type
        self.code = code
    }
    public static let echoRequest = ICMPMessage(type: 8, code: 0)
    public static let echoReply = ICMPMessage(type: 0, code: 0)

    /// The message a rule's type and code admit (-1 or nil: any).
    public func admitted(type ruleType: Int?, code ruleCode: Int?) -> Bool {
        (ruleType == nil || ruleType == -1 || ruleType == type) && (ruleCode == nil || ruleCode == -1 || ruleCode == code)
    }
}

/// An inclusive range of ports.
public struct PortRange: Codable, Hashable, Sendable, CustomStringConvertible {
    public var from: Int
    public var to: Int
    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }
    public init(_ port: Int) { self.init(from: port, to: port) }

    public static let all = PortRange(from: 0, to: 65535)
    /// The client ports the analyzer assumes for return traffic ("Ephemeral ports": 1024-65535 covers
    /// every client operating system's range).
    public static let ephemeral = PortRange(from: 1024, to: 65535)

    public func overlaps(_ other: PortRange) -> Bool { from <= other.to && other.from <= to }
    public func contains(_ other: PortRange) -> Bool { from <= other.from && other.to <= to }
    public func intersection(_ other: PortRange) -> PortRange? {
        overlaps(other) ? PortRange(from: max(from, other.from), to: min(to, other.to)) : nil
    }
    /// What is left of this range once `other` is taken out, when that is one range (nil when it is two).
    public func subtracting(_ other: PortRange) -> PortRange?? {
        guard overlaps(other) else { return .some(self) }
        if other.contains(self) { return .some(nil) }
        if other.from <= from { return .some(PortRange(from: other.to + 1, to: to)) }
        if other.to >= to { return .some(PortRange(from: from, to: other.from - 1)) }
        return nil
    }

    public var description: String { from == to ? "\(from)" : "\(from)-\(to)" }
}

/// What a packet looks like at a hop: its addresses as blocks (a single address is a /32; a source "anywhere
/// on the internet" is a wider block) and its ports as ranges, so a path exists when some packet of the set
/// gets through.
public struct PacketHeader: Codable, Hashable, Sendable {
    public var trafficProtocol: TrafficProtocol
    public var source: IPv4CIDR
    public var destination: IPv4CIDR
    /// nil for icmp.
    public var sourcePorts: PortRange?
    public var destinationPorts: PortRange?
    /// For icmp: the message (nil for tcp and udp).
    public var icmp: ICMPMessage?

    public init(trafficProtocol: TrafficProtocol, source: IPv4CIDR, destination: IPv4CIDR,
                sourcePorts: PortRange?, destinationPorts: PortRange?) {
        self.trafficProtocol = trafficProtocol
        self.source = source
        self.destination = destination
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
        self.icmp = trafficProtocol == .icmp ? .echoRequest : nil
    }

    /// The answer's header: addresses and ports swapped.
    public var reversed: PacketHeader {
        var answer = PacketHeader(trafficProtocol: trafficProtocol, source: destination, destination: source,
                                  sourcePorts: destinationPorts, destinationPorts: sourcePorts)
        if icmp == .echoRequest { answer.icmp = .echoReply } else if icmp == .echoReply { answer.icmp = .echoRequest }
        return answer
    }
}

extension IPv4CIDR {
    /// One address as a block.
    public init(host: IPv4Address) { self.init(network: host, prefixLength: 32)! }

    /// The addresses both blocks hold (blocks either nest or are disjoint).
    public func intersection(_ other: IPv4CIDR) -> IPv4CIDR? {
        contains(other) ? other : other.contains(self) ? self : nil
    }

    /// The single address this block is, when it is a /32.
    public var singleAddress: IPv4Address? { prefixLength == 32 ? network : nil }
}

/// Addresses and blocks are kept as their text (analyses are stored with the state).
protocol TextCodable: Codable {
    init?(parsing text: String)
    var description: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension IPv4Address: TextCodable {
    init?(parsing text: String) { self.init(text) }
}

extension IPv4CIDR: TextCodable {
    init?(parsing text: String) { self.init(text) }
}

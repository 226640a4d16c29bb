import Foundation

public enum ShapeType: String, Sendable {
    case structure, list, map, string, integer, long, float, double, boolean, timestamp, blob
    /// Smithy's untyped JSON (`document: true`); botocore marks it as a structure.
    case document
}

/// Where a REST operation's member travels.
public enum MemberLocation: String, Sendable {
    case uri, querystring, header, headers, statusCode
}

/// A member of a structure, or the element of a list or map, with its serialization traits.
public struct Member: Sendable {
    public let name: String
    public let shapeName: String
    let shapeIndex: Int
    public let location: MemberLocation?
    public let locationName: String?
    /// EC2's own wire name for a member (`queryName`).
    public let queryName: String?
    public let flattened: Bool
    public let xmlAttribute: Bool
    public let xmlNamespaceURI: String?
    public let xmlNamespacePrefix: String?
    public let timestampFormat: String?
    /// A header that carries base64 JSON (`jsonvalue`).
    public let jsonValue: Bool
    public let isEventPayload: Bool
    /// A streaming payload (S3's object bodies): the model marks the member, not its blob shape.
    public let isStreaming: Bool
}

public final class Shape: Sendable {
    public let name: String
    public let type: ShapeType
    /// Structure members in model order.
    public let members: [Member]
    let memberIndex: [String: Int]
    /// Whether any member is an XML attribute (S3's `xsi:type`): most shapes skip looking for them.
    let hasXMLAttributes: Bool
    public let required: Set<String>
    /// A list's element.
    public let element: Member?
    public let mapKey: Member?
    public let mapValue: Member?
    public let enumValues: [String]?
    public let min: Double?
    public let max: Double?
    public let pattern: String?
    public let flattened: Bool
    public let timestampFormat: String?
    /// The member sent as the whole HTTP body in REST protocols.
    public let payload: String?
    public let locationName: String?
    public let xmlNamespaceURI: String?
    /// A namespace prefix the shape declares for its attributes (S3's Grantee: `xsi`).
    public let shapeNamespacePrefix: String?
    public let isException: Bool
    public let errorCode: String
    public let errorStatus: Int?
    public let senderFault: Bool
    public let isStreaming: Bool
    public let isSensitive: Bool
    public let isUnion: Bool
    public let isEventStream: Bool

    init(name: String, raw: RawShape, resolve: (String) -> Int) {
        self.name = name
        let isDocument = raw.document ?? false
        self.type = isDocument ? .document : (ShapeType(rawValue: raw.type) ?? .string)
        let members = (raw.members ?? []).map { Member(raw: $0, name: $0.name ?? "", resolve: resolve) }
        self.members = members
        var index: [String: Int] = [:]
        for (i, member) in members.enumerated() { index[member.name] = i }
        self.memberIndex = index
        self.hasXMLAttributes = members.contains { $0.xmlAttribute }
        self.required = Set(raw.required ?? [])
        self.element = raw.member.map { Member(raw: $0, name: "member", resolve: resolve) }
        self.mapKey = raw.key.map { Member(raw: $0, name: "key", resolve: resolve) }
        self.mapValue = raw.value.map { Member(raw: $0, name: "value", resolve: resolve) }
        self.enumValues = raw.enum
        self.min = raw.min
        self.max = raw.max
        self.pattern = raw.pattern
        self.flattened = raw.flattened ?? false
        self.timestampFormat = raw.timestampFormat
        self.payload = raw.payload
        self.locationName = raw.locationName
        self.xmlNamespaceURI = raw.xmlNamespace?.uri
        self.shapeNamespacePrefix = raw.xmlNamespace?.prefix
        self.isException = raw.exception ?? false
        self.errorCode = raw.error?.code ?? name
        self.errorStatus = raw.error?.httpStatusCode
        self.senderFault = raw.error?.senderFault ?? (raw.fault.map { !$0 } ?? true)
        self.isStreaming = raw.streaming ?? false
        self.isSensitive = raw.sensitive ?? false
        self.isUnion = raw.union ?? false
        self.isEventStream = raw.eventstream ?? false
    }

    public func member(named name: String) -> Member? {
        memberIndex[name].map { members[$0] }
    }

    public var payloadMember: Member? {
        payload.flatMap(member(named:))
    }
}

extension Member {
    init(raw: RawMember, name: String, resolve: (String) -> Int) {
        self.name = name
        self.shapeName = raw.shape
        self.shapeIndex = resolve(raw.shape)
        self.location = raw.location.flatMap(MemberLocation.init(rawValue:))
        self.locationName = raw.locationName
        self.queryName = raw.queryName
        self.flattened = raw.flattened ?? false
        self.xmlAttribute = raw.xmlAttribute ?? false
        self.xmlNamespaceURI = raw.xmlNamespace?.uri
        self.xmlNamespacePrefix = raw.xmlNamespace?.prefix
        self.timestampFormat = raw.timestampFormat
        self.jsonValue = raw.jsonvalue ?? false
        self.isEventPayload = raw.eventpayload ?? false
        self.isStreaming = raw.streaming ?? false
    }
}

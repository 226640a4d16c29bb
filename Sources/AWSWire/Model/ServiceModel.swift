import Foundation

/// One AWS service's API, as botocore describes it: its operations and shapes.
/// Built once per service from the embedded trimmed model and shared, read-only.
public final class ServiceModel: Sendable {
    public let name: String
    public let metadata: ServiceMetadata
    public let operations: [String: OperationModel]
    public let shapes: [Shape]
    let shapeIndex: [String: Int]
    /// Error shapes by their wire code (the `error.code` trait, else the shape name).
    let errorShapes: [String: Shape]

    init(name: String, metadata: ServiceMetadata, operations: [String: OperationModel], shapes: [Shape]) {
        self.name = name
        self.metadata = metadata
        self.operations = operations
        self.shapes = shapes
        var index: [String: Int] = [:]
        var errors: [String: Shape] = [:]
        for (i, shape) in shapes.enumerated() {
            index[shape.name] = i
            if shape.isException {
                errors[shape.errorCode] = shape
                errors[shape.name] = errors[shape.name] ?? shape
            }
        }
        self.shapeIndex = index
        self.errorShapes = errors
    }

    public func shape(named name: String) -> Shape? {
        shapeIndex[name].map { shapes[$0] }
    }

    /// The shape a member refers to. Members are resolved when the model is built, so this cannot fail.
    @inline(__always)
    public func shape(of member: Member) -> Shape {
        shapes[member.shapeIndex]
    }

    public func inputShape(of operation: OperationModel) -> Shape? {
        operation.inputIndex.map { shapes[$0] }
    }

    public func outputShape(of operation: OperationModel) -> Shape? {
        operation.outputIndex.map { shapes[$0] }
    }

    /// The model's HTTP status for an error code, if the service declares that error.
    public func errorShape(code: String) -> Shape? {
        errorShapes[code]
    }
}

public struct ServiceMetadata: Sendable {
    public let apiVersion: String
    public let endpointPrefix: String
    public let signingName: String
    public let wireProtocol: WireProtocol
    public let jsonVersion: String?
    public let targetPrefix: String?
    public let xmlNamespace: String?
    public let serviceId: String
}

/// The five ways AWS services put an operation on the wire.
public enum WireProtocol: String, Sendable {
    case ec2
    case query
    case json
    case restJSON = "rest-json"
    case restXML = "rest-xml"

    public var isREST: Bool { self == .restJSON || self == .restXML }
    public var isXML: Bool { self != .json && self != .restJSON }
}

public final class OperationModel: Sendable {
    public let name: String
    public let httpMethod: String
    public let requestUri: String
    public let responseCode: Int?
    let inputIndex: Int?
    let outputIndex: Int?
    /// The query protocol's result element (`GetCallerIdentityResult`).
    public let resultWrapper: String?
    public let errorNames: [String]
    /// `authtype: none` operations (such as `AssumeRoleWithWebIdentity`) need no signature.
    public let unsigned: Bool
    /// The request must state a digest of its body (`Content-MD5` or a checksum): S3's DeleteObjects and the
    /// bucket configuration writes (`httpChecksum.requestChecksumRequired`).
    public let requestChecksumRequired: Bool
    /// The operation's `x-amz-checksum-*` headers describe its body (`httpChecksum`); elsewhere they are members
    /// of their own (CompleteMultipartUpload's whole-object checksum).
    public let hasRequestChecksum: Bool
    public let template: URITemplate

    init(name: String, httpMethod: String, requestUri: String, responseCode: Int?, inputIndex: Int?, outputIndex: Int?,
         resultWrapper: String?, errorNames: [String], unsigned: Bool, requestChecksumRequired: Bool = false, hasRequestChecksum: Bool = false) {
        self.requestChecksumRequired = requestChecksumRequired
        self.hasRequestChecksum = hasRequestChecksum
        self.name = name
        self.httpMethod = httpMethod
        self.requestUri = requestUri
        self.responseCode = responseCode
        self.inputIndex = inputIndex
        self.outputIndex = outputIndex
        self.resultWrapper = resultWrapper
        self.errorNames = errorNames
        self.unsigned = unsigned
        self.template = URITemplate(requestUri)
    }
}

/// What can go wrong before a handler runs. Each protocol names these differently;
/// `error(in:)` is the one place that knows how (AWS's "Common Errors" pages).
public enum WireFault: Error, Sendable, Equatable {
    case missingAction
    case unknownOperation(String, version: String)
    case notImplemented(service: String, operation: String)
    case missingParameter(String)
    /// EC2 refuses parameters an action does not take.
    case unknownParameter(String)
    /// A member's value cannot be read as its shape's type.
    case invalidValue(member: String, value: String, expected: String)
    /// The model's constraints failed: AWS's "N validation errors detected: ..." text.
    case validation([String])
    case malformedBody(String)
    case payloadTooLarge(limit: Int)
    case missingAuthentication
    case incompleteSignature(String)
    /// A presigned URL's X-Amz-* parameters are malformed (S3: AuthorizationQueryParametersError).
    case malformedPresignedQuery(String)
    case invalidAccessKey
    case signatureMismatch
    case signatureExpired(requestTime: String, serverTime: String)
    case presignExpired
    case expiredToken
    case unknownService

    /// Services whose failed validation answers a code of their own rather than their protocol's: CloudWatch Logs
    /// says `InvalidParameterException` ("1 validation error detected: ...").
    static let validationCodes = ["logs": "InvalidParameterException"]

    /// The error for `service`: the protocol's, with the service's own validation code where it has one.
    public func error(in wireProtocol: WireProtocol, service: String) -> AWSError {
        var error = error(in: wireProtocol)
        if let code = Self.validationCodes[service], error.code == Self.validation([], wireProtocol).code { error.code = code }
        return error
    }

    public func error(in wireProtocol: WireProtocol) -> AWSError {
        switch (self, wireProtocol) {
        case (.missingAction, _):
            return AWSError("MissingAction", "Missing Action")
        case (.unknownOperation(let name, _), .ec2):
            return AWSError("InvalidAction", "The action \(name) is not valid for this web service.")
        case (.unknownOperation(let name, let version), .query):
            return AWSError("InvalidAction", "Could not find operation \(name) for version \(version)")
        case (.unknownOperation(let name, _), .restXML):
            return AWSError("MethodNotAllowed", "The specified method is not allowed against this resource: \(name)", status: 405)
        case (.unknownOperation(let name, _), .restJSON):
            return AWSError("UnknownOperationException", "Unknown operation \(name)", status: 404)
        case (.unknownOperation(let name, _), .json):
            return AWSError("UnknownOperationException", "Unknown operation \(name)")
        case (.notImplemented(let service, let operation), _):
            return AWSError("NotImplemented", "\(service) \(operation) is not implemented in Nimbus yet.", status: 501, senderFault: false)
        case (.unknownParameter(let name), _):
            return AWSError("UnknownParameter", "The parameter \(name) is not recognized")
        case (.missingParameter(let name), .ec2):
            return AWSError("MissingParameter", "The request must contain the parameter \(name)")
        case (.missingParameter(let name), .restXML) where name.contains("."):
            // A member missing inside an XML body: S3 finds the document does not match its schema.
            return AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status: 400)
        case (.missingParameter(let name), .restXML):
            return AWSError("InvalidRequest", "Missing required parameter: \(name)")
        case (.missingParameter(let name), _):
            return Self.validation(["Value null at '\(Self.memberPath(name))' failed to satisfy constraint: Member must not be null"], wireProtocol)
        case (.invalidValue(let member, let value, let expected), .ec2):
            return AWSError("InvalidParameterValue", "Value (\(value)) for parameter \(member) is invalid. Expected \(expected).")
        case (.invalidValue(let member, let value, let expected), .query):
            return AWSError("ValidationError", "Value '\(value)' at '\(Self.memberPath(member))' failed to satisfy constraint: Member must be \(expected)")
        case (.invalidValue(let member, let value, let expected), .restXML):
            return AWSError("InvalidArgument", "Invalid value '\(value)' for \(member): expected \(expected)")
        case (.invalidValue(let member, let value, let expected), _):
            return AWSError("SerializationException", "Cannot deserialize '\(value)' at \(member) as \(expected)")
        case (.validation(let problems), _):
            return Self.validation(problems, wireProtocol)
        case (.malformedBody(let detail), .restXML):
            return AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: \(detail)")
        case (.malformedBody(let detail), .json), (.malformedBody(let detail), .restJSON):
            return AWSError("SerializationException", detail)
        case (.malformedBody(let detail), _):
            return AWSError("MalformedQueryString", detail, status: 404)
        case (.payloadTooLarge(let limit), .restXML):
            return AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", status: 400, fields: [("MaxSizeAllowed", "\(limit)")])
        case (.payloadTooLarge(let limit), .restJSON):
            return AWSError("RequestEntityTooLargeException", "Request must be smaller than \(limit) bytes for this operation", status: 413)
        case (.payloadTooLarge(let limit), _):
            return AWSError("RequestEntityTooLarge", "Request must be smaller than \(limit) bytes", status: 413)
        case (.missingAuthentication, .ec2):
            return AWSError("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", status: 401)
        case (.missingAuthentication, .query):
            return AWSError("MissingAuthenticationToken", "Request is missing Authentication Token", status: 403)
        case (.missingAuthentication, _):
            return AWSError("MissingAuthenticationTokenException", "Missing Authentication Token", status: 403)
        case (.malformedPresignedQuery(let detail), .restXML):
            return AWSError("AuthorizationQueryParametersError", detail, status: 400)
        case (.malformedPresignedQuery(let detail), _):
            return WireFault.incompleteSignature(detail).error(in: wireProtocol)
        case (.incompleteSignature(let detail), .restXML):
            return AWSError("AuthorizationHeaderMalformed", detail, status: 400)
        case (.incompleteSignature(let detail), .json), (.incompleteSignature(let detail), .restJSON):
            return AWSError("IncompleteSignatureException", detail, status: 400)
        case (.incompleteSignature(let detail), _):
            return AWSError("IncompleteSignature", detail, status: 400)
        case (.invalidAccessKey, .ec2):
            return AWSError("AuthFailure", "AWS was not able to validate the provided access credentials", status: 401)
        case (.invalidAccessKey, .query):
            return AWSError("InvalidClientTokenId", "The security token included in the request is invalid.", status: 403)
        case (.invalidAccessKey, .restXML):
            return AWSError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", status: 403)
        case (.invalidAccessKey, .restJSON):
            return AWSError("UnrecognizedClientException", "The security token included in the request is invalid.", status: 403)
        case (.invalidAccessKey, .json):
            return AWSError("UnrecognizedClientException", "The security token included in the request is invalid.", status: 400)
        case (.signatureMismatch, .ec2):
            return AWSError("AuthFailure", "AWS was not able to validate the provided access credentials", status: 401)
        case (.signatureMismatch, .json), (.signatureMismatch, .restJSON):
            return AWSError("InvalidSignatureException", Self.signatureMismatchText, status: wireProtocol == .json ? 400 : 403)
        case (.signatureMismatch, _):
            return AWSError("SignatureDoesNotMatch", Self.signatureMismatchText, status: 403)
        case (.signatureExpired, .ec2):
            return AWSError("RequestExpired", "Request has expired.", status: 400)
        case (.signatureExpired, .restXML):
            return AWSError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", status: 403)
        case (.signatureExpired(let requestTime, let serverTime), .json), (.signatureExpired(let requestTime, let serverTime), .restJSON):
            return AWSError("InvalidSignatureException", Self.skewText(requestTime, serverTime), status: wireProtocol == .json ? 400 : 403)
        case (.signatureExpired(let requestTime, let serverTime), .query):
            return AWSError("SignatureDoesNotMatch", Self.skewText(requestTime, serverTime), status: 403)
        case (.presignExpired, .ec2):
            return AWSError("RequestExpired", "Request has expired.", status: 400)
        case (.presignExpired, .restXML):
            return AWSError("AccessDenied", "Request has expired", status: 403)
        case (.presignExpired, _):
            return AWSError("AccessDeniedException", "Request has expired", status: 403)
        case (.expiredToken, .json):
            return AWSError("ExpiredTokenException", "The security token included in the request is expired", status: 400)
        case (.expiredToken, .restJSON):
            return AWSError("ExpiredTokenException", "The security token included in the request is expired", status: 403)
        case (.expiredToken, .restXML):
            return AWSError("ExpiredToken", "The provided token has expired.", status: 400)
        case (.expiredToken, _):
            return AWSError("ExpiredToken", "The security token included in the request is expired", status: 400)
        case (.unknownService, _):
            return AWSError("UnknownService", "Nimbus could not tell which AWS service this request is for.", status: 400)
        }
    }

    static let signatureMismatchText =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func skewText(_ requestTime: String, _ serverTime: String) -> String {
        "Signature expired: \(requestTime) is now earlier than \(serverTime) (\(serverTime) - 15 min.)"
    }

    /// AWS names members in validation messages in lower camel case (`userName`, `policyDocument`).
    static func memberPath(_ path: String) -> String {
        path.split(separator: ".").map { part in
            guard let first = part.first, first.isUppercase else { return String(part) }
            return first.lowercased() + part.dropFirst()
        }.joined(separator: ".")
    }

    static func validation(_ problems: [String], _ wireProtocol: WireProtocol) -> AWSError {
        let count = problems.count
        let text = "\(count) validation error\(count == 1 ? "" : "s") detected: " + problems.joined(separator: "; ")
        switch wireProtocol {
        case .ec2: return AWSError("InvalidParameterValue", text)
        case .query: return AWSError("ValidationError", text)
        case .restXML: return AWSError("InvalidArgument", text)
        case .json, .restJSON: return AWSError("ValidationException", text)
        }
    }
}

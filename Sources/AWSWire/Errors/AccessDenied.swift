/// Why a request was denied, in the words of AWS's "Access denied error messages" page.
public enum AccessDeniedReason: Sendable, Equatable {
    case noIdentityAllow
    case identityDeny
    case noBoundaryAllow
    case boundaryDeny
    case noSessionAllow
    case sessionDeny
    case noServiceControlAllow
    case serviceControlDeny
    case noResourceAllow
    case resourceDeny

    func phrase(_ action: String) -> String {
        switch self {
        case .noIdentityAllow: return "because no identity-based policy allows the \(action) action"
        case .identityDeny: return "with an explicit deny in an identity-based policy"
        case .noBoundaryAllow: return "because no permissions boundary allows the \(action) action"
        case .boundaryDeny: return "with an explicit deny in a permissions boundary"
        case .noSessionAllow: return "because no session policy allows the \(action) action"
        case .sessionDeny: return "with an explicit deny in a session policy"
        case .noServiceControlAllow: return "because no service control policy allows the \(action) action"
        case .serviceControlDeny: return "with an explicit deny in a service control policy"
        case .noResourceAllow: return "because no resource-based policy allows the \(action) action"
        case .resourceDeny: return "with an explicit deny in a resource-based policy"
        }
    }
}

extension AWSError {
    /// A denial as each protocol's services word it: `AccessDenied` (IAM, STS, S3), `UnauthorizedOperation`
    /// with an encoded message (EC2), `AccessDeniedException` (JSON and REST-JSON services).
    public static func accessDenied(_ wireProtocol: WireProtocol, principalArn: String, action: String, resource: String,
                                    reason: AccessDeniedReason, encodedMessage: String? = nil) -> AWSError {
        let onResource = resource == "*" ? "" : " on resource: \(resource)"
        let sentence = "User: \(principalArn) is not authorized to perform: \(action)\(onResource) \(reason.phrase(action))"
        switch wireProtocol {
        case .ec2:
            let encoded = encodedMessage.map { " Encoded authorization failure message: \($0)" } ?? ""
            return AWSError("UnauthorizedOperation", "You are not authorized to perform this operation. \(sentence).\(encoded)", status: 403)
        case .query, .restXML:
            return AWSError("AccessDenied", sentence, status: 403)
        case .json:
            return AWSError("AccessDeniedException", sentence, status: 400)
        case .restJSON:
            return AWSError("AccessDeniedException", sentence, status: 403)
        }
    }
}

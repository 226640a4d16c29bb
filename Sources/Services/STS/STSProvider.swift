import AWSWire
import NimbusCore
import State

/// AWS Security Token Service: caller identity and temporary credentials.
public struct STSProvider: ServiceProvider {
    public init() {}

    public let serviceName = "sts"
    public var resourceTypes: [any Resource.Type] { [] }

    public var handlers: [String: OperationHandler] {
        [
            "GetCallerIdentity": getCallerIdentity,
            "GetSessionToken": SessionTokens.get,
            "GetAccessKeyInfo": AccessKeyInfo.get,
            "AssumeRole": AssumeRole.assume,
            "GetFederationToken": FederationTokens.get,
            "AssumeRoleWithWebIdentity": WebIdentity.assume,
            "DecodeAuthorizationMessage": AuthorizationMessageDecoding.decode,
        ]
    }

    /// "GetCallerIdentity" (STS API Reference): who the credentials belong to. No permission is needed.
    func getCallerIdentity(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let principal = context.principal
        return ["UserId": .string(principal.userId), "Account": .string(principal.account), "Arn": .string(principal.arn)]
    }
}

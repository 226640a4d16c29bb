import AWSWire
import NimbusCore
import State

/// AWS Security Token Service. GetCallerIdentity for now; AssumeRole and sessions come with IAM enforcement.
public struct STSProvider: ServiceProvider {
    public init() {}

    public let serviceName = "sts"
    public var resourceTypes: [any Resource.Type] { [] }

    public var handlers: [String: OperationHandler] {
        ["GetCallerIdentity": getCallerIdentity]
    }

    /// "GetCallerIdentity" (STS API Reference): who the credentials belong to. No permission is needed.
    func getCallerIdentity(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let principal = context.principal
        return ["UserId": .string(principal.userId), "Account": .string(principal.account), "Arn": .string(principal.arn)]
    }
}

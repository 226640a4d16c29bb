import AWSWire
import NimbusCore

/// STS acts on roles (AssumeRole) and on the calling user (GetFederationToken); the rest on `*`.
extension STSProvider: ResourceNaming {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        if let role = input["RoleArn"]?.string { return [role] }
        return []
    }
}

import AWSWire
import NimbusCore

/// STS acts on roles (AssumeRole) and on the calling user (GetFederationToken); the rest on `*`.
/// "Passing session tags in AWS STS": AssumeRole (and GetFederationToken) with session tags also needs
/// `sts:TagSession`, allowed by the caller's policies and by the role's trust policy.
extension STSProvider: DependentActionNaming {
    public func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        guard operation == "AssumeRole", let role = input["RoleArn"]?.string,
              !(input["Tags"]?.list ?? []).isEmpty || !(input["TransitiveTagKeys"]?.list ?? []).isEmpty else { return [] }
        return [DependentAction(action: "sts:TagSession", resource: role, conditions: [:])]
    }
}

extension STSProvider: ResourceNaming {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        if let role = input["RoleArn"]?.string { return [role] }
        return []
    }
}

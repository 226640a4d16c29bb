import PolicyEngine

extension RoleRecord {
    /// Whether the role's trust policy lets `service` (`lambda.amazonaws.com`, `s3.amazonaws.com`...) assume it: what a
    /// service checks before acting as the role ("Lambda execution role", "Setting up permissions" for replication).
    public func trusts(service: String) -> Bool {
        guard let trust = try? PolicyCache.shared.policy(id: "trust-\(arn)-\(trustPolicy.hashValue)", document: trustPolicy, kind: .trust) else {
            return false
        }
        var policies = PolicySet()
        policies.resourceBased = trust
        let request = AuthorizationRequest(principal: .service(service), action: "sts:AssumeRole", resource: arn, resourceAccount: account,
                                           context: ConditionContext())
        return Evaluator.evaluate(request, policies).isAllowed
    }
}

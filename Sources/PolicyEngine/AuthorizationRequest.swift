/// One authorization question: may this principal perform this action on this resource, in this context?
public struct AuthorizationRequest: Sendable {
    public var principal: PrincipalInfo
    /// `service:Action`, e.g. `s3:GetObject` (matched without regard to case).
    public var action: String
    /// One resource ARN, or `*` for actions without resource-level permissions. Evaluate each resource of
    /// a multi-resource request separately.
    public var resource: String
    /// The account that owns the resource, for the cross-account rule; nil means the principal's own.
    public var resourceAccount: String?
    public var context: ConditionContext

    public init(principal: PrincipalInfo, action: String, resource: String, resourceAccount: String? = nil,
                context: ConditionContext = ConditionContext()) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
    }

    /// Whether the principal's account differs from the resource's ("Cross-account policy evaluation logic").
    public var isCrossAccount: Bool {
        guard let resourceAccount, let account = principal.account else { return false }
        return resourceAccount != account
    }
}

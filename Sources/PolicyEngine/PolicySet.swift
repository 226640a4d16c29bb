/// The policies that bear on one request, compiled.
public struct PolicySet: Sendable {
    /// The principal's identity-based policies (user, its groups, or the role; inline and managed).
    public var identity: [Policy]
    /// The resource's policy (bucket policy, role trust policy, key policy...).
    public var resourceBased: Policy?
    /// The principal's (user's or role's) permissions boundary.
    public var permissionsBoundary: Policy?
    /// Session policies passed when the session was created (inline and managed together).
    public var session: [Policy]
    /// SCPs of the principal's account, one array per level from the root through each OU to the account;
    /// nil when the account is not in an organization or is its management account.
    public var serviceControl: [[Policy]]?
    /// RCPs of the resource's account, by level like SCPs; nil when none apply.
    public var resourceControl: [[Policy]]?
    /// Whether the resource-based policy must itself allow the principal, as role trust policies and KMS key
    /// policies must ("Policy evaluation for requests within a single account"). Nil: only for trust policies.
    public var resourcePolicyMustAllow: Bool?

    public init(identity: [Policy] = [], resourceBased: Policy? = nil, permissionsBoundary: Policy? = nil,
                session: [Policy] = [], serviceControl: [[Policy]]? = nil, resourceControl: [[Policy]]? = nil,
                resourcePolicyMustAllow: Bool? = nil) {
        self.identity = identity
        self.resourceBased = resourceBased
        self.permissionsBoundary = permissionsBoundary
        self.session = session
        self.serviceControl = serviceControl
        self.resourceControl = resourceControl
        self.resourcePolicyMustAllow = resourcePolicyMustAllow
    }
}

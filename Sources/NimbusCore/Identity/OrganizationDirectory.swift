/// What enforcement may ask AWS Organizations, without touching its state: the service control policies
/// that bind the principals of an account ("SCP evaluation").
public protocol OrganizationDirectory: Sendable {
    /// The SCPs of `account`, one array per level: the organization's root first, then each OU on the path
    /// down to the account, then the account itself. Nil when no SCP binds it: the account is in no
    /// organization, is its management account, or the organization has SCPs disabled.
    func serviceControlPolicies(account: String) -> ServiceControlLevels?
    /// The organization `account` belongs to (management account included), for the `aws:PrincipalOrgID`,
    /// `aws:PrincipalOrgPaths`, `aws:ResourceOrgID` and `aws:ResourceOrgPaths` condition keys; nil outside any.
    func membership(account: String) -> OrganizationMembership?
}

/// An account's place in its organization.
public struct OrganizationMembership: Sendable, Hashable {
    public var organizationId: String
    /// The path of the account's parent, as the `aws:*OrgPaths` keys give it: `o-.../r-.../ou-.../`.
    public var path: String

    public init(organizationId: String, path: String) {
        self.organizationId = organizationId
        self.path = path
    }
}

/// The SCPs that bind one account, with the ids AWS reports them under (Simulate*Policy's
/// `OrganizationsDecisionDetail`, access-denied reasons).
public struct ServiceControlLevels: Sendable, Hashable {
    /// One entry per level, root first: the target's id (`r-...`, `ou-...`, the account) and its policies.
    public var levels: [Level]

    public struct Level: Sendable, Hashable {
        public var targetId: String
        public var policies: [NamedPolicyDocument]

        public init(targetId: String, policies: [NamedPolicyDocument]) {
            self.targetId = targetId
            self.policies = policies
        }
    }

    public init(levels: [Level]) {
        self.levels = levels
    }
}

/// No organizations at all (unit tests, tools that build an environment without the Organizations service).
public struct NoOrganizations: OrganizationDirectory {
    public init() {}

    public func serviceControlPolicies(account: String) -> ServiceControlLevels? { nil }

    public func membership(account: String) -> OrganizationMembership? { nil }
}

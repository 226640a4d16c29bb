import Foundation
/// What other services may ask IAM about identities, without touching IAM's state:
/// STS asks for a role to assume; enforcement asks for a principal's policies.
public protocol IdentityDirectory: Sendable {
    /// A role by ARN, in any account.
    func role(arn: String) -> RoleRecord?
    /// The account's OIDC provider for an issuer (`token.actions.githubusercontent.com`, no scheme), if any.
    func openIDConnectProvider(issuer: String, account: String) -> OpenIDConnectProviderRecord?
    /// Records that a session of the role was just made ("RoleLastUsed" in GetRole).
    func noteRoleUsed(arn: String, region: String, at date: Date)
    /// The policies that apply to a principal: identity-based (its own and its groups'), and its permissions boundary.
    func policies(of principal: Principal) -> PrincipalPolicies
    /// A managed policy's default document (AWS managed, or customer managed in `account`).
    func managedPolicy(arn: String, account: String) -> NamedPolicyDocument?
    /// Checks (and uses up) a one-time code from an IAM user's MFA device.
    func verifyMFA(serialNumber: String, code: String, for principal: Principal) -> Bool
    /// An instance profile of `account`, by ARN or by name, with its role (EC2 launches and the metadata service).
    func instanceProfile(arn: String?, name: String?, account: String) -> InstanceProfileRecord?
}

public struct InstanceProfileRecord: Sendable {
    public var arn: String
    public var id: String
    public var name: String
    /// The profile's role (at most one), if it has one.
    public var role: RoleRecord?

    public init(arn: String, id: String, name: String, role: RoleRecord?) {
        self.arn = arn
        self.id = id
        self.name = name
        self.role = role
    }
}

public struct RoleRecord: Sendable {
    public var arn: String
    public var name: String
    public var roleId: String
    public var account: String
    public var trustPolicy: String
    public var maxSessionDuration: Int
    public var tags: [String: String]

    public init(arn: String, name: String, roleId: String, account: String, trustPolicy: String, maxSessionDuration: Int, tags: [String: String]) {
        self.arn = arn
        self.name = name
        self.roleId = roleId
        self.account = account
        self.trustPolicy = trustPolicy
        self.maxSessionDuration = maxSessionDuration
        self.tags = tags
    }
}

/// A policy document with the name it is reported under (an ARN for managed policies, `entity/name` for inline ones).
/// An IAM OIDC identity provider, as STS needs it to accept a web identity token.
public struct OpenIDConnectProviderRecord: Sendable, Hashable {
    public var arn: String
    public var issuer: String
    public var clientIDs: [String]

    public init(arn: String, issuer: String, clientIDs: [String]) {
        self.arn = arn
        self.issuer = issuer
        self.clientIDs = clientIDs
    }
}

public struct NamedPolicyDocument: Sendable, Hashable {
    public var id: String
    public var document: String

    public init(id: String, document: String) {
        self.id = id
        self.document = document
    }
}

public struct PrincipalPolicies: Sendable {
    public var identity: [NamedPolicyDocument]
    public var boundary: NamedPolicyDocument?

    public init(identity: [NamedPolicyDocument] = [], boundary: NamedPolicyDocument? = nil) {
        self.identity = identity
        self.boundary = boundary
    }
}

/// Who made a request, as authentication established it.
public struct Principal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case root
        case user
        case assumedRole
        case federatedUser
        case anonymous
    }

    public var kind: Kind
    public var account: String
    public var arn: String
    /// What `GetCallerIdentity` calls UserId: the account for root, `AIDA...` for users, `AROA...:session` for roles.
    public var userId: String
    /// The IAM user's or role's name (`aws:username` for users).
    public var name: String?
    public var accessKeyId: String?
    public var mfaAuthenticated: Bool
    /// Principal tags: the user's or role's tags, or a session's tags (`aws:PrincipalTag/...`).
    public var tags: [String: String]
    /// For role sessions: the role's ARN, and the session policies that further limit it.
    public var roleArn: String?
    public var sessionPolicies: [String]
    public var sourceIdentity: String?
    /// Session tags that pass to the sessions this one assumes ("Chaining roles with session tags").
    public var transitiveTagKeys: [String]?
    /// For a `GetFederationToken` session: the IAM user who called it (nil when the root user did).
    public var federatingUserName: String?
    /// Whether the request was signed with temporary (STS) credentials.
    public var isSession = false

    public init(kind: Kind, account: String, arn: String, userId: String, name: String? = nil, accessKeyId: String? = nil,
                mfaAuthenticated: Bool = false, tags: [String: String] = [:], roleArn: String? = nil,
                sessionPolicies: [String] = [], sourceIdentity: String? = nil) {
        self.kind = kind
        self.account = account
        self.arn = arn
        self.userId = userId
        self.name = name
        self.accessKeyId = accessKeyId
        self.mfaAuthenticated = mfaAuthenticated
        self.tags = tags
        self.roleArn = roleArn
        self.sessionPolicies = sessionPolicies
        self.sourceIdentity = sourceIdentity
    }

    /// The root user of an account: allowed everything in it (SCPs aside).
    public static func root(account: String, accessKeyId: String? = nil) -> Principal {
        Principal(kind: .root, account: account, arn: "arn:aws:iam::\(account):root", userId: account, accessKeyId: accessKeyId)
    }

    public static let anonymous = Principal(kind: .anonymous, account: "", arn: "*", userId: "anonymous")
}

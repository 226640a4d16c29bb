/// Who makes a request, as evaluation needs to know it ("Policy evaluation logic": the request
/// context's principal; "AWS JSON policy elements: Principal" for the kinds).
public struct PrincipalInfo: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The account's root user: allowed everything in its own account (SCPs and explicit denies aside).
        case root
        /// An IAM user.
        case user
        /// An assumed-role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
        case roleSession
        /// A `GetFederationToken` session (`arn:aws:sts::ACCOUNT:federated-user/NAME`).
        case federatedUser
        /// A web identity or SAML caller of `AssumeRoleWithWebIdentity`/`AssumeRoleWithSAML`, before it is a
        /// role session: matched by `"Federated"` in a trust policy. ``arn`` is the provider.
        case federatedIdentity
        /// An AWS service principal (``arn`` is its name, e.g. `s3.amazonaws.com`).
        case service
        /// An unauthenticated caller.
        case anonymous
    }

    public var kind: Kind
    /// The principal's ARN: user, root, session or federated-user ARN; the service name for a service;
    /// the identity provider for a federated identity; `*` for anonymous.
    public var arn: String
    /// The principal's account (nil for services, federated identities and anonymous callers).
    public var account: String?
    /// `aws:userid`: `AIDA...` for a user, `AROA...:session` for a role session, the account for root,
    /// `ACCOUNT:name` for a federated user.
    public var userId: String?
    /// `aws:username` (IAM users only).
    public var username: String?
    /// For a role session: the role's ARN, with its path (`arn:aws:iam::ACCOUNT:role/path/NAME`).
    public var roleArn: String?
    /// For a federated-user session: the ARN of the IAM user who called `GetFederationToken`.
    public var federatingUserArn: String?
    /// The S3 canonical user ID of the principal's account, for `"CanonicalUser"` principals.
    public var canonicalUserId: String?
    /// Principal tags (with session tags merged in for sessions), read by `aws:PrincipalTag/key`.
    public var tags: [String: String] {
        didSet { lowercasedTags = PrincipalInfo.lowercaseKeys(tags) }
    }
    /// Service-linked roles are not limited by SCPs ("Service control policies (SCPs)").
    public var isServiceLinkedRole: Bool

    private(set) var lowercasedTags: [String: String]

    public init(kind: Kind, arn: String, account: String?, userId: String? = nil, username: String? = nil,
                roleArn: String? = nil, federatingUserArn: String? = nil, canonicalUserId: String? = nil,
                tags: [String: String] = [:], isServiceLinkedRole: Bool = false) {
        self.kind = kind
        self.arn = arn
        self.account = account
        self.userId = userId
        self.username = username
        self.roleArn = roleArn
        self.federatingUserArn = federatingUserArn
        self.canonicalUserId = canonicalUserId
        self.tags = tags
        self.isServiceLinkedRole = isServiceLinkedRole
        lowercasedTags = PrincipalInfo.lowercaseKeys(tags)
    }

    public var isRoot: Bool { kind == .root }

    /// Root, users and sessions: principals with an account and identity-based policies.
    public var isIAMPrincipal: Bool { PrincipalInfo.isIAMPrincipal(kind) }

    static func isIAMPrincipal(_ kind: Kind) -> Bool {
        switch kind {
        case .root, .user, .roleSession, .federatedUser: true
        case .federatedIdentity, .service, .anonymous: false
        }
    }

    public var isSession: Bool { kind == .roleSession || kind == .federatedUser }

    // MARK: Conveniences

    public static func root(account: String) -> PrincipalInfo {
        PrincipalInfo(kind: .root, arn: "arn:aws:iam::\(account):root", account: account, userId: account)
    }

    public static func user(account: String, name: String, path: String = "/", userId: String? = nil,
                            tags: [String: String] = [:]) -> PrincipalInfo {
        PrincipalInfo(kind: .user, arn: "arn:aws:iam::\(account):user\(path)\(name)", account: account, userId: userId,
                      username: name, tags: tags)
    }

    public static func roleSession(account: String, roleName: String, sessionName: String, path: String = "/",
                                   roleId: String? = nil, tags: [String: String] = [:],
                                   isServiceLinkedRole: Bool = false) -> PrincipalInfo {
        PrincipalInfo(kind: .roleSession, arn: "arn:aws:sts::\(account):assumed-role/\(roleName)/\(sessionName)",
                      account: account, userId: roleId.map { "\($0):\(sessionName)" },
                      roleArn: "arn:aws:iam::\(account):role\(path)\(roleName)", tags: tags,
                      isServiceLinkedRole: isServiceLinkedRole)
    }

    public static func federatedUser(account: String, name: String, federatingUserArn: String,
                                     tags: [String: String] = [:]) -> PrincipalInfo {
        PrincipalInfo(kind: .federatedUser, arn: "arn:aws:sts::\(account):federated-user/\(name)", account: account,
                      userId: "\(account):\(name)", federatingUserArn: federatingUserArn, tags: tags)
    }

    public static func service(_ name: String) -> PrincipalInfo {
        PrincipalInfo(kind: .service, arn: name, account: nil)
    }

    public static func federatedIdentity(provider: String) -> PrincipalInfo {
        PrincipalInfo(kind: .federatedIdentity, arn: provider, account: nil)
    }

    public static let anonymous = PrincipalInfo(kind: .anonymous, arn: "*", account: nil)

    // MARK: Context keys

    static func lowercaseKeys(_ tags: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in tags { out[ConditionContext.normalize(key)] = value }
        return out
    }

    /// Global condition keys that follow from the principal ("AWS global condition context keys";
    /// "IAM policy elements: Variables and tags", "Principal key values"), used when the request's
    /// context does not carry the key itself.
    func derivedContextValue(normalizedKey key: String) -> ConditionValue? {
        guard key.utf8.count > 4, key.hasPrefix("aws:") else { return nil }
        switch key {
        case "aws:username":
            return kind == .user ? username.map(ConditionValue.string) : nil
        case "aws:userid":
            return userId.map(ConditionValue.string)
        case "aws:principalarn":
            switch kind {
            case .roleSession: return roleArn.map(ConditionValue.string)
            case .root, .user, .federatedUser: return .string(arn)
            default: return nil
            }
        case "aws:principalaccount":
            return account.map(ConditionValue.string)
        case "aws:principaltype":
            switch kind {
            case .root: return "Account"
            case .user: return "User"
            case .roleSession: return "AssumedRole"
            case .federatedUser: return "FederatedUser"
            case .anonymous: return "Anonymous"
            case .service, .federatedIdentity: return nil
            }
        case "aws:principalisawsservice":
            return .bool(kind == .service)
        case "aws:principalservicename":
            return kind == .service ? .string(arn) : nil
        default:
            let prefix = "aws:principaltag/"
            if key.hasPrefix(prefix) {
                return lowercasedTags[String(key.dropFirst(prefix.count))].map(ConditionValue.string)
            }
            return nil
        }
    }
}

/// How a resource-based policy statement's `Principal` names the requester. The level decides what else
/// must allow the request ("Policy evaluation for requests within a single account", resource-based
/// policies and implicit denies in other policy types).
public enum ResourcePrincipalMatch: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The statement does not name the requester.
    case none = 0
    /// The requester's account (`"123456789012"`, `arn:aws:iam::123456789012:root`, its canonical user):
    /// the account delegates to its own identity-based policies.
    case account = 1
    /// The IAM entity behind a session: the role ARN for a role session, the IAM user's ARN for a
    /// federated-user session. Limited by the entity's permissions boundary and by session policies.
    case entity = 2
    /// The requester itself: the user, the role session, the federated-user session, a service, or `"*"`.
    /// Not limited by implicit denies in identity-based policies, permissions boundaries or session policies.
    case direct = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .account: "account"
        case .entity: "entity"
        case .direct: "direct"
        }
    }
}

/// A `Principal`/`NotPrincipal` element compiled to sets ("AWS JSON policy elements: Principal").
struct CompiledPrincipals: Sendable {
    /// `"Principal": "*"`.
    let everyone: Bool
    /// `"AWS": "*"`: every AWS principal, authenticated or anonymous (not AWS services).
    let anyAWS: Bool
    /// Exact principal ARNs and unique IDs.
    let identities: Set<String>
    /// Accounts named by ID or by `arn:PARTITION:iam::ACCOUNT:root` ("The account ARN and the shortened
    /// account ID behave the same way. Both delegate permissions to the account").
    let accounts: Set<String>
    let services: Set<String>
    let federated: Set<String>
    let canonicalUsers: Set<String>

    init(_ set: PrincipalSet) {
        everyone = set.isWildcard
        var anyAWS = false
        var identities = Set<String>()
        var accounts = Set<String>()
        for value in set.aws {
            if value == "*" {
                anyAWS = true
            } else if value.utf8.count == 12, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                accounts.insert(value)
            } else if value.hasPrefix("arn:"), value.hasSuffix(":root") {
                let parts = value.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count == 6, parts[2] == "iam", parts[5] == "root" {
                    accounts.insert(String(parts[4]))
                } else {
                    identities.insert(value)
                }
            } else {
                identities.insert(value)
            }
        }
        self.anyAWS = anyAWS
        self.identities = identities
        self.accounts = accounts
        services = Set(set.service)
        federated = Set(set.federated)
        canonicalUsers = Set(set.canonicalUser)
    }

    /// How strongly this element names the requester.
    func match(_ principal: PrincipalInfo) -> ResourcePrincipalMatch {
        if everyone { return .direct }
        switch principal.kind {
        case .service:
            return services.contains(principal.arn) ? .direct : .none
        case .federatedIdentity:
            return federated.contains(principal.arn) ? .direct : .none
        case .anonymous:
            return anyAWS ? .direct : .none
        case .root, .user, .roleSession, .federatedUser:
            if anyAWS { return .direct }
            if !identities.isEmpty {
                if identities.contains(principal.arn) { return .direct }
                if let userId = principal.userId, identities.contains(userId) { return .direct }
                switch principal.kind {
                case .roleSession:
                    // "IAM role principals": a role ARN covers the role's sessions, limited by the role's boundary
                    // and session policies. IAM keeps trusted roles by unique ID (AROA...), the session's
                    // user ID prefix.
                    if let roleArn = principal.roleArn, identities.contains(roleArn) { return .entity }
                    if let userId = principal.userId, let colon = userId.firstIndex(of: ":"),
                       identities.contains(String(userId[..<colon])) {
                        return .entity
                    }
                case .federatedUser:
                    if let federating = principal.federatingUserArn, identities.contains(federating) { return .entity }
                default:
                    break
                }
            }
            if let account = principal.account, accounts.contains(account) { return .account }
            if let canonical = principal.canonicalUserId, canonicalUsers.contains(canonical) { return .account }
            return .none
        }
    }

    /// For `NotPrincipal`: whether every identity AWS may check for this requester is listed — the
    /// account, the role behind a session, and the principal itself ("AWS JSON policy elements:
    /// NotPrincipal": "AWS might validate the account first, then the role, and then the assumed-role
    /// user", so each must be named for the requester to be excluded).
    func excludes(_ principal: PrincipalInfo) -> Bool {
        if everyone { return true }
        switch principal.kind {
        case .service:
            return services.contains(principal.arn)
        case .federatedIdentity:
            return federated.contains(principal.arn)
        case .anonymous:
            return anyAWS
        case .root, .user, .roleSession, .federatedUser:
            if anyAWS { return true }
            guard let account = principal.account, accounts.contains(account)
                    || principal.canonicalUserId.map(canonicalUsers.contains) == true else { return false }
            if principal.kind == .root { return true }
            if principal.kind == .roleSession {
                let roleNamed = principal.roleArn.map(identities.contains) == true
                    || principal.userId.flatMap { id in id.firstIndex(of: ":").map { identities.contains(String(id[..<$0])) } } == true
                guard roleNamed else { return false }
            }
            return identities.contains(principal.arn) || principal.userId.map(identities.contains) == true
        }
    }
}

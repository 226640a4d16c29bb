/// The final answer, named as the IAM policy simulator names it (`EvalDecision`).
public enum DecisionEffect: String, Sendable, Hashable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// The kinds of policy that take part in a decision.
public enum PolicyType: String, Sendable, Hashable {
    case identity
    case resourceBased
    case permissionsBoundary
    case session
    case serviceControl
    case resourceControl
}

/// A statement that applied to the request (its action, resource, principal and conditions all matched).
public struct MatchedStatement: Sendable, Hashable, CustomStringConvertible {
    public var policyId: String
    public var policyType: PolicyType
    public var sid: String?
    /// Zero-based position in the policy's `Statement` list.
    public var statementIndex: Int
    public var effect: PolicyEffect
    /// For SCPs and RCPs, the zero-based level (root first) the policy is attached at.
    public var level: Int?
    /// For resource-based policies, how the statement names the requester.
    public var principalMatch: ResourcePrincipalMatch?

    public init(policyId: String, policyType: PolicyType, sid: String?, statementIndex: Int, effect: PolicyEffect,
                level: Int? = nil, principalMatch: ResourcePrincipalMatch? = nil) {
        self.policyId = policyId
        self.policyType = policyType
        self.sid = sid
        self.statementIndex = statementIndex
        self.effect = effect
        self.level = level
        self.principalMatch = principalMatch
    }

    /// "statement 'DenyS3' of policy arn:..." or "statement 2 of policy ...".
    public var description: String {
        let name = sid.flatMap { $0.isEmpty ? nil : "'\($0)'" } ?? "\(statementIndex)"
        return "statement \(name) of \(policyType.phrase) \(policyId)"
    }
}

/// What one kind of policy said about the request.
public enum PolicyTypeOutcome: String, Sendable, Hashable {
    /// No policy of this kind applies (none given, or not to this principal).
    case notApplicable
    /// Not needed for the decision, so not looked at (fast evaluation only).
    case notEvaluated
    case allowed
    case implicitDeny
    case explicitDeny
}

/// Why a request was implicitly denied.
public enum ImplicitDenyReason: Sendable, Hashable {
    /// SCP level `level` (0 = the root) has no statement allowing the request.
    case serviceControlPolicies(level: Int)
    /// RCP level `level` has no statement allowing the request.
    case resourceControlPolicies(level: Int)
    /// A role trust policy (or another policy that must allow itself) does not allow the principal.
    case resourcePolicyRequired
    /// Cross-account: the resource-based policy does not allow the principal (or there is none).
    case crossAccountResourcePolicy
    /// No identity-based statement allows the request.
    case identityPolicies
    /// The permissions boundary does not allow the request.
    case permissionsBoundary
    /// No session policy allows the request.
    case sessionPolicies
    /// A federated-user session without a session policy has no permissions.
    case federatedUserWithoutSessionPolicy
    /// A service, anonymous caller or federated identity needs a resource-based policy that names it.
    case resourcePolicyDoesNotNamePrincipal
}

/// Where the allow came from.
public enum GrantSource: String, Sendable, Hashable {
    /// The root user in its own account.
    case rootUser
    case identityPolicies
    /// A resource-based policy, alone (same account) or with identity policies (cross-account).
    case resourcePolicy
}

/// What each kind of policy contributed.
public struct EvaluationDetail: Sendable, Hashable {
    public var isCrossAccount = false
    public var serviceControl = PolicyTypeOutcome.notApplicable
    public var resourceControl = PolicyTypeOutcome.notApplicable
    public var resourceBased = PolicyTypeOutcome.notApplicable
    /// The strongest way an allowing resource-policy statement named the requester.
    public var resourcePrincipalMatch = ResourcePrincipalMatch.none
    public var identity = PolicyTypeOutcome.notApplicable
    public var permissionsBoundary = PolicyTypeOutcome.notApplicable
    public var session = PolicyTypeOutcome.notApplicable
    public var grantedBy: GrantSource?
    public var implicitDenyReason: ImplicitDenyReason?

    public init() {}
}

/// The evaluator's answer, with its reasons.
public struct Decision: Sendable, Hashable {
    public var effect: DecisionEffect
    /// Statements that applied. With ``EvaluationOptions/collectAllMatches`` every one; otherwise those the
    /// evaluation met on its way (every matching `Deny`, and the first `Allow` of each kind it needed).
    public var matchedStatements: [MatchedStatement]
    /// Condition keys (as the policies write them) that conditions or variables referred to but the request
    /// lacked: the simulator's `MissingContextValues`.
    public var missingContextKeys: [String]
    public var detail: EvaluationDetail
    /// The request evaluated: action and resource, for the reason.
    public var action: String
    public var resource: String

    public var isAllowed: Bool { effect == .allowed }

    /// The statements that decided: the explicit denies, or the allows the grant rests on.
    public var decidingStatements: [MatchedStatement] {
        switch effect {
        case .explicitDeny:
            return matchedStatements.filter { $0.effect == .deny }
        case .allowed:
            switch detail.grantedBy {
            case .resourcePolicy?:
                if detail.isCrossAccount { return matchedStatements.filter { $0.effect == .allow } }
                return matchedStatements.filter { $0.effect == .allow && $0.policyType == .resourceBased }
            case .identityPolicies?:
                return matchedStatements.filter { $0.effect == .allow && $0.policyType != .resourceBased }
            default:
                return matchedStatements.filter { $0.effect == .allow && $0.policyType == .serviceControl }
            }
        case .implicitDeny:
            return []
        }
    }

    /// One sentence saying why, e.g. "Denied by statement 'DenyS3' of identity-based policy arn:...".
    public var reason: String {
        switch effect {
        case .explicitDeny:
            let denies = matchedStatements.filter { $0.effect == .deny }
            guard let first = denies.first else { return "Explicitly denied." }
            let more = denies.count > 1 ? " (and \(denies.count - 1) more)" : ""
            return "Denied by \(first)\(more)."
        case .allowed:
            switch detail.grantedBy {
            case .rootUser?:
                return "Allowed: the root user has full access to its own account."
            case .resourcePolicy?:
                let grants = matchedStatements.filter { $0.effect == .allow && $0.policyType == .resourceBased }
                let via = grants.first.map { " by \($0)" } ?? ""
                if detail.isCrossAccount {
                    let identity = matchedStatements.first { $0.effect == .allow && $0.policyType == .identity }
                    return "Allowed cross-account\(via)" + (identity.map { " together with \($0)" } ?? "") + "."
                }
                return "Allowed\(via)."
            case .identityPolicies?, nil:
                let grant = matchedStatements.first { $0.effect == .allow && $0.policyType == .identity }
                return "Allowed" + (grant.map { " by \($0)" } ?? "") + "."
            }
        case .implicitDeny:
            return "Implicitly denied: " + implicitReasonText + "."
        }
    }

    var implicitReasonText: String {
        switch detail.implicitDenyReason {
        case .serviceControlPolicies(let level)?:
            return "no service control policy at level \(level) allows \(action)"
        case .resourceControlPolicies(let level)?:
            return "no resource control policy at level \(level) allows \(action) on \(resource)"
        case .resourcePolicyRequired?:
            return "the resource-based policy does not allow the principal to perform \(action) on \(resource)"
        case .crossAccountResourcePolicy?:
            return "cross-account access to \(resource) needs a resource-based policy that allows the principal"
        case .identityPolicies?:
            return "no identity-based policy allows \(action) on \(resource)"
        case .permissionsBoundary?:
            return "the permissions boundary does not allow \(action) on \(resource)"
        case .sessionPolicies?:
            return "no session policy allows \(action) on \(resource)"
        case .federatedUserWithoutSessionPolicy?:
            return "a federated-user session without a session policy has no permissions"
        case .resourcePolicyDoesNotNamePrincipal?:
            return "no resource-based policy allows this principal to perform \(action) on \(resource)"
        case nil:
            return "no policy allows \(action) on \(resource)"
        }
    }
}

/// How much to work out.
public struct EvaluationOptions: Sendable, Hashable {
    /// Evaluate every statement of every policy, to report all matches, every outcome and every missing
    /// context key (the policy simulator). Off, evaluation stops as soon as the decision is certain.
    public var collectAllMatches: Bool

    public init(collectAllMatches: Bool = false) {
        self.collectAllMatches = collectAllMatches
    }

    public static let enforcement = EvaluationOptions()
    public static let simulation = EvaluationOptions(collectAllMatches: true)
}

extension PolicyType {
    var phrase: String {
        switch self {
        case .identity: "identity-based policy"
        case .resourceBased: "resource-based policy"
        case .permissionsBoundary: "permissions boundary"
        case .session: "session policy"
        case .serviceControl: "service control policy"
        case .resourceControl: "resource control policy"
        }
    }
}

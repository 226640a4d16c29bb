/// Evaluates requests against policies as AWS documents it ("Policy evaluation logic", "Policy evaluation
/// for requests within a single account", "Cross-account policy evaluation logic", "Permissions boundaries
/// for IAM entities", "Session policies", "SCP evaluation"):
///
/// 1. An explicit `Deny` in any applicable policy — SCPs, RCPs, the resource-based policy, identity-based
///    policies, the permissions boundary, session policies — denies.
/// 2. SCPs (for principals of member accounts, service-linked roles excepted) and RCPs: every level must
///    have an `Allow`, else implicit deny. They never grant.
/// 3. Same account: a resource-based policy that allows the requester *directly* (its user, session or
///    federated-user ARN, a service, `"*"`) allows on its own. One that names the role behind a session
///    (or the IAM user behind a federated session) allows if the permissions boundary and session policies
///    do. One that names only the account defers to the identity-based policies.
/// 4. Otherwise the identity-based policies must allow, then the permissions boundary (if any), then the
///    session policies (if any; a federated-user session needs one).
/// 5. Cross-account: the resource-based policy must allow the principal (at any level) *and* the
///    principal's own account must allow as in 4.
///
/// The root user has full access to its own account; SCPs and explicit denies still apply.
public enum Evaluator {
    public static func evaluate(_ request: AuthorizationRequest, _ policies: PolicySet,
                                options: EvaluationOptions = .enforcement) -> Decision {
        withUnsafePointer(to: request) { pointer in
            var run = EvaluationRun(request: pointer, hasPermissionsBoundary: policies.permissionsBoundary != nil,
                                    collect: options.collectAllMatches)
            return run.evaluate(policies)
        }
    }
}

/// Per-request state while evaluating. The request is borrowed through a pointer (valid for the duration of
/// ``Evaluator/evaluate(_:_:options:)``) so evaluation does not copy the principal or the context.
struct EvaluationEnvironment {
    let request: UnsafePointer<AuthorizationRequest>
    let action: RequestAction
    let hasPermissionsBoundary: Bool
    var missing: [String] = []

    var principal: PrincipalInfo {
        _read { yield request.pointee.principal }
    }

    var context: ConditionContext {
        _read { yield request.pointee.context }
    }

    var resource: String {
        _read { yield request.pointee.resource }
    }

    var resolver: VariableResolver { VariableResolver(request: request) }

    @inline(__always)
    mutating func noteMissing(_ name: String) {
        missing.append(name)
    }

    /// The value of a (lowercased) context key: the request's own, else one derived from the principal.
    @inline(__always)
    func lookup(_ key: String, hash: UInt64) -> ConditionValue? {
        request.pointee.context.lookup(normalizedKey: key, hash: hash, request: request)
    }
}

/// What one policy said.
struct PolicyResult {
    var denied = false
    var allowed = false
    var principalMatch = ResourcePrincipalMatch.none
}

struct EvaluationRun {
    let collect: Bool
    let crossAccount: Bool
    var env: EvaluationEnvironment
    var matches: [MatchedStatement] = []
    var detail = EvaluationDetail()

    init(request: UnsafePointer<AuthorizationRequest>, hasPermissionsBoundary: Bool, collect: Bool) {
        self.collect = collect
        let kind = request.pointee.principal.kind
        let iam = PrincipalInfo.isIAMPrincipal(kind)
        crossAccount = iam && request.pointee.isCrossAccount
        env = EvaluationEnvironment(request: request, action: RequestAction(request.pointee.action),
                                    hasPermissionsBoundary: hasPermissionsBoundary && iam && kind != .root)
    }

    mutating func evaluate(_ policies: PolicySet) -> Decision {
        let kind = env.request.pointee.principal.kind
        let isServiceLinkedRole = env.request.pointee.principal.isServiceLinkedRole
        let iam = PrincipalInfo.isIAMPrincipal(kind)
        let isSession = kind == .roleSession || kind == .federatedUser
        detail.isCrossAccount = crossAccount
        var denied = false

        // SCPs: principals of member accounts, service-linked roles excepted ("SCP evaluation").
        var scpFailedLevel: Int?
        if iam, !isServiceLinkedRole, let levels = policies.serviceControl {
            detail.serviceControl = .notEvaluated
            var levelDenied = false
            for (level, attached) in levels.enumerated() {
                var levelAllowed = false
                for policy in attached {
                    let result = evaluate(policy, type: .serviceControl, level: level, wantAllow: !levelAllowed)
                    levelDenied = levelDenied || result.denied
                    levelAllowed = levelAllowed || result.allowed
                    if levelDenied, !collect { return finishDenied() }
                }
                if !levelAllowed, scpFailedLevel == nil { scpFailedLevel = level }
            }
            denied = denied || levelDenied
            detail.serviceControl = levelDenied ? .explicitDeny : scpFailedLevel != nil ? .implicitDeny : .allowed
        }

        // RCPs: the resource's account.
        var rcpFailedLevel: Int?
        if !isServiceLinkedRole, let levels = policies.resourceControl {
            detail.resourceControl = .notEvaluated
            var levelDenied = false
            for (level, attached) in levels.enumerated() {
                var levelAllowed = false
                for policy in attached {
                    let result = evaluate(policy, type: .resourceControl, level: level, wantAllow: !levelAllowed)
                    levelDenied = levelDenied || result.denied
                    levelAllowed = levelAllowed || result.allowed
                    if levelDenied, !collect { return finishDenied() }
                }
                if !levelAllowed, rcpFailedLevel == nil { rcpFailedLevel = level }
            }
            denied = denied || levelDenied
            detail.resourceControl = levelDenied ? .explicitDeny : rcpFailedLevel != nil ? .implicitDeny : .allowed
        }

        // Once an implicit deny is certain only explicit denies can still change the answer.
        var needAllows = collect || (scpFailedLevel == nil && rcpFailedLevel == nil)

        var resourceMatch = ResourcePrincipalMatch.none
        if let policy = policies.resourceBased {
            let result = evaluate(policy, type: .resourceBased, level: nil, wantAllow: needAllows)
            if result.denied, !collect { return finishDenied() }
            denied = denied || result.denied
            resourceMatch = result.principalMatch
            detail.resourcePrincipalMatch = resourceMatch
            detail.resourceBased = result.denied ? .explicitDeny : result.allowed ? .allowed
                : needAllows ? .implicitDeny : .notEvaluated
        }
        if !collect, crossAccount, resourceMatch == .none { needAllows = false }

        var identityAllowed = false
        var boundaryAllowed = true
        var sessionAllowed = true
        if iam {
            if kind != .root {
                detail.identity = needAllows ? .implicitDeny : .notEvaluated
                var identityDenied = false
                for policy in policies.identity {
                    let result = evaluate(policy, type: .identity, level: nil, wantAllow: needAllows && !identityAllowed)
                    if result.denied, !collect { return finishDenied() }
                    identityDenied = identityDenied || result.denied
                    identityAllowed = identityAllowed || result.allowed
                }
                denied = denied || identityDenied
                if identityDenied {
                    detail.identity = .explicitDeny
                } else if identityAllowed {
                    detail.identity = .allowed
                }
            }
            if let boundary = policies.permissionsBoundary, kind != .root {
                let result = evaluate(boundary, type: .permissionsBoundary, level: nil, wantAllow: needAllows)
                if result.denied, !collect { return finishDenied() }
                denied = denied || result.denied
                boundaryAllowed = result.allowed
                detail.permissionsBoundary = result.denied ? .explicitDeny : result.allowed ? .allowed
                    : needAllows ? .implicitDeny : .notEvaluated
            }
            // Session policies exist only for sessions ("Session policies").
            if isSession, !policies.session.isEmpty {
                sessionAllowed = false
                var sessionDenied = false
                for policy in policies.session {
                    let result = evaluate(policy, type: .session, level: nil, wantAllow: needAllows && !sessionAllowed)
                    if result.denied, !collect { return finishDenied() }
                    sessionDenied = sessionDenied || result.denied
                    sessionAllowed = sessionAllowed || result.allowed
                }
                denied = denied || sessionDenied
                detail.session = sessionDenied ? .explicitDeny : sessionAllowed ? .allowed
                    : needAllows ? .implicitDeny : .notEvaluated
            } else if kind == .federatedUser {
                detail.session = .implicitDeny
            }
        }

        if denied { return finishDenied() }
        if let level = scpFailedLevel { return finishImplicit(.serviceControlPolicies(level: level)) }
        if let level = rcpFailedLevel { return finishImplicit(.resourceControlPolicies(level: level)) }

        guard iam else {
            // Services, anonymous callers and federated identities hold no identity-based policies: only a
            // resource-based policy that names them can allow.
            return resourceMatch > .none ? finishAllowed(.resourcePolicy) : finishImplicit(.resourcePolicyDoesNotNamePrincipal)
        }

        let mustAllow = policies.resourcePolicyMustAllow ?? (policies.resourceBased?.kind == .trust)
        let federatedWithoutSessionPolicy = kind == .federatedUser && policies.session.isEmpty

        // The principal's own account: identity-based policies, then boundary, then session policies.
        func principalSideDenial() -> ImplicitDenyReason? {
            if kind == .root { return nil }
            if !identityAllowed { return .identityPolicies }
            if !boundaryAllowed { return .permissionsBoundary }
            if federatedWithoutSessionPolicy { return .federatedUserWithoutSessionPolicy }
            if !sessionAllowed { return .sessionPolicies }
            return nil
        }

        if crossAccount {
            guard resourceMatch > .none else { return finishImplicit(.crossAccountResourcePolicy) }
            if let reason = principalSideDenial() { return finishImplicit(reason) }
            return finishAllowed(.resourcePolicy)
        }

        if kind == .root {
            if mustAllow, resourceMatch == .none { return finishImplicit(.resourcePolicyRequired) }
            return finishAllowed(.rootUser)
        }
        switch resourceMatch {
        case .direct:
            return finishAllowed(.resourcePolicy)
        case .entity:
            // The role (or federating user) is named: the boundary and session policies still limit it.
            if boundaryAllowed && sessionAllowed { return finishAllowed(.resourcePolicy) }
            return finishImplicit(boundaryAllowed ? .sessionPolicies : .permissionsBoundary)
        case .none where mustAllow:
            return finishImplicit(.resourcePolicyRequired)
        default:
            if let reason = principalSideDenial() { return finishImplicit(reason) }
            return finishAllowed(.identityPolicies)
        }
    }

    /// Evaluates one policy: every statement whose action matches and whose effect is Deny, then (when
    /// wanted) Allow statements until the first that applies (all of them when collecting).
    mutating func evaluate(_ policy: Policy, type: PolicyType, level: Int?, wantAllow: Bool) -> PolicyResult {
        var result = PolicyResult()
        if let index = policy.actionIndex {
            let candidates = index.candidates(env.action)
            if candidates == 0 { return result }
            var denies = candidates & policy.denyMask
            while denies != 0 {
                let position = denies.trailingZeroBitCount
                denies &= denies - 1
                if applies(policy.statements[position], policy: policy, type: type, level: level, result: &result) {
                    result.denied = true
                    if !collect { return result }
                }
            }
            guard wantAllow || collect else { return result }
            var allows = candidates & ~policy.denyMask
            while allows != 0 {
                let position = allows.trailingZeroBitCount
                allows &= allows - 1
                if applies(policy.statements[position], policy: policy, type: type, level: level, result: &result) {
                    result.allowed = true
                    if !collect, type != .resourceBased || result.principalMatch == .direct { return result }
                }
            }
            return result
        }
        // Large policies: linear, denies first.
        for statement in policy.statements where statement.effect == .deny && statement.matchesAction(env.action) {
            if applies(statement, policy: policy, type: type, level: level, result: &result) {
                result.denied = true
                if !collect { return result }
            }
        }
        guard wantAllow || collect else { return result }
        for statement in policy.statements where statement.effect == .allow && statement.matchesAction(env.action) {
            if applies(statement, policy: policy, type: type, level: level, result: &result) {
                result.allowed = true
                if !collect, type != .resourceBased || result.principalMatch == .direct { return result }
            }
        }
        return result
    }

    /// Whether a statement whose action matches applies: resource, principal, conditions. Records it.
    mutating func applies(_ statement: CompiledStatement, policy: Policy, type: PolicyType, level: Int?,
                          result: inout PolicyResult) -> Bool {
        guard statement.matchesResource(&env) else { return false }
        var principalMatch: ResourcePrincipalMatch?
        if let principals = statement.principals {
            if statement.principalNegated {
                // "NotPrincipal ... with a Deny effect will always deny any IAM principal that has a
                // permissions boundary policy attached" ("Permissions boundaries for IAM entities").
                let excluded = principals.excludes(env.principal)
                    && !(statement.effect == .deny && env.hasPermissionsBoundary)
                guard !excluded else { return false }
                principalMatch = .direct
            } else {
                let match = principals.match(env.principal)
                guard match > .none else { return false }
                principalMatch = match
            }
        }
        guard statement.matchesConditions(&env, all: collect) else { return false }
        if statement.effect == .allow, let principalMatch, principalMatch > result.principalMatch {
            result.principalMatch = principalMatch
        }
        matches.append(MatchedStatement(policyId: policy.id, policyType: type, sid: statement.sid,
                                        statementIndex: statement.index, effect: statement.effect, level: level,
                                        principalMatch: type == .resourceBased ? principalMatch : nil))
        return true
    }

    func decision(_ effect: DecisionEffect) -> Decision {
        var missing = env.missing
        if missing.count > 1 {
            var seen = Set<String>()
            missing = missing.filter { seen.insert(ConditionContext.normalize($0)).inserted }
        }
        return Decision(effect: effect, matchedStatements: matches, missingContextKeys: missing, detail: detail,
                        action: env.request.pointee.action, resource: env.request.pointee.resource)
    }

    mutating func finishDenied() -> Decision {
        for statement in matches where statement.effect == .deny {
            switch statement.policyType {
            case .identity: detail.identity = .explicitDeny
            case .resourceBased: detail.resourceBased = .explicitDeny
            case .permissionsBoundary: detail.permissionsBoundary = .explicitDeny
            case .session: detail.session = .explicitDeny
            case .serviceControl: detail.serviceControl = .explicitDeny
            case .resourceControl: detail.resourceControl = .explicitDeny
            }
        }
        return decision(.explicitDeny)
    }

    mutating func finishImplicit(_ reason: ImplicitDenyReason) -> Decision {
        detail.implicitDenyReason = reason
        return decision(.implicitDeny)
    }

    mutating func finishAllowed(_ source: GrantSource) -> Decision {
        detail.grantedBy = source
        return decision(.allowed)
    }
}

import AWSWire
import NimbusCore
import PolicyEngine

/// How one action on one resource is decided for a request's principal, shared by the authorize step and by the
/// questions services ask for work they do as another principal (``AccessChecking``).
extension Authorizer {
    /// What the service says about the resources an operation names: their accounts and their own policies.
    struct ResourceLookups {
        let provider: (any ServiceProvider)?
        let operation: String
        let input: AWSValue
        let context: RequestContext

        /// An account-less ARN (S3's) is owned by whoever the service says; others name their account. Both are
        /// asked per action: S3 decides a copy's read of its source in the source object's owner's context, and the
        /// copy's write in the bucket's, even when the two are the same object.
        func owner(of resource: String, action: String) -> String? {
            (provider as? any ResourceAccountNaming)?.resourceAccount(of: resource, operation: operation, action: action, input: input, context: context)
                ?? Authorizer.account(of: resource)
        }

        func policyDocument(_ resource: String, action: String) -> ResourcePolicyDocument? {
            (provider as? any ResourcePolicyProviding)?.resourcePolicy(operation: operation, action: action, input: input, resource: resource,
                                                                        context: context)
        }

        func resourcePolicy(_ resource: String, action: String) -> Policy? {
            guard let policy = policyDocument(resource, action: action) else { return nil }
            return try? PolicyCache.shared.policy(id: policy.id, document: policy.document, kind: policy.isTrustPolicy ? .trust : .resource)
        }

        func requestConditions() -> [String: String] {
            (provider as? any ConditionKeyProviding)?.conditionKeys(operation: operation, input: input, context: context) ?? [:]
        }
    }

    typealias Decide = (_ action: String, _ resource: String, _ extra: [String: ConditionValue]) -> Decision

    /// The decision of one action on one resource for the context's principal.
    func decider(_ lookups: ResourceLookups) -> Decide {
        let context = lookups.context
        let principal = context.principal
        if principal.kind == .anonymous {
            // An anonymous caller is allowed only by a resource's own policy ("Policy evaluation logic"), with the
            // service's condition keys as for anyone else.
            var conditions = context.conditionContext()
            conditions["aws:PrincipalType"] = .string("Anonymous")
            for (key, value) in lookups.requestConditions() { conditions[key] = .string(value) }
            return { action, resource, extra in
                var set = PolicySet()
                set.resourceBased = lookups.resourcePolicy(resource, action: action)
                var keys = conditions
                for (key, value) in extra { keys[key] = value }
                return Evaluator.evaluate(AuthorizationRequest(principal: .anonymous, action: action, resource: resource, resourceAccount: nil,
                                                               context: keys), set)
            }
        }
        // SCPs bind every principal of a member account, its root user included; never the management account.
        let organization = organizations.entry(of: principal.account, context: context)
        var set = principal.kind == .root ? PolicySet() : principalPolicies.policies(of: principal, context: context)
        set.serviceControl = organization.levels
        set.session = principal.sessionPolicies.enumerated().compactMap { index, document in
            try? PolicyCache.shared.policy(id: "session-policy-\(index + 1)", document: document, kind: .session)
        }
        var conditions = context.conditionContext(input: Self.requestTags(lookups.input))
        for (key, value) in lookups.requestConditions() { conditions[key] = .string(value) }
        // "AWS global condition context keys": the principal's organization, present only when it is in one.
        if let membership = organization.membership {
            conditions["aws:PrincipalOrgID"] = .string(membership.organizationId)
            conditions["aws:PrincipalOrgPaths"] = .list([.string(membership.path)])
        }
        // One action on one resource: the caller's policies with the resource's own, and the resource's
        // organization keys (its account's; a resource named without one is the caller's).
        return { [organizations] action, resource, extra in
            var resourceSet = set
            resourceSet.resourceBased = lookups.resourcePolicy(resource, action: action)
            var keys = conditions
            let resourceAccount = lookups.owner(of: resource, action: action) ?? principal.account
            let resourceMembership = resourceAccount == principal.account ? organization.membership
                : organizations.entry(of: resourceAccount, context: context).membership
            if let resourceMembership {
                keys["aws:ResourceOrgID"] = .string(resourceMembership.organizationId)
                keys["aws:ResourceOrgPaths"] = .list([.string(resourceMembership.path)])
            }
            for (key, value) in extra { keys[key] = value }
            return Evaluator.evaluate(AuthorizationRequest(principal: principal.policyPrincipal, action: action, resource: resource,
                                                           resourceAccount: lookups.owner(of: resource, action: action), context: keys), resourceSet)
        }
    }

    /// The questions decided for the context's principal, each with the service's resource condition keys.
    func answers(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext,
                 provider: (any ServiceProvider)?) -> AccessAnswers {
        let lookups = ResourceLookups(provider: provider, operation: operation, input: input, context: context)
        let decide = decider(lookups)
        var answers = AccessAnswers()
        for question in questions {
            var extra = (provider as? any ResourceConditionProviding)?.conditionKeys(operation: operation, input: input, resource: question.resource,
                                                                                    context: context) ?? [:]
            extra.merge(question.conditions) { $1 }
            let decision = decide(question.action, question.resource, extra.mapValues { .string($0) })
            let key = RequestContext.grantKey(question.action, question.resource)
            if decision.isAllowed { answers.granted.insert(key) }
            if decision.effect == .explicitDeny { answers.explicitlyDenied.insert(key) }
        }
        return answers
    }
}

extension Dispatcher: AccessChecking {
    public func answers(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext) -> AccessAnswers {
        authorizer.answers(questions, service: service, operation: operation, input: input, context: context, provider: providers[service])
    }
}

import AWSWire
import Foundation
import NimbusCore
import PolicyEngine
import Synchronization

/// The authorize step: an operation's IAM action(s) on the resources it names, evaluated with the caller's
/// identity policies, permissions boundary, session policies and the resource's own policy, exactly as the
/// policy engine decides ("Policy evaluation logic"). Denials answer in the service's own words.
struct Authorizer: Sendable {
    let principalPolicies = PrincipalPolicyCache()
    let organizations = AccountOrganizationCache()

    /// What authorization found besides "allowed": the resources denied when the provider answers for each
    /// resource of the operation (``PerResourceAuthorizing``; otherwise the first denial throws), and the
    /// provider's permission questions answered yes (``PermissionQuestioning``), as `action resource`.
    struct Outcome {
        var denied: [String] = []
        var granted: Set<String> = []
    }

    func authorize(service: String, operation: OperationModel, input: AWSValue, context: RequestContext,
                   provider: (any ServiceProvider)?, wireProtocol: WireProtocol) throws(AWSError) -> Outcome {
        let table = ServiceAuthorization.forService(service)
        let mapping = table?.authorization(forOperation: operation.name)
        if mapping?.requiresNoPermission == true || operation.unsigned { return Outcome() }
        let eachResource = (provider as? any PerResourceAuthorizing)?.authorizesEachResource(operation: operation.name) ?? false
        var outcome = Outcome()
        let principal = context.principal
        let operationAction = mapping?.action ?? "\(table?.prefix ?? service):\(operation.name)"
        func action(on resource: String) -> String {
            (provider as? any ActionRefining)?.action(operation: operation.name, input: input, resource: resource, default: operationAction)
                ?? operationAction
        }
        let named = (provider as? any ResourceNaming)?.authorizationResources(operation: operation.name, input: input, context: context) ?? []
        let resources = named.isEmpty ? ["*"] : named
        let dependents = (provider as? any DependentActionNaming)?.dependentActions(operation: operation.name, input: input, context: context) ?? []
        let questions = (provider as? any PermissionQuestioning)?.permissionQuestions(operation: operation.name, input: input, context: context) ?? []
        let lookups = ResourceLookups(provider: provider, operation: operation.name, input: input, context: context)
        if principal.kind != .anonymous {
            // The root user may do anything in its own account, within its organization's SCPs and unless a
            // resource's own policy denies it; with neither in the way, there is nothing to evaluate.
            func ownedAndUnguarded(_ resource: String, _ action: String) -> Bool {
                (lookups.owner(of: resource, action: action) ?? principal.account) == principal.account
                    && lookups.policyDocument(resource, action: action) == nil
            }
            if principal.kind == .root, organizations.entry(of: principal.account, context: context).levels == nil,
               resources.allSatisfy({ ownedAndUnguarded($0, action(on: $0)) }),
               dependents.allSatisfy({ ownedAndUnguarded($0.resource, $0.action) }), questions.allSatisfy({ ownedAndUnguarded($0.resource, $0.action) }) {
                outcome.granted = Set(questions.map { RequestContext.grantKey($0.action, $0.resource) })
                return outcome
            }
        }
        let decide = decider(lookups)
        func strings(_ keys: [String: String]) -> [String: ConditionValue] { keys.mapValues { .string($0) } }
        func resourceKeys(_ resource: String) -> [String: ConditionValue] {
            strings((provider as? any ResourceConditionProviding)?.conditionKeys(operation: operation.name, input: input, resource: resource,
                                                                                 context: context) ?? [:])
        }
        func deny(_ decision: Decision, _ action: String, _ resource: String) -> AWSError {
            AWSError.accessDenied(wireProtocol, principalArn: principal.kind == .anonymous ? "anonymous" : principal.arn, action: action,
                                  resource: resource, reason: Self.reason(decision),
                                  encodedMessage: wireProtocol == .ec2 ? AuthorizationMessages.encode(decision, principal: principal) : nil)
        }
        for resource in resources {
            let resourceAction = action(on: resource)
            let decision = decide(resourceAction, resource, resourceKeys(resource))
            if !decision.isAllowed, eachResource {
                outcome.denied.append(resource)
                continue
            }
            guard decision.isAllowed else { throw deny(decision, resourceAction, resource) }
        }
        // The resource's own policy decides a dependent action too (a role's trust policy must allow
        // sts:TagSession for the session tags AssumeRole passes; a copy's source bucket policy its s3:GetObject).
        for dependent in dependents {
            let decision = decide(dependent.action, dependent.resource, strings(dependent.conditions))
            guard decision.isAllowed else { throw deny(decision, dependent.action, dependent.resource) }
        }
        for question in questions where decide(question.action, question.resource, strings(question.conditions)).isAllowed {
            outcome.granted.insert(RequestContext.grantKey(question.action, question.resource))
        }
        return outcome
    }

    static func account(of resource: String) -> String? {
        guard let arn = ARN(resource), AccountResolver.isAccountId(arn.account) else { return nil }
        return arn.account
    }

    static func reason(_ decision: Decision) -> AccessDeniedReason {
        if decision.effect == .explicitDeny {
            switch decision.decidingStatements.first?.policyType {
            case .permissionsBoundary?: return .boundaryDeny
            case .session?: return .sessionDeny
            case .serviceControl?, .resourceControl?: return .serviceControlDeny
            case .resourceBased?: return .resourceDeny
            default: return .identityDeny
            }
        }
        switch decision.detail.implicitDenyReason {
        case .permissionsBoundary?: return .noBoundaryAllow
        case .sessionPolicies?, .federatedUserWithoutSessionPolicy?: return .noSessionAllow
        case .serviceControlPolicies?, .resourceControlPolicies?: return .noServiceControlAllow
        case .resourcePolicyRequired?, .crossAccountResourcePolicy?, .resourcePolicyDoesNotNamePrincipal?: return .noResourceAllow
        default: return .noIdentityAllow
        }
    }

    /// Tags in the input (`Tags` or EC2's `TagSpecifications`), for `aws:RequestTag/*` and `aws:TagKeys`.
    static func requestTags(_ input: AWSValue) -> AWSValueTags {
        var tags: [(key: String, value: String)] = []
        func collect(_ list: AWSValue?) {
            for tag in list?.list ?? [] {
                if let key = tag["Key"]?.string { tags.append((key, tag["Value"]?.string ?? "")) }
            }
        }
        collect(input["Tags"])
        for spec in input["TagSpecifications"]?.list ?? [] { collect(spec["Tags"]) }
        return tags.isEmpty ? .none : .tags(tags)
    }
}

/// Each principal's compiled identity policies and boundary, kept until the store changes: the same caller
/// asks again and again, and gathering its policies (its own, its groups', the managed ones) is the dearest
/// part of authorizing it. Any committed write invalidates the whole cache (coarse, and always correct).
final class PrincipalPolicyCache: Sendable {
    private struct Entry {
        let revision: UInt64
        let set: PolicySet
    }

    private let entries = Mutex<[String: Entry]>([:])

    func policies(of principal: Principal, context: RequestContext) -> PolicySet {
        let revision = context.store.revision
        // Sessions share their role's policies; a federated user has the policies of whoever federated it.
        let key = switch principal.kind {
        case .assumedRole: principal.roleArn ?? principal.arn
        case .federatedUser: principal.arn + "|" + (principal.federatingUserName ?? "root")
        default: principal.arn
        }
        if let entry = entries.withLock({ $0[key] }), entry.revision == revision { return entry.set }
        let found = context.environment.identities.policies(of: principal)
        var set = PolicySet()
        set.identity = PolicyCache.shared.policies(found.identity, kind: .identity)
        set.permissionsBoundary = found.boundary.flatMap { try? PolicyCache.shared.policy(id: $0.id, document: $0.document, kind: .permissionsBoundary) }
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(revision: revision, set: set)
        }
        return set
    }
}

/// Each account's organization as enforcement needs it, its compiled SCP levels (nil: not bound by SCPs) and its
/// membership (for the `aws:*Org*` condition keys), kept until the store changes, as `PrincipalPolicyCache` keeps
/// identity policies: every request of a member account needs them, and walking the organization's tree and
/// compiling its policies is far dearer than evaluating them.
final class AccountOrganizationCache: Sendable {
    struct Entry: Sendable {
        let revision: UInt64
        let levels: [[Policy]]?
        let membership: OrganizationMembership?
    }

    private let entries = Mutex<[String: Entry]>([:])

    func entry(of account: String, context: RequestContext) -> Entry {
        let revision = context.store.revision
        if let entry = entries.withLock({ $0[account] }), entry.revision == revision { return entry }
        // Read outside any store closure: the directory takes the store's lock itself.
        let directory = context.environment.organizations
        let levels = directory.serviceControlPolicies(account: account)?.levels.map { level in
            PolicyCache.shared.policies(level.policies, kind: .serviceControl)
        }
        let entry = Entry(revision: revision, levels: levels, membership: directory.membership(account: account))
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[account] = entry
        }
        return entry
    }
}

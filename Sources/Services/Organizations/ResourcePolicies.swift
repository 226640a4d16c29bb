import AWSWire
import Foundation
import NimbusCore
import PolicyEngine
import State

/// The organization's resource-based delegation policy, stored under the organization's id: one at most.
struct OrgResourcePolicy: Resource {
    static let kind = "organizations.resourcepolicy"
    var id: String
    var organizationId: String
    var content: String
    var tags: [OrgTag] = []
}

/// PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy ("Delegated administrator for AWS
/// Organizations"): the management account lets member accounts make some Organizations calls, chiefly policy
/// management and reads. A member's call of one of those is let through when the policy allows the caller the
/// action on what it names; the caller's own IAM policies and SCPs were already checked by the authorizer.
enum ResourcePolicies {
    /// The actions a delegation policy can grant ("Delegated administrator for AWS Organizations").
    static let delegableActions: Set<String> = [
        "AttachPolicy", "CreatePolicy", "DeletePolicy", "DetachPolicy", "UpdatePolicy", "EnablePolicyType", "DisablePolicyType",
        "TagResource", "UntagResource", "DescribeAccount", "DescribeCreateAccountStatus", "DescribeEffectivePolicy",
        "DescribeOrganizationalUnit", "DescribePolicy", "DescribeResourcePolicy", "ListAccounts", "ListAccountsForParent",
        "ListAWSServiceAccessForOrganization", "ListChildren", "ListCreateAccountStatus", "ListDelegatedAdministrators",
        "ListDelegatedServicesForAccount", "ListHandshakesForOrganization", "ListOrganizationalUnitsForParent", "ListParents",
        "ListPolicies", "ListPoliciesForTarget", "ListRoots", "ListTagsForResource", "ListTargetsForPolicy",
    ]

    /// Stands for the caller's identity-based side, which the authorizer has already allowed.
    static let identityChecked = try! Policy(json: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                                             id: "organizations-delegation-identity", kind: .identity)

    static func arn(_ policy: OrgResourcePolicy, in organization: Organization) -> String {
        "arn:aws:organizations::\(organization.managementAccount):resourcepolicy/\(organization.id)/\(policy.id)"
    }

    static func output(_ policy: OrgResourcePolicy, in organization: Organization) -> AWSValue {
        ["ResourcePolicySummary": ["Id": .string(policy.id), "Arn": .string(arn(policy, in: organization))], "Content": .string(policy.content)]
    }

    /// A resource-based policy (it names principals) granting only Organizations actions.
    static func validate(_ content: String) throws {
        do throws(PolicyValidationError) {
            _ = try PolicyCache.shared.policy(id: "organizations-resource-policy-validation", document: content, kind: .resource)
        } catch {
            throw OrgErrors.invalidInput("INVALID_RESOURCE_POLICY_JSON", "The resource policy is not valid: \(error.message)")
        }
        let statements: [[String: Any]]
        let object = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any]
        if let list = object?["Statement"] as? [[String: Any]] { statements = list } else { statements = [object?["Statement"] as? [String: Any] ?? [:]] }
        for statement in statements {
            let actions = statement["Action"] as? [String] ?? (statement["Action"] as? String).map { [$0] } ?? []
            guard statement["NotAction"] == nil, actions.allSatisfy({ $0.lowercased().hasPrefix("organizations:") }) else {
                throw OrgErrors.invalidInput("UNSUPPORTED_ACTION_IN_RESOURCE_POLICY", "The resource policy grants an action that can't be delegated.")
            }
        }
    }

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let content = input["Content"]?.string ?? ""
        try validate(content)
        let tags = try OrgTagging.tags(input["Tags"])
        let output = try context.store.write { tx -> AWSValue in
            let organization = try OrgTree.managed(context, tx.view)
            var policy = tx.get(OrgResourcePolicy.self, organization.id, in: OrgTree.partition)
                ?? OrgResourcePolicy(id: "rp-" + context.ids.hex(8), organizationId: organization.id, content: content, tags: tags)
            policy.content = content
            tx.put(policy, id: organization.id, in: OrgTree.partition)
            return self.output(policy, in: organization)
        }
        return ["ResourcePolicy": output]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let output = try context.store.read { view -> AWSValue in
            let organization = try OrgTree.reader(context, view)
            guard let policy = view.get(OrgResourcePolicy.self, organization.id, in: OrgTree.partition) else { throw notFound() }
            return self.output(policy, in: organization)
        }
        return ["ResourcePolicy": output]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard tx.get(OrgResourcePolicy.self, organization.id, in: OrgTree.partition) != nil else { throw notFound() }
            tx.delete(OrgResourcePolicy.self, organization.id, in: OrgTree.partition)
        }
        return [:]
    }

    static func notFound() -> AWSError {
        AWSError("ResourcePolicyNotFoundException", "We can't find a resource policy request with the parameter that you specified.")
    }

    /// A delegable operation: a member account the delegation policy allows runs it as the management account would.
    static func delegable(_ handler: @escaping OperationHandler) -> OperationHandler {
        { input, context in
            guard allows(input, context) else { return try await handler(input, context) }
            return try await OrgTree.$delegatedByPolicy.withValue(true) { try await handler(input, context) }
        }
    }

    /// Whether the delegation policy of the caller's organization allows this call: the caller is a member
    /// account, and the policy allows it the action on each resource the call names (on `*` when it names none).
    static func allows(_ input: AWSValue, _ context: RequestContext) -> Bool {
        guard delegableActions.contains(context.operation) else { return false }
        let found = context.store.read { view -> (Organization, OrgResourcePolicy, [String])? in
            guard let organization = OrgTree.organization(of: context.account, view), organization.managementAccount != context.account,
                  let policy = view.get(OrgResourcePolicy.self, organization.id, in: OrgTree.partition) else { return nil }
            return (organization, policy, OrganizationsProvider.resourceArns(operation: context.operation, input: input, in: organization, view))
        }
        guard let (organization, stored, arns) = found,
              let policy = try? PolicyCache.shared.policy(id: arn(stored, in: organization), document: stored.content, kind: .resource) else {
            return false
        }
        // Asked outside the read above: the condition keys read the store themselves.
        var conditions = context.conditionContext()
        for (key, value) in OrganizationsProvider().conditionKeys(operation: context.operation, input: input, context: context) {
            conditions[key] = .string(value)
        }
        let set = PolicySet(identity: [identityChecked], resourceBased: policy)
        for resource in arns.isEmpty ? ["*"] : arns {
            let request = AuthorizationRequest(principal: context.principal.policyPrincipal, action: "organizations:\(context.operation)",
                                               resource: resource, resourceAccount: organization.managementAccount, context: conditions)
            guard Evaluator.evaluate(request, set).isAllowed else { return false }
        }
        return true
    }
}

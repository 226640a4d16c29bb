import AWSWire
import NimbusCore
import State

/// What Organizations' operations act on, for IAM policies and SCPs that name Organizations resources ("Actions,
/// resources, and condition keys for AWS Organizations": AttachPolicy acts on the policy and the target, MoveAccount
/// on the account and both parents...), and its condition keys `organizations:PolicyType` and
/// `organizations:ServicePrincipal`. Ids that name nothing of the caller's organization are left out (the
/// handler answers them); an operation that names nothing, or a call from a member account, is checked on `*`.
extension OrganizationsProvider: ResourceNaming, ConditionKeyProviding {
    /// Input members that name a resource, by operation.
    static let resourceMembers: [String: [String]] = [
        "AttachPolicy": ["PolicyId", "TargetId"], "DetachPolicy": ["PolicyId", "TargetId"],
        "UpdatePolicy": ["PolicyId"], "DeletePolicy": ["PolicyId"], "DescribePolicy": ["PolicyId"], "ListTargetsForPolicy": ["PolicyId"],
        "ListPoliciesForTarget": ["TargetId"],
        "CreateOrganizationalUnit": ["ParentId"], "ListChildren": ["ParentId"], "ListAccountsForParent": ["ParentId"],
        "ListOrganizationalUnitsForParent": ["ParentId"], "ListParents": ["ChildId"],
        "UpdateOrganizationalUnit": ["OrganizationalUnitId"], "DeleteOrganizationalUnit": ["OrganizationalUnitId"],
        "DescribeOrganizationalUnit": ["OrganizationalUnitId"],
        "MoveAccount": ["AccountId", "SourceParentId", "DestinationParentId"], "DescribeAccount": ["AccountId"],
        "RemoveAccountFromOrganization": ["AccountId"], "CloseAccount": ["AccountId"],
        "RegisterDelegatedAdministrator": ["AccountId"], "DeregisterDelegatedAdministrator": ["AccountId"],
        "EnablePolicyType": ["RootId"], "DisablePolicyType": ["RootId"],
        "TagResource": ["ResourceId"], "UntagResource": ["ResourceId"], "ListTagsForResource": ["ResourceId"],
    ]

    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        guard let members = Self.resourceMembers[operation] else { return [] }
        let ids = members.compactMap { input[$0]?.string }
        guard !ids.isEmpty else { return [] }
        return context.store.read { view -> [String] in
            // Only for the management account's own principals: Organizations' resources live in its account, and
            // naming them to a member (a delegated administrator) would make every call look cross-account.
            guard let organization = OrgTree.organization(of: context.account, view),
                  organization.managementAccount == context.account else { return [] }
            return Self.arns(ids, in: organization, view)
        }
    }

    /// The ARNs of the ids an operation names (ids that name nothing are left out).
    static func resourceArns(operation: String, input: AWSValue, in organization: Organization, _ view: StoreView) -> [String] {
        arns((resourceMembers[operation] ?? []).compactMap { input[$0]?.string }, in: organization, view)
    }

    static func arns(_ ids: [String], in organization: Organization, _ view: StoreView) -> [String] {
        ids.compactMap { id in
            if id == organization.rootId { return organization.rootArn }
            if OrgTree.isOUId(id) { return OrgTree.ouArn(id, in: organization) }
            if OrgTree.isAccountId(id) { return OrgTree.accountArn(id, in: organization) }
            if let policy = OrgPolicies.policy(id, in: organization, view) { return OrgPolicyTypes.arn(policy, in: organization) }
            return nil
        }
    }

    public func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String] {
        var keys: [String: String] = [:]
        if let service = input["ServicePrincipal"]?.string { keys["organizations:ServicePrincipal"] = service }
        if let type = input["Type"]?.string ?? input["PolicyType"]?.string ?? input["Filter"]?.string {
            keys["organizations:PolicyType"] = type
        } else if let policyId = input["PolicyId"]?.string {
            let type = context.store.read { view -> String? in
                guard let organization = OrgTree.organization(of: context.account, view) else { return nil }
                return OrgPolicies.policy(policyId, in: organization, view)?.type
            }
            if let type { keys["organizations:PolicyType"] = type }
        }
        return keys
    }
}

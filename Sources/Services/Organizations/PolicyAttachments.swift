import AWSWire
import Foundation
import NimbusCore
import State

/// AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy ("Attaching and detaching
/// organization policies"). A target is the root, an OU or an account; each keeps the ids attached to it.
enum PolicyAttachments {
    enum Target {
        case root
        case ou(OrgUnit)
        case account(OrgAccount)
    }

    static func checkTargetId(_ id: String) throws {
        guard OrgTree.isRootId(id) || OrgTree.isOUId(id) || OrgTree.isAccountId(id) else {
            throw OrgErrors.badId("TargetId", "^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$")
        }
    }

    static func target(_ id: String, in organization: Organization, _ view: StoreView) throws -> Target {
        if id == organization.rootId { return .root }
        if let ou = OrgTree.ou(id, in: organization, view) { return .ou(ou) }
        if let account = OrgTree.account(id, in: organization, view) { return .account(account) }
        throw OrgErrors.targetNotFound()
    }

    static func policies(of target: Target, _ organization: Organization) -> [String] {
        switch target {
        case .root: organization.rootPolicies
        case .ou(let ou): ou.policies
        case .account(let account): account.policies
        }
    }

    /// Changes the policy list of one target and stores it.
    static func update(_ target: Target, _ organization: Organization, _ tx: inout StoreTransaction, _ change: (inout [String]) -> Void) {
        switch target {
        case .root:
            var organization = organization
            change(&organization.rootPolicies)
            tx.put(organization, id: organization.id, in: OrgTree.partition)
        case .ou(var ou):
            change(&ou.policies)
            tx.put(ou, id: ou.id, in: OrgTree.partition)
        case .account(var account):
            change(&account.policies)
            tx.put(account, id: account.id, in: OrgTree.partition)
        }
    }

    /// Every target a policy is attached to, root first, then OUs, then accounts.
    static func targets(of policyId: String, in organization: Organization, _ view: StoreView) -> [AWSValue] {
        var rows: [AWSValue] = []
        if organization.rootPolicies.contains(policyId) {
            rows.append(["TargetId": .string(organization.rootId), "Arn": .string(organization.rootArn), "Name": "Root", "Type": "ROOT"])
        }
        for ou in OrgTree.ous(of: organization, view) where ou.policies.contains(policyId) {
            rows.append(["TargetId": .string(ou.id), "Arn": .string(OrgTree.ouArn(ou.id, in: organization)), "Name": .string(ou.name),
                         "Type": "ORGANIZATIONAL_UNIT"])
        }
        for account in OrgTree.accounts(of: organization, view) where account.policies.contains(policyId) {
            rows.append(["TargetId": .string(account.id), "Arn": .string(OrgTree.accountArn(account.id, in: organization)),
                         "Name": .string(account.name), "Type": "ACCOUNT"])
        }
        return rows
    }

    private static func ids(_ input: AWSValue) throws -> (policy: String, target: String) {
        let policyId = input["PolicyId"]?.string ?? ""
        let targetId = input["TargetId"]?.string ?? ""
        try OrgTree.checkPolicyId(policyId)
        try checkTargetId(targetId)
        return (policyId, targetId)
    }

    static func attach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (policyId, targetId) = try ids(input)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard let policy = OrgPolicies.policy(policyId, in: organization, tx.view) else { throw OrgErrors.policyNotFound() }
            let target = try target(targetId, in: organization, tx.view)
            guard organization.enabledPolicyTypes.contains(policy.type) else { throw OrgErrors.policyTypeNotEnabled() }
            let attached = policies(of: target, organization)
            guard !attached.contains(policyId) else {
                throw AWSError("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.")
            }
            let sameType = attached.filter { OrgPolicies.policy($0, in: organization, tx.view)?.type == policy.type }
            guard sameType.count < OrgPolicyTypes.maxAttachedPerTarget else {
                throw OrgErrors.constraint("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                                           "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.")
            }
            update(target, organization, &tx) { $0.append(policyId) }
        }
        return [:]
    }

    /// "DetachPolicy": every root, OU and account must keep at least one SCP while SCPs are enabled.
    static func detach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (policyId, targetId) = try ids(input)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard let policy = OrgPolicies.policy(policyId, in: organization, tx.view) else { throw OrgErrors.policyNotFound() }
            let target = try target(targetId, in: organization, tx.view)
            let attached = policies(of: target, organization)
            guard attached.contains(policyId) else {
                throw AWSError("PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root.")
            }
            if policy.type == OrgPolicyTypes.serviceControl {
                let scps = attached.filter { OrgPolicies.policy($0, in: organization, tx.view)?.type == OrgPolicyTypes.serviceControl }
                guard scps.count > 1 else {
                    throw OrgErrors.constraint("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                                               "You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.")
                }
            }
            update(target, organization, &tx) { $0.removeAll { $0 == policyId } }
        }
        return [:]
    }

    static func listForTarget(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let targetId = input["TargetId"]?.string ?? ""
        let type = input["Filter"]?.string ?? ""
        try checkTargetId(targetId)
        try OrgPolicies.checkType(type)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            let target = try target(targetId, in: organization, view)
            return policies(of: target, organization).compactMap { OrgPolicies.policy($0, in: organization, view) }
                .filter { $0.type == type }.map { OrgPolicies.summary($0, in: organization) }
        }
        return try OrgTree.page("Policies", rows, input)
    }

    static func listTargets(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let policyId = input["PolicyId"]?.string ?? ""
        try OrgTree.checkPolicyId(policyId)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            guard OrgPolicies.policy(policyId, in: organization, view) != nil else { throw OrgErrors.policyNotFound() }
            return targets(of: policyId, in: organization, view)
        }
        return try OrgTree.page("Targets", rows, input)
    }
}

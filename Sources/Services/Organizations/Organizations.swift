import AWSWire
import Foundation
import NimbusCore
import State

/// CreateOrganization, DescribeOrganization, DeleteOrganization, LeaveOrganization, ListRoots,
/// EnablePolicyType, DisablePolicyType ("AWS Organizations API Reference").
enum Organizations {
    static let featureSets: Set<String> = ["ALL", "CONSOLIDATED_BILLING"]

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let featureSet = input["FeatureSet"]?.string ?? "ALL"
        guard featureSets.contains(featureSet) else {
            throw OrgErrors.invalidInput("INVALID_ENUM", "You specified an invalid value for FeatureSet.")
        }
        let organization = try context.store.write { tx in
            guard OrgTree.organization(of: context.account, tx.view) == nil else { throw OrgErrors.alreadyInOrganization() }
            // Only an account's own identities can make it a management account; the root user or an IAM
            // principal with organizations:CreateOrganization (the authorizer checked that).
                        let organization = Organization(
                id: OrgTree.freshId("o-", digits: 10, unusedBy: Organization.self, context, tx.view), featureSet: featureSet, managementAccount: context.account,
                managementEmail: "\(context.account)@nimbus.local", rootId: "r-" + context.ids.hex(4), created: context.now)
            tx.put(organization, id: organization.id, in: OrgTree.partition)
            // The management account is an account of the organization, directly under the root.
            let member = OrgAccount(id: context.account, organizationId: organization.id, name: "Management",
                                    email: organization.managementEmail, parentId: organization.rootId,
                                    joinedMethod: "CREATED", joined: context.now)
            tx.put(member, id: member.id, in: OrgTree.partition)
            return organization
        }
        return ["Organization": OrgTree.organizationOutput(organization)]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let organization = try context.store.read { try OrgTree.member(context, $0) }
        return ["Organization": OrgTree.organizationOutput(organization)]
    }

    /// "DeleteOrganization": only when the management account is the last account; OUs and policies go with it.
    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            let accounts = OrgTree.accounts(of: organization, tx.view)
            guard accounts.allSatisfy({ $0.id == organization.managementAccount }) else {
                throw AWSError("OrganizationNotEmptyException",
                               "The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.")
            }
            for account in accounts { tx.delete(OrgAccount.self, account.id, in: OrgTree.partition) }
            for ou in OrgTree.ous(of: organization, tx.view) { tx.delete(OrgUnit.self, ou.id, in: OrgTree.partition) }
            for policy in tx.all(OrgPolicy.self, in: OrgTree.partition).values where policy.organizationId == organization.id {
                tx.delete(OrgPolicy.self, policy.id, in: OrgTree.partition)
            }
            for handshake in tx.all(OrgHandshake.self, in: OrgTree.partition).values where handshake.organizationId == organization.id {
                tx.delete(OrgHandshake.self, handshake.id, in: OrgTree.partition)
            }
            for status in tx.all(OrgCreateAccountStatus.self, in: OrgTree.partition).values where status.organizationId == organization.id {
                tx.delete(OrgCreateAccountStatus.self, status.id, in: OrgTree.partition)
            }
            if tx.get(OrgResourcePolicy.self, organization.id, in: OrgTree.partition) != nil {
                tx.delete(OrgResourcePolicy.self, organization.id, in: OrgTree.partition)
            }
            for access in tx.all(OrgServiceAccess.self, in: OrgTree.partition).values where access.organizationId == organization.id {
                tx.delete(OrgServiceAccess.self, OrgServiceAccess.key(organization.id, access.servicePrincipal), in: OrgTree.partition)
            }
            for admin in tx.all(OrgDelegatedAdministrator.self, in: OrgTree.partition).values where admin.organizationId == organization.id {
                tx.delete(OrgDelegatedAdministrator.self, admin.key, in: OrgTree.partition)
            }
            tx.delete(Organization.self, organization.id, in: OrgTree.partition)
        }
        return [:]
    }

    /// "LeaveOrganization": a member account leaves; the management account can't.
    static func leave(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try context.store.write { tx in
            let organization = try OrgTree.member(context, tx.view)
            guard organization.managementAccount != context.account else {
                throw AWSError("MasterCannotLeaveOrganizationException",
                               "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.")
            }
            try Accounts.removeMembership(context.account, organization, &tx)
        }
        return [:]
    }

    static func listRoots(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let organization = try context.store.read { try OrgTree.reader(context, $0) }
        return try OrgTree.page("Roots", [OrgTree.rootOutput(organization)], input)
    }

    /// "EnablePolicyType": SCPs need all features; once enabled, FullAWSAccess is attached to the root and to
    /// every OU and account, so nothing is denied until someone narrows it ("Enabling a policy type").
    static func enablePolicyType(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let rootId = input["RootId"]?.string ?? ""
        let type = input["PolicyType"]?.string ?? ""
        let organization = try context.store.write { tx in
            var organization = try root(rootId, type: type, context, tx.view)
            guard organization.featureSet == "ALL" else { throw OrgErrors.policyTypeNotAvailable() }
            guard !organization.enabledPolicyTypes.contains(type) else {
                throw AWSError("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled in the specified root.")
            }
            organization.enabledPolicyTypes.append(type)
            if type == OrgPolicyTypes.serviceControl {
                let full = OrgPolicyTypes.fullAWSAccessId
                if !organization.rootPolicies.contains(full) { organization.rootPolicies.append(full) }
                for var ou in OrgTree.ous(of: organization, tx.view) where !ou.policies.contains(full) {
                    ou.policies.append(full)
                    tx.put(ou, id: ou.id, in: OrgTree.partition)
                }
                for var account in OrgTree.accounts(of: organization, tx.view) where !account.policies.contains(full) {
                    account.policies.append(full)
                    tx.put(account, id: account.id, in: OrgTree.partition)
                }
            }
            tx.put(organization, id: organization.id, in: OrgTree.partition)
            return organization
        }
        return ["Root": OrgTree.rootOutput(organization)]
    }

    /// "DisablePolicyType": every policy of that type is detached from every root, OU and account.
    static func disablePolicyType(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let rootId = input["RootId"]?.string ?? ""
        let type = input["PolicyType"]?.string ?? ""
        let organization = try context.store.write { tx in
            var organization = try root(rootId, type: type, context, tx.view)
            guard organization.enabledPolicyTypes.contains(type) else { throw OrgErrors.policyTypeNotEnabled() }
            organization.enabledPolicyTypes.removeAll { $0 == type }
            var idsOfType = Set(tx.all(OrgPolicy.self, in: OrgTree.partition).values
                .filter { $0.organizationId == organization.id && $0.type == type }.map(\.id))
            if type == OrgPolicyTypes.serviceControl { idsOfType.insert(OrgPolicyTypes.fullAWSAccessId) }
            let ofType = { (id: String) -> Bool in idsOfType.contains(id) }
            organization.rootPolicies.removeAll(where: ofType)
            for var ou in OrgTree.ous(of: organization, tx.view) where ou.policies.contains(where: ofType) {
                ou.policies.removeAll(where: ofType)
                tx.put(ou, id: ou.id, in: OrgTree.partition)
            }
            for var account in OrgTree.accounts(of: organization, tx.view) where account.policies.contains(where: ofType) {
                account.policies.removeAll(where: ofType)
                tx.put(account, id: account.id, in: OrgTree.partition)
            }
            tx.put(organization, id: organization.id, in: OrgTree.partition)
            return organization
        }
        return ["Root": OrgTree.rootOutput(organization)]
    }

    private static func root(_ rootId: String, type: String, _ context: RequestContext, _ view: StoreView) throws -> Organization {
        guard OrgTree.isRootId(rootId) else { throw OrgErrors.badId("RootId", "^r-[0-9a-z]{4,32}$") }
        let organization = try OrgTree.managed(context, view)
        guard organization.rootId == rootId else { throw OrgErrors.rootNotFound() }
        guard OrgPolicyTypes.supported.contains(type) else {
            throw OrgErrors.invalidInput("INVALID_ENUM_POLICY_TYPE", "You specified a policy type that isn't supported by Nimbus: \(type).")
        }
        return organization
    }
}

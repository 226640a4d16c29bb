import NimbusCore
import State

/// Organizations' side of `OrganizationDirectory`: the SCPs that bind an account, read from the tree.
public struct OrganizationsDirectory: OrganizationDirectory {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// "SCP evaluation": the root's SCPs, each OU's on the way down, then the account's own. The management
    /// account is never bound, and nothing is while SCPs are disabled in the root.
    public func serviceControlPolicies(account: String) -> ServiceControlLevels? {
        store.read { view -> ServiceControlLevels? in
            guard let member = view.get(OrgAccount.self, account, in: OrgTree.partition),
                  let organization = view.get(Organization.self, member.organizationId, in: OrgTree.partition),
                  organization.managementAccount != account else { return nil }
            // A closed (suspended) account can do nothing: one level with no allow denies every action.
            if member.closed != nil { return ServiceControlLevels(levels: [.init(targetId: account, policies: [])]) }
            guard organization.scpsEnabled else { return nil }
            func documents(_ ids: [String]) -> [NamedPolicyDocument] {
                ids.compactMap { id in
                    guard let policy = OrgPolicies.policy(id, in: organization, view), policy.type == OrgPolicyTypes.serviceControl else { return nil }
                    return NamedPolicyDocument(id: OrgPolicyTypes.arn(policy, in: organization), document: policy.content)
                }
            }
            var levels: [ServiceControlLevels.Level] = []
            for id in OrgTree.path(to: member.parentId, in: organization, view) {
                let attached = id == organization.rootId ? organization.rootPolicies : OrgTree.ou(id, in: organization, view)?.policies ?? []
                levels.append(.init(targetId: id, policies: documents(attached)))
            }
            levels.append(.init(targetId: account, policies: documents(member.policies)))
            return ServiceControlLevels(levels: levels)
        }
    }

    public func membership(account: String) -> OrganizationMembership? {
        store.read { view -> OrganizationMembership? in
            guard let member = view.get(OrgAccount.self, account, in: OrgTree.partition),
                  let organization = view.get(Organization.self, member.organizationId, in: OrgTree.partition) else { return nil }
            return OrganizationMembership(organizationId: organization.id,
                                          path: OrgTree.pathText(OrgTree.path(to: member.parentId, in: organization, view), in: organization))
        }
    }
}

import Foundation
import NimbusCore
import State

/// IAM's side of `IdentityDirectory`: roles and the policies of users and role sessions, read from IAM's state.
public struct IAMDirectory: IdentityDirectory {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func role(arn: String) -> RoleRecord? {
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/") else { return nil }
        let name = String(parsed.resource.split(separator: "/").last ?? "")
        let role = store.read { $0.get(IAMRole.self, name.lowercased(), in: Partition(account: parsed.account, region: "")) }
        guard let role, role.arn == arn || "arn:aws:iam::\(parsed.account):role/\(name)" == arn else { return nil }
        return RoleRecord(arn: role.arn, name: role.roleName, roleId: role.roleId, account: parsed.account,
                          trustPolicy: role.assumeRolePolicyDocument, maxSessionDuration: role.maxSessionDuration,
                          tags: Dictionary(role.tags.map { ($0.key, $0.value) }) { _, last in last })
    }

    public func openIDConnectProvider(issuer: String, account: String) -> OpenIDConnectProviderRecord? {
        store.read { $0.get(IAMOpenIDConnectProvider.self, issuer, in: Partition(account: account, region: "")) }
            .map { OpenIDConnectProviderRecord(arn: $0.arn, issuer: $0.host, clientIDs: $0.clientIDs) }
    }

    /// GetRole's `RoleLastUsed`, kept to the minute (AWS's own figure trails by hours), so a burst of sessions
    /// costs one write, not one each.
    public func noteRoleUsed(arn: String, region: String, at date: Date) {
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/") else { return }
        let name = String(parsed.resource.split(separator: "/").last ?? "").lowercased()
        let partition = Partition(account: parsed.account, region: "")
        let stale = store.read { view -> Bool in
            guard let role = view.get(IAMRole.self, name, in: partition) else { return false }
            return role.lastUsedRegion != region || role.lastUsed.map { date.timeIntervalSince($0) >= 60 } ?? true
        }
        guard stale else { return }
        try? store.write { tx in
            guard var role = tx.get(IAMRole.self, name, in: partition) else { return }
            role.lastUsed = date
            role.lastUsedRegion = region
            tx.put(role, id: name, in: partition)
        }
    }

    public func instanceProfile(arn: String?, name: String?, account: String) -> InstanceProfileRecord? {
        let partition = Partition(account: account, region: "")
        let key = name ?? arn.flatMap { $0.split(separator: "/").last.map(String.init) } ?? ""
        guard let profile = store.read({ $0.get(IAMInstanceProfile.self, key.lowercased(), in: partition) }),
              arn == nil || profile.arn == arn else { return nil }
        let role = profile.roleNames.first.flatMap { self.role(arn: "arn:aws:iam::\(account):role/\($0)") }
        return InstanceProfileRecord(arn: profile.arn, id: profile.instanceProfileId, name: profile.name, role: role)
    }

    public func policies(of principal: Principal) -> PrincipalPolicies {
        let partition = Partition(account: principal.account, region: "")
        return store.read { view in
            switch principal.kind {
            case .user:
                guard let name = principal.name, let user = view.get(IAMUser.self, name.lowercased(), in: partition) else { return PrincipalPolicies() }
                var policies = documents(of: user, view, partition)
                for group in Groups.memberships(of: user.userName, view, partition) {
                    policies += documents(of: group, view, partition)
                }
                return PrincipalPolicies(identity: policies, boundary: boundary(user.permissionsBoundary, view, partition))
            case .assumedRole:
                guard let arn = principal.roleArn, let name = arn.split(separator: "/").last,
                      let role = view.get(IAMRole.self, name.lowercased(), in: partition) else { return PrincipalPolicies() }
                return PrincipalPolicies(identity: documents(of: role, view, partition), boundary: boundary(role.permissionsBoundary, view, partition))
            case .federatedUser:
                // "GetFederationToken": the session can do what both its session policy and the calling user's
                // policies allow; the root user's are everything, so only the session policy limits it.
                guard let name = principal.federatingUserName else {
                    return PrincipalPolicies(identity: [NamedPolicyDocument(id: "federated-root-\(principal.account)", document:
                        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
                }
                guard let user = view.get(IAMUser.self, name.lowercased(), in: partition) else { return PrincipalPolicies() }
                var policies = documents(of: user, view, partition)
                for group in Groups.memberships(of: user.userName, view, partition) {
                    policies += documents(of: group, view, partition)
                }
                return PrincipalPolicies(identity: policies, boundary: boundary(user.permissionsBoundary, view, partition))
            default:
                return PrincipalPolicies()
            }
        }
    }

    public func managedPolicy(arn: String, account: String) -> NamedPolicyDocument? {
        store.read { managedDocument(arn, $0, Partition(account: account, region: "")) }
    }

    public func verifyMFA(serialNumber: String, code: String, for principal: Principal) -> Bool {
        guard principal.kind == .user, let name = principal.name else { return false }
        return MFADevices.verify(serial: serialNumber, code: code, userName: name, store: store,
                                 partition: Partition(account: principal.account, region: ""))
    }

    private func documents<H: PolicyHolder>(of holder: H, _ view: StoreView, _ partition: Partition) -> [NamedPolicyDocument] {
        let inline = holder.inlinePolicies.map { NamedPolicyDocument(id: "\(H.entity.lowercased())/\(holder.name)/\($0.name)", document: $0.document) }
        let attached = holder.attachedPolicies.compactMap { managedDocument($0, view, partition) }
        return inline + attached
    }

    private func boundary(_ arn: String?, _ view: StoreView, _ partition: Partition) -> NamedPolicyDocument? {
        arn.flatMap { managedDocument($0, view, partition) }
    }

    private func managedDocument(_ arn: String, _ view: StoreView, _ partition: Partition) -> NamedPolicyDocument? {
        if let aws = AWSManagedPolicies.named(arn) { return NamedPolicyDocument(id: arn, document: aws.document) }
        guard let policy = view.get(IAMManagedPolicy.self, arn, in: partition),
              let version = policy.versions.first(where: { $0.versionId == policy.defaultVersionId }) else { return nil }
        return NamedPolicyDocument(id: arn, document: version.document)
    }
}

import Foundation
import NimbusCore
import State

/// Roles another service makes in an account it controls: Organizations' CreateAccount makes
/// `OrganizationAccountAccessRole` in the new account, trusted by the management account and holding
/// `AdministratorAccess` ("Accessing a member account that has a management account access role").
/// Runs inside the caller's store transaction, so the account and its role appear together or not at all.
public enum CrossAccountRoles {
    /// The policy AWS attaches to the role it makes in a new member account.
    public static let administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

    /// Makes role `name` in `account`, trusting `trustedAccount`'s root, with `managedPolicies` attached.
    /// An existing role of that name is left as it is (AWS would not overwrite it either).
    public static func create(name: String, in account: String, trustedAccount: String, managedPolicies: [String],
                              now: Date, ids: IDGenerator, _ tx: inout StoreTransaction) {
        let partition = Partition(account: account, region: "")
        guard tx.get(IAMRole.self, name.lowercased(), in: partition) == nil else { return }
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(trustedAccount):root"},"Action":"sts:AssumeRole"}]}"#
        let role = IAMRole(roleName: name, roleId: ids.iamId("AROA"), path: "/", arn: "arn:aws:iam::\(account):role/\(name)",
                           created: now, assumeRolePolicyDocument: trust, description: nil, maxSessionDuration: 3600, tags: [],
                           attachedPolicies: managedPolicies.filter { AWSManagedPolicies.named($0) != nil })
        tx.put(role, id: name.lowercased(), in: partition)
    }
}

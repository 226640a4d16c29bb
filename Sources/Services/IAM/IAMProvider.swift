import AWSWire
import NimbusCore
import State

/// AWS Identity and Access Management. Users and access keys so far; groups, roles,
/// policies and enforcement are the IAM issue's work.
public struct IAMProvider: ServiceProvider {
    public init() {}

    public let serviceName = "iam"
    public var resourceTypes: [any Resource.Type] {
        [IAMUser.self, IAMAccessKey.self, IAMGroup.self, IAMRole.self, IAMManagedPolicy.self, IAMMFADevice.self,
         IAMInstanceProfile.self, IAMAccountAlias.self, IAMLoginProfile.self, IAMPasswordPolicy.self, ServiceLinkedRoles.DeletionTask.self,
         IAMOpenIDConnectProvider.self]
    }

    public var handlers: [String: OperationHandler] {
        [
            "CreateUser": Users.create,
            "UpdateUser": Renames.updateUser,
            "CreateServiceLinkedRole": ServiceLinkedRoles.create,
            "CreateOpenIDConnectProvider": OpenIDConnectProviders.create,
            "GetOpenIDConnectProvider": OpenIDConnectProviders.get,
            "ListOpenIDConnectProviders": OpenIDConnectProviders.list,
            "DeleteOpenIDConnectProvider": OpenIDConnectProviders.delete,
            "AddClientIDToOpenIDConnectProvider": OpenIDConnectProviders.addClientID,
            "RemoveClientIDFromOpenIDConnectProvider": OpenIDConnectProviders.removeClientID,
            "UpdateOpenIDConnectProviderThumbprint": OpenIDConnectProviders.updateThumbprints,
            "DeleteServiceLinkedRole": ServiceLinkedRoles.delete,
            "GetServiceLinkedRoleDeletionStatus": ServiceLinkedRoles.deletionStatus,
            "UpdateGroup": Renames.updateGroup,
            "ChangePassword": Account.changePassword,
            "GetUser": Users.get,
            "ListUsers": Users.list,
            "DeleteUser": Users.delete,
            "CreateAccessKey": AccessKeys.create,
            "ListAccessKeys": AccessKeys.list,
            "UpdateAccessKey": AccessKeys.update,
            "DeleteAccessKey": AccessKeys.delete,
            "GetAccessKeyLastUsed": AccessKeys.lastUsed,
            "PutUserPermissionsBoundary": PermissionsBoundaries.put(IAMUser.self),
            "DeleteUserPermissionsBoundary": PermissionsBoundaries.delete(IAMUser.self),

            "CreateVirtualMFADevice": MFADevices.create,
            "EnableMFADevice": MFADevices.enable,
            "DeactivateMFADevice": MFADevices.deactivate,
            "DeleteVirtualMFADevice": MFADevices.delete,
            "ListMFADevices": MFADevices.list,
            "ListVirtualMFADevices": MFADevices.listVirtual,

            "CreateGroup": Groups.create,
            "GetGroup": Groups.get,
            "ListGroups": Groups.list,
            "DeleteGroup": Groups.delete,
            "AddUserToGroup": Groups.addUser,
            "RemoveUserFromGroup": Groups.removeUser,
            "ListGroupsForUser": Groups.listForUser,

            "CreateRole": Roles.create,
            "GetRole": Roles.get,
            "ListRoles": Roles.list,
            "DeleteRole": Roles.delete,
            "UpdateRole": Roles.update,
            "UpdateRoleDescription": Roles.updateDescription,
            "UpdateAssumeRolePolicy": Roles.updateAssumeRolePolicy,
            "TagRole": IAMTagging.tag(IAMRole.self),
            "UntagRole": IAMTagging.untag(IAMRole.self),
            "ListRoleTags": IAMTagging.list(IAMRole.self),
            "TagUser": IAMTagging.tag(IAMUser.self),
            "UntagUser": IAMTagging.untag(IAMUser.self),
            "ListUserTags": IAMTagging.list(IAMUser.self),
            "TagPolicy": IAMTagging.tag(IAMManagedPolicy.self),
            "UntagPolicy": IAMTagging.untag(IAMManagedPolicy.self),
            "ListPolicyTags": IAMTagging.list(IAMManagedPolicy.self),
            "TagInstanceProfile": IAMTagging.tag(IAMInstanceProfile.self),
            "UntagInstanceProfile": IAMTagging.untag(IAMInstanceProfile.self),
            "ListInstanceProfileTags": IAMTagging.list(IAMInstanceProfile.self),
            "TagMFADevice": IAMTagging.tag(IAMMFADevice.self),
            "UntagMFADevice": IAMTagging.untag(IAMMFADevice.self),
            "ListMFADeviceTags": IAMTagging.list(IAMMFADevice.self),

            "CreateInstanceProfile": InstanceProfiles.create,
            "GetInstanceProfile": InstanceProfiles.get,
            "ListInstanceProfiles": InstanceProfiles.list,
            "ListInstanceProfilesForRole": InstanceProfiles.listForRole,
            "DeleteInstanceProfile": InstanceProfiles.delete,
            "AddRoleToInstanceProfile": InstanceProfiles.addRole,
            "RemoveRoleFromInstanceProfile": InstanceProfiles.removeRole,

            "CreateAccountAlias": Account.createAlias,
            "ListAccountAliases": Account.listAliases,
            "DeleteAccountAlias": Account.deleteAlias,
            "GetAccountSummary": Account.summary,
            "GetAccountAuthorizationDetails": AuthorizationDetails.get,
            "SimulatePrincipalPolicy": Simulator.principal,
            "SimulateCustomPolicy": Simulator.custom,
            "GetContextKeysForCustomPolicy": Simulator.contextKeysForCustom,
            "GetContextKeysForPrincipalPolicy": Simulator.contextKeysForPrincipal,
            "ListEntitiesForPolicy": PolicyEntities.list,
            "UpdateAccountPasswordPolicy": PasswordPolicies.update,
            "GetAccountPasswordPolicy": PasswordPolicies.get,
            "DeleteAccountPasswordPolicy": PasswordPolicies.delete,
            "CreateLoginProfile": Account.createLoginProfile,
            "GetLoginProfile": Account.getLoginProfile,
            "UpdateLoginProfile": Account.updateLoginProfile,
            "DeleteLoginProfile": Account.deleteLoginProfile,
            "PutRolePermissionsBoundary": PermissionsBoundaries.put(IAMRole.self),
            "DeleteRolePermissionsBoundary": PermissionsBoundaries.delete(IAMRole.self),

            "CreatePolicy": Policies.create,
            "GetPolicy": Policies.get,
            "ListPolicies": Policies.list,
            "DeletePolicy": Policies.delete,
            "CreatePolicyVersion": Policies.createVersion,
            "GetPolicyVersion": Policies.getVersion,
            "ListPolicyVersions": Policies.listVersions,
            "DeletePolicyVersion": Policies.deleteVersion,
            "SetDefaultPolicyVersion": Policies.setDefaultVersion,
        ]
        .merging(Self.policyHolderHandlers(IAMUser.self)) { a, _ in a }
        .merging(Self.policyHolderHandlers(IAMGroup.self)) { a, _ in a }
        .merging(Self.policyHolderHandlers(IAMRole.self)) { a, _ in a }
    }

    /// Attach/Detach/ListAttached and Put/Get/Delete/List inline policies, for users, groups or roles alike.
    static func policyHolderHandlers<H: PolicyHolder>(_ type: H.Type) -> [String: OperationHandler] {
        let e = H.entity
        return [
            "Attach\(e)Policy": PolicyAttachments.attach(type),
            "Detach\(e)Policy": PolicyAttachments.detach(type),
            "ListAttached\(e)Policies": PolicyAttachments.listAttached(type),
            "Put\(e)Policy": PolicyAttachments.putInline(type),
            "Get\(e)Policy": PolicyAttachments.getInline(type),
            "Delete\(e)Policy": PolicyAttachments.deleteInline(type),
            "List\(e)Policies": PolicyAttachments.listInline(type),
        ]
    }
}

import AWSWire
import NimbusCore
import State

/// AWS Organizations: an organization of accounts under one management account, OUs, policies of several
/// types, and the SCPs that enforcement applies to member accounts (through `OrganizationsDirectory`).
public struct OrganizationsProvider: ServiceProvider {
    public init() {}

    public let serviceName = "organizations"
    public var resourceTypes: [any Resource.Type] {
        [Organization.self, OrgAccount.self, OrgUnit.self, OrgPolicy.self, OrgHandshake.self, OrgCreateAccountStatus.self,
         OrgDelegatedAdministrator.self, OrgServiceAccess.self, OrgResourcePolicy.self]
    }

    public var handlers: [String: OperationHandler] {
        var handlers = Self.ownHandlers
        for name in ResourcePolicies.delegableActions {
            if let handler = handlers[name] { handlers[name] = ResourcePolicies.delegable(handler) }
        }
        return handlers
    }

    static let ownHandlers: [String: OperationHandler] = {
        [
            "CreateOrganization": Organizations.create,
            "DescribeOrganization": Organizations.describe,
            "DeleteOrganization": Organizations.delete,
            "LeaveOrganization": Organizations.leave,
            "ListRoots": Organizations.listRoots,
            "EnablePolicyType": Organizations.enablePolicyType,
            "DisablePolicyType": Organizations.disablePolicyType,

            "CreateOrganizationalUnit": OrganizationalUnits.create,
            "DescribeOrganizationalUnit": OrganizationalUnits.describe,
            "UpdateOrganizationalUnit": OrganizationalUnits.update,
            "DeleteOrganizationalUnit": OrganizationalUnits.delete,
            "ListOrganizationalUnitsForParent": OrganizationalUnits.listForParent,
            "ListChildren": Hierarchy.listChildren,
            "ListParents": Hierarchy.listParents,

            "CreateAccount": Accounts.create,
            "DescribeCreateAccountStatus": Accounts.describeCreateStatus,
            "ListCreateAccountStatus": Accounts.listCreateStatus,
            "DescribeAccount": Accounts.describe,
            "ListAccounts": Accounts.list,
            "ListAccountsForParent": Accounts.listForParent,
            "MoveAccount": Accounts.move,
            "RemoveAccountFromOrganization": Accounts.remove,
            "CloseAccount": Accounts.close,

            "InviteAccountToOrganization": Handshakes.invite,
            "EnableAllFeatures": Handshakes.enableAll,
            "AcceptHandshake": Handshakes.accept,
            "DeclineHandshake": Handshakes.decline,
            "CancelHandshake": Handshakes.cancel,
            "DescribeHandshake": Handshakes.describe,
            "ListHandshakesForAccount": Handshakes.listForAccount,
            "ListHandshakesForOrganization": Handshakes.listForOrganization,

            "CreatePolicy": OrgPolicies.create,
            "UpdatePolicy": OrgPolicies.update,
            "DeletePolicy": OrgPolicies.delete,
            "DescribePolicy": OrgPolicies.describe,
            "ListPolicies": OrgPolicies.list,
            "AttachPolicy": PolicyAttachments.attach,
            "DetachPolicy": PolicyAttachments.detach,
            "ListPoliciesForTarget": PolicyAttachments.listForTarget,
            "ListTargetsForPolicy": PolicyAttachments.listTargets,
            "DescribeEffectivePolicy": EffectivePolicies.describe,

            "TagResource": OrgTagging.tag,
            "UntagResource": OrgTagging.untag,
            "ListTagsForResource": OrgTagging.list,

            "EnableAWSServiceAccess": TrustedAccess.enable,
            "DisableAWSServiceAccess": TrustedAccess.disable,
            "ListAWSServiceAccessForOrganization": TrustedAccess.list,

            "PutResourcePolicy": ResourcePolicies.put,
            "DescribeResourcePolicy": ResourcePolicies.describe,
            "DeleteResourcePolicy": ResourcePolicies.delete,

            "RegisterDelegatedAdministrator": DelegatedAdministrators.register,
            "DeregisterDelegatedAdministrator": DelegatedAdministrators.deregister,
            "ListDelegatedAdministrators": DelegatedAdministrators.list,
            "ListDelegatedServicesForAccount": DelegatedAdministrators.listServices,
        ]
    }()
}

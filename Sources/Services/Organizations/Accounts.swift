import AWSWire
import Foundation
import IAMService
import NimbusCore
import State

/// CreateAccount, DescribeCreateAccountStatus, ListCreateAccountStatus, DescribeAccount, ListAccounts,
/// ListAccountsForParent, MoveAccount, RemoveAccountFromOrganization ("Managing accounts in an organization").
enum Accounts {
    static let defaultRoleName = "OrganizationAccountAccessRole"
    /// "Quotas for AWS Organizations": 10 accounts by default (Nimbus allows more: the quota can be raised).
    static let maxAccounts = 1000

    /// "CreateAccount": the account exists at once in Nimbus, so its status is SUCCEEDED immediately. The new
    /// account gets the role the management account uses to administer it ("Accessing member accounts").
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let email = input["Email"]?.string ?? ""
        let name = input["AccountName"]?.string ?? ""
        let roleName = input["RoleName"]?.string ?? defaultRoleName
        guard email.count >= 6, email.count <= 64, email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@") else {
            throw OrgErrors.invalidInput("INVALID_EMAIL_ADDRESS_TARGET", "You specified an invalid email address.")
        }
        guard !name.isEmpty, name.count <= 50 else {
            throw OrgErrors.invalidInput(name.isEmpty ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED", "The account name must be 1 to 50 characters long.")
        }
        guard !roleName.isEmpty, roleName.count <= 64,
              roleName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_+=,.@-".contains($0)) }) else {
            throw OrgErrors.invalidInput("INVALID_ROLE_NAME", "You provided a role name that isn't valid.")
        }
        let tags = try OrgTagging.tags(input["Tags"])
        let status = try context.store.write { tx -> OrgCreateAccountStatus in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.accounts(of: organization, tx.view).count < maxAccounts else {
                throw OrgErrors.constraint("ACCOUNT_NUMBER_LIMIT_EXCEEDED", "You attempted to exceed the number of accounts that you can have in an organization.")
            }
            let accountId = newAccountId(context, tx.view)
            var account = OrgAccount(id: accountId, organizationId: organization.id, name: name, email: email,
                                     parentId: organization.rootId, joinedMethod: "CREATED", joined: context.now, tags: tags)
            if organization.scpsEnabled { account.policies = [OrgPolicyTypes.fullAWSAccessId] }
            tx.put(account, id: accountId, in: OrgTree.partition)
            CrossAccountRoles.create(name: roleName, in: accountId, trustedAccount: organization.managementAccount,
                                     managedPolicies: [CrossAccountRoles.administratorAccess], now: context.now, ids: context.ids, &tx)
            let status = OrgCreateAccountStatus(id: OrgTree.freshId("car-", digits: 32, unusedBy: OrgCreateAccountStatus.self, context, tx.view), organizationId: organization.id, accountName: name,
                                                accountId: accountId, state: "SUCCEEDED", requested: context.now, completed: context.now)
            tx.put(status, id: status.id, in: OrgTree.partition)
            return status
        }
        return ["CreateAccountStatus": output(status)]
    }

    /// A fresh 12-digit id that no organization holds (not starting with 0, as AWS's never do).
    static func newAccountId(_ context: RequestContext, _ view: StoreView) -> String {
        while true {
            let id = String(100_000_000_000 + context.ids.next() % 900_000_000_000)
            if view.get(OrgAccount.self, id, in: OrgTree.partition) == nil { return id }
        }
    }

    static func output(_ status: OrgCreateAccountStatus) -> AWSValue {
        [
            "Id": .string(status.id), "AccountName": .string(status.accountName), "State": .string(status.state),
            "RequestedTimestamp": .timestamp(status.requested), "CompletedTimestamp": .timestamp(status.completed),
            "AccountId": .string(status.accountId),
        ]
    }

    static func describeCreateStatus(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["CreateAccountRequestId"]?.string ?? ""
        guard id.hasPrefix("car-"), id.count >= 12, id.count <= 36 else {
            throw OrgErrors.badId("CreateAccountRequestId", "^car-[a-z0-9]{8,32}$")
        }
        let status = try context.store.read { view -> OrgCreateAccountStatus in
            let organization = try OrgTree.reader(context, view)
            guard let status = view.get(OrgCreateAccountStatus.self, id, in: OrgTree.partition), status.organizationId == organization.id else {
                throw AWSError("CreateAccountStatusNotFoundException", "We can't find a create account request with the CreateAccountRequestId that you specified.")
            }
            return status
        }
        return ["CreateAccountStatus": output(status)]
    }

    static func listCreateStatus(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let states = input["States"]?.strings ?? []
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            return view.all(OrgCreateAccountStatus.self, in: OrgTree.partition).values
                .filter { $0.organizationId == organization.id && (states.isEmpty || states.contains($0.state)) }
                .map(output)
        }
        return try OrgTree.page("CreateAccountStatuses", rows, input)
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["AccountId"]?.string ?? ""
        try OrgTree.checkAccountId(id)
        let output = try context.store.read { view -> AWSValue in
            let organization = try OrgTree.reader(context, view)
            guard let account = OrgTree.account(id, in: organization, view) else { throw OrgErrors.accountNotFound() }
            return OrgTree.accountOutput(account, in: organization, view)
        }
        return ["Account": output]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            return OrgTree.accounts(of: organization, view).map { OrgTree.accountOutput($0, in: organization, view) }
        }
        return try OrgTree.page("Accounts", rows, input)
    }

    static func listForParent(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let parentId = input["ParentId"]?.string ?? ""
        try OrgTree.checkParentId(parentId)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            guard OrgTree.isParent(parentId, in: organization, view) else { throw OrgErrors.parentNotFound() }
            return OrgTree.childAccounts(of: parentId, in: organization, view).map { OrgTree.accountOutput($0, in: organization, view) }
        }
        return try OrgTree.page("Accounts", rows, input)
    }

    /// "MoveAccount": from its current parent (which must be SourceParentId) to another root or OU.
    static func move(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["AccountId"]?.string ?? ""
        let source = input["SourceParentId"]?.string ?? ""
        let destination = input["DestinationParentId"]?.string ?? ""
        try OrgTree.checkAccountId(id)
        try OrgTree.checkParentId(source)
        try OrgTree.checkParentId(destination)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard var account = OrgTree.account(id, in: organization, tx.view) else { throw OrgErrors.accountNotFound() }
            guard OrgTree.isParent(source, in: organization, tx.view) else {
                throw AWSError("SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.")
            }
            guard OrgTree.isParent(destination, in: organization, tx.view) else {
                throw AWSError("DestinationParentNotFoundException", "We can't find the destination container (a root or OU) with the ParentId that you specified.")
            }
            guard account.parentId == source else { throw OrgErrors.accountNotFound() }
            guard source != destination else {
                throw AWSError("DuplicateAccountException", "That account is already present in the specified destination.")
            }
            account.parentId = destination
            tx.put(account, id: account.id, in: OrgTree.partition)
        }
        return [:]
    }

    /// "CloseAccount": the account is suspended at once (AWS takes a while; Nimbus has nothing to wait for) and
    /// stays in the organization. "Quotas for AWS Organizations": 10% of member accounts (at least 10) in 30 days.
    static func close(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["AccountId"]?.string ?? ""
        try OrgTree.checkAccountId(id)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard var account = OrgTree.account(id, in: organization, tx.view) else { throw OrgErrors.accountNotFound() }
            guard id != organization.managementAccount else {
                throw OrgErrors.constraint("CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "You can't close the management account with the CloseAccount operation.")
            }
            guard account.closed == nil else { throw AWSError("AccountAlreadyClosedException", "You attempted to close an account that is already closed.") }
            let accounts = OrgTree.accounts(of: organization, tx.view)
            let recent = accounts.filter { ($0.closed ?? .distantPast) > context.now.addingTimeInterval(-30 * 24 * 3600) }.count
            guard recent < max(10, (accounts.count - 1) / 10) else {
                throw OrgErrors.constraint("CLOSE_ACCOUNT_QUOTA_EXCEEDED", "You have exceeded close account quota for the past 30 days.")
            }
            account.closed = context.now
            tx.put(account, id: account.id, in: OrgTree.partition)
        }
        return [:]
    }

    static func remove(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["AccountId"]?.string ?? ""
        try OrgTree.checkAccountId(id)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.account(id, in: organization, tx.view) != nil else { throw OrgErrors.accountNotFound() }
            guard id != organization.managementAccount else {
                throw AWSError("MasterCannotLeaveOrganizationException",
                               "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.")
            }
            try removeMembership(id, organization, &tx)
        }
        return [:]
    }

    /// An account leaves (or is removed): its membership, and any delegated administration, go. An account
    /// that is a delegated administrator must be deregistered first ("RemoveAccountFromOrganization").
    static func removeMembership(_ id: String, _ organization: Organization, _ tx: inout StoreTransaction) throws {
        if tx.all(OrgDelegatedAdministrator.self, in: OrgTree.partition).values.contains(where: { $0.accountId == id }) {
            throw OrgErrors.constraint("CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
                                       "You can't remove an account that is a delegated administrator. Deregister it first.")
        }
        tx.delete(OrgAccount.self, id, in: OrgTree.partition)
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// The organization a request acts in, and the tree below its root: lookups shared by every handler.
/// Everything here reads a `StoreView` and never calls the store itself (the store's lock is not re-entrant).
enum OrgTree {
    static let partition = OrgState.partition
    /// "Quotas for AWS Organizations": OUs nest at most five levels deep under the root.
    static let maxOUDepth = 5

    /// Set while a member account's call runs under the organization's delegation policy (`ResourcePolicies`):
    /// the management-only checks then let it through.
    @TaskLocal static var delegatedByPolicy = false

    static func organization(of account: String, _ view: StoreView) -> Organization? {
        guard let member = view.get(OrgAccount.self, account, in: partition) else { return nil }
        return view.get(Organization.self, member.organizationId, in: partition)
    }

    /// The caller's organization, for the calls any member account may make.
    static func member(_ context: RequestContext, _ view: StoreView) throws -> Organization {
        guard let organization = organization(of: context.account, view) else { throw OrgErrors.notInUse() }
        return organization
    }

    /// The caller's organization, for the calls only its management account may make ("This operation can
    /// be called only from the organization's management account").
    static func managed(_ context: RequestContext, _ view: StoreView) throws -> Organization {
        let organization = try member(context, view)
        guard organization.managementAccount == context.account || delegatedByPolicy else { throw OrgErrors.accessDenied() }
        return organization
    }

    /// The caller's organization, for the read-only calls ("This operation can be called only from the
    /// organization's management account or by a member account that is a delegated administrator").
    static func reader(_ context: RequestContext, _ view: StoreView) throws -> Organization {
        let organization = try member(context, view)
        guard organization.managementAccount == context.account || delegatedByPolicy
            || view.all(OrgDelegatedAdministrator.self, in: partition).values.contains(where: {
                $0.organizationId == organization.id && $0.accountId == context.account
            }) else { throw OrgErrors.accessDenied() }
        return organization
    }

    static func ou(_ id: String, in organization: Organization, _ view: StoreView) -> OrgUnit? {
        guard let ou = view.get(OrgUnit.self, id, in: partition), ou.organizationId == organization.id else { return nil }
        return ou
    }

    static func account(_ id: String, in organization: Organization, _ view: StoreView) -> OrgAccount? {
        guard let account = view.get(OrgAccount.self, id, in: partition), account.organizationId == organization.id else { return nil }
        return account
    }

    static func isParent(_ id: String, in organization: Organization, _ view: StoreView) -> Bool {
        id == organization.rootId || ou(id, in: organization, view) != nil
    }

    static func ous(of organization: Organization, _ view: StoreView) -> [OrgUnit] {
        view.all(OrgUnit.self, in: partition).values.filter { $0.organizationId == organization.id }
    }

    static func accounts(of organization: Organization, _ view: StoreView) -> [OrgAccount] {
        view.all(OrgAccount.self, in: partition).values.filter { $0.organizationId == organization.id }
    }

    static func childOUs(of parent: String, in organization: Organization, _ view: StoreView) -> [OrgUnit] {
        ous(of: organization, view).filter { $0.parentId == parent }
    }

    static func childAccounts(of parent: String, in organization: Organization, _ view: StoreView) -> [OrgAccount] {
        accounts(of: organization, view).filter { $0.parentId == parent }
    }

    /// The ids from the root down to `parent` inclusive: `[r-..., ou-a, ou-b]`.
    static func path(to parent: String, in organization: Organization, _ view: StoreView) -> [String] {
        var chain: [String] = []
        var current = parent
        // Bounded: a tree deeper than the quota can't be built, so the loop can't run away on bad data.
        for _ in 0...(maxOUDepth + 1) {
            chain.append(current)
            guard current != organization.rootId, let ou = ou(current, in: organization, view) else { break }
            current = ou.parentId
        }
        return chain.reversed()
    }

    /// `o-.../r-.../ou-.../` as the API's `Path` members write it.
    static func pathText(_ ids: [String], in organization: Organization) -> String {
        ([organization.id] + ids).joined(separator: "/") + "/"
    }

    /// A new id `prefix` + `digits` hex digits that no stored `R` has yet: ids are keys of the Nimbus-wide
    /// partition, shared by every organization, so a draw that collides is drawn again.
    static func freshId<R: Resource>(_ prefix: String, digits: Int, unusedBy type: R.Type, _ context: RequestContext, _ view: StoreView) -> String {
        while true {
            let id = prefix + context.ids.hex(digits)
            if view.get(type, id, in: partition) == nil { return id }
        }
    }

    // MARK: Identifiers ("AWS Organizations API Reference": the pattern of each id)

    static func isRootId(_ id: String) -> Bool { id.hasPrefix("r-") && matches(id.dropFirst(2), 4...32) }
    static func isOUId(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "ou" && matches(parts[1], 4...32) && matches(parts[2], 8...32)
    }
    static func isPolicyId(_ id: String) -> Bool {
        id == OrgPolicyTypes.fullAWSAccessId || id.hasPrefix("p-") && id.count >= 10 && id.count <= 130
            && id.dropFirst(2).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
    static func isAccountId(_ id: String) -> Bool { AccountResolver.isAccountId(id) }

    private static func matches(_ text: Substring, _ lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    static func checkParentId(_ id: String) throws {
        guard isRootId(id) || isOUId(id) else { throw OrgErrors.badId("ParentId", "^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$") }
    }

    static func checkOUId(_ id: String) throws {
        guard isOUId(id) else { throw OrgErrors.badId("OrganizationalUnitId", "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$") }
    }

    static func checkAccountId(_ id: String) throws {
        guard isAccountId(id) else { throw OrgErrors.badId("AccountId", "^\\d{12}$") }
    }

    static func checkPolicyId(_ id: String) throws {
        guard isPolicyId(id) else { throw OrgErrors.badId("PolicyId", "^p-[0-9a-zA-Z_]{8,128}$") }
    }

    // MARK: ARNs and outputs

    static func accountArn(_ account: String, in organization: Organization) -> String {
        "arn:aws:organizations::\(organization.managementAccount):account/\(organization.id)/\(account)"
    }

    static func ouArn(_ id: String, in organization: Organization) -> String {
        "arn:aws:organizations::\(organization.managementAccount):ou/\(organization.id)/\(id)"
    }

    static func organizationOutput(_ organization: Organization) -> AWSValue {
        // AvailablePolicyTypes is deprecated: it says SCPs are available when all features are enabled.
        let available: [AWSValue] = organization.featureSet == "ALL"
            ? [["Type": .string(OrgPolicyTypes.serviceControl), "Status": "ENABLED"]] : []
        return [
            "Id": .string(organization.id), "Arn": .string(organization.arn), "FeatureSet": .string(organization.featureSet),
            "MasterAccountArn": .string(accountArn(organization.managementAccount, in: organization)),
            "MasterAccountId": .string(organization.managementAccount),
            "MasterAccountEmail": .string(organization.managementEmail), "AvailablePolicyTypes": .list(available),
        ]
    }

    static func rootOutput(_ organization: Organization) -> AWSValue {
        [
            "Id": .string(organization.rootId), "Arn": .string(organization.rootArn), "Name": "Root",
            "PolicyTypes": .list(organization.enabledPolicyTypes.map { ["Type": .string($0), "Status": "ENABLED"] }),
        ]
    }

    static func ouOutput(_ ou: OrgUnit, in organization: Organization, _ view: StoreView) -> AWSValue {
        [
            "Id": .string(ou.id), "Arn": .string(ouArn(ou.id, in: organization)), "Name": .string(ou.name),
            "Path": .string(pathText(path(to: ou.id, in: organization, view), in: organization)),
        ]
    }

    static func accountOutput(_ account: OrgAccount, in organization: Organization, _ view: StoreView) -> AWSValue {
        [
            "Id": .string(account.id), "Arn": .string(accountArn(account.id, in: organization)), "Email": .string(account.email),
            "Name": .string(account.name), "Status": account.closed == nil ? "ACTIVE" : "SUSPENDED",
            "State": account.closed == nil ? "ACTIVE" : "SUSPENDED", "JoinedMethod": .string(account.joinedMethod),
            "JoinedTimestamp": .timestamp(account.joined),
            "Paths": .list([.string(pathText(path(to: account.parentId, in: organization, view) + [account.id], in: organization))]),
        ]
    }

    /// A page of `rows` by NextToken/MaxResults (Organizations' lists return at most 20 by default).
    static func page(_ member: String, _ rows: [AWSValue], _ input: AWSValue) throws -> AWSValue {
        if let token = input["NextToken"]?.string, Paginator.position(token) == nil {
            throw OrgErrors.invalidInput("INVALID_NEXT_TOKEN", "The NextToken value is not valid.")
        }
        let page = Paginator.page(rows, marker: input["NextToken"]?.string, maxItems: input["MaxResults"]?.int, defaultMaxItems: 20)
        return .structure([member: .list(page.items), "NextToken": page.marker.map(AWSValue.string)])
    }
}

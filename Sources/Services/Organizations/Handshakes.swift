import AWSWire
import Foundation
import NimbusCore
import State

/// InviteAccountToOrganization, EnableAllFeatures, AcceptHandshake, DeclineHandshake, CancelHandshake,
/// DescribeHandshake, ListHandshakesForAccount, ListHandshakesForOrganization ("Inviting an AWS account to join
/// your organization", "Enabling all features for an organization"). Any 12-digit account is a Nimbus account
/// whose root user can accept.
enum Handshakes {
    /// "InviteAccountToOrganization": an invitation stays open for 15 days; the all-features migration 90 days.
    static let inviteLifetime: TimeInterval = 15 * 24 * 3600
    static let migrationLifetime: TimeInterval = 90 * 24 * 3600
    static let inviteAction = "INVITE"
    static let enableAllFeaturesAction = "ENABLE_ALL_FEATURES"
    static let approveAllFeaturesAction = "APPROVE_ALL_FEATURES"

    static func constraint(_ reason: String, _ message: String) -> AWSError {
        AWSError("HandshakeConstraintViolationException", message, fields: [("Reason", reason)])
    }

    static func invite(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let target = input["Target"]
        let type = target?["Type"]?.string ?? ""
        let targetId = target?["Id"]?.string ?? ""
        guard type == "ACCOUNT" else {
            // Email invitations need a mailbox; Nimbus accounts are named by their id.
            throw OrgErrors.invalidInput("INVALID_PARTY_TYPE_TARGET", "You specified the wrong type for the handshake's target: Nimbus invites accounts by ACCOUNT id.")
        }
        try OrgTree.checkAccountId(targetId)
        let handshake = try context.store.write { tx -> OrgHandshake in
            let organization = try OrgTree.managed(context, tx.view)
            guard tx.get(OrgAccount.self, targetId, in: OrgTree.partition) == nil else {
                throw constraint("ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization.")
            }
            let pending = open(in: organization, tx.view, context.now)
            if pending.contains(where: { $0.actionType == enableAllFeaturesAction }) {
                throw constraint("INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES",
                                 "You can't invite an existing account to your organization while you are enabling all features.")
            }
            guard !pending.contains(where: { $0.actionType == inviteAction && $0.targetAccount == targetId }) else {
                throw AWSError("DuplicateHandshakeException", "A handshake with the same action and target already exists.")
            }
            let handshake = OrgHandshake(id: OrgTree.freshId("h-", digits: 10, unusedBy: OrgHandshake.self, context, tx.view), organizationId: organization.id,
                                         managementAccount: organization.managementAccount, targetAccount: targetId,
                                         notes: input["Notes"]?.string, state: "OPEN", requested: context.now,
                                         expires: context.now.addingTimeInterval(inviteLifetime))
            tx.put(handshake, id: handshake.id, in: OrgTree.partition)
            return handshake
        }
        return ["Handshake": output(handshake, context)]
    }

    /// "EnableAllFeatures": a handshake the management account finalizes (accepts) once every invited member
    /// account has approved its APPROVE_ALL_FEATURES handshake; accounts made with CreateAccount need not approve.
    static func enableAll(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let handshake = try context.store.write { tx -> OrgHandshake in
            let organization = try OrgTree.managed(context, tx.view)
            guard organization.featureSet != "ALL" else {
                throw constraint("ORGANIZATION_ALREADY_HAS_ALL_FEATURES", "The organization has already enabled all features.")
            }
            guard !open(in: organization, tx.view, context.now).contains(where: { $0.actionType == enableAllFeaturesAction }) else {
                throw constraint("ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
                                 "The organization is already in the process of enabling all features.")
            }
            let parent = OrgHandshake(id: OrgTree.freshId("h-", digits: 10, unusedBy: OrgHandshake.self, context, tx.view), organizationId: organization.id,
                                      managementAccount: organization.managementAccount, targetAccount: organization.managementAccount,
                                      state: "OPEN", requested: context.now, expires: context.now.addingTimeInterval(migrationLifetime),
                                      action: enableAllFeaturesAction)
            tx.put(parent, id: parent.id, in: OrgTree.partition)
            for account in OrgTree.accounts(of: organization, tx.view) where account.joinedMethod == "INVITED" {
                let child = OrgHandshake(id: OrgTree.freshId("h-", digits: 10, unusedBy: OrgHandshake.self, context, tx.view), organizationId: organization.id,
                                         managementAccount: organization.managementAccount, targetAccount: account.id,
                                         state: "OPEN", requested: context.now, expires: parent.expires,
                                         action: approveAllFeaturesAction, parentHandshakeId: parent.id)
                tx.put(child, id: child.id, in: OrgTree.partition)
            }
            return parent
        }
        return ["Handshake": output(handshake, context)]
    }

    /// Handshakes of an organization that are still open.
    static func open(in organization: Organization, _ view: StoreView, _ now: Date) -> [OrgHandshake] {
        view.all(OrgHandshake.self, in: OrgTree.partition).values.filter {
            $0.organizationId == organization.id && ["OPEN", "REQUESTED"].contains(state($0, now))
        }
    }

    /// Open handshakes past their expiry read as EXPIRED (no timer needed).
    static func state(_ handshake: OrgHandshake, _ now: Date) -> String {
        handshake.state == "OPEN" && now >= handshake.expires ? "EXPIRED" : handshake.state
    }

    static func output(_ handshake: OrgHandshake, _ context: RequestContext) -> AWSValue {
        let arn = "arn:aws:organizations::\(handshake.managementAccount):handshake/\(handshake.organizationId)/"
            + "\(handshake.actionType.lowercased())/\(handshake.id)"
        let organization: AWSValue = ["Type": "ORGANIZATION", "Value": .string(handshake.organizationId), "Resources": [
            ["Type": "MASTER_EMAIL", "Value": .string("\(handshake.managementAccount)@nimbus.local")],
            ["Type": "MASTER_NAME", "Value": "Management"],
            ["Type": "ORGANIZATION_FEATURE_SET", "Value": .string(handshake.actionType == inviteAction ? "ALL" : "CONSOLIDATED_BILLING")],
        ]]
        var resources: [AWSValue] = [organization]
        switch handshake.actionType {
        case inviteAction: resources.append(["Type": "ACCOUNT", "Value": .string(handshake.targetAccount)])
        case approveAllFeaturesAction: resources.append(["Type": "PARENT_HANDSHAKE", "Value": .string(handshake.parentHandshakeId ?? "")])
        default: break
        }
        if let notes = handshake.notes { resources.append(["Type": "NOTES", "Value": .string(notes)]) }
        return [
            "Id": .string(handshake.id), "Arn": .string(arn),
            "Parties": [
                ["Id": .string(handshake.organizationId), "Type": "ORGANIZATION"],
                ["Id": .string(handshake.targetAccount), "Type": "ACCOUNT"],
            ],
            "State": .string(state(handshake, context.now)), "RequestedTimestamp": .timestamp(handshake.requested),
            "ExpirationTimestamp": .timestamp(handshake.expires), "Action": .string(handshake.actionType),
            "Resources": .list(resources),
        ]
    }

    private static func checkId(_ id: String) throws {
        guard id.hasPrefix("h-"), id.count >= 10, id.count <= 34 else { throw OrgErrors.badId("HandshakeId", "^h-[0-9a-z]{8,32}$") }
    }

    /// A handshake the caller is a party to: its target account, or the organization's management account.
    private static func party(_ id: String, _ context: RequestContext, _ view: StoreView) throws -> OrgHandshake {
        guard let handshake = view.get(OrgHandshake.self, id, in: OrgTree.partition) else { throw OrgErrors.handshakeNotFound() }
        guard handshake.targetAccount == context.account || handshake.managementAccount == context.account else {
            throw OrgErrors.handshakeNotFound()
        }
        return handshake
    }

    /// Moves a handshake from OPEN to `next`: the target account accepts or declines, the management account cancels.
    private static func transition(_ input: AWSValue, _ context: RequestContext, to next: String) throws -> OrgHandshake {
        let id = input["HandshakeId"]?.string ?? ""
        try checkId(id)
        return try context.store.write { tx -> OrgHandshake in
            var handshake = try party(id, context, tx.view)
            let allowed = next == "CANCELED" ? handshake.managementAccount == context.account : handshake.targetAccount == context.account
            guard allowed else { throw OrgErrors.accessDenied() }
            let current = state(handshake, context.now)
            if current == next { throw OrgErrors.handshakeAlreadyInState(current) }
            guard current == "OPEN" else { throw OrgErrors.invalidHandshakeTransition(current) }
            guard var organization = tx.get(Organization.self, handshake.organizationId, in: OrgTree.partition) else {
                throw OrgErrors.handshakeNotFound()
            }
            if next == "ACCEPTED" {
                switch handshake.actionType {
                case inviteAction:
                    guard tx.get(OrgAccount.self, context.account, in: OrgTree.partition) == nil else {
                        throw constraint("ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization.")
                    }
                    var account = OrgAccount(id: context.account, organizationId: organization.id, name: "Account \(context.account)",
                                             email: "\(context.account)@nimbus.local", parentId: organization.rootId,
                                             joinedMethod: "INVITED", joined: context.now)
                    if organization.scpsEnabled { account.policies = [OrgPolicyTypes.fullAWSAccessId] }
                    tx.put(account, id: account.id, in: OrgTree.partition)
                case enableAllFeaturesAction:
                    let children = tx.all(OrgHandshake.self, in: OrgTree.partition).values.filter { $0.parentHandshakeId == handshake.id }
                    guard children.allSatisfy({ $0.state == "ACCEPTED" }) else {
                        throw AWSError("HandshakeConstraintViolationException",
                                       "All invited member accounts must approve enabling all features before the migration can be finalized.")
                    }
                    organization.featureSet = "ALL"
                    tx.put(organization, id: organization.id, in: OrgTree.partition)
                default:
                    break
                }
            }
            if next == "CANCELED" {
                // Canceling the migration cancels the approvals it asked for.
                for var child in tx.all(OrgHandshake.self, in: OrgTree.partition).values
                    where child.parentHandshakeId == handshake.id && state(child, context.now) == "OPEN" {
                    child.state = "CANCELED"
                    tx.put(child, id: child.id, in: OrgTree.partition)
                }
            }
            handshake.state = next
            tx.put(handshake, id: handshake.id, in: OrgTree.partition)
            return handshake
        }
    }

    static func accept(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": output(try transition(input, context, to: "ACCEPTED"), context)]
    }

    static func decline(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": output(try transition(input, context, to: "DECLINED"), context)]
    }

    static func cancel(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": output(try transition(input, context, to: "CANCELED"), context)]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["HandshakeId"]?.string ?? ""
        try checkId(id)
        let handshake = try context.store.read { try party(id, context, $0) }
        return ["Handshake": output(handshake, context)]
    }

    static func listForAccount(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let handshakes = context.store.read { view in
            view.all(OrgHandshake.self, in: OrgTree.partition).values.filter { $0.targetAccount == context.account }
        }
        return try OrgTree.page("Handshakes", try filtered(Array(handshakes), input).map { output($0, context) }, input)
    }

    static func listForOrganization(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let handshakes = try context.store.read { view -> [OrgHandshake] in
            let organization = try OrgTree.reader(context, view)
            return view.all(OrgHandshake.self, in: OrgTree.partition).values.filter { $0.organizationId == organization.id }
        }
        return try OrgTree.page("Handshakes", try filtered(handshakes, input).map { output($0, context) }, input)
    }

    /// HandshakeFilter: ActionType or ParentHandshakeId, not both.
    private static func filtered(_ handshakes: [OrgHandshake], _ input: AWSValue) throws -> [OrgHandshake] {
        guard let filter = input["Filter"] else { return handshakes }
        if filter["ActionType"] != nil, filter["ParentHandshakeId"] != nil {
            throw OrgErrors.invalidInput("MAX_LIMIT_EXCEEDED_FILTER", "You can specify only one filter parameter for the operation.")
        }
        if let action = filter["ActionType"]?.string { return handshakes.filter { $0.actionType == action } }
        if let parent = filter["ParentHandshakeId"]?.string { return handshakes.filter { $0.parentHandshakeId == parent } }
        return handshakes
    }
}

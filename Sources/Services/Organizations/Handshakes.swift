import AWSWire
import Foundation
import NimbusCore
import State

/// InviteAccountToOrganization, AcceptHandshake, DeclineHandshake, CancelHandshake, DescribeHandshake,
/// ListHandshakesForAccount, ListHandshakesForOrganization ("Inviting an AWS account to join your
/// organization"). Any 12-digit account is a Nimbus account whose root user can accept.
enum Handshakes {
    /// "InviteAccountToOrganization": an invitation stays open for 15 days.
    static let lifetime: TimeInterval = 15 * 24 * 3600

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
            if let existing = tx.get(OrgAccount.self, targetId, in: OrgTree.partition) {
                _ = existing
                throw AWSError("HandshakeConstraintViolationException", "The account is already a member of an organization.",
                               fields: [("Reason", "ALREADY_IN_AN_ORGANIZATION")])
            }
            let open = tx.all(OrgHandshake.self, in: OrgTree.partition).values.contains {
                $0.organizationId == organization.id && $0.targetAccount == targetId && ["OPEN", "REQUESTED"].contains(state($0, context.now))
            }
            guard !open else {
                throw AWSError("DuplicateHandshakeException", "A handshake with the same action and target already exists.")
            }
            let handshake = OrgHandshake(id: "h-" + context.ids.hex(10), organizationId: organization.id,
                                         managementAccount: organization.managementAccount, targetAccount: targetId,
                                         notes: input["Notes"]?.string, state: "OPEN", requested: context.now,
                                         expires: context.now.addingTimeInterval(lifetime))
            tx.put(handshake, id: handshake.id, in: OrgTree.partition)
            return handshake
        }
        return ["Handshake": try output(handshake, context)]
    }

    /// Open handshakes past their expiry read as EXPIRED (no timer needed).
    static func state(_ handshake: OrgHandshake, _ now: Date) -> String {
        handshake.state == "OPEN" && now >= handshake.expires ? "EXPIRED" : handshake.state
    }

    static func output(_ handshake: OrgHandshake, _ context: RequestContext) throws -> AWSValue {
        let arn = "arn:aws:organizations::\(handshake.managementAccount):handshake/\(handshake.organizationId)/invite/\(handshake.id)"
        var resources: [AWSValue] = [
            ["Type": "ORGANIZATION", "Value": .string(handshake.organizationId), "Resources": [
                ["Type": "MASTER_EMAIL", "Value": .string("\(handshake.managementAccount)@nimbus.local")],
                ["Type": "MASTER_NAME", "Value": "Management"],
                ["Type": "ORGANIZATION_FEATURE_SET", "Value": "ALL"],
            ]],
            ["Type": "ACCOUNT", "Value": .string(handshake.targetAccount)],
        ]
        if let notes = handshake.notes { resources.append(["Type": "NOTES", "Value": .string(notes)]) }
        return [
            "Id": .string(handshake.id), "Arn": .string(arn),
            "Parties": [
                ["Id": .string(handshake.organizationId), "Type": "ORGANIZATION"],
                ["Id": .string(handshake.targetAccount), "Type": "ACCOUNT"],
            ],
            "State": .string(state(handshake, context.now)), "RequestedTimestamp": .timestamp(handshake.requested),
            "ExpirationTimestamp": .timestamp(handshake.expires), "Action": "INVITE", "Resources": .list(resources),
        ]
    }

    private static func checkId(_ id: String) throws {
        guard id.hasPrefix("h-"), id.count >= 10, id.count <= 34 else { throw OrgErrors.badId("HandshakeId", "^h-[0-9a-z]{8,32}$") }
    }

    /// A handshake the caller is a party to: the invited account, or the inviting organization's management account.
    private static func party(_ id: String, _ context: RequestContext, _ view: StoreView) throws -> OrgHandshake {
        guard let handshake = view.get(OrgHandshake.self, id, in: OrgTree.partition) else { throw OrgErrors.handshakeNotFound() }
        guard handshake.targetAccount == context.account || handshake.managementAccount == context.account else {
            throw OrgErrors.handshakeNotFound()
        }
        return handshake
    }

    /// Moves a handshake from OPEN to `next`; only the invited account accepts or declines, only the
    /// management account cancels.
    private static func transition(_ input: AWSValue, _ context: RequestContext, to next: String) throws -> OrgHandshake {
        let id = input["HandshakeId"]?.string ?? ""
        try checkId(id)
        return try context.store.write { tx -> OrgHandshake in
            var handshake = try party(id, context, tx.view)
            let byTarget = handshake.targetAccount == context.account
            guard next == "CANCELED" ? !byTarget : byTarget else { throw OrgErrors.accessDenied() }
            let current = state(handshake, context.now)
            if current == next { throw OrgErrors.handshakeAlreadyInState(current) }
            guard current == "OPEN" else { throw OrgErrors.invalidHandshakeTransition(current) }
            if next == "ACCEPTED" {
                guard tx.get(OrgAccount.self, context.account, in: OrgTree.partition) == nil else {
                    throw AWSError("HandshakeConstraintViolationException", "The account is already a member of an organization.",
                                   fields: [("Reason", "ALREADY_IN_AN_ORGANIZATION")])
                }
                guard let organization = tx.get(Organization.self, handshake.organizationId, in: OrgTree.partition) else {
                    throw OrgErrors.handshakeNotFound()
                }
                var account = OrgAccount(id: context.account, organizationId: organization.id, name: "Account \(context.account)",
                                         email: "\(context.account)@nimbus.local", parentId: organization.rootId,
                                         joinedMethod: "INVITED", joined: context.now)
                if organization.scpsEnabled { account.policies = [OrgPolicyTypes.fullAWSAccessId] }
                tx.put(account, id: account.id, in: OrgTree.partition)
            }
            handshake.state = next
            tx.put(handshake, id: handshake.id, in: OrgTree.partition)
            return handshake
        }
    }

    static func accept(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": try output(try transition(input, context, to: "ACCEPTED"), context)]
    }

    static func decline(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": try output(try transition(input, context, to: "DECLINED"), context)]
    }

    static func cancel(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["Handshake": try output(try transition(input, context, to: "CANCELED"), context)]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["HandshakeId"]?.string ?? ""
        try checkId(id)
        let handshake = try context.store.read { try party(id, context, $0) }
        return ["Handshake": try output(handshake, context)]
    }

    static func listForAccount(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let handshakes = context.store.read { view in
            view.all(OrgHandshake.self, in: OrgTree.partition).values.filter { $0.targetAccount == context.account }
        }
        return try OrgTree.page("Handshakes", try filtered(Array(handshakes), input).map { try output($0, context) }, input)
    }

    static func listForOrganization(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let handshakes = try context.store.read { view -> [OrgHandshake] in
            let organization = try OrgTree.reader(context, view)
            return view.all(OrgHandshake.self, in: OrgTree.partition).values.filter { $0.organizationId == organization.id }
        }
        return try OrgTree.page("Handshakes", try filtered(handshakes, input).map { try output($0, context) }, input)
    }

    /// HandshakeFilter: ActionType (only INVITE exists in Nimbus) or ParentHandshakeId (none have parents).
    private static func filtered(_ handshakes: [OrgHandshake], _ input: AWSValue) throws -> [OrgHandshake] {
        guard let filter = input["Filter"] else { return handshakes }
        if filter["ActionType"] != nil, filter["ParentHandshakeId"] != nil {
            throw OrgErrors.invalidInput("MAX_LIMIT_EXCEEDED_FILTER", "You can specify only one filter parameter for the operation.")
        }
        if let action = filter["ActionType"]?.string { return action == "INVITE" ? handshakes : [] }
        if filter["ParentHandshakeId"]?.string != nil { return [] }
        return handshakes
    }
}

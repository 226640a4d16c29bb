import AWSWire
import Foundation
import NimbusCore
import State

/// ListChildren and ListParents: walking the tree one level at a time.
enum Hierarchy {
    static func listChildren(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let parentId = input["ParentId"]?.string ?? ""
        let type = input["ChildType"]?.string ?? ""
        try OrgTree.checkParentId(parentId)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            guard OrgTree.isParent(parentId, in: organization, view) else { throw OrgErrors.parentNotFound() }
            switch type {
            case "ACCOUNT":
                return OrgTree.childAccounts(of: parentId, in: organization, view).map { ["Id": .string($0.id), "Type": "ACCOUNT"] }
            case "ORGANIZATIONAL_UNIT":
                return OrgTree.childOUs(of: parentId, in: organization, view).map { ["Id": .string($0.id), "Type": "ORGANIZATIONAL_UNIT"] }
            default:
                throw OrgErrors.invalidInput("INVALID_ENUM", "You specified an invalid value for ChildType.")
            }
        }
        return try OrgTree.page("Children", rows, input)
    }

    /// "ListParents": an account or OU has exactly one parent, the root or an OU.
    static func listParents(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let childId = input["ChildId"]?.string ?? ""
        guard OrgTree.isAccountId(childId) || OrgTree.isOUId(childId) else {
            throw OrgErrors.badId("ChildId", "^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$")
        }
        let parent = try context.store.read { view -> String in
            let organization = try OrgTree.reader(context, view)
            if let account = OrgTree.account(childId, in: organization, view) { return account.parentId }
            if let ou = OrgTree.ou(childId, in: organization, view) { return ou.parentId }
            throw OrgErrors.childNotFound()
        }
        let row: AWSValue = ["Id": .string(parent), "Type": .string(OrgTree.isRootId(parent) ? "ROOT" : "ORGANIZATIONAL_UNIT")]
        return try OrgTree.page("Parents", [row], input)
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// CreateOrganizationalUnit, UpdateOrganizationalUnit, DeleteOrganizationalUnit, DescribeOrganizationalUnit,
/// ListOrganizationalUnitsForParent ("Managing organizational units (OUs)").
enum OrganizationalUnits {
    /// "Quotas for AWS Organizations": 2,000 OUs in an organization.
    static let maxOUs = 2000

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 128 else {
            throw OrgErrors.invalidInput(name.isEmpty ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED",
                                         "The name of an OU must be 1 to 128 characters long.")
        }
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let parentId = input["ParentId"]?.string ?? ""
        let name = input["Name"]?.string ?? ""
        try OrgTree.checkParentId(parentId)
        try checkName(name)
        let tags = try OrgTagging.tags(input["Tags"])
        let output = try context.store.write { tx -> AWSValue in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.isParent(parentId, in: organization, tx.view) else { throw OrgErrors.parentNotFound() }
            // The root is level 0; an OU directly under it is level 1.
            guard OrgTree.path(to: parentId, in: organization, tx.view).count <= OrgTree.maxOUDepth else {
                throw OrgErrors.constraint("OU_DEPTH_LIMIT_EXCEEDED",
                                           "You attempted to create an OU tree that is too many levels deep.")
            }
            guard OrgTree.ous(of: organization, tx.view).count < maxOUs else {
                throw OrgErrors.constraint("OU_NUMBER_LIMIT_EXCEEDED", "You attempted to exceed the number of OUs that you can have in an organization.")
            }
            guard !OrgTree.childOUs(of: parentId, in: organization, tx.view).contains(where: { $0.name == name }) else {
                throw AWSError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
            }
            let suffix = organization.rootId.dropFirst(2)
            var ou = OrgUnit(id: OrgTree.freshId("ou-\(suffix)-", digits: 8, unusedBy: OrgUnit.self, context, tx.view), organizationId: organization.id, name: name,
                             parentId: parentId, tags: tags)
            // New OUs get FullAWSAccess while SCPs are enabled, as every OU has it when they are turned on.
            if organization.scpsEnabled { ou.policies = [OrgPolicyTypes.fullAWSAccessId] }
            tx.put(ou, id: ou.id, in: OrgTree.partition)
            return OrgTree.ouOutput(ou, in: organization, tx.view)
        }
        return ["OrganizationalUnit": output]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["OrganizationalUnitId"]?.string ?? ""
        try OrgTree.checkOUId(id)
        let output = try context.store.read { view -> AWSValue in
            let organization = try OrgTree.reader(context, view)
            guard let ou = OrgTree.ou(id, in: organization, view) else { throw OrgErrors.ouNotFound() }
            return OrgTree.ouOutput(ou, in: organization, view)
        }
        return ["OrganizationalUnit": output]
    }

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["OrganizationalUnitId"]?.string ?? ""
        try OrgTree.checkOUId(id)
        let name = input["Name"]?.string
        if let name { try checkName(name) }
        let output = try context.store.write { tx -> AWSValue in
            let organization = try OrgTree.managed(context, tx.view)
            guard var ou = OrgTree.ou(id, in: organization, tx.view) else { throw OrgErrors.ouNotFound() }
            if let name, name != ou.name {
                guard !OrgTree.childOUs(of: ou.parentId, in: organization, tx.view).contains(where: { $0.name == name }) else {
                    throw AWSError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
                }
                ou.name = name
                tx.put(ou, id: ou.id, in: OrgTree.partition)
            }
            return OrgTree.ouOutput(ou, in: organization, tx.view)
        }
        return ["OrganizationalUnit": output]
    }

    /// "DeleteOrganizationalUnit": only an empty OU (no accounts, no child OUs) can be deleted.
    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["OrganizationalUnitId"]?.string ?? ""
        try OrgTree.checkOUId(id)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.ou(id, in: organization, tx.view) != nil else { throw OrgErrors.ouNotFound() }
            guard OrgTree.childOUs(of: id, in: organization, tx.view).isEmpty,
                  OrgTree.childAccounts(of: id, in: organization, tx.view).isEmpty else {
                throw AWSError("OrganizationalUnitNotEmptyException",
                               "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
            }
            tx.delete(OrgUnit.self, id, in: OrgTree.partition)
        }
        return [:]
    }

    static func listForParent(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let parentId = input["ParentId"]?.string ?? ""
        try OrgTree.checkParentId(parentId)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            guard OrgTree.isParent(parentId, in: organization, view) else { throw OrgErrors.parentNotFound() }
            return OrgTree.childOUs(of: parentId, in: organization, view).map { OrgTree.ouOutput($0, in: organization, view) }
        }
        return try OrgTree.page("OrganizationalUnits", rows, input)
    }
}

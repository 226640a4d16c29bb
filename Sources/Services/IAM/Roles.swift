import AWSWire
import Foundation
import NimbusCore
import State

/// CreateRole, GetRole, ListRoles, DeleteRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
/// TagRole, UntagRole, ListRoleTags ("IAM API Reference").
enum Roles {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["RoleName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        let document = input["AssumeRolePolicyDocument"]?.string ?? ""
        try IAMNames.validName(name, member: "roleName", max: 64)
        try IAMNames.validPath(path)
        try PolicyDocuments.validate(document, kind: .trust)
        let role = try context.store.write { tx in
            guard tx.get(IAMRole.self, name.lowercased(), in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("Role with name \(name) already exists.")
            }
            let boundary = try input["PermissionsBoundary"]?.string.map { try ManagedPolicyCatalog.find($0, context, tx.view).arn }
            let role = IAMRole(roleName: name, roleId: context.ids.iamId("AROA"), path: path,
                               arn: "arn:aws:iam::\(context.account):role\(path)\(name)", created: context.now,
                               assumeRolePolicyDocument: document, description: input["Description"]?.string,
                               maxSessionDuration: input["MaxSessionDuration"]?.int ?? 3600, tags: IAMTag.list(input["Tags"]),
                               permissionsBoundary: boundary)
            tx.put(role, id: name.lowercased(), in: context.globalPartition)
            return role
        }
        return ["Role": role.output]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["RoleName"]?.string ?? ""
        return ["Role": try context.store.read { try IAMRole.load(name, $0, context.globalPartition) }.output]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let prefix = input["PathPrefix"]?.string ?? "/"
        let roles = context.store.read { $0.all(IAMRole.self, in: context.globalPartition) }.values
            .filter { $0.path.hasPrefix(prefix) }.sorted { $0.roleName.lowercased() < $1.roleName.lowercased() }
        return IAMPaging.list("Roles", roles.map(\.output), input)
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["RoleName"]?.string ?? ""
        try context.store.write { tx in
            let role = try IAMRole.load(name, tx.view, context.globalPartition)
            try ServiceLinkedRoles.refuseChange(role)
            // "DeleteRole": policies must be removed first.
            if !role.inlinePolicies.isEmpty { throw IAMErrors.deleteConflict("delete policies") }
            if !role.attachedPolicies.isEmpty { throw IAMErrors.deleteConflict("detach all policies") }
            if tx.all(IAMInstanceProfile.self, in: context.globalPartition).values.contains(where: { $0.roleNames.contains(role.roleName) }) {
                throw IAMErrors.deleteConflict("remove roles from instance profile")
            }
            tx.delete(IAMRole.self, name.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        _ = try modify(input, context) { role in
            if let description = input["Description"]?.string { role.description = description }
            if let duration = input["MaxSessionDuration"]?.int { role.maxSessionDuration = duration }
        }
        return [:]
    }

    static func updateDescription(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let role = try modify(input, context) { $0.description = input["Description"]?.string }
        return ["Role": role.output]
    }

    static func updateAssumeRolePolicy(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let document = input["PolicyDocument"]?.string ?? ""
        try PolicyDocuments.validate(document, kind: .trust)
        _ = try modify(input, context) { $0.assumeRolePolicyDocument = document }
        return [:]
    }

    private static func modify(_ input: AWSValue, _ context: RequestContext, _ change: (inout IAMRole) -> Void) throws -> IAMRole {
        let name = input["RoleName"]?.string ?? ""
        return try context.store.write { tx in
            var role = try IAMRole.load(name, tx.view, context.globalPartition)
            try ServiceLinkedRoles.refuseChange(role)
            change(&role)
            tx.put(role, id: name.lowercased(), in: context.globalPartition)
            return role
        }
    }
}

/// Users and roles can have a permissions boundary: one managed policy that caps what their policies grant.
protocol BoundaryHolder: PolicyHolder {
    var permissionsBoundary: String? { get set }
}

extension IAMUser: BoundaryHolder {}
extension IAMRole: BoundaryHolder {}

/// PutUserPermissionsBoundary, PutRolePermissionsBoundary and their Delete forms ("Permissions boundaries for IAM entities").
enum PermissionsBoundaries {
    static func put<H: BoundaryHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let name = input[H.nameMember]?.string ?? ""
            let arn = input["PermissionsBoundary"]?.string ?? ""
            try context.store.write { tx in
                var holder = try H.load(name, tx.view, context.globalPartition)
                holder.permissionsBoundary = try ManagedPolicyCatalog.find(arn, context, tx.view).arn
                tx.put(holder, id: name.lowercased(), in: context.globalPartition)
            }
            return [:]
        }
    }

    static func delete<H: BoundaryHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let name = input[H.nameMember]?.string ?? ""
            try context.store.write { tx in
                var holder = try H.load(name, tx.view, context.globalPartition)
                holder.permissionsBoundary = nil
                tx.put(holder, id: name.lowercased(), in: context.globalPartition)
            }
            return [:]
        }
    }
}

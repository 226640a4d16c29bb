import AWSWire
import Foundation
import NimbusCore
import State

/// CreateUser, GetUser, ListUsers, DeleteUser ("IAM API Reference").
enum Users {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        try IAMNames.validName(name, member: "userName")
        try IAMNames.validPath(path)
        let partition = context.globalPartition
        let user = try context.store.write { tx in
            guard tx.get(IAMUser.self, name.lowercased(), in: partition) == nil else { throw IAMErrors.userExists(name) }
            let boundary = try input["PermissionsBoundary"]?.string.map { try ManagedPolicyCatalog.find($0, context, tx.view).arn }
            let user = IAMUser(userName: name, userId: context.ids.iamId("AIDA"), path: path,
                               arn: "arn:aws:iam::\(context.account):user\(path)\(name)", created: context.now,
                               tags: IAMTag.list(input["Tags"]), permissionsBoundary: boundary)
            tx.put(user, id: name.lowercased(), in: partition)
            return user
        }
        return ["User": user.output]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let name = input["UserName"]?.string ?? callerUserName(context) else {
            // The root user asking about itself: IAM answers with the account's root identity.
            return ["User": .structure([
                "Path": "/", "UserName": nil, "UserId": .string(context.account),
                "Arn": .string("arn:aws:iam::\(context.account):root"), "CreateDate": .timestamp(Date(timeIntervalSince1970: 0)),
            ])]
        }
        return ["User": try context.store.read { try IAMUser.load(name, $0, context.globalPartition) }.output]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let prefix = input["PathPrefix"]?.string ?? "/"
        let users = context.store.read { $0.all(IAMUser.self, in: context.globalPartition) }.values
            .filter { $0.path.hasPrefix(prefix) }
            .sorted { $0.userName.lowercased() < $1.userName.lowercased() }
        return IAMPaging.list("Users", users.map(\.output), input)
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        let partition = context.globalPartition
        try context.store.write { tx in
            let user = try IAMUser.load(name, tx.view, partition)
            // "DeleteUser": everything attached to the user must go first.
            let keys = tx.all(IAMAccessKey.self, in: partition).values.filter { $0.userName.lowercased() == name.lowercased() }
            guard keys.isEmpty else { throw IAMErrors.deleteConflict("delete access keys") }
            guard user.inlinePolicies.isEmpty else { throw IAMErrors.deleteConflict("delete policies") }
            guard user.attachedPolicies.isEmpty else { throw IAMErrors.deleteConflict("detach all policies") }
            guard tx.get(IAMLoginProfile.self, user.userName.lowercased(), in: partition) == nil else {
                throw IAMErrors.deleteConflict("delete login profile")
            }
            guard !tx.all(IAMMFADevice.self, in: partition).values.contains(where: { $0.userName == user.userName }) else {
                throw IAMErrors.deleteConflict("delete MFA devices")
            }
            guard Groups.memberships(of: user.userName, tx.view, partition).isEmpty else {
                throw IAMErrors.deleteConflict("remove user from all groups")
            }
            tx.delete(IAMUser.self, name.lowercased(), in: partition)
        }
        return [:]
    }

    /// The user named by a request that names none: the caller, when the caller is an IAM user.
    static func callerUserName(_ context: RequestContext) -> String? {
        context.principal.kind == .user ? context.principal.name : nil
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// CreateGroup, GetGroup, ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser ("IAM API Reference").
enum Groups {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        try IAMNames.validName(name, member: "groupName", max: 128)
        try IAMNames.validPath(path)
        let group = IAMGroup(groupName: name, groupId: context.ids.iamId("AGPA"), path: path,
                             arn: "arn:aws:iam::\(context.account):group\(path)\(name)", created: context.now)
        try context.store.write { tx in
            guard tx.get(IAMGroup.self, name.lowercased(), in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("Group with name \(name) already exists.")
            }
            tx.put(group, id: name.lowercased(), in: context.globalPartition)
        }
        return ["Group": group.output]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        let (group, users): (IAMGroup, [IAMUser]) = try context.store.read { view in
            let group = try IAMGroup.load(name, view, context.globalPartition)
            return (group, group.members.compactMap { view.get(IAMUser.self, $0.lowercased(), in: context.globalPartition) })
        }
        return IAMPaging.list("Users", users.map(\.output), input, extra: ["Group": group.output])
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let prefix = input["PathPrefix"]?.string ?? "/"
        let groups = context.store.read { $0.all(IAMGroup.self, in: context.globalPartition) }.values
            .filter { $0.path.hasPrefix(prefix) }.sorted { $0.groupName.lowercased() < $1.groupName.lowercased() }
        return IAMPaging.list("Groups", groups.map(\.output), input)
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        try context.store.write { tx in
            let group = try IAMGroup.load(name, tx.view, context.globalPartition)
            // "DeleteGroup": the group must hold no users and no policies.
            if !group.members.isEmpty { throw IAMErrors.deleteConflict("remove users from group") }
            if !group.inlinePolicies.isEmpty { throw IAMErrors.deleteConflict("delete policies") }
            if !group.attachedPolicies.isEmpty { throw IAMErrors.deleteConflict("detach all policies") }
            tx.delete(IAMGroup.self, name.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    static func addUser(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeMembership(input, context) { group, user in
            if !group.members.contains(where: { $0.lowercased() == user.lowercased() }) { group.members.append(user) }
        }
    }

    static func removeUser(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeMembership(input, context) { group, user in
            group.members.removeAll { $0.lowercased() == user.lowercased() }
        }
    }

    static func listForUser(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        let groups: [IAMGroup] = try context.store.read { view in
            _ = try IAMUser.load(name, view, context.globalPartition)
            return memberships(of: name, view, context.globalPartition)
        }
        return IAMPaging.list("Groups", groups.map(\.output), input)
    }

    /// The groups a user belongs to, in group creation order.
    static func memberships(of userName: String, _ view: StoreView, _ partition: Partition) -> [IAMGroup] {
        view.all(IAMGroup.self, in: partition).values.filter { group in
            group.members.contains { $0.lowercased() == userName.lowercased() }
        }
    }

    private static func changeMembership(_ input: AWSValue, _ context: RequestContext,
                                         _ change: (inout IAMGroup, String) -> Void) throws -> AWSValue {
        let groupName = input["GroupName"]?.string ?? ""
        let userName = input["UserName"]?.string ?? ""
        try context.store.write { tx in
            var group = try IAMGroup.load(groupName, tx.view, context.globalPartition)
            let user = try IAMUser.load(userName, tx.view, context.globalPartition)
            change(&group, user.userName)
            tx.put(group, id: groupName.lowercased(), in: context.globalPartition)
        }
        return [:]
    }
}

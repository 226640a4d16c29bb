import AWSWire
import Foundation
import NimbusCore
import State

/// An instance profile: the container that passes one role to EC2 instances ("Use instance profiles").
struct IAMInstanceProfile: Resource {
    static let kind = "iam.instanceprofile"
    var name: String
    var instanceProfileId: String
    var path: String
    var arn: String
    var created: Date
    var roleNames: [String] = []
    var tags: [IAMTag] = []
}

/// CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles, DeleteInstanceProfile, AddRoleToInstanceProfile,
/// RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole ("IAM API Reference").
enum InstanceProfiles {
    /// "IAM and AWS STS quotas": one role per instance profile.
    static let rolesPerProfile = 1

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["InstanceProfileName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        try IAMNames.validName(name, member: "instanceProfileName", max: 128)
        try IAMNames.validPath(path)
        let profile = IAMInstanceProfile(name: name, instanceProfileId: context.ids.iamId("AIPA"), path: path,
                                         arn: "arn:aws:iam::\(context.account):instance-profile\(path)\(name)", created: context.now,
                                         tags: IAMTag.list(input["Tags"]))
        try context.store.write { tx in
            guard tx.get(IAMInstanceProfile.self, name.lowercased(), in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("Instance Profile \(name) already exists.")
            }
            tx.put(profile, id: name.lowercased(), in: context.globalPartition)
        }
        return ["InstanceProfile": context.store.read { output(profile, $0, context.globalPartition) }]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["InstanceProfileName"]?.string ?? ""
        return try context.store.read { view in
            ["InstanceProfile": output(try load(name, view, context.globalPartition), view, context.globalPartition)]
        }
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let prefix = input["PathPrefix"]?.string ?? "/"
        let profiles: [AWSValue] = context.store.read { view in
            view.all(IAMInstanceProfile.self, in: context.globalPartition).values
                .filter { $0.path.hasPrefix(prefix) }
                .map { output($0, view, context.globalPartition) }
        }
        return IAMPaging.list("InstanceProfiles", profiles, input)
    }

    static func listForRole(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let roleName = input["RoleName"]?.string ?? ""
        let profiles: [AWSValue] = try context.store.read { view in
            let role = try IAMRole.load(roleName, view, context.globalPartition)
            return view.all(IAMInstanceProfile.self, in: context.globalPartition).values
                .filter { $0.roleNames.contains(role.roleName) }
                .map { output($0, view, context.globalPartition) }
        }
        return ["InstanceProfiles": .list(profiles), "IsTruncated": false]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["InstanceProfileName"]?.string ?? ""
        try context.store.write { tx in
            let profile = try load(name, tx.view, context.globalPartition)
            guard profile.roleNames.isEmpty else { throw IAMErrors.deleteConflict("remove roles from instance profile") }
            tx.delete(IAMInstanceProfile.self, name.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    static func addRole(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeRoles(input, context) { profile, role in
            guard !profile.roleNames.contains(role) else { return }
            guard profile.roleNames.count < rolesPerProfile else {
                throw IAMErrors.limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: \(rolesPerProfile)")
            }
            profile.roleNames.append(role)
        }
    }

    static func removeRole(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeRoles(input, context) { profile, role in
            guard profile.roleNames.contains(role) else {
                throw IAMErrors.noSuchEntity("The role with name \(role) cannot be found in instance profile \(profile.name).")
            }
            profile.roleNames.removeAll { $0 == role }
        }
    }

    private static func changeRoles(_ input: AWSValue, _ context: RequestContext,
                                    _ change: (inout IAMInstanceProfile, String) throws -> Void) throws -> AWSValue {
        let name = input["InstanceProfileName"]?.string ?? ""
        let roleName = input["RoleName"]?.string ?? ""
        try context.store.write { tx in
            var profile = try load(name, tx.view, context.globalPartition)
            let role = try IAMRole.load(roleName, tx.view, context.globalPartition)
            try change(&profile, role.roleName)
            tx.put(profile, id: name.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    static func load(_ name: String, _ view: StoreView, _ partition: Partition) throws -> IAMInstanceProfile {
        guard let profile = view.get(IAMInstanceProfile.self, name.lowercased(), in: partition) else {
            throw IAMErrors.noSuchEntity("Instance Profile \(name) cannot be found.")
        }
        return profile
    }

    static func output(_ profile: IAMInstanceProfile, _ view: StoreView, _ partition: Partition) -> AWSValue {
        let roles = profile.roleNames.compactMap { view.get(IAMRole.self, $0.lowercased(), in: partition)?.output }
        return ["Path": .string(profile.path), "InstanceProfileName": .string(profile.name),
                "InstanceProfileId": .string(profile.instanceProfileId), "Arn": .string(profile.arn),
                "CreateDate": .timestamp(profile.created), "Roles": .list(roles), "Tags": IAMTag.output(profile.tags) ?? []]
    }
}

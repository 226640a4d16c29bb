import AWSWire
import Foundation
import NimbusCore
import State

/// UpdateUser and UpdateGroup: a new name and path ("Renaming an IAM user", "Renaming an IAM group"). The unique ID
/// stays; the ARN follows the new name and path; everything that points at the user by name (access keys, their
/// credentials and sessions, the login profile, MFA devices, group memberships) follows too. Policies that name the
/// old ARN are not rewritten, as AWS warns.
enum Renames {
    static func updateUser(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        let newName = input["NewUserName"]?.string
        let newPath = input["NewPath"]?.string
        if let newName { try IAMNames.validName(newName, member: "newUserName") }
        if let newPath { try IAMNames.validPath(newPath) }
        let partition = context.globalPartition
        try context.store.write { tx in
            var user = try IAMUser.load(name, tx.view, partition)
            let oldName = user.userName
            let renamed = newName ?? oldName
            if renamed.lowercased() != oldName.lowercased(), tx.get(IAMUser.self, renamed.lowercased(), in: partition) != nil {
                throw IAMErrors.userExists(renamed)
            }
            user.userName = renamed
            user.path = newPath ?? user.path
            user.arn = "arn:aws:iam::\(context.account):user\(user.path)\(renamed)"
            tx.delete(IAMUser.self, oldName.lowercased(), in: partition)
            tx.put(user, id: renamed.lowercased(), in: partition)
            for var key in tx.all(IAMAccessKey.self, in: partition).values where key.userName == oldName {
                key.userName = renamed
                tx.put(key, id: key.accessKeyId, in: partition)
            }
            // The user's keys and sessions now speak for the new name.
            for var credential in tx.all(IssuedCredential.self, in: .nimbus).values
            where credential.principal.kind == .user && credential.principal.userId == user.userId {
                credential.principal.arn = user.arn
                credential.principal.name = renamed
                tx.put(credential, id: credential.accessKeyId, in: .nimbus)
            }
            if var profile = tx.get(IAMLoginProfile.self, oldName.lowercased(), in: partition) {
                profile.userName = renamed
                tx.delete(IAMLoginProfile.self, oldName.lowercased(), in: partition)
                tx.put(profile, id: renamed.lowercased(), in: partition)
            }
            for var device in tx.all(IAMMFADevice.self, in: partition).values where device.userName == oldName {
                device.userName = renamed
                tx.put(device, id: device.serialNumber, in: partition)
            }
            for var group in tx.all(IAMGroup.self, in: partition).values where group.members.contains(oldName) {
                group.members = group.members.map { $0 == oldName ? renamed : $0 }
                tx.put(group, id: group.groupName.lowercased(), in: partition)
            }
        }
        return [:]
    }

    static func updateGroup(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        let newName = input["NewGroupName"]?.string
        let newPath = input["NewPath"]?.string
        if let newName { try IAMNames.validName(newName, member: "newGroupName") }
        if let newPath { try IAMNames.validPath(newPath) }
        let partition = context.globalPartition
        try context.store.write { tx in
            var group = try IAMGroup.load(name, tx.view, partition)
            let oldName = group.groupName
            let renamed = newName ?? oldName
            if renamed.lowercased() != oldName.lowercased(), tx.get(IAMGroup.self, renamed.lowercased(), in: partition) != nil {
                throw IAMErrors.alreadyExists("Group with name \(renamed) already exists.")
            }
            group.groupName = renamed
            group.path = newPath ?? group.path
            group.arn = "arn:aws:iam::\(context.account):group\(group.path)\(renamed)"
            tx.delete(IAMGroup.self, oldName.lowercased(), in: partition)
            tx.put(group, id: renamed.lowercased(), in: partition)
        }
        return [:]
    }
}

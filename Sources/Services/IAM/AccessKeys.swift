import AWSWire
import Foundation
import NimbusCore
import State

/// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey ("IAM API Reference").
/// Each key is also an `IssuedCredential`, which is what authentication verifies.
enum AccessKeys {
    /// "IAM and AWS STS quotas": two access keys per user.
    static let perUserQuota = 2

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.globalPartition
        let keyId = context.ids.iamId("AKIA", length: 20)
        let secret = context.ids.secret()
        let now = context.now
        let user: IAMUser = try context.store.write { tx in
            let user = try owner(input, context, tx.view)
            let existing = tx.all(IAMAccessKey.self, in: partition).values.filter { $0.userName == user.userName }
            guard existing.count < perUserQuota else { throw IAMErrors.accessKeyQuota() }
            tx.put(IAMAccessKey(accessKeyId: keyId, userName: user.userName, active: true, created: now), id: keyId, in: partition)
            let principal = Principal(kind: .user, account: context.account, arn: user.arn, userId: user.userId,
                                      name: user.userName, accessKeyId: keyId)
            tx.put(IssuedCredential(accessKeyId: keyId, secretAccessKey: secret, principal: principal, created: now), id: keyId, in: .nimbus)
            return user
        }
        return ["AccessKey": [
            "UserName": .string(user.userName), "AccessKeyId": .string(keyId), "Status": "Active",
            "SecretAccessKey": .string(secret), "CreateDate": .timestamp(now),
        ]]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.globalPartition
        let keys: [IAMAccessKey] = try context.store.read { view in
            let user = try owner(input, context, view)
            return view.all(IAMAccessKey.self, in: partition).values.filter { $0.userName == user.userName }
        }
        return IAMPaging.list("AccessKeyMetadata", keys.map { key in
            ["UserName": .string(key.userName), "AccessKeyId": .string(key.accessKeyId),
             "Status": .string(key.active ? "Active" : "Inactive"), "CreateDate": .timestamp(key.created)]
        }, input)
    }

    /// GetAccessKeyLastUsed: "N/A" service and region until the key is first used.
    static func lastUsed(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let keyId = input["AccessKeyId"]?.string ?? ""
        let key = context.store.read { view in
            view.partitions(holding: IAMAccessKey.self).lazy.compactMap { view.get(IAMAccessKey.self, keyId, in: $0) }.first
        }
        guard let key else { throw IAMErrors.noSuchAccessKey(keyId) }
        let use = context.environment.credentialUsage.lastUse(of: keyId)
        return ["UserName": .string(key.userName), "AccessKeyLastUsed": .structure([
            "LastUsedDate": use.map { .timestamp($0.date) }, "ServiceName": .string(use?.service ?? "N/A"), "Region": .string(use?.region ?? "N/A"),
        ])]
    }

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let active = input["Status"]?.string == "Active"
        try modify(input, context) { key, credential in
            key.active = active
            credential.active = active
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.globalPartition
        try context.store.write { tx in
            let key = try ownedKey(input, context, tx.view)
            tx.delete(IAMAccessKey.self, key.accessKeyId, in: partition)
            if var credential = tx.get(IssuedCredential.self, key.accessKeyId, in: .nimbus) {
                credential.active = false
                credential.deleted = true
                tx.put(credential, id: key.accessKeyId, in: .nimbus)
            }
        }
        return [:]
    }

    private static func modify(_ input: AWSValue, _ context: RequestContext,
                               _ change: (inout IAMAccessKey, inout IssuedCredential) -> Void) throws {
        let partition = context.globalPartition
        try context.store.write { tx in
            var key = try ownedKey(input, context, tx.view)
            guard var credential = tx.get(IssuedCredential.self, key.accessKeyId, in: .nimbus) else {
                throw IAMErrors.noSuchAccessKey(key.accessKeyId)
            }
            change(&key, &credential)
            tx.put(key, id: key.accessKeyId, in: partition)
            tx.put(credential, id: key.accessKeyId, in: .nimbus)
        }
    }

    /// The user whose keys a call is about: `UserName`, else the calling user.
    private static func owner(_ input: AWSValue, _ context: RequestContext, _ view: StoreView) throws -> IAMUser {
        guard let name = input["UserName"]?.string ?? Users.callerUserName(context) else {
            throw IAMErrors.validation("Must specify a userName when calling with root credentials.")
        }
        guard let user = view.get(IAMUser.self, name.lowercased(), in: context.globalPartition) else { throw IAMErrors.noSuchUser(name) }
        return user
    }

    private static func ownedKey(_ input: AWSValue, _ context: RequestContext, _ view: StoreView) throws -> IAMAccessKey {
        let keyId = input["AccessKeyId"]?.string ?? ""
        let user = try owner(input, context, view)
        guard let key = view.get(IAMAccessKey.self, keyId, in: context.globalPartition), key.userName == user.userName else {
            throw IAMErrors.noSuchAccessKey(keyId)
        }
        return key
    }
}

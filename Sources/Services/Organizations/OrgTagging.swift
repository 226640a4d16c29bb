import AWSWire
import Foundation
import NimbusCore
import State

/// TagResource, UntagResource, ListTagsForResource: the root, OUs, accounts and policies carry tags.
enum OrgTagging {
    /// "Quotas for AWS Organizations": 50 tags per resource.
    static let maxTags = 50

    static func tags(_ value: AWSValue?) throws -> [OrgTag] {
        var tags: [OrgTag] = []
        for tag in value?.list ?? [] {
            let key = tag["Key"]?.string ?? ""
            guard !key.isEmpty, key.count <= 128, !key.lowercased().hasPrefix("aws:") else {
                throw OrgErrors.invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", "You provided a tag key that isn't valid: \(key).")
            }
            guard !tags.contains(where: { $0.key == key }) else {
                throw OrgErrors.invalidInput("DUPLICATE_TAG_KEY", "Duplicate tag key: \(key).")
            }
            tags.append(OrgTag(key: key, value: tag["Value"]?.string ?? ""))
        }
        guard tags.count <= maxTags else {
            throw OrgErrors.constraint("MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the maximum number of tags allowed on this resource.")
        }
        return tags
    }

    static func output(_ tags: [OrgTag]) -> AWSValue {
        .list(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    /// Reads or changes the tags of a root, OU, account or policy of the caller's organization.
    private static func withTags<T>(_ id: String, _ context: RequestContext, _ tx: inout StoreTransaction,
                                    _ change: (inout [OrgTag]) throws -> T) throws -> T {
        let organization = try OrgTree.managed(context, tx.view)
        if OrgTree.isPolicyId(id) {
            guard id != OrgPolicyTypes.fullAWSAccessId, var policy = OrgPolicies.policy(id, in: organization, tx.view) else {
                throw OrgErrors.targetNotFound()
            }
            let result = try change(&policy.tags)
            tx.put(policy, id: policy.id, in: OrgTree.partition)
            return result
        }
        try checkResourceId(id)
        switch try PolicyAttachments.target(id, in: organization, tx.view) {
        case .root:
            var organization = organization
            let result = try change(&organization.rootTags)
            tx.put(organization, id: organization.id, in: OrgTree.partition)
            return result
        case .ou(var ou):
            let result = try change(&ou.tags)
            tx.put(ou, id: ou.id, in: OrgTree.partition)
            return result
        case .account(var account):
            let result = try change(&account.tags)
            tx.put(account, id: account.id, in: OrgTree.partition)
            return result
        }
    }

    private static func checkResourceId(_ id: String) throws {
        guard OrgTree.isRootId(id) || OrgTree.isOUId(id) || OrgTree.isAccountId(id) else {
            throw OrgErrors.badId("ResourceId", "^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(^p-[0-9a-zA-Z_]{8,128})$")
        }
    }

    static func tag(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["ResourceId"]?.string ?? ""
        let added = try tags(input["Tags"])
        try context.store.write { tx in
            try withTags(id, context, &tx) { tags in
                for tag in added {
                    if let index = tags.firstIndex(where: { $0.key == tag.key }) { tags[index] = tag } else { tags.append(tag) }
                }
                guard tags.count <= maxTags else {
                    throw OrgErrors.constraint("MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the maximum number of tags allowed on this resource.")
                }
            }
        }
        return [:]
    }

    static func untag(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["ResourceId"]?.string ?? ""
        let keys = input["TagKeys"]?.strings ?? []
        try context.store.write { tx in
            try withTags(id, context, &tx) { tags in tags.removeAll { keys.contains($0.key) } }
        }
        return [:]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["ResourceId"]?.string ?? ""
        let tags = try context.store.read { view -> [OrgTag] in
            let organization = try OrgTree.reader(context, view)
            if OrgTree.isPolicyId(id) {
                guard id != OrgPolicyTypes.fullAWSAccessId, let policy = OrgPolicies.policy(id, in: organization, view) else {
                    throw OrgErrors.targetNotFound()
                }
                return policy.tags
            }
            try checkResourceId(id)
            switch try PolicyAttachments.target(id, in: organization, view) {
            case .root: return organization.rootTags
            case .ou(let ou): return ou.tags
            case .account(let account): return account.tags
            }
        }
        return try OrgTree.page("Tags", tags.map { ["Key": .string($0.key), "Value": .string($0.value)] }, input)
    }
}

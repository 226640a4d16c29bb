import Foundation
import State

struct IAMTag: Codable, Sendable, Hashable {
    var key: String
    var value: String
}

/// A policy embedded in one user, group or role.
struct InlinePolicy: Codable, Sendable, Hashable {
    var name: String
    var document: String
}

/// An IAM user, stored under its lowercased name: IAM names are unique regardless of case.
struct IAMUser: Resource {
    static let kind = "iam.user"
    var userName: String
    var userId: String
    var path: String
    var arn: String
    var created: Date
    var tags: [IAMTag]
    var attachedPolicies: [String] = []
    var inlinePolicies: [InlinePolicy] = []
    var permissionsBoundary: String?
}

struct IAMGroup: Resource {
    static let kind = "iam.group"
    var groupName: String
    var groupId: String
    var path: String
    var arn: String
    var created: Date
    /// Member user names, in the order they joined.
    var members: [String] = []
    var attachedPolicies: [String] = []
    var inlinePolicies: [InlinePolicy] = []
}

struct IAMRole: Resource {
    static let kind = "iam.role"
    var roleName: String
    var roleId: String
    var path: String
    var arn: String
    var created: Date
    var assumeRolePolicyDocument: String
    var description: String?
    var maxSessionDuration: Int
    var tags: [IAMTag]
    var attachedPolicies: [String] = []
    var inlinePolicies: [InlinePolicy] = []
    var permissionsBoundary: String?
    /// When a session of the role was last made, and in which Region ("RoleLastUsed").
    var lastUsed: Date?
    var lastUsedRegion: String?
}

/// A customer managed policy with its versions (at most five).
struct IAMManagedPolicy: Resource {
    static let kind = "iam.policy"
    var policyName: String
    var policyId: String
    var path: String
    var arn: String
    var description: String?
    var created: Date
    var updated: Date
    var defaultVersionId: String
    var versions: [IAMPolicyVersion]
    var nextVersion: Int
    var tags: [IAMTag]
}

struct IAMPolicyVersion: Codable, Sendable, Hashable {
    var versionId: String
    var document: String
    var created: Date
}

/// An access key's IAM-side record; its secret lives with the `IssuedCredential` authentication reads.
struct IAMAccessKey: Resource {
    static let kind = "iam.accesskey"
    var accessKeyId: String
    var userName: String
    var active: Bool
    var created: Date
}

import Foundation
import State

/// An IAM user, stored under its lowercased name: IAM names are unique regardless of case.
struct IAMUser: Resource {
    static let kind = "iam.user"
    var userName: String
    var userId: String
    var path: String
    var arn: String
    var created: Date
    var tags: [IAMTag]
}

struct IAMTag: Codable, Sendable, Hashable {
    var key: String
    var value: String
}

/// An access key's IAM-side record; its secret lives with the `IssuedCredential` authentication reads.
struct IAMAccessKey: Resource {
    static let kind = "iam.accesskey"
    var accessKeyId: String
    var userName: String
    var active: Bool
    var created: Date
}

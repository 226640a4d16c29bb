import AWSWire
import NimbusCore
import State

/// AWS Identity and Access Management. Users and access keys so far; groups, roles,
/// policies and enforcement are the IAM issue's work.
public struct IAMProvider: ServiceProvider {
    public init() {}

    public let serviceName = "iam"
    public var resourceTypes: [any Resource.Type] { [IAMUser.self, IAMAccessKey.self] }

    public var handlers: [String: OperationHandler] {
        [
            "CreateUser": Users.create,
            "GetUser": Users.get,
            "ListUsers": Users.list,
            "DeleteUser": Users.delete,
            "CreateAccessKey": AccessKeys.create,
            "ListAccessKeys": AccessKeys.list,
            "UpdateAccessKey": AccessKeys.update,
            "DeleteAccessKey": AccessKeys.delete,
        ]
    }
}

extension IAMUser {
    var output: AWSValue {
        .structure([
            "Path": .string(path),
            "UserName": .string(userName),
            "UserId": .string(userId),
            "Arn": .string(arn),
            "CreateDate": .timestamp(created),
            "Tags": tags.isEmpty ? nil : .list(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] }),
        ])
    }
}

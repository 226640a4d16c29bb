import AWSWire
import Foundation

// How IAM writes its entities in responses (the model's User, Group, Role and Policy shapes).

extension IAMTag {
    static func list(_ input: AWSValue?) -> [IAMTag] {
        (input?.list ?? []).map { IAMTag(key: $0["Key"]?.string ?? "", value: $0["Value"]?.string ?? "") }
    }

    static func output(_ tags: [IAMTag]) -> AWSValue? {
        tags.isEmpty ? nil : .list(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }
}

/// `PermissionsBoundary` as IAM reports it on users and roles.
func boundaryOutput(_ arn: String?) -> AWSValue? {
    arn.map { ["PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": .string($0)] }
}

extension IAMUser {
    var output: AWSValue {
        .structure([
            "Path": .string(path), "UserName": .string(userName), "UserId": .string(userId), "Arn": .string(arn),
            "CreateDate": .timestamp(created), "Tags": IAMTag.output(tags), "PermissionsBoundary": boundaryOutput(permissionsBoundary),
        ])
    }
}

extension IAMGroup {
    var output: AWSValue {
        ["Path": .string(path), "GroupName": .string(groupName), "GroupId": .string(groupId), "Arn": .string(arn), "CreateDate": .timestamp(created)]
    }
}

extension IAMRole {
    /// `withDocument`: GetRole and CreateRole include the trust policy; ListRoles does too (URL-encoded).
    var output: AWSValue {
        .structure([
            "Path": .string(path), "RoleName": .string(roleName), "RoleId": .string(roleId), "Arn": .string(arn),
            "CreateDate": .timestamp(created),
            "AssumeRolePolicyDocument": .string(PolicyDocuments.encodeForResponse(assumeRolePolicyDocument)),
            "Description": description.map(AWSValue.string), "MaxSessionDuration": .int(maxSessionDuration),
            "PermissionsBoundary": boundaryOutput(permissionsBoundary), "Tags": IAMTag.output(tags),
            "RoleLastUsed": .structure(["LastUsedDate": lastUsed.map(AWSValue.timestamp), "Region": lastUsedRegion.map(AWSValue.string)]),
        ])
    }
}

extension IAMManagedPolicy {
    func output(attachmentCount: Int) -> AWSValue {
        .structure([
            "PolicyName": .string(policyName), "PolicyId": .string(policyId), "Arn": .string(arn), "Path": .string(path),
            "DefaultVersionId": .string(defaultVersionId), "AttachmentCount": .int(attachmentCount),
            "PermissionsBoundaryUsageCount": .int(0), "IsAttachable": true, "Description": description.map(AWSValue.string),
            "CreateDate": .timestamp(created), "UpdateDate": .timestamp(updated), "Tags": IAMTag.output(tags),
        ])
    }
}

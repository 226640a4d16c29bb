import AWSWire
import NimbusCore
import State

/// GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with their
/// policies in one answer ("GetAccountAuthorizationDetails", IAM API Reference). `Filter` picks entity types;
/// AWS managed policies appear only when something in the account uses them.
enum AuthorizationDetails {
    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filter = Set(input["Filter"]?.strings ?? [])
        func wanted(_ type: String) -> Bool { filter.isEmpty || filter.contains(type) }
        let p = context.globalPartition
        return context.store.read { view in
            let users = view.all(IAMUser.self, in: p).values
            let groups = view.all(IAMGroup.self, in: p).values
            let roles = view.all(IAMRole.self, in: p).values
            let profiles = view.all(IAMInstanceProfile.self, in: p).values
            func inline(_ policies: [InlinePolicy]) -> AWSValue {
                .list(policies.map { ["PolicyName": .string($0.name), "PolicyDocument": .string(PolicyDocuments.encodeForResponse($0.document))] })
            }
            func attached(_ arns: [String]) -> AWSValue {
                .list(arns.compactMap { arn in
                    (try? ManagedPolicyCatalog.find(arn, context, view)).map { ["PolicyName": .string($0.name), "PolicyArn": .string($0.arn)] }
                })
            }
            var output: [String: AWSValue?] = ["IsTruncated": false]
            if wanted("User") {
                output["UserDetailList"] = .list(users.map { user in
                    .structure([
                        "Path": .string(user.path), "UserName": .string(user.userName), "UserId": .string(user.userId), "Arn": .string(user.arn),
                        "CreateDate": .timestamp(user.created), "UserPolicyList": inline(user.inlinePolicies),
                        "GroupList": .list(Groups.memberships(of: user.userName, view, p).map { .string($0.groupName) }),
                        "AttachedManagedPolicies": attached(user.attachedPolicies),
                        "PermissionsBoundary": boundaryOutput(user.permissionsBoundary), "Tags": IAMTag.output(user.tags),
                    ])
                })
            }
            if wanted("Group") {
                output["GroupDetailList"] = .list(groups.map { group in
                    ["Path": .string(group.path), "GroupName": .string(group.groupName), "GroupId": .string(group.groupId), "Arn": .string(group.arn),
                     "CreateDate": .timestamp(group.created), "GroupPolicyList": inline(group.inlinePolicies),
                     "AttachedManagedPolicies": attached(group.attachedPolicies)]
                })
            }
            if wanted("Role") {
                output["RoleDetailList"] = .list(roles.map { role in
                    .structure([
                        "Path": .string(role.path), "RoleName": .string(role.roleName), "RoleId": .string(role.roleId), "Arn": .string(role.arn),
                        "CreateDate": .timestamp(role.created),
                        "AssumeRolePolicyDocument": .string(PolicyDocuments.encodeForResponse(role.assumeRolePolicyDocument)),
                        "InstanceProfileList": .list(profiles.filter { $0.roleNames.contains(role.roleName) }.map { InstanceProfiles.output($0, view, p) }),
                        "RolePolicyList": inline(role.inlinePolicies), "AttachedManagedPolicies": attached(role.attachedPolicies),
                        "PermissionsBoundary": boundaryOutput(role.permissionsBoundary), "Tags": IAMTag.output(role.tags),
                    ])
                })
            }
            if wanted("LocalManagedPolicy") || wanted("AWSManagedPolicy") {
                var policies: [AWSValue] = []
                if wanted("LocalManagedPolicy") {
                    for policy in view.all(IAMManagedPolicy.self, in: p).values {
                        policies.append(detail(policy.output(attachmentCount: Policies.attachmentCount(policy.arn, view, p)),
                                               versions: policy.versions.map { ($0.versionId, $0.document, $0.versionId == policy.defaultVersionId) }))
                    }
                }
                if wanted("AWSManagedPolicy") {
                    let used = Set(users.flatMap(\.attachedPolicies) + groups.flatMap(\.attachedPolicies) + roles.flatMap(\.attachedPolicies)
                                   + users.compactMap(\.permissionsBoundary) + roles.compactMap(\.permissionsBoundary))
                    for aws in AWSManagedPolicies.all where used.contains(aws.arn) {
                        let summary = Policies.awsOutput(aws, context, attachmentCount: Policies.attachmentCount(aws.arn, view, p))
                        policies.append(detail(summary, versions: [(aws.defaultVersionId, aws.document, true)]))
                    }
                }
                output["Policies"] = .list(policies)
            }
            return .structure(output)
        }
    }

    /// A managed policy's summary plus its versions, as ManagedPolicyDetail.
    private static func detail(_ summary: AWSValue, versions: [(id: String, document: String, isDefault: Bool)]) -> AWSValue {
        var fields = summary.object ?? [:]
        fields["Tags"] = nil
        fields["PolicyVersionList"] = .list(versions.map {
            ["Document": .string(PolicyDocuments.encodeForResponse($0.document)), "VersionId": .string($0.id), "IsDefaultVersion": .boolean($0.isDefault)]
        })
        return .object(fields)
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// Customer managed policies and their versions: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
/// CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion
/// ("IAM API Reference"; "Versioning IAM policies").
enum Policies {
    /// "IAM and AWS STS quotas": managed policy size and versions per policy.
    static let sizeLimit = 6_144
    static let versionLimit = 5

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["PolicyName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        let document = input["PolicyDocument"]?.string ?? ""
        try IAMNames.validName(name, member: "policyName", max: 128)
        try IAMNames.validPath(path)
        try checkDocument(document)
        let arn = "arn:aws:iam::\(context.account):policy\(path)\(name)"
        let now = context.now
        let policy = IAMManagedPolicy(policyName: name, policyId: context.ids.iamId("ANPA"), path: path, arn: arn,
                                      description: input["Description"]?.string, created: now, updated: now, defaultVersionId: "v1",
                                      versions: [IAMPolicyVersion(versionId: "v1", document: document, created: now)],
                                      nextVersion: 2, tags: IAMTag.list(input["Tags"]))
        try context.store.write { tx in
            // Names are unique in an account whatever the path.
            let taken = tx.all(IAMManagedPolicy.self, in: context.globalPartition).values.contains { $0.policyName.lowercased() == name.lowercased() }
            guard !taken else { throw IAMErrors.alreadyExists("A policy called \(name) already exists. Duplicate names are not allowed.") }
            tx.put(policy, id: arn, in: context.globalPartition)
        }
        return ["Policy": policy.output(attachmentCount: 0)]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        if let aws = AWSManagedPolicies.named(arn) { return ["Policy": awsOutput(aws, context)] }
        return try context.store.read { view in
            ["Policy": try load(arn, context, view).output(attachmentCount: attachmentCount(arn, view, context.globalPartition))]
        }
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let scope = input["Scope"]?.string ?? "All"
        let onlyAttached = input["OnlyAttached"]?.bool ?? false
        let prefix = input["PathPrefix"]?.string ?? "/"
        let entries: [AWSValue] = context.store.read { view in
            var out: [(String, Int, AWSValue)] = []
            if scope != "Local" {
                for aws in AWSManagedPolicies.all {
                    let count = attachmentCount(aws.arn, view, context.globalPartition)
                    out.append((aws.path, count, awsOutput(aws, context, attachmentCount: count)))
                }
            }
            if scope != "AWS" {
                for policy in view.all(IAMManagedPolicy.self, in: context.globalPartition).values {
                    let count = attachmentCount(policy.arn, view, context.globalPartition)
                    out.append((policy.path, count, policy.output(attachmentCount: count)))
                }
            }
            return out.filter { $0.0.hasPrefix(prefix) && (!onlyAttached || $0.1 > 0) }.map(\.2)
        }
        return IAMPaging.list("Policies", entries, input)
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        try context.store.write { tx in
            let policy = try load(arn, context, tx.view)
            guard attachmentCount(arn, tx.view, context.globalPartition) == 0 else {
                throw IAMErrors.deleteConflict("detach the policy from all entities")
            }
            guard policy.versions.count == 1 else {
                throw AWSError("DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.", status: 409)
            }
            tx.delete(IAMManagedPolicy.self, arn, in: context.globalPartition)
        }
        return [:]
    }

    static func createVersion(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        let document = input["PolicyDocument"]?.string ?? ""
        try checkDocument(document)
        let now = context.now
        let version: IAMPolicyVersion = try context.store.write { tx in
            var policy = try load(arn, context, tx.view)
            guard policy.versions.count < versionLimit else {
                throw IAMErrors.limitExceeded("A managed policy can have up to \(versionLimit) versions. Before you create a new version, you must delete an existing version.")
            }
            let version = IAMPolicyVersion(versionId: "v\(policy.nextVersion)", document: document, created: now)
            policy.nextVersion += 1
            policy.versions.append(version)
            policy.updated = now
            if input["SetAsDefault"]?.bool == true { policy.defaultVersionId = version.versionId }
            tx.put(policy, id: arn, in: context.globalPartition)
            return version
        }
        return ["PolicyVersion": versionOutput(version, isDefault: input["SetAsDefault"]?.bool == true, withDocument: false)]
    }

    static func getVersion(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        let versionId = input["VersionId"]?.string ?? ""
        if let aws = AWSManagedPolicies.named(arn) {
            guard versionId == aws.defaultVersionId else { throw noSuchVersion(arn, versionId) }
            return ["PolicyVersion": ["Document": .string(PolicyDocuments.encodeForResponse(aws.document)), "VersionId": .string(versionId),
                                      "IsDefaultVersion": true, "CreateDate": .timestamp(Timestamp.parse(aws.updated) ?? Date(timeIntervalSince1970: 0))]]
        }
        let policy = try context.store.read { try load(arn, context, $0) }
        guard let version = policy.versions.first(where: { $0.versionId == versionId }) else { throw noSuchVersion(arn, versionId) }
        return ["PolicyVersion": versionOutput(version, isDefault: version.versionId == policy.defaultVersionId, withDocument: true)]
    }

    static func listVersions(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        let policy = try context.store.read { try load(arn, context, $0) }
        let versions = policy.versions.reversed().map { versionOutput($0, isDefault: $0.versionId == policy.defaultVersionId, withDocument: false) }
        return ["Versions": .list(versions), "IsTruncated": false]
    }

    static func deleteVersion(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try modifyVersion(input, context) { policy, versionId in
            guard versionId != policy.defaultVersionId else {
                throw AWSError("DeleteConflict", "Cannot delete the default version of a policy.", status: 409)
            }
            policy.versions.removeAll { $0.versionId == versionId }
        }
        return [:]
    }

    static func setDefaultVersion(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try modifyVersion(input, context) { policy, versionId in policy.defaultVersionId = versionId }
        return [:]
    }

    /// Loads the policy `PolicyArn` names, checks it has version `VersionId`, lets `change` edit it, stores it.
    private static func modifyVersion(_ input: AWSValue, _ context: RequestContext,
                                      _ change: (inout IAMManagedPolicy, String) throws -> Void) throws {
        let arn = input["PolicyArn"]?.string ?? ""
        let versionId = input["VersionId"]?.string ?? ""
        try context.store.write { tx in
            var policy = try load(arn, context, tx.view)
            guard policy.versions.contains(where: { $0.versionId == versionId }) else { throw noSuchVersion(arn, versionId) }
            try change(&policy, versionId)
            tx.put(policy, id: arn, in: context.globalPartition)
        }
    }

    /// How many users, groups and roles of the account have `arn` attached.
    static func attachmentCount(_ arn: String, _ view: StoreView, _ partition: Partition) -> Int {
        view.all(IAMUser.self, in: partition).values.filter { $0.attachedPolicies.contains(arn) }.count
            + view.all(IAMGroup.self, in: partition).values.filter { $0.attachedPolicies.contains(arn) }.count
            + view.all(IAMRole.self, in: partition).values.filter { $0.attachedPolicies.contains(arn) }.count
    }

    private static func checkDocument(_ document: String) throws {
        try PolicyDocuments.validate(document, kind: .identity)
        guard PolicyDocuments.chargedSize(document) <= sizeLimit else {
            throw IAMErrors.limitExceeded("Cannot exceed quota for PolicySize: \(sizeLimit)")
        }
    }

    private static func load(_ arn: String, _ context: RequestContext, _ view: StoreView) throws -> IAMManagedPolicy {
        guard ARN(arn)?.service == "iam" else { throw IAMErrors.invalidInput("ARN \(arn) is not valid.") }
        guard let policy = view.get(IAMManagedPolicy.self, arn, in: context.globalPartition) else {
            throw IAMErrors.noSuchEntity("Policy \(arn) was not found.")
        }
        return policy
    }

    private static func noSuchVersion(_ arn: String, _ versionId: String) -> AWSError {
        IAMErrors.noSuchEntity("Policy \(arn) version \(versionId) does not exist or is not attachable.")
    }

    private static func versionOutput(_ version: IAMPolicyVersion, isDefault: Bool, withDocument: Bool) -> AWSValue {
        .structure([
            "Document": withDocument ? .string(PolicyDocuments.encodeForResponse(version.document)) : nil,
            "VersionId": .string(version.versionId), "IsDefaultVersion": .boolean(isDefault), "CreateDate": .timestamp(version.created),
        ])
    }

    static func awsOutput(_ aws: AWSManagedPolicy, _ context: RequestContext, attachmentCount: Int? = nil) -> AWSValue {
        let count = attachmentCount ?? context.store.read { Policies.attachmentCount(aws.arn, $0, context.globalPartition) }
        return .structure([
            "PolicyName": .string(aws.name), "PolicyId": .string(aws.policyId), "Arn": .string(aws.arn), "Path": .string(aws.path),
            "DefaultVersionId": .string(aws.defaultVersionId), "AttachmentCount": .int(count), "PermissionsBoundaryUsageCount": .int(0),
            "IsAttachable": true, "Description": aws.description.isEmpty ? nil : .string(aws.description),
            "CreateDate": .timestamp(Timestamp.parse(aws.created) ?? Date(timeIntervalSince1970: 0)),
            "UpdateDate": .timestamp(Timestamp.parse(aws.updated) ?? Date(timeIntervalSince1970: 0)),
        ])
    }
}

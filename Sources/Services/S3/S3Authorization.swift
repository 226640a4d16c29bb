import AWSWire
import Foundation
import NimbusCore
import State

/// How S3 requests are authorized: the ARNs an operation acts on ("Actions, resources, and condition keys for
/// Amazon S3": `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/key`), the bucket policy that governs them, the
/// bucket owner's account (S3 ARNs name none), and S3's condition keys.
extension S3Provider: ResourceNaming, ResourcePolicyProviding, ResourceAccountNaming, ConditionKeyProviding,
    ResourceConditionProviding, DependentActionNaming, PermissionQuestioning, ActionRefining {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        guard let bucket = input["Bucket"]?.string else { return [] }
        if operation == "DeleteObjects" {
            return (input["Delete"]?["Objects"]?.list ?? []).compactMap { $0["Key"]?.string }.map { S3ARN.object(bucket, $0) }
        }
        if let key = input["Key"]?.string { return [S3ARN.object(bucket, key)] }
        return [S3ARN.bucket(bucket)]
    }

    /// The bucket policy, with what the bucket's and the object's canned ACLs grant, when ACLs are on. For an object
    /// another account owns, read in its own context, only the policy's denies: the bucket owner's policy cannot
    /// grant what is not the bucket owner's (``ObjectOwnership``).
    public func resourcePolicy(operation: String, action: String, input: AWSValue, resource: String, context: RequestContext) -> ResourcePolicyDocument? {
        // Most buckets have neither a policy nor ACLs (BucketOwnerEnforced): that is found with one lookup.
        guard let name = S3ARN.bucketName(resource),
              let (bucket, account, governing, object) = context.store.read({ view -> (S3Bucket, Set<String>, GoverningObject?, ObjectVersion?)? in
                  guard let bucket = S3Lookup.bucket(name, in: view) else { return nil }
                  let aclsApply = OwnershipControls.setting(of: bucket) != "BucketOwnerEnforced"
                  guard bucket.policy != nil || aclsApply else { return nil }
                  let governing = aclsApply ? ObjectOwnership.governingObject(operation: operation, action: action, input: input, resource: resource) : nil
                  let object = aclsApply ? S3ARN.objectParts(resource).flatMap { _, key in
                      ObjectOwnership.version(bucket: name, key: key, versionId: governing?.versionId, in: view)
                  } : nil
                  return (bucket, AccountPublicAccessBlock.enabled(for: bucket.owner, in: view), governing, object)
              }) else { return nil }
        // The owner's root user may always read, replace and delete its bucket's policy, whatever the policy says,
        // so no policy can lock the account out ("DeleteBucketPolicy"); every other action its denies still bind.
        if Self.policyOperations.contains(operation), context.principal.kind == .root, context.principal.account == bucket.owner { return nil }
        var policy = bucket.policy
        // "Blocking public access": with RestrictPublicBuckets, a bucket whose policy is public admits only AWS
        // service principals and principals of the bucket owner's account through it; IgnorePublicAcls makes S3
        // ignore every public ACL.
        if let text = policy, PublicAccessBlock.setting("RestrictPublicBuckets", of: bucket, account: account),
           context.principal.account != bucket.owner, S3PublicPolicy.isPublic(text) {
            policy = nil
        }
        let othersObject = governing != nil && object.map { ObjectOwnership.effectiveOwner($0, bucket: bucket) != bucket.owner } == true
        if othersObject { policy = policy.flatMap(ACLGrants.denials) }
        let aclsApply = OwnershipControls.setting(of: bucket) != "BucketOwnerEnforced"
        let publicACLsApply = aclsApply && !PublicAccessBlock.setting("IgnorePublicAcls", of: bucket, account: account)
        var grants = publicACLsApply ? ACLGrants.statements(bucketACL: CannedACL.bucketACL(of: bucket), objectACL: object?.acl, bucket: name,
                                                            resource: resource) : []
        if othersObject, let grant = ObjectOwnership.bucketOwnerGrant(objectACL: object?.acl, bucketOwner: bucket.owner, resource: resource) {
            grants.append(grant)
        }
        if othersObject, object?.owner == "" { grants.append(ObjectOwnership.anonymousOwnerGrant(resource: resource)) }
        grants += ACLGrants.explicitStatements(bucketGrants: aclsApply ? ExplicitGrants.ofBucket(bucket) : nil, objectGrants: object?.grants,
                                               bucket: name, resource: resource, bucketOwner: bucket.owner,
                                               objectOwner: object.map { ObjectOwnership.effectiveOwner($0, bucket: bucket) },
                                               includePublic: publicACLsApply)
        guard !grants.isEmpty else {
            return policy.map { ResourcePolicyDocument(id: "s3-bucket-policy:\(name):\($0.hashValue)", document: $0, isTrustPolicy: false) }
        }
        guard let document = ACLGrants.merged(policy: policy, with: grants) else { return nil }
        // Identified by content alone: the objects a bucket's grants cover alike share one compiled policy.
        return ResourcePolicyDocument(id: "s3-bucket-policy+acl:\(document.hashValue)", document: document, isTrustPolicy: false)
    }

    /// The bucket owner's account; for an object another account owns, read in its own context, that account.
    public func resourceAccount(of resource: String, operation: String, action: String, input: AWSValue, context: RequestContext) -> String? {
        // A bucket being created has no owner yet; one that exists elsewhere answers BucketAlreadyExists, not AccessDenied.
        guard operation != "CreateBucket", let name = S3ARN.bucketName(resource) else { return nil }
        return context.store.read { view -> String? in
            guard let bucket = S3Lookup.bucket(name, in: view) else { return nil }
            guard OwnershipControls.setting(of: bucket) != "BucketOwnerEnforced",
                  let governing = ObjectOwnership.governingObject(operation: operation, action: action, input: input, resource: resource),
                  let version = ObjectOwnership.version(bucket: name, key: governing.key, versionId: governing.versionId, in: view) else {
                return bucket.owner
            }
            return version.owner
        }
    }

    public func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String] {
        var keys: [String: String] = [:]
        // An unsigned request has no signature version, so a Deny requiring SigV4 applies to it.
        if context.principal.kind != .anonymous { keys["s3:signatureversion"] = "AWS4-HMAC-SHA256" }
        if operation.hasPrefix("ListObject") {
            keys["s3:prefix"] = input["Prefix"]?.string ?? ""
            if let delimiter = input["Delimiter"]?.string { keys["s3:delimiter"] = delimiter }
            keys["s3:max-keys"] = String(input["MaxKeys"]?.int ?? 1000)
        }
        let headers: [(String, String)] = [("ACL", "s3:x-amz-acl"), ("StorageClass", "s3:x-amz-storage-class"),
                                           ("ServerSideEncryption", "s3:x-amz-server-side-encryption"),
                                           ("CopySource", "s3:x-amz-copy-source"), ("MetadataDirective", "s3:x-amz-metadata-directive"),
                                           ("VersionId", "s3:versionid"), ("WebsiteRedirectLocation", "s3:x-amz-website-redirect-location"),
                                           ("GrantRead", "s3:x-amz-grant-read"), ("GrantWrite", "s3:x-amz-grant-write"),
                                           ("GrantReadACP", "s3:x-amz-grant-read-acp"), ("GrantWriteACP", "s3:x-amz-grant-write-acp"),
                                           ("GrantFullControl", "s3:x-amz-grant-full-control")]
        for (member, key) in headers { if let value = input[member]?.string { keys[key] = value } }
        if let location = input["CreateBucketConfiguration"]?["LocationConstraint"]?.string { keys["s3:locationconstraint"] = location }
        keys.merge(objectLockKeys(input, now: context.now)) { $1 }
        return keys
    }

    /// "Object Lock considerations", "Setting limits on retention periods with a bucket policy": the lock a write or
    /// PutObjectRetention asks for, as s3:object-lock-mode, -retain-until-date, -remaining-retention-days and
    /// -legal-hold.
    func objectLockKeys(_ input: AWSValue, now: Date) -> [String: String] {
        var keys: [String: String] = [:]
        let mode = input["ObjectLockMode"]?.string ?? input["Retention"]?["Mode"]?.string
        let until = input["ObjectLockRetainUntilDate"]?.date ?? input["Retention"]?["RetainUntilDate"]?.date
        if let mode { keys["s3:object-lock-mode"] = mode }
        if let until {
            keys["s3:object-lock-retain-until-date"] = Timestamp.iso8601(until, fractional: false)
            let days = (until.timeIntervalSince(now) / 86_400).rounded(.up)
            keys["s3:object-lock-remaining-retention-days"] = String(days.isFinite ? Int(min(max(days, 0), 1e15)) : 0)
        }
        if let hold = input["ObjectLockLegalHoldStatus"]?.string ?? input["LegalHold"]?["Status"]?.string { keys["s3:object-lock-legal-hold"] = hold }
        return keys
    }

    public func conditionKeys(operation: String, input: AWSValue, resource: String, context: RequestContext) -> [String: String] {
        var keys: [String: String] = [:]
        // s3:ResourceAccount is the bucket owner's account, whoever owns the object.
        if let name = S3ARN.bucketName(resource), let owner = context.store.read({ S3Lookup.bucket(name, in: $0)?.owner }) {
            keys["s3:ResourceAccount"] = owner
        }
        // "Tagging and access control policies": s3:ExistingObjectTag/<key> is the tags of the version the request
        // acts on; writes and deletes of objects do not support it.
        if Self.supportsExistingObjectTag(operation), let (bucket, key) = S3ARN.objectParts(resource) {
            keys.merge(existingTagKeys(bucket: bucket, key: key, versionId: input["VersionId"]?.string, context: context)) { $1 }
        }
        return keys
    }

    /// Whether the operation's action lists `s3:ExistingObjectTag/<key>` among its condition keys in the Service
    /// Authorization Reference (GetObject and the tagging and ACL actions do; PutObject and DeleteObject do not).
    static func supportsExistingObjectTag(_ operation: String) -> Bool {
        guard let table = ServiceAuthorization.forService("s3"), let action = table.authorization(forOperation: operation)?.action,
              let info = table.action(named: action) else { return false }
        return info.allConditionKeys.contains { $0.lowercased().hasPrefix("s3:existingobjecttag/") }
    }

    static let policyOperations: Set<String> = ["GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"]

    private func existingTagKeys(bucket: String, key: String, versionId: String?, context: RequestContext) -> [String: String] {
        let tags = context.store.read { view -> [S3Tag]? in
            let entry = view.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket))
            // A version named but not found has no tags: the request is decided as on an untagged object.
            guard let versionId else { return entry?.latest?.tags }
            return entry?.versions.first { $0.versionId == versionId }?.tags
        } ?? []
        return Dictionary(tags.map { ("s3:ExistingObjectTag/\($0.key)", $0.value) }) { $1 }
    }

    /// Copies read their source: `s3:GetObject` on it (with the source's tags), decided by the source bucket's
    /// policy too ("CopyObject"). Tags and ACLs sent with a write are writes of their own ("Actions, resources, and
    /// condition keys for Amazon S3": PutObject's dependent actions s3:PutObjectTagging and s3:PutObjectAcl).
    public func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        var actions: [DependentAction] = []
        if operation == "CopyObject" || operation == "UploadPartCopy", let source = try? CopyObjects.parseSource(input["CopySource"]?.string) {
            let sourceARN = S3ARN.object(source.bucket, source.key)
            let sourceTags = existingTagKeys(bucket: source.bucket, key: source.key, versionId: source.versionId, context: context)
            actions.append(DependentAction(action: source.versionId == nil ? "s3:GetObject" : "s3:GetObjectVersion", resource: sourceARN,
                                           conditions: sourceTags))
            // A copy that carries the source's tags reads them and writes them: s3:GetObjectTagging on the source and
            // s3:PutObjectTagging on the copy (CopyObject's dependent actions; "Why can't I copy an object between
            // two Amazon S3 buckets?").
            if operation == "CopyObject", input["TaggingDirective"]?.string != "REPLACE", !sourceTags.isEmpty,
               let bucket = input["Bucket"]?.string, let key = input["Key"]?.string {
                actions.append(DependentAction(action: source.versionId == nil ? "s3:GetObjectTagging" : "s3:GetObjectVersionTagging",
                                               resource: sourceARN, conditions: sourceTags))
                actions.append(DependentAction(action: "s3:PutObjectTagging", resource: S3ARN.object(bucket, key)))
            }
        }
        // "PutBucketReplication": the caller "must have the iam:PassRole permission" for the role S3 will assume.
        if operation == "PutBucketReplication", let role = input["ReplicationConfiguration"]?["Role"]?.string, !role.isEmpty {
            actions.append(DependentAction(action: "iam:PassRole", resource: role, conditions: ["iam:PassedToService": "s3.amazonaws.com"]))
        }
        // "CreateBucket": an ACL sent with it is s3:PutBucketAcl on the new bucket.
        if operation == "CreateBucket", let bucket = input["Bucket"]?.string,
           CannedACL.isSet(in: input) {
            actions.append(DependentAction(action: "s3:PutBucketAcl", resource: S3ARN.bucket(bucket)))
        }
        if ["PutObject", "CopyObject", "CreateMultipartUpload"].contains(operation), let bucket = input["Bucket"]?.string,
           let key = input["Key"]?.string {
            if input["Tagging"] != nil { actions.append(DependentAction(action: "s3:PutObjectTagging", resource: S3ARN.object(bucket, key))) }
            if CannedACL.isSet(in: input) {
                actions.append(DependentAction(action: "s3:PutObjectAcl", resource: S3ARN.object(bucket, key)))
            }
        }
        return actions
    }

    /// "GetObject", "HeadObject" and "GetObjectAttributes", Permissions: a missing key is 404 NoSuchKey for a caller allowed s3:ListBucket
    /// on the bucket, 403 AccessDenied for anyone else.
    /// Object Lock: whether the caller may see a version's lock (GetObjectRetention, GetObjectLegalHold), asked only in
    /// buckets that have Object Lock, and whether it may bypass GOVERNANCE retention when it asks to.
    public func permissionQuestions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        guard let bucket = input["Bucket"]?.string else { return [] }
        if input["BypassGovernanceRetention"]?.bool == true {
            return authorizationResources(operation: operation, input: input, context: context).filter { S3ARN.objectParts($0) != nil }
                .map { DependentAction(action: "s3:BypassGovernanceRetention", resource: $0) }
        }
        guard ["GetObject", "HeadObject", "GetObjectAttributes"].contains(operation) else { return [] }
        var questions = [DependentAction(action: "s3:ListBucket", resource: S3ARN.bucket(bucket))]
        if operation != "GetObjectAttributes", let key = input["Key"]?.string, objectLockIndex.mayApply(context),
           context.store.read({ S3Lookup.bucket(bucket, in: $0)?.objectLockEnabled }) == true {
            questions += ["s3:GetObjectRetention", "s3:GetObjectLegalHold"].map { DependentAction(action: $0, resource: S3ARN.object(bucket, key)) }
        }
        return questions
    }

    /// A request that names a version acts on that version, under its own action ("Actions, resources, and
    /// condition keys for Amazon S3": s3:GetObjectVersion, s3:DeleteObjectVersion, s3:GetObjectVersionTagging...).
    public func action(operation: String, input: AWSValue, resource: String, default action: String) -> String {
        let versioned: Bool
        if operation == "DeleteObjects" {
            let key = S3ARN.objectParts(resource)?.1
            versioned = (input["Delete"]?["Objects"]?.list ?? []).contains { $0["Key"]?.string == key && $0["VersionId"]?.string != nil }
        } else {
            versioned = input["VersionId"]?.string != nil
        }
        guard versioned, let versionAction = Self.versionActions[action] else { return action }
        return versionAction
    }

    static let versionActions: [String: String] = [
        "s3:GetObject": "s3:GetObjectVersion", "s3:DeleteObject": "s3:DeleteObjectVersion",
        "s3:GetObjectTagging": "s3:GetObjectVersionTagging", "s3:PutObjectTagging": "s3:PutObjectVersionTagging",
        "s3:DeleteObjectTagging": "s3:DeleteObjectVersionTagging", "s3:GetObjectAcl": "s3:GetObjectVersionAcl",
        "s3:PutObjectAcl": "s3:PutObjectVersionAcl", "s3:GetObjectAttributes": "s3:GetObjectVersionAttributes",
    ]
}

enum S3ARN {
    static func bucket(_ name: String) -> String { "arn:aws:s3:::\(name)" }
    static func object(_ bucket: String, _ key: String) -> String { "arn:aws:s3:::\(bucket)/\(key)" }

    /// The bucket of an S3 bucket or object ARN.
    static func bucketName(_ arn: String) -> String? {
        guard arn.hasPrefix("arn:aws:s3:::") else { return nil }
        let rest = arn.dropFirst("arn:aws:s3:::".count)
        return String(rest.prefix { $0 != "/" })
    }

    static func objectParts(_ arn: String) -> (String, String)? {
        guard arn.hasPrefix("arn:aws:s3:::") else { return nil }
        let rest = arn.dropFirst("arn:aws:s3:::".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }
}

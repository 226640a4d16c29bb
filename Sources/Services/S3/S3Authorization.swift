import AWSWire
import NimbusCore
import State

/// How S3 requests are authorized: the ARNs an operation acts on ("Actions, resources, and condition keys for
/// Amazon S3": `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/key`), the bucket policy that governs them, the
/// bucket owner's account (S3 ARNs name none), and S3's condition keys.
extension S3Provider: ResourceNaming, ResourcePolicyProviding, ResourceAccountNaming, ConditionKeyProviding,
    ResourceConditionProviding, DependentActionNaming {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        guard let bucket = input["Bucket"]?.string else { return [] }
        if operation == "DeleteObjects" {
            return (input["Delete"]?["Objects"]?.list ?? []).compactMap { $0["Key"]?.string }.map { S3ARN.object(bucket, $0) }
        }
        if let key = input["Key"]?.string { return [S3ARN.object(bucket, key)] }
        return [S3ARN.bucket(bucket)]
    }

    public func resourcePolicy(operation: String, resource: String, context: RequestContext) -> ResourcePolicyDocument? {
        guard let name = S3ARN.bucketName(resource),
              let (bucket, account) = context.store.read({ view in
                  S3Lookup.bucket(name, in: view).map { ($0, AccountPublicAccessBlock.enabled(for: $0.owner, in: view)) }
              }),
              let policy = bucket.policy else { return nil }
        // "Blocking public access": with RestrictPublicBuckets, a bucket whose policy is public admits only AWS
        // service principals and principals of the bucket owner's account through it.
        if PublicAccessBlock.setting("RestrictPublicBuckets", of: bucket, account: account), context.principal.account != bucket.owner,
           S3PublicPolicy.isPublic(policy) {
            return nil
        }
        return ResourcePolicyDocument(id: "s3-bucket-policy:\(name):\(policy.hashValue)", document: policy, isTrustPolicy: false)
    }

    public func resourceAccount(of resource: String, operation: String, context: RequestContext) -> String? {
        // A bucket being created has no owner yet; one that exists elsewhere answers BucketAlreadyExists, not AccessDenied.
        guard operation != "CreateBucket", let name = S3ARN.bucketName(resource) else { return nil }
        return context.store.read { S3Lookup.bucket(name, in: $0)?.owner }
    }

    public func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String] {
        var keys: [String: String] = ["s3:signatureversion": "AWS4-HMAC-SHA256"]
        if operation.hasPrefix("ListObject") {
            keys["s3:prefix"] = input["Prefix"]?.string ?? ""
            if let delimiter = input["Delimiter"]?.string { keys["s3:delimiter"] = delimiter }
            keys["s3:max-keys"] = String(input["MaxKeys"]?.int ?? 1000)
        }
        let headers: [(String, String)] = [("ACL", "s3:x-amz-acl"), ("StorageClass", "s3:x-amz-storage-class"),
                                           ("ServerSideEncryption", "s3:x-amz-server-side-encryption"),
                                           ("CopySource", "s3:x-amz-copy-source"), ("MetadataDirective", "s3:x-amz-metadata-directive"),
                                           ("VersionId", "s3:versionid"), ("WebsiteRedirectLocation", "s3:x-amz-website-redirect-location")]
        for (member, key) in headers { if let value = input[member]?.string { keys[key] = value } }
        if let location = input["CreateBucketConfiguration"]?["LocationConstraint"]?.string { keys["s3:locationconstraint"] = location }
        return keys
    }

    public func conditionKeys(operation: String, input: AWSValue, resource: String, context: RequestContext) -> [String: String] {
        var keys: [String: String] = [:]
        if let owner = resourceAccount(of: resource, operation: operation, context: context) { keys["s3:ResourceAccount"] = owner }
        // "s3:ExistingObjectTag/<tag-key>": the tags of the object the request acts on.
        if let (bucket, key) = S3ARN.objectParts(resource) {
            let tags = context.store.read { $0.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket))?.latest?.tags } ?? []
            for tag in tags { keys["s3:ExistingObjectTag/\(tag.key)"] = tag.value }
        }
        return keys
    }

    /// Copies read their source: `s3:GetObject` on it, decided by the source bucket's policy too ("CopyObject").
    public func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        guard operation == "CopyObject" || operation == "UploadPartCopy",
              let source = try? CopyObjects.parseSource(input["CopySource"]?.string) else { return [] }
        return [DependentAction(action: source.versionId == nil ? "s3:GetObject" : "s3:GetObjectVersion",
                                resource: S3ARN.object(source.bucket, source.key))]
    }
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

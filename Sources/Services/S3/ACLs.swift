import AWSWire
import NimbusCore

/// PutBucketAcl, GetBucketAcl, PutObjectAcl, GetObjectAcl (Amazon S3 API Reference): canned ACLs by name, other
/// grants as given (``ExplicitGrants``).
enum ACLs {
    /// "Canned ACL": the names that apply to buckets and those that apply to objects.
    static let bucketACLs = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "log-delivery-write"]
    static let objectACLs = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read",
                             "bucket-owner-full-control"]

    static let putBucket: OperationHandler = { input, context in
        let account = AccountPublicAccessBlock.enabled(for: try S3Lookup.bucket(input, context).owner, context)
        try BucketSubresources.update(input, context) { bucket in
            switch try CannedACL.requested(input, owner: bucket.owner, bucketOwner: bucket.owner, candidates: bucketACLs) {
            case .canned(let acl):
                try CannedACL.check(acl, bucket: bucket, account: account)
                bucket[configuration: "ACL"] = .string(acl)
                bucket[configuration: ExplicitGrants.bucketKey] = nil
            case .grants(let grants):
                try ExplicitGrants.check(grants, bucket: bucket, account: account)
                bucket[configuration: "ACL"] = nil
                bucket[configuration: ExplicitGrants.bucketKey] = ExplicitGrants.stored(grants)
            }
        }
        return [:]
    }

    /// With BucketOwnerEnforced the ACL is the owner's alone, whatever was set before ("Controlling ownership").
    static let getBucket: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let enforced = OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced"
        if !enforced, let grants = ExplicitGrants.ofBucket(bucket) { return ExplicitGrants.output(grants, owner: bucket.owner) }
        let acl = enforced ? "private" : CannedACL.bucketACL(of: bucket) ?? "private"
        return CannedACL.output(acl, owner: bucket.owner, bucketOwner: bucket.owner)
    }

    static let putObject: OperationHandler = { input, context in
        let account = AccountPublicAccessBlock.enabled(for: try S3Lookup.bucket(input, context).owner, context)
        try ObjectSubresources.update(input, context, method: "PUT") { version, bucket in
            switch try CannedACL.requested(input, owner: version.owner, bucketOwner: bucket.owner, candidates: objectACLs) {
            case .canned(let acl):
                try CannedACL.check(acl, bucket: bucket, account: account)
                version.acl = acl
                version.grants = nil
            case .grants(let grants):
                try ExplicitGrants.check(grants, bucket: bucket, account: account)
                version.acl = nil
                version.grants = grants
            }
        }
        return [:]
    }

    /// Under BucketOwnerEnforced the bucket owner owns every object and its ACL grants only the owner.
    static let getObject: OperationHandler = { input, context in
        let resolved = try ObjectSubresources.read(input, context, method: "GET")
        let bucket = resolved.bucket
        if OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced" {
            return CannedACL.output("private", owner: bucket.owner, bucketOwner: bucket.owner)
        }
        if let grants = resolved.version.grants { return ExplicitGrants.output(grants, owner: resolved.version.owner) }
        return CannedACL.output(resolved.version.acl ?? "private", owner: resolved.version.owner, bucketOwner: bucket.owner)
    }
}

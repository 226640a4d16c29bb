import AWSWire
import NimbusCore

/// PutBucketAcl, GetBucketAcl, PutObjectAcl, GetObjectAcl (Amazon S3 API Reference), canned ACLs only.
enum ACLs {
    /// "Canned ACL": the names that apply to buckets and those that apply to objects.
    static let bucketACLs = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "log-delivery-write"]
    static let objectACLs = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read",
                             "bucket-owner-full-control"]

    static let putBucket: OperationHandler = { input, context in
        let account = AccountPublicAccessBlock.enabled(for: try S3Lookup.bucket(input, context).owner, context)
        try BucketSubresources.update(input, context) { bucket in
            let acl = try CannedACL.requested(input, owner: bucket.owner, bucketOwner: bucket.owner, candidates: bucketACLs)
            try CannedACL.check(acl, bucket: bucket, account: account)
            bucket[configuration: "ACL"] = .string(acl)
        }
        return [:]
    }

    /// With BucketOwnerEnforced the ACL is the owner's alone, whatever was set before ("Controlling ownership").
    static let getBucket: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let acl = OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced" ? "private" : CannedACL.bucketACL(of: bucket) ?? "private"
        return CannedACL.output(acl, owner: bucket.owner, bucketOwner: bucket.owner)
    }

    static let putObject: OperationHandler = { input, context in
        let account = AccountPublicAccessBlock.enabled(for: try S3Lookup.bucket(input, context).owner, context)
        try ObjectSubresources.update(input, context, method: "PUT") { version, bucket in
            let acl = try CannedACL.requested(input, owner: version.owner, bucketOwner: bucket.owner, candidates: objectACLs)
            try CannedACL.check(acl, bucket: bucket, account: account)
            version.acl = acl
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
        return CannedACL.output(resolved.version.acl ?? "private", owner: resolved.version.owner, bucketOwner: bucket.owner)
    }
}

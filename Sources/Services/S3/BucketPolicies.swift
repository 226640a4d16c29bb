import AWSWire
import NimbusCore
import PolicyEngine

/// PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus (Amazon S3 API Reference). The
/// document is kept as sent in `S3Bucket.policy`, where enforcement reads it.
enum BucketPolicies {
    static let put: OperationHandler = { input, context in
        let text = input["Policy"]?.string ?? ""
        let document = try BucketPolicyValidation.validate(text, bucket: input["Bucket"]?.string ?? "")
        let isPublic = S3PublicPolicy.isPublic(document)
        let owner = try ownerOnly(input, context, method: "PUT").owner
        let account = AccountPublicAccessBlock.enabled(for: owner, context)
        try BucketSubresources.update(input, context) { bucket in
            // "Blocking public access": BlockPublicPolicy makes S3 "reject calls to PUT Bucket policy if the
            // specified bucket policy allows public access".
            if isPublic, PublicAccessBlock.setting("BlockPublicPolicy", of: bucket, account: account) {
                throw AWSError("AccessDenied", "User: \(context.principal.arn) is not authorized to perform: s3:PutBucketPolicy on resource: \"\(bucket.arn)\" because public policies are blocked by the BlockPublicPolicy block public access setting.",
                               status: 403)
            }
            bucket.policy = text
        }
        return [:]
    }

    static let get: OperationHandler = { input, context in
        let bucket = try ownerOnly(input, context, method: "GET")
        guard let policy = bucket.policy else { throw noSuchPolicy(bucket.name) }
        return ["Policy": .string(policy)]
    }

    static let delete: OperationHandler = { input, context in
        // Deleting a policy the bucket does not have succeeds (204).
        _ = try ownerOnly(input, context, method: "DELETE")
        try BucketSubresources.update(input, context) { $0.policy = nil }
        return [:]
    }

    /// "GetBucketPolicyStatus": whether the policy is public; a bucket without one has no status.
    static let status: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard let policy = bucket.policy else { throw noSuchPolicy(bucket.name) }
        return ["PolicyStatus": ["IsPublic": .boolean(S3PublicPolicy.isPublic(policy))]]
    }

    /// "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy": a caller with the permission but from another
    /// account than the bucket owner's gets 405 Method Not Allowed (authorization has already refused, with 403,
    /// one without the permission), so a grant in the policy never hands the policy to another account.
    static func ownerOnly(_ input: AWSValue, _ context: RequestContext, method: String) throws -> S3Bucket {
        let bucket = try S3Lookup.bucket(input, context)
        guard context.account == bucket.owner else { throw S3Errors.methodNotAllowed(method: method, resource: "BUCKETPOLICY") }
        return bucket
    }

    static func noSuchPolicy(_ bucket: String) -> AWSError {
        S3Errors.missing("NoSuchBucketPolicy", "The bucket policy does not exist", bucket: bucket)
    }
}

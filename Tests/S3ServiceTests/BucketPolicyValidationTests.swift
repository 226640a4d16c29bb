import Testing
@testable import S3Service

/// "Policy resources for Amazon S3" and "Actions, resources, and condition keys for Amazon S3": what a bucket
/// policy's resources and actions name.
@Suite struct BucketPolicyValidationTests {
    @Test func resourcesInsideTheBucket() {
        #expect(BucketPolicyValidation.kind(ofResource: "arn:aws:s3:::b1", bucket: "b1") == [.bucket])
        #expect(BucketPolicyValidation.kind(ofResource: "arn:aws:s3:::b1/*", bucket: "b1") == [.object])
        #expect(BucketPolicyValidation.kind(ofResource: "arn:aws:s3:::b1/home/${aws:username}/*", bucket: "b1") == [.object])
        #expect(BucketPolicyValidation.kind(ofResource: "arn:aws:s3:::b?/x", bucket: "b1") == [.object])
        #expect(BucketPolicyValidation.kind(ofResource: "arn:aws:s3:::b1*", bucket: "b1") == [.bucket, .object])
    }

    @Test func resourcesOutsideTheBucket() {
        for resource in ["*", "arn:aws:s3:::b2", "arn:aws:s3:::b2/*", "arn:aws:s3:::b10", "arn:aws:sqs:us-east-1:111122223333:q",
                         "arn:aws:s3:us-east-1::b1"] {
            #expect(BucketPolicyValidation.kind(ofResource: resource, bucket: "b1") == nil, "\(resource)")
        }
    }

    @Test func actionResourceTypes() {
        #expect(BucketPolicyValidation.kind(ofAction: "s3:GetObject") == [.object])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:getobjectversiontagging") == [.object])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:AbortMultipartUpload") == [.object])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:ListBucket") == [.bucket])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:PutBucketObjectLockConfiguration") == [.bucket])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:PutLifecycleConfiguration") == [.bucket])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:Get*") == [.bucket, .object])
        #expect(BucketPolicyValidation.kind(ofAction: "s3:ListAllMyBuckets").isEmpty)
        #expect(BucketPolicyValidation.kind(ofAction: "s3:PutAccountPublicAccessBlock").isEmpty)
        #expect(BucketPolicyValidation.kind(ofAction: "s3:CreateJob").isEmpty)
    }

    @Test func globs() {
        #expect(S3Glob.matches("a*c", "abbbc"))
        #expect(S3Glob.matches("*", ""))
        #expect(S3Glob.matches("a?c", "abc"))
        #expect(!S3Glob.matches("a?c", "ac"))
        #expect(!S3Glob.matches("abc", "abcd"))
    }
}

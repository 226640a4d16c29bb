import AWSWire
import NimbusCore

/// Bucket subresources (policy, versioning, tagging, CORS, lifecycle, encryption, website, ownership, ACL,
/// public access block) and object tagging and ACLs.
enum BucketConfigurations {
    static var handlers: [String: OperationHandler] {
        var all: [String: OperationHandler] = [
            "PutBucketPolicy": BucketPolicies.put,
            "GetBucketPolicy": BucketPolicies.get,
            "DeleteBucketPolicy": BucketPolicies.delete,
            "GetBucketPolicyStatus": BucketPolicies.status,
            "PutBucketOwnershipControls": OwnershipControls.put,
            "GetBucketOwnershipControls": OwnershipControls.get,
            "DeleteBucketOwnershipControls": OwnershipControls.delete,
            "PutBucketAcl": ACLs.putBucket,
            "GetBucketAcl": ACLs.getBucket,
            "PutObjectAcl": ACLs.putObject,
            "GetObjectAcl": ACLs.getObject,
            "PutBucketVersioning": BucketVersioning.put,
            "GetBucketVersioning": BucketVersioning.get,
            "PutBucketTagging": Tagging.putBucket,
            "GetBucketTagging": Tagging.getBucket,
            "DeleteBucketTagging": Tagging.deleteBucket,
            "PutObjectTagging": Tagging.putObject,
            "GetObjectTagging": Tagging.getObject,
            "DeleteObjectTagging": Tagging.deleteObject,
            "GetBucketEncryption": BucketEncryption.get,
            "GetBucketRequestPayment": BucketDefaults.requestPayment,
            "GetBucketAccelerateConfiguration": BucketDefaults.empty,
            "GetBucketLogging": BucketDefaults.empty,
            "GetBucketNotificationConfiguration": BucketNotifications.get,
            "PutBucketNotificationConfiguration": BucketNotifications.put,
        ]
        // The configurations kept as given: Put, Get and Delete each (encryption has a Get of its own, for the default).
        let stored: [(put: String, get: String?, delete: String, BucketSubresources.Stored)] = [
            ("PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock", PublicAccessBlock.stored),
            ("PutBucketCors", "GetBucketCors", "DeleteBucketCors", BucketCors.stored),
            ("PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration", "DeleteBucketLifecycle", BucketLifecycle.stored),
            ("PutBucketWebsite", "GetBucketWebsite", "DeleteBucketWebsite", BucketWebsite.stored),
            ("PutBucketEncryption", nil, "DeleteBucketEncryption", BucketEncryption.stored),
        ]
        for (put, get, delete, configuration) in stored {
            let handlers = configuration.handlers
            all[put] = handlers.put
            all[delete] = handlers.delete
            if let get { all[get] = handlers.get }
        }
        return all
    }
}

import AWSWire
import NimbusCore

/// Bucket subresources (policy, versioning, tagging, CORS, lifecycle, encryption, website, ownership, ACL,
/// public access block, replication, logging, acceleration, request payment, and the metrics, analytics, inventory
/// and Intelligent-Tiering configurations kept by Id) and object tagging and ACLs.
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
            "PutBucketRequestPayment": BucketRequestPayment.put,
            "GetBucketRequestPayment": BucketRequestPayment.get,
            "PutBucketAccelerateConfiguration": BucketAccelerate.put,
            "GetBucketAccelerateConfiguration": BucketAccelerate.get,
            "PutBucketLogging": BucketLogging.put,
            "GetBucketLogging": BucketLogging.get,
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
            ("PutBucketReplication", "GetBucketReplication", "DeleteBucketReplication", BucketReplication.stored),
        ]
        for (put, get, delete, configuration) in stored {
            let handlers = configuration.handlers
            all[put] = handlers.put
            all[delete] = handlers.delete
            if let get { all[get] = handlers.get }
        }
        // The configurations a bucket keeps several of, by Id: Put, Get, Delete and List each, named alike.
        let keyed: [(String, BucketSubresources.KeyedById)] = [
            ("Metrics", BucketMetrics.keyed), ("Analytics", BucketAnalytics.keyed), ("Inventory", BucketInventory.keyed),
            ("IntelligentTiering", BucketIntelligentTiering.keyed),
        ]
        for (kind, configuration) in keyed {
            let handlers = configuration.handlers
            all["PutBucket\(kind)Configuration"] = handlers.put
            all["GetBucket\(kind)Configuration"] = handlers.get
            all["DeleteBucket\(kind)Configuration"] = handlers.delete
            all["ListBucket\(kind)Configurations"] = handlers.list
        }
        return all
    }
}

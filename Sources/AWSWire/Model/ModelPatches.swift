/// Where botocore's models are ambiguous or wrong for a server, the fix lives here, in one visible
/// place, applied as a model is built (as Soto's code generator keeps its `Model+Patch.swift`).
enum ModelPatches {
    struct RequestURIPatch {
        let service: String
        let operation: String
        let requestUri: String
        let why: String
    }

    static let requestURIs: [RequestURIPatch] = [
        RequestURIPatch(service: "s3", operation: "ListDirectoryBuckets", requestUri: "/?x-id=ListDirectoryBuckets",
                        why: "botocore gives it ListBuckets' `GET /`; AWS's Smithy model and SDKs send `?x-id=ListDirectoryBuckets`"),
    ]

    static func requestUri(service: String, operation: String, default uri: String) -> String {
        requestURIs.first { $0.service == service && $0.operation == operation }?.requestUri ?? uri
    }

    /// Operations whose XML output is one bare element named for its only member, not a structure: S3's
    /// GetBucketLocation answers `<LocationConstraint xmlns="...">eu-west-1</LocationConstraint>`, which botocore
    /// reads as the root element's text (its `parse_get_bucket_location` customization).
    static let bareOutputMembers: [(service: String, operation: String, member: String)] = [
        ("s3", "GetBucketLocation", "LocationConstraint"),
    ]

    static func bareOutputMember(service: String, operation: String) -> String? {
        bareOutputMembers.first { $0.service == service && $0.operation == operation }?.member
    }

    /// Deprecated operations that share a request form with their successor (S3's `PutBucketLifecycle` and
    /// `PutBucketLifecycleConfiguration` are both `PUT /{Bucket}?lifecycle`; botocore marks the old ones
    /// `deprecated`, which the trimmed models drop): routing prefers the successor, as today's clients mean it.
    static let superseded: Set<String> = [
        "s3.PutBucketLifecycle", "s3.GetBucketLifecycle", "s3.PutBucketNotification", "s3.GetBucketNotification",
    ]

    static func isSuperseded(service: String, operation: String) -> Bool {
        superseded.contains("\(service).\(operation)")
    }

    /// The root element of a REST-XML output that has no payload member. botocore's models leave it out (its
    /// parser ignores the root); AWS's Smithy models carry it as the output structure's `smithy.api#xmlName`, and
    /// the SDKs generated from them (Rust, Swift, Kotlin) check it. Operations not listed answer `<Name>Result`.
    static let outputRootNames: [String: String] = [
        "s3.CreateMultipartUpload": "InitiateMultipartUploadResult",
        "s3.DeleteObjects": "DeleteResult",
        "s3.GetBucketAccelerateConfiguration": "AccelerateConfiguration",
        "s3.GetBucketAcl": "AccessControlPolicy",
        "s3.GetBucketCors": "CORSConfiguration",
        "s3.GetBucketLifecycleConfiguration": "LifecycleConfiguration",
        "s3.GetBucketLogging": "BucketLoggingStatus",
        "s3.GetBucketNotificationConfiguration": "NotificationConfiguration",
        "s3.GetBucketRequestPayment": "RequestPaymentConfiguration",
        "s3.GetBucketTagging": "Tagging",
        "s3.GetBucketVersioning": "VersioningConfiguration",
        "s3.GetBucketWebsite": "WebsiteConfiguration",
        "s3.GetObjectAcl": "AccessControlPolicy",
        "s3.GetObjectAttributes": "GetObjectAttributesResponse",
        "s3.GetObjectTagging": "Tagging",
        "s3.ListBucketAnalyticsConfigurations": "ListBucketAnalyticsConfigurationResult",
        "s3.ListBucketIntelligentTieringConfigurations": "ListBucketIntelligentTieringConfigurationsOutput",
        "s3.ListBucketInventoryConfigurations": "ListInventoryConfigurationsResult",
        "s3.ListBucketMetricsConfigurations": "ListMetricsConfigurationsResult",
        "s3.ListBuckets": "ListAllMyBucketsResult",
        "s3.ListDirectoryBuckets": "ListAllMyDirectoryBucketsResult",
        "s3.ListObjectVersions": "ListVersionsResult",
        "s3.ListObjects": "ListBucketResult",
        "s3.ListObjectsV2": "ListBucketResult",
    ]

    static func outputRootName(service: String, operation: String) -> String? {
        outputRootNames["\(service).\(operation)"]
    }

    /// The XML namespace of a service's documents, which botocore gives only on some input shapes (the Smithy
    /// models' `smithy.api#xmlNamespace` on the service); S3 and S3 Control answer every document in it.
    static let xmlNamespaces: [String: String] = [
        "s3": "http://s3.amazonaws.com/doc/2006-03-01/",
        "s3control": "http://awss3control.amazonaws.com/doc/2018-08-20/",
    ]
}

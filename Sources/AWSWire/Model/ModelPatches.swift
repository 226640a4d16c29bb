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
}

import AWSWire
import NimbusCore

/// Bucket subresources (policy, versioning, tagging, CORS, lifecycle, encryption, website, ownership, ACL,
/// public access block).
enum BucketConfigurations {
    static var handlers: [String: OperationHandler] { [:] }
}

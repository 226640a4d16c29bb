import AWSWire
import NimbusCore
import State

/// What the subresource handlers share: a change to the bucket made in one store transaction, the configurations
/// kept as given (CORS, lifecycle, website, encryption, public access block, replication), and those kept by Id
/// (``KeyedById``).
enum BucketSubresources {
    /// Looks the bucket up and changes it in the same transaction, so two Puts never overwrite each other's
    /// other settings.
    @discardableResult
    static func update<T>(_ input: AWSValue, _ context: RequestContext, _ change: (inout S3Bucket) throws -> T) throws -> T {
        let name = input["Bucket"]?.string ?? ""
        return try context.store.write { tx in
            var bucket = try S3Lookup.requireBucket(name, in: tx)
            let result = try change(&bucket)
            tx.put(bucket, id: name, in: S3Partitions.buckets)
            return result
        }
    }

    /// Put, Get and Delete of a configuration S3 keeps as the client sent it, under `key` in
    /// `S3Bucket.configurations`.
    struct Stored: Sendable {
        /// The key in `configurations`, and the input member that carries the document.
        var key: String
        var member: String
        /// The Get output wraps the document in `member` (its payload) rather than returning its members.
        var wrapped: Bool
        /// The error code and message of a Get or Delete when the bucket has none.
        var missingCode: String
        var missingMessage: String
        /// Checks the document (with the whole input beside it, for headers) and returns what to keep: the
        /// document, or it with AWS's defaults filled in (generated names from the context's seeded ids).
        var prepare: @Sendable (_ document: AWSValue, _ input: AWSValue, _ context: RequestContext) throws -> AWSValue

        var handlers: (put: OperationHandler, get: OperationHandler, delete: OperationHandler) {
            let this = self
            return (
                put: { input, context in
                    guard let document = input[this.member], let stored = StoredValue(try this.prepare(document, input, context)) else {
                        throw S3Errors.malformedXML()
                    }
                    try BucketSubresources.update(input, context) { $0[configuration: this.key] = stored }
                    return [:]
                },
                get: { input, context in
                    let bucket = try S3Lookup.bucket(input, context)
                    guard let stored = bucket[configuration: this.key] else { throw this.missing(bucket.name) }
                    return this.wrapped ? .object([this.member: stored.value]) : stored.value
                },
                delete: { input, context in
                    // Deleting a configuration that was never set succeeds (204), as on AWS.
                    try BucketSubresources.update(input, context) { $0[configuration: this.key] = nil }
                    return [:]
                }
            )
        }

        func missing(_ bucket: String) -> AWSError {
            S3Errors.missing(missingCode, missingMessage, bucket: bucket)
        }
    }
}

extension S3Bucket {
    /// One stored subresource configuration; setting nil removes it.
    subscript(configuration key: String) -> StoredValue? {
        get { configurations?[key] }
        set {
            var all = configurations ?? [:]
            all[key] = newValue
            configurations = all.isEmpty ? nil : all
        }
    }
}

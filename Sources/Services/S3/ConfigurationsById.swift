import AWSWire
import NimbusCore

extension BucketSubresources {
    /// Put, Get, Delete and List of configurations a bucket keeps several of, each under its Id (metrics,
    /// analytics, inventory, Intelligent-Tiering), kept as given in `configurations[key]`: an object from Id to
    /// document. The four share S3's rules ("PutBucketMetricsConfiguration", "ListBucketMetricsConfigurations"...):
    /// the query's Id names the document, up to 1,000 per bucket, an unknown Id is 404 `NoSuchConfiguration`, and
    /// lists come 100 at a time behind an opaque continuation token.
    struct KeyedById: Sendable {
        /// The key in `configurations`, the input member (and Get's payload) that carries one document, and the
        /// List output's list member.
        var key: String
        var member: String
        var listMember: String
        /// What S3 answers when the document's Id is not the query's: MalformedXML for most, its own code for
        /// inventory.
        var idMismatch: AWSError = S3Errors.malformedXML()
        /// The Ids S3 accepts; an empty one never ("InvalidConfigurationId").
        var acceptsId: @Sendable (String) -> Bool = { !$0.isEmpty }
        /// The document's own rules, checked before its Id is compared (an unknown enum value is MalformedXML).
        var checkDocument: @Sendable (AWSValue) throws -> Void
        /// Rules about what the document names (a destination's ARN), checked after the Id, as S3 orders them.
        var checkReferences: @Sendable (AWSValue) throws -> Void = { _ in }

        /// "PutBucketMetricsConfiguration", "PutBucketAnalyticsConfiguration", "PutBucketInventoryConfiguration",
        /// "PutBucketIntelligentTieringConfiguration": "You can have up to 1,000 ... configurations per bucket".
        static let maximumPerBucket = 1000
        /// "ListBucketMetricsConfigurations" (and the analytics and inventory lists): "does not return more than
        /// 100 configurations at a time".
        static let pageSize = 100

        var handlers: (put: OperationHandler, get: OperationHandler, delete: OperationHandler, list: OperationHandler) {
            let this = self
            return (
                put: { input, context in
                    let id = input["Id"]?.string ?? ""
                    guard let document = input[this.member] else { throw S3Errors.malformedXML() }
                    try this.check(document, id: id)
                    guard let stored = StoredValue(document) else { throw S3Errors.malformedXML() }
                    try BucketSubresources.update(input, context) { bucket in
                        var all = this.configurations(of: bucket)
                        // Replacing one never counts against the limit; a new one past it is refused.
                        if all[id] == nil, all.count >= Self.maximumPerBucket { throw S3Errors.tooManyConfigurations }
                        all[id] = stored
                        bucket[configuration: this.key] = all.isEmpty ? nil : .object(all)
                    }
                    return [:]
                },
                get: { input, context in
                    let bucket = try S3Lookup.bucket(input, context)
                    guard let stored = this.configurations(of: bucket)[input["Id"]?.string ?? ""] else { throw S3Errors.noSuchConfiguration }
                    return .object([this.member: stored.value])
                },
                delete: { input, context in
                    let id = input["Id"]?.string ?? ""
                    // Unlike the bucket-wide configurations, deleting an Id the bucket does not have is an error.
                    try BucketSubresources.update(input, context) { bucket in
                        var all = this.configurations(of: bucket)
                        guard all.removeValue(forKey: id) != nil else { throw S3Errors.noSuchConfiguration }
                        bucket[configuration: this.key] = all.isEmpty ? nil : .object(all)
                    }
                    return [:]
                },
                list: { input, context in
                    let bucket = try S3Lookup.bucket(input, context)
                    let all = this.configurations(of: bucket)
                    let token = input["ContinuationToken"]?.string
                    let page = try Self.page(of: Array(all.keys), token: token)
                    return .structure([
                        "IsTruncated": .boolean(page.next != nil),
                        "ContinuationToken": token.map(AWSValue.string),
                        "NextContinuationToken": page.next.map(AWSValue.string),
                        this.listMember: page.ids.isEmpty ? nil : .list(page.ids.compactMap { all[$0]?.value }),
                    ])
                }
            )
        }

        /// A Put's checks in S3's order: the Id, the document's schema, the Id it carries, what it names.
        func check(_ document: AWSValue, id: String) throws {
            let documentId = document["Id"]?.string ?? ""
            // XML 1.0 cannot carry control characters (other than tab and line ends): such an Id could be stored but
            // never listed back to a client.
            guard !(id + documentId).unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) else {
                throw S3Errors.malformedXML()
            }
            guard acceptsId(id), acceptsId(documentId) else { throw S3Errors.invalidConfigurationId }
            try checkDocument(document)
            guard documentId == id else { throw idMismatch }
            try checkReferences(document)
        }

        func configurations(of bucket: S3Bucket) -> [String: StoredValue] {
            guard case .object(let all)? = bucket[configuration: key] else { return [:] }
            return all
        }

        /// One page of Ids in order, starting after the Id the token names, and the token of the next page if any.
        /// The token is the last Id listed, base64-encoded: opaque to clients, as S3's is.
        static func page(of ids: [String], token: String?, size: Int = pageSize) throws -> (ids: [String], next: String?) {
            var after: String?
            if let token {
                guard let bytes = Base64.decode(token), let decoded = String(bytes: bytes, encoding: .utf8) else {
                    throw S3Errors.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
                }
                after = decoded
            }
            let remaining = ids.sorted().filter { id in after.map { id > $0 } ?? true }
            let listed = Array(remaining.prefix(size))
            let next = remaining.count > size ? listed.last.map { Base64.encode(Array($0.utf8)) } : nil
            return (listed, next)
        }
    }
}

extension S3Errors {
    /// "PutBucketMetricsConfiguration", special errors: "You are attempting to create a new configuration but have
    /// already reached the 1,000-configuration limit."
    static let tooManyConfigurations = AWSError(
        "TooManyConfigurations", "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.",
        status: 400)

    /// A Get or Delete of an Id the bucket does not have (LocalStack's AWS-recorded answers; no BucketName element).
    static let noSuchConfiguration = AWSError("NoSuchConfiguration", "The specified configuration does not exist.", status: 404)

    /// An empty (or, for metrics, malformed) configuration Id. The code is the one S3 compatibility suites record
    /// from AWS for an empty Id; the message is not documented.
    static let invalidConfigurationId = AWSError("InvalidConfigurationId", "The specified configuration id is invalid.", status: 400)
}

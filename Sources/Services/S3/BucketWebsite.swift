import AWSWire

/// PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite ("Hosting a static website using Amazon S3",
/// "Configuring an index document", "Configuring a webpage redirect"), kept in `configurations["WebsiteConfiguration"]`.
enum BucketWebsite {
    static let stored = BucketSubresources.Stored(
        key: "WebsiteConfiguration", member: "WebsiteConfiguration", wrapped: false,
        missingCode: "NoSuchWebsiteConfiguration", missingMessage: "The specified bucket does not have a website configuration",
        prepare: { document, _, _ in
            try check(document)
            return document
        })

    static func check(_ document: AWSValue) throws {
        let suffix = document["IndexDocument"]?["Suffix"]?.string
        if document["RedirectAllRequestsTo"] != nil {
            // Redirecting every request leaves nothing for the other elements to do.
            guard suffix == nil, document["ErrorDocument"] == nil, document["RoutingRules"] == nil else { throw S3Errors.malformedXML() }
            return
        }
        guard let suffix else {
            throw S3Errors.invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
                                           name: "IndexDocument", value: "null")
        }
        // "Configuring an index document": the suffix "must not be empty and must not include a slash character".
        guard !suffix.isEmpty, !suffix.contains("/") else {
            throw S3Errors.invalidArgument("The IndexDocument Suffix is not well formed", name: "IndexDocument", value: suffix)
        }
        for rule in document["RoutingRules"]?.list ?? [] where rule["Redirect"]?["ReplaceKeyWith"] != nil && rule["Redirect"]?["ReplaceKeyPrefixWith"] != nil {
            throw S3Errors.invalidRequest("You can only define ReplaceKeyPrefix or ReplaceKey but not both.")
        }
    }
}

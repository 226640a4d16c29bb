import AWSWire

/// Put/Get/Delete/ListBucketMetricsConfigurations ("PutBucketMetricsConfiguration", "MetricsConfiguration",
/// "Monitoring metrics with Amazon CloudWatch"): request-metrics filters, kept by Id in
/// `configurations["MetricsConfigurations"]`. No metrics are published.
enum BucketMetrics {
    /// "MetricsConfiguration": "The ID has a 64 character limit and can only contain letters, numbers, periods,
    /// dashes, and underscores."
    static let maximumIdLength = 64

    static func acceptsId(_ id: String) -> Bool {
        !id.isEmpty && id.count <= maximumIdLength
            && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }
    }

    static let keyed = BucketSubresources.KeyedById(
        key: "MetricsConfigurations", member: "MetricsConfiguration", listMember: "MetricsConfigurationList",
        acceptsId: acceptsId,
        checkDocument: { document in
            // "MetricsFilter": "A filter must be a prefix, an object tag, an access point ARN, or a conjunction".
            try ConfigurationFilter.check(document["Filter"], conditions: ["Prefix", "Tag", "AccessPointArn", "And"])
        })
}

/// The filter the Id-keyed configurations share: one condition, or their conjunction under `And`.
enum ConfigurationFilter {
    /// A filter names at most one of `conditions`, and an `And` holds at least one condition; otherwise the document
    /// does not match S3's schema.
    static func check(_ filter: AWSValue?, conditions: [String]) throws {
        guard let filter else { return }
        guard conditions.filter({ filter[$0] != nil }).count <= 1 else { throw S3Errors.malformedXML() }
        if let and = filter["And"], and.object?.isEmpty != false { throw S3Errors.malformedXML() }
    }
}

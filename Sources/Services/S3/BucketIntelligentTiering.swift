import AWSWire

/// Put/Get/Delete/ListBucketIntelligentTieringConfigurations ("PutBucketIntelligentTieringConfiguration",
/// "IntelligentTieringConfiguration", "Tiering"), kept by Id in `configurations["IntelligentTieringConfigurations"]`.
/// Objects are not moved between access tiers.
enum BucketIntelligentTiering {
    /// "Tiering", Days: "The minimum number of days specified for Archive Access tier must be at least 90 days and
    /// Deep Archive Access tier must be at least 180 days. The maximum can be up to 2 years (730 days)."
    static let days: [String: ClosedRange<Int>] = ["ARCHIVE_ACCESS": 90...730, "DEEP_ARCHIVE_ACCESS": 180...730]

    static let keyed = BucketSubresources.KeyedById(
        key: "IntelligentTieringConfigurations", member: "IntelligentTieringConfiguration",
        listMember: "IntelligentTieringConfigurationList",
        checkDocument: { document in
            try ConfigurationFilter.check(document["Filter"], conditions: ["Prefix", "Tag", "And"])
            let status = document["Status"]?.string
            guard status == "Enabled" || status == "Disabled" else { throw S3Errors.malformedXML() }
            try checkTierings(document["Tierings"]?.list ?? [])
        })

    /// At least one tiering, each tier once, each after a number of days in its range.
    static func checkTierings(_ tierings: [AWSValue]) throws {
        guard !tierings.isEmpty else { throw S3Errors.malformedXML() }
        var seen = Set<String>()
        for tiering in tierings {
            guard let tier = tiering["AccessTier"]?.string, let range = days[tier], let count = tiering["Days"]?.int else {
                throw S3Errors.malformedXML()
            }
            // The range is documented but S3's message for it is not: this one says what the documentation says.
            guard range.contains(count) else {
                throw S3Errors.invalidArgument("Days for \(tier) must be between \(range.lowerBound) and \(range.upperBound)",
                                               name: "Days", value: String(count))
            }
            guard seen.insert(tier).inserted else {
                throw S3Errors.invalidArgument("The same access tier is specified more than once", name: "AccessTier", value: tier)
            }
        }
    }
}

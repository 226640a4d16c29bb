import AWSWire

/// Put/Get/Delete/ListBucketAnalyticsConfigurations ("PutBucketAnalyticsConfiguration", "AnalyticsConfiguration",
/// "Amazon S3 analytics – Storage Class Analysis"), kept by Id in `configurations["AnalyticsConfigurations"]`. No
/// analysis runs and nothing is exported.
enum BucketAnalytics {
    static let keyed = BucketSubresources.KeyedById(
        key: "AnalyticsConfigurations", member: "AnalyticsConfiguration", listMember: "AnalyticsConfigurationList",
        checkDocument: { document in
            try ConfigurationFilter.check(document["Filter"], conditions: ["Prefix", "Tag", "And"])
            guard let export = document["StorageClassAnalysis"]?["DataExport"] else { return }
            // "StorageClassAnalysisDataExport": the schema version is V_1; "AnalyticsS3BucketDestination": the
            // format is CSV. Other values do not match the schema.
            guard export["OutputSchemaVersion"]?.string == "V_1",
                  export["Destination"]?["S3BucketDestination"]?["Format"]?.string == "CSV" else { throw S3Errors.malformedXML() }
        })
}

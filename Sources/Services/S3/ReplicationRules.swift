import AWSWire

/// The rules of a replication configuration as S3 checks them, apart from the buckets they name ("PutBucketReplication",
/// "ReplicationRule", "DeleteMarkerReplication", "Replication configuration file elements": backward compatibility).
/// A rule with a `Filter` is of the current schema (V2), which needs `Priority` and `DeleteMarkerReplication`; a rule
/// without one is of the first (V1), which allows neither. S3 answers these "InvalidRequest: X cannot be used for this
/// version of Cross Region Replication configuration schema..." (its words as Terraform users report them); the
/// missing-element messages take the same form.
enum ReplicationRules {
    /// "PutBucketReplication": "A replication configuration must include at least one rule, and can contain a maximum of 1,000."
    static let maximumRules = 1000
    /// "ReplicationRule", ID: "The maximum value is 255 characters."
    static let maximumIdLength = 255
    static let statuses: Set<String> = ["Enabled", "Disabled"]

    static func check(_ rules: [AWSValue]) throws {
        guard !rules.isEmpty, rules.count <= maximumRules else { throw S3Errors.malformedXML() }
        for rule in rules { try check(rule) }
        // Replication to several buckets came with the V2 schema; V1 rules share one destination (S3's error, as
        // CloudFormation users met it).
        let firstSchema = rules.filter { $0["Filter"] == nil }
        if Set(firstSchema.compactMap { $0["Destination"]?["Bucket"]?.string }).count > 1 {
            throw S3Errors.invalidRequest("Number of distinct destination bucket ARNs cannot exceed 1")
        }
    }

    static func check(_ rule: AWSValue) throws {
        guard statuses.contains(rule["Status"]?.string ?? "") else { throw S3Errors.malformedXML() }
        if let id = rule["ID"]?.string, id.count > maximumIdLength {
            throw S3Errors.invalidArgument("ID length should not exceed allowed limit of \(maximumIdLength)", name: "ID", value: id)
        }
        for member in ["DeleteMarkerReplication", "ExistingObjectReplication"] {
            if let status = rule[member]?["Status"]?.string, !statuses.contains(status) { throw S3Errors.malformedXML() }
        }
        guard let filter = rule["Filter"] else {
            for member in ["Priority", "DeleteMarkerReplication"] where rule[member] != nil {
                throw schemaError("\(member) cannot be used")
            }
            return
        }
        // "ReplicationRule", Filter: "A Filter must specify exactly one Prefix, Tag, or an And child element"; the
        // deprecated rule-level Prefix belongs to V1.
        guard rule["Prefix"] == nil else { throw S3Errors.malformedXML() }
        try ConfigurationFilter.check(filter, conditions: ["Prefix", "Tag", "And"])
        for member in ["Priority", "DeleteMarkerReplication"] where rule[member] == nil {
            throw schemaError("\(member) must be specified")
        }
        // "DeleteMarkerReplication": "If your Filter includes a Tag element, the DeleteMarkerReplication Status must be
        // set to Disabled, because Amazon S3 does not support replicating delete markers for tag-based rules."
        let tagged = filter["Tag"] != nil || !(filter["And"]?["Tags"]?.list ?? []).isEmpty
        if tagged, rule["DeleteMarkerReplication"]?["Status"]?.string == "Enabled" {
            throw S3Errors.invalidRequest("Delete marker replication is not supported if any Tag filter is specified. Please refer to S3 Developer Guide for more information.")
        }
    }

    static func schemaError(_ what: String) -> AWSError {
        S3Errors.invalidRequest("\(what) for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.")
    }
}

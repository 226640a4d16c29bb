import AWSWire

/// Which replication rules apply to a new object version or delete marker ("Replication configuration file
/// elements"): enabled rules whose filter (a prefix, tags, or both under `And`; V1 rules a `Prefix` of their own)
/// matches, one per destination bucket, the highest `Priority` winning where several name the same destination.
struct ReplicationTarget: Equatable {
    /// The destination bucket's ARN.
    var bucketArn: String
    var storageClass: String?
    /// `AccessControlTranslation` Owner `Destination`: the replica belongs to the destination bucket's owner.
    var ownerOverride: Bool
    var priority: Int
    /// The deciding rule's ID (every stored rule has one: ``BucketReplication`` gives one to a rule sent without).
    var ruleId = ""
    /// `Destination.Metrics` Enabled: S3 Replication metrics, which replication failure events need.
    var metricsEnabled = false

    /// `encryptedWithKMS`: "What does Amazon S3 replicate?": objects encrypted with SSE-KMS only by rules that enable
    /// `SourceSelectionCriteria.SseKmsEncryptedObjects`.
    static func targets(_ rules: [AWSValue], key: String, tags: [S3Tag], isDeleteMarker: Bool, encryptedWithKMS: Bool = false) -> [ReplicationTarget] {
        var chosen: [String: (rule: AWSValue, priority: Int)] = [:]
        for rule in rules where rule["Status"]?.string == "Enabled" {
            // Replication filters name no sizes: a version's size never decides.
            guard let arn = rule["Destination"]?["Bucket"]?.string,
                  RuleFilters.matches(rule, key: key, tags: tags, size: isDeleteMarker ? nil : 0) else { continue }
            let priority = rule["Priority"]?.int ?? 0
            if let existing = chosen[arn], existing.priority >= priority { continue }
            chosen[arn] = (rule, priority)
        }
        // The highest-priority rule for a destination decides, delete markers and encryption included.
        return chosen.compactMap { arn, choice -> ReplicationTarget? in
            let rule = choice.rule
            // "How delete operations affect replication": a V1 rule (no Filter) replicates delete markers; a V2 rule
            // only with DeleteMarkerReplication Enabled.
            if isDeleteMarker, rule["Filter"] != nil, rule["DeleteMarkerReplication"]?["Status"]?.string != "Enabled" { return nil }
            if encryptedWithKMS, rule["SourceSelectionCriteria"]?["SseKmsEncryptedObjects"]?["Status"]?.string != "Enabled" { return nil }
            let destination = rule["Destination"]
            return ReplicationTarget(bucketArn: arn, storageClass: destination?["StorageClass"]?.string,
                                     ownerOverride: destination?["AccessControlTranslation"]?["Owner"]?.string == "Destination", priority: choice.priority,
                                     ruleId: rule["ID"]?.string ?? "", metricsEnabled: destination?["Metrics"]?["Status"]?.string == "Enabled")
        }.sorted { $0.bucketArn < $1.bucketArn }
    }
}

import AWSWire

/// The filter of a lifecycle or replication rule ("Lifecycle configuration elements", "Replication configuration
/// file elements"): a V1 rule's own `Prefix`, or a `Filter` of a prefix, a tag, sizes, or `And` of them. A delete
/// marker (`size` nil) has neither tags nor size, so a tag or size condition never takes one.
enum RuleFilters {
    static func matches(_ rule: AWSValue, key: String, tags: [S3Tag], size: Int64?) -> Bool {
        guard let filter = rule["Filter"] else { return key.hasPrefix(rule["Prefix"]?.string ?? "") }
        let conditions = filter["And"] ?? filter
        guard key.hasPrefix(conditions["Prefix"]?.string ?? "") else { return false }
        let wanted = (conditions["Tags"]?.list ?? []) + [conditions["Tag"]].compactMap { $0 }
        let sized = conditions["ObjectSizeGreaterThan"] != nil || conditions["ObjectSizeLessThan"] != nil
        guard let size else { return wanted.isEmpty && !sized }
        if let above = conditions["ObjectSizeGreaterThan"]?.int, size <= above { return false }
        if let below = conditions["ObjectSizeLessThan"]?.int, size >= below { return false }
        return wanted.allSatisfy { tag in tags.contains { $0.key == tag["Key"]?.string && $0.value == tag["Value"]?.string } }
    }
}

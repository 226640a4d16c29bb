import AWSWire
import NimbusCore
import State

/// CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy, and tags (TagResource,
/// UntagResource, ListTagsForResource and the older TagLogGroup, UntagLogGroup, ListTagsLogGroup), as the CloudWatch
/// Logs API Reference describes each.
enum LogGroups {
    /// PutRetentionPolicy: "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
    /// 1827, 2192, 2557, 2922, 3288, and 3653."
    static let retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
    static let classes = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"]

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["logGroupName"]?.string ?? ""
        try LogNames.checkGroup(name)
        // "Log group names can't start with the string aws/" (CreateLogGroup).
        if name.lowercased().hasPrefix("aws/") {
            throw LogsErrors.invalid("Log groups starting with AWS/ are reserved for AWS.")
        }
        let tags = try LogTags.parse(input["tags"])
        let partition = context.regionalPartition
        let now = LogNames.millis(context.now)
        try context.store.write { tx in
            guard tx.get(LogGroup.self, name, in: partition) == nil else {
                throw AWSError("ResourceAlreadyExistsException", "The specified log group already exists")
            }
            let group = LogGroup(name: name, created: now, retentionInDays: nil,
                                 logGroupClass: input["logGroupClass"]?.string ?? "STANDARD", kmsKeyId: input["kmsKeyId"]?.string,
                                 deletionProtection: input["deletionProtectionEnabled"]?.bool, tags: tags)
            tx.put(group, id: name, in: partition)
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["logGroupName"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard let group = tx.get(LogGroup.self, name, in: partition) else { throw LogsErrors.groupNotFound }
            if group.deletionProtection == true {
                throw AWSError("ValidationException", "Log group \(name) has deletion protection enabled. Disable deletion protection before deleting the log group.")
            }
            for stream in EventStore.streams(of: name, tx.view, partition) { EventStore.delete(stream, &tx, partition) }
            MetricFilter.deleteAll(of: name, &tx, partition)
            SubscriptionFilter.deleteAll(of: name, &tx, partition)
            tx.delete(LogGroup.self, name, in: partition)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let prefix = input["logGroupNamePrefix"]?.string
        let pattern = input["logGroupNamePattern"]?.string
        if prefix != nil, pattern != nil {
            throw LogsErrors.invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
        }
        let identifiers = input["logGroupIdentifiers"].map { Set($0.strings.map(LogNames.groupName(fromIdentifier:))) }
        if identifiers != nil, prefix != nil || pattern != nil {
            throw LogsErrors.invalid("LogGroup identifiers, name prefix and name pattern are mutually exclusive parameters.")
        }
        let logGroupClass = input["logGroupClass"]?.string
        let partition = context.regionalPartition
        let rows: [AWSValue] = context.store.read { view in
            // storedBytes: the sum of the group's streams, counted once over the partition's streams.
            var bytes: [String: Int] = [:], filters: [String: Int] = [:]
            for stream in view.all(LogStream.self, in: partition).values { bytes[stream.group, default: 0] += stream.bytes }
            for filter in view.all(MetricFilter.self, in: partition).values { filters[filter.group, default: 0] += 1 }
            return view.all(LogGroup.self, in: partition).values
                .filter { group in
                    (prefix.map { group.name.hasPrefix($0) } ?? true)
                        && (pattern.map { $0.isEmpty || group.name.contains($0) } ?? true)
                        && (identifiers.map { $0.contains(group.name) } ?? true)
                        && (logGroupClass.map { $0 == group.logGroupClass } ?? true)
                }
                .sorted { $0.name < $1.name }
                .map { output($0, partition, storedBytes: bytes[$0.name] ?? 0, metricFilters: filters[$0.name] ?? 0) }
        }
        let page = Paginator.page(rows, marker: input["nextToken"]?.string, maxItems: input["limit"]?.int, defaultMaxItems: 50)
        return .structure(["logGroups": .list(page.items), "nextToken": page.marker.map(AWSValue.string)])
    }

    static func output(_ group: LogGroup, _ partition: Partition, storedBytes: Int, metricFilters: Int) -> AWSValue {
        let arn = group.arn(partition)
        return .structure([
            "logGroupName": .string(group.name), "creationTime": .integer(group.created),
            "retentionInDays": group.retentionInDays.map(AWSValue.int), "metricFilterCount": .int(metricFilters),
            "arn": .string(arn + ":*"), "logGroupArn": .string(arn), "storedBytes": .int(storedBytes),
            "kmsKeyId": group.kmsKeyId.map(AWSValue.string), "logGroupClass": .string(group.logGroupClass),
            "deletionProtectionEnabled": .boolean(group.deletionProtection ?? false),
        ])
    }

    /// Runs `change` on the named group in one write; `ResourceNotFoundException` when there is none.
    static func update(_ name: String, _ context: RequestContext, _ change: (inout LogGroup) throws -> Void) throws {
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard var group = tx.get(LogGroup.self, name, in: partition) else { throw LogsErrors.groupNotFound }
            try change(&group)
            tx.put(group, id: name, in: partition)
        }
    }

    static func putRetention(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let days = input["retentionInDays"]?.int ?? 0
        guard retentionDays.contains(days) else {
            let allowed = retentionDays.map(String.init).joined(separator: ", ")
            throw LogsErrors.invalid("1 validation error detected: Value '\(days)' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed)]")
        }
        try changeRetention(to: days, input, context)
        return [:]
    }

    static func deleteRetention(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try changeRetention(to: nil, input, context)
        return [:]
    }

    /// AssociateKmsKey / DisassociateKmsKey on a log group (the key is recorded; Nimbus does not encrypt with it).
    static func associateKmsKey(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let key = input["kmsKeyId"]?.string
        try update(try kmsGroup(input), context) { $0.kmsKeyId = key }
        return [:]
    }

    static func disassociateKmsKey(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try update(try kmsGroup(input), context) { $0.kmsKeyId = nil }
        return [:]
    }

    /// The group of logGroupName or resourceIdentifier (exactly one of them; query results are not kept).
    static func kmsGroup(_ input: AWSValue) throws -> String {
        switch (input["logGroupName"]?.string, input["resourceIdentifier"]?.string) {
        case let (name?, nil): return name
        case let (nil, identifier?) where identifier.contains(":log-group:"): return LogNames.groupName(fromIdentifier: identifier)
        case (nil, _?): throw LogsErrors.invalid("Only log group resource identifiers are supported.")
        default: throw LogsErrors.invalid("Specify either logGroupName or resourceIdentifier.")
        }
    }

    /// PutLogGroupDeletionProtection: while on, DeleteLogGroup fails.
    static func putDeletionProtection(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let enabled = input["deletionProtectionEnabled"]?.bool ?? false
        try update(LogNames.groupName(fromIdentifier: input["logGroupIdentifier"]?.string ?? ""), context) { $0.deletionProtection = enabled }
        return [:]
    }

    /// What the old policy expired stays expired.
    static func changeRetention(to days: Int?, _ input: AWSValue, _ context: RequestContext) throws {
        let now = LogNames.millis(context.now)
        try update(input["logGroupName"]?.string ?? "", context) { group in
            group.expiredBefore = EventStore.Expiry(group, now: now).bound
            group.expiredAt = now
            group.retentionInDays = days
        }
    }

    // MARK: Tags

    static func tagResource(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = try LogNames.taggedGroup(input["resourceArn"]?.string ?? "", context.regionalPartition)
        let tags = try LogTags.parse(input["tags"])
        try update(name, context) { try LogTags.merge(tags, into: &$0.tags) }
        return [:]
    }

    static func untagResource(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = try LogNames.taggedGroup(input["resourceArn"]?.string ?? "", context.regionalPartition)
        try untag(input["tagKeys"]?.strings ?? [], from: name, context)
        return [:]
    }

    static func listTagsForResource(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = try LogNames.taggedGroup(input["resourceArn"]?.string ?? "", context.regionalPartition)
        return ["tags": LogTags.output(try tags(of: name, context))]
    }

    static func tagLogGroup(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let tags = try LogTags.parse(input["tags"])
        try update(input["logGroupName"]?.string ?? "", context) { try LogTags.merge(tags, into: &$0.tags) }
        return [:]
    }

    static func untagLogGroup(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try untag(input["tags"]?.strings ?? [], from: input["logGroupName"]?.string ?? "", context)
        return [:]
    }

    static func listTagsLogGroup(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        ["tags": LogTags.output(try tags(of: input["logGroupName"]?.string ?? "", context))]
    }

    static func untag(_ keys: [String], from name: String, _ context: RequestContext) throws {
        try update(name, context) { group in for key in keys { group.tags[key] = nil } }
    }

    static func tags(of name: String, _ context: RequestContext) throws -> [String: String] {
        let group = context.store.read { $0.get(LogGroup.self, name, in: context.regionalPartition) }
        guard let group else { throw LogsErrors.groupNotFound }
        return group.tags
    }
}

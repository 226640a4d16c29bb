import AWSWire
import NimbusCore
import State

/// A filter of a log group (metric or subscription), keyed `GROUP:FILTER`: deleted with its group.
protocol GroupFilter: Resource {
    var group: String { get }
    var name: String { get }
    var created: Int64 { get }
    /// "CloudWatch Logs quotas": filters of this kind per log group.
    static var maxPerGroup: Int { get }
    static var notFound: String { get }
}

/// What PutMetricFilter and PutSubscriptionFilter both take: the group, a filter name (a stream name's rules) and a
/// filter pattern that must parse.
enum LogFilterInput {
    static func read(_ input: AWSValue) throws -> (group: String, name: String, pattern: String) {
        let name = input["filterName"]?.string ?? ""
        try LogNames.checkStream(name, member: "filterName")
        let pattern = input["filterPattern"]?.string ?? ""
        _ = try LogEvents.parsePattern(pattern)
        return (input["logGroupName"]?.string ?? "", name, pattern)
    }
}

extension GroupFilter {
    static func key(_ group: String, _ name: String) -> String { group + ":" + name }

    /// The filters of `group`.
    static func all(of group: String, _ view: StoreView, _ partition: Partition) -> [Self] {
        view.all(Self.self, in: partition).values.filter { $0.group == group }
    }

    /// Puts `make(the existing filter)` under its key, within the group's quota; the group must exist.
    static func put(group: String, name: String, _ context: RequestContext, _ make: (Self?) -> Self) throws {
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            let existing = tx.get(Self.self, key(group, name), in: partition)
            if existing == nil, all(of: group, tx.view, partition).count >= maxPerGroup {
                throw AWSError("LimitExceededException", "Resource limit exceeded.")
            }
            tx.put(make(existing), id: key(group, name), in: partition)
        }
    }

    /// DeleteMetricFilter, DeleteSubscriptionFilter.
    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let key = key(group, input["filterName"]?.string ?? "")
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            guard tx.get(Self.self, key, in: partition) != nil else { throw AWSError("ResourceNotFoundException", notFound) }
            tx.delete(Self.self, key, in: partition)
        }
        return [:]
    }

    /// Removes every filter of `group` (DeleteLogGroup).
    static func deleteAll(of group: String, _ tx: inout StoreTransaction, _ partition: Partition) {
        for filter in all(of: group, tx.view, partition) { tx.delete(Self.self, key(group, filter.name), in: partition) }
    }
}

/// A metric filter of a log group (PutMetricFilter in the CloudWatch Logs API Reference).
struct MetricFilter: GroupFilter {
    static let kind = "logs.metricfilter"

    struct Transformation: Codable, Sendable, Hashable {
        var metricName: String
        var metricNamespace: String
        var metricValue: String
        var defaultValue: Double?
        var dimensions: [String: String]?
        var unit: String?
    }

    var group: String
    var name: String
    var pattern: String
    var transformations: [Transformation]
    var created: Int64

    /// "CloudWatch Logs quotas": 100 metric filters per log group.
    static let maxPerGroup = 100
    static let notFound = "The specified metric filter does not exist."
}

/// PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter. Metrics themselves are CloudWatch's, which Nimbus does
/// not serve yet: the filters are kept, validated and listed.
enum MetricFilters {
    /// "You can assign up to three dimensions to a metric".
    static let maxDimensions = 3

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (group, name, pattern) = try LogFilterInput.read(input)
        let transformations = try (input["metricTransformations"]?.list ?? []).map { value in
            let dimensions = value["dimensions"]?.object?.mapValues { $0.string ?? "" }
            guard (dimensions?.count ?? 0) <= maxDimensions else {
                throw LogsErrors.invalid("A metric can have up to \(maxDimensions) dimensions.")
            }
            return MetricFilter.Transformation(
                metricName: value["metricName"]?.string ?? "", metricNamespace: value["metricNamespace"]?.string ?? "",
                metricValue: value["metricValue"]?.string ?? "", defaultValue: value["defaultValue"]?.double,
                dimensions: dimensions, unit: value["unit"]?.string)
        }
        let now = LogNames.millis(context.now)
        try MetricFilter.put(group: group, name: name, context) { existing in
            MetricFilter(group: group, name: name, pattern: pattern, transformations: transformations, created: existing?.created ?? now)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string
        let prefix = input["filterNamePrefix"]?.string
        let metricName = input["metricName"]?.string
        let namespace = input["metricNamespace"]?.string
        if prefix != nil, group == nil {
            throw LogsErrors.invalid("If you specify filterNamePrefix, you must also specify logGroupName.")
        }
        if (metricName == nil) != (namespace == nil) {
            throw LogsErrors.invalid("If you specify metricName, you must also specify metricNamespace.")
        }
        let partition = context.regionalPartition
        let all = try context.store.read { view -> [MetricFilter] in
            if let group, view.get(LogGroup.self, group, in: partition) == nil { throw LogsErrors.groupNotFound }
            return Array(view.all(MetricFilter.self, in: partition).values)
        }
        let rows = all
            .filter { filter in
                (group.map { filter.group == $0 } ?? true) && (prefix.map { filter.name.hasPrefix($0) } ?? true)
                    && (metricName.map { name in
                        filter.transformations.contains { $0.metricName == name && $0.metricNamespace == namespace }
                    } ?? true)
            }
            .sorted { ($0.group, $0.name) < ($1.group, $1.name) }
        let page = Paginator.page(rows, marker: input["nextToken"]?.string, maxItems: input["limit"]?.int, defaultMaxItems: 50)
        return .structure(["metricFilters": .list(page.items.map(output)), "nextToken": page.marker.map(AWSValue.string)])
    }

    static func output(_ filter: MetricFilter) -> AWSValue {
        let transformations: [AWSValue] = filter.transformations.map { t in
            .structure([
                "metricName": .string(t.metricName), "metricNamespace": .string(t.metricNamespace),
                "metricValue": .string(t.metricValue), "defaultValue": t.defaultValue.map(AWSValue.double),
                "dimensions": t.dimensions.map { .object($0.mapValues(AWSValue.string)) }, "unit": t.unit.map(AWSValue.string),
            ])
        }
        return [
            "filterName": .string(filter.name), "filterPattern": .string(filter.pattern), "logGroupName": .string(filter.group),
            "metricTransformations": .list(transformations), "creationTime": .integer(filter.created),
        ]
    }
}

import AWSWire
import NimbusCore
import State

/// A metric filter of a log group (PutMetricFilter in the CloudWatch Logs API Reference), keyed `GROUP:FILTER`.
struct MetricFilter: Resource {
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

    static func key(_ group: String, _ name: String) -> String { group + ":" + name }
}

/// PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter. Metrics themselves are CloudWatch's, which Nimbus does
/// not serve yet: the filters are kept, validated and listed.
enum MetricFilters {
    /// "CloudWatch Logs quotas": 100 metric filters per log group; "You can assign up to three dimensions to a metric".
    static let maxPerGroup = 100
    static let maxDimensions = 3

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let name = input["filterName"]?.string ?? ""
        try LogNames.checkStream(name, member: "filterName")
        let pattern = input["filterPattern"]?.string ?? ""
        _ = try LogEvents.parsePattern(pattern)
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
        let partition = context.regionalPartition
        let now = LogNames.millis(context.now)
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            let key = MetricFilter.key(group, name)
            let existing = tx.get(MetricFilter.self, key, in: partition)
            if existing == nil, filters(of: group, tx.view, partition).count >= maxPerGroup {
                throw AWSError("LimitExceededException", "Resource limit exceeded.")
            }
            tx.put(MetricFilter(group: group, name: name, pattern: pattern, transformations: transformations,
                                created: existing?.created ?? now), id: key, in: partition)
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

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let key = MetricFilter.key(group, input["filterName"]?.string ?? "")
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            guard tx.get(MetricFilter.self, key, in: partition) != nil else {
                throw AWSError("ResourceNotFoundException", "The specified metric filter does not exist.")
            }
            tx.delete(MetricFilter.self, key, in: partition)
        }
        return [:]
    }

    /// The filters of `group`.
    static func filters(of group: String, _ view: StoreView, _ partition: Partition) -> [MetricFilter] {
        view.all(MetricFilter.self, in: partition).values.filter { $0.group == group }
    }
}

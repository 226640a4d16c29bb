import AWSWire
import NimbusCore
import State

/// A subscription filter of a log group (PutSubscriptionFilter in the CloudWatch Logs API Reference). Kept and listed;
/// Nimbus does not deliver the matching events to the destination yet.
struct SubscriptionFilter: GroupFilter {
    static let kind = "logs.subscriptionfilter"
    /// "CloudWatch Logs quotas": two subscription filters per log group.
    static let maxPerGroup = 2
    static let notFound = "The specified subscription filter does not exist."

    var group: String
    var name: String
    var pattern: String
    var destinationArn: String
    var roleArn: String?
    var distribution: String
    var created: Int64
}

enum SubscriptionFilters {
    /// Destinations a subscription filter may name: a Kinesis stream, a Firehose stream, a Lambda function, or a
    /// CloudWatch Logs destination.
    static let destinationServices: Set<String> = ["kinesis", "firehose", "lambda", "logs"]

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (group, name, pattern) = try LogFilterInput.read(input)
        let destination = input["destinationArn"]?.string ?? ""
        let parts = destination.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", destinationServices.contains(String(parts[2])) else {
            throw LogsErrors.invalid("Invalid destination ARN: \(destination)")
        }
        let now = LogNames.millis(context.now)
        try SubscriptionFilter.put(group: group, name: name, context) { existing in
            SubscriptionFilter(group: group, name: name, pattern: pattern, destinationArn: destination,
                               roleArn: input["roleArn"]?.string, distribution: input["distribution"]?.string ?? "ByLogStream",
                               created: existing?.created ?? now)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let prefix = input["filterNamePrefix"]?.string
        let partition = context.regionalPartition
        let filters = try context.store.read { view -> [SubscriptionFilter] in
            guard view.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            return SubscriptionFilter.all(of: group, view, partition)
        }
        let rows = filters.filter { filter in prefix.map { filter.name.hasPrefix($0) } ?? true }.sorted { $0.name < $1.name }
        let page = Paginator.page(rows, marker: input["nextToken"]?.string, maxItems: input["limit"]?.int, defaultMaxItems: 50)
        return .structure([
            "subscriptionFilters": .list(page.items.map { filter in
                .structure([
                    "filterName": .string(filter.name), "logGroupName": .string(filter.group),
                    "filterPattern": .string(filter.pattern), "destinationArn": .string(filter.destinationArn),
                    "roleArn": filter.roleArn.map(AWSValue.string), "distribution": .string(filter.distribution),
                    "creationTime": .integer(filter.created),
                ])
            }),
            "nextToken": page.marker.map(AWSValue.string),
        ])
    }
}

import AWSWire
import NimbusCore
import State

/// Amazon CloudWatch Logs: log groups and streams, events (put, get, filter with the filter pattern language),
/// retention and tags; and `CloudWatchLogsDirectory`, through which other services (Lambda) write logs.
public struct LogsProvider: ServiceProvider, ResourceNaming {
    public init() {}

    public let serviceName = "logs"
    public var resourceTypes: [any Resource.Type] { [LogGroup.self, LogStream.self, LogEventBatch.self, MetricFilter.self, SubscriptionFilter.self, LogsResourcePolicy.self] }

    public var handlers: [String: OperationHandler] {
        [
            "CreateLogGroup": LogGroups.create,
            "DeleteLogGroup": LogGroups.delete,
            "DescribeLogGroups": LogGroups.describe,
            "PutRetentionPolicy": LogGroups.putRetention,
            "DeleteRetentionPolicy": LogGroups.deleteRetention,
            "TagResource": LogGroups.tagResource,
            "UntagResource": LogGroups.untagResource,
            "ListTagsForResource": LogGroups.listTagsForResource,
            "TagLogGroup": LogGroups.tagLogGroup,
            "UntagLogGroup": LogGroups.untagLogGroup,
            "ListTagsLogGroup": LogGroups.listTagsLogGroup,
            "CreateLogStream": LogStreams.create,
            "DeleteLogStream": LogStreams.delete,
            "DescribeLogStreams": LogStreams.describe,
            "PutLogEvents": LogEvents.put,
            "GetLogEvents": LogEvents.get,
            "FilterLogEvents": LogEvents.filter,
            "TestMetricFilter": LogEvents.testMetricFilter,
            "PutMetricFilter": MetricFilters.put,
            "DescribeMetricFilters": MetricFilters.describe,
            "DeleteMetricFilter": MetricFilter.delete,
            "PutSubscriptionFilter": SubscriptionFilters.put,
            "DescribeSubscriptionFilters": SubscriptionFilters.describe,
            "DeleteSubscriptionFilter": SubscriptionFilter.delete,
            "PutLogGroupDeletionProtection": LogGroups.putDeletionProtection,
            "PutResourcePolicy": ResourcePolicies.put,
            "DescribeResourcePolicies": ResourcePolicies.describe,
            "DeleteResourcePolicy": ResourcePolicies.delete,
            "AssociateKmsKey": LogGroups.associateKmsKey,
            "DisassociateKmsKey": LogGroups.disassociateKmsKey,
        ]
    }

    /// The Service Authorization Reference's resource types: `log-stream` (`...:log-group:NAME:log-stream:STREAM`) for
    /// the stream's operations; for the group's, the group's ARN as DescribeLogGroups' `arn` shows it
    /// (`...:log-group:NAME:*`), so the usual `log-group:NAME:*` grants cover both; tagging names its ARN itself.
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        let partition = context.regionalPartition
        if let arn = input["resourceArn"]?.string { return [arn] }
        guard let group = (try? LogNames.group(input)) else { return [] }
        switch operation {
        case "CreateLogStream", "DeleteLogStream", "PutLogEvents", "GetLogEvents":
            let stream = LogStream(group: group, name: input["logStreamName"]?.string ?? "", created: 0)
            return [stream.arn(partition)]
        default:
            return [LogGroup(name: group, created: 0, logGroupClass: "STANDARD").arn(partition) + ":*"]
        }
    }
}

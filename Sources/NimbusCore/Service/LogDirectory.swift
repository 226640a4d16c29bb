/// What services may write to CloudWatch Logs without touching its state: Lambda's function logs
/// (`/aws/lambda/NAME`, one stream per execution environment).
public protocol LogDirectory: Sendable {
    /// Appends `events` to `group`/`stream` of `account` in `region`, creating the group and the stream when
    /// missing, as Lambda does with its execution role's `logs:CreateLogGroup` and `logs:CreateLogStream`.
    func append(_ events: [LogEventRecord], group: String, stream: String, account: String, region: String)
}

/// One log event: milliseconds since 1970 and its message.
public struct LogEventRecord: Sendable, Hashable {
    public var timestamp: Int64
    public var message: String

    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}

/// No CloudWatch Logs (unit tests, tools that build an environment without the Logs service): events are dropped.
public struct NoLogs: LogDirectory {
    public init() {}

    public func append(_ events: [LogEventRecord], group: String, stream: String, account: String, region: String) {}
}

import AWSWire
import Foundation
import NimbusCore
import State

/// A log group ("Working with log groups and log streams", CloudWatch Logs User Guide), keyed by its name in its
/// account and Region.
struct LogGroup: Resource {
    static let kind = "logs.group"

    var name: String
    /// Milliseconds since 1970, as the API shows every time.
    var created: Int64
    var retentionInDays: Int?
    /// Events before `expiredBefore` (ms) that were ingested by `expiredAt` expired under an earlier retention policy:
    /// they stay gone when the policy changes.
    var expiredBefore: Int64?
    var expiredAt: Int64?
    var logGroupClass: String
    var kmsKeyId: String?
    var deletionProtection: Bool?
    var tags: [String: String] = [:]

    func arn(_ partition: Partition) -> String {
        "arn:aws:logs:\(partition.region):\(partition.account):log-group:\(name)"
    }
}

/// A log stream: its statistics, and how many event batches (`LogEventBatch`) it holds. Keyed `GROUP:STREAM`
/// (a group name has no `:`), so a group's streams are found by prefix.
struct LogStream: Resource {
    static let kind = "logs.stream"

    var group: String
    var name: String
    var created: Int64
    var firstEvent: Int64?
    var lastEvent: Int64?
    var lastIngestion: Int64?
    /// Batches are numbered 1...batches; each PutLogEvents (or append) adds one.
    var batches: Int = 0
    /// The oldest batch still kept (nil: 1): batches whose events have all outlived the group's retention go.
    var firstBatch: Int?
    var events: Int = 0
    var bytes: Int = 0

    static func key(_ group: String, _ stream: String) -> String { group + ":" + stream }

    var key: String { Self.key(group, name) }

    func batchKey(_ number: Int) -> String { key + ":" + String(number) }

    func arn(_ partition: Partition) -> String {
        "arn:aws:logs:\(partition.region):\(partition.account):log-group:\(group):log-stream:\(name)"
    }
}

/// The events of one PutLogEvents call (or one append), kept as one row: an append journals the new batch and the
/// stream's statistics, never the stream's earlier events.
struct LogEventBatch: Resource {
    static let kind = "logs.events"

    struct Event: Codable, Sendable, Hashable {
        var t: Int64
        var m: String
    }

    /// When the batch was ingested (ms).
    var i: Int64
    /// The stream-wide number of the batch's first event (event ids derive from it).
    var n: Int
    var e: [Event]
}

/// One stored event as reads see it.
struct StoredEvent: Sendable {
    var timestamp: Int64
    var ingestion: Int64
    var message: String
    var number: Int
}

enum LogsErrors {
    static func invalid(_ message: String) -> AWSError { AWSError("InvalidParameterException", message) }
    static let groupNotFound = AWSError("ResourceNotFoundException", "The specified log group does not exist.")
    static let streamNotFound = AWSError("ResourceNotFoundException", "The specified log stream does not exist.")
}

/// Names, ARNs and limits ("CloudWatch Logs quotas"; CreateLogGroup, CreateLogStream in the API Reference).
enum LogNames {
    static let groupCharacters = Set("._-/#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// CreateLogGroup: 1 to 512 characters of `[\.\-_/#A-Za-z0-9]`.
    static func checkGroup(_ name: String, member: String = "logGroupName") throws {
        guard !name.isEmpty, name.count <= 512, name.allSatisfy(groupCharacters.contains) else {
            throw LogsErrors.invalid("1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
        }
    }

    /// CreateLogStream: 1 to 512 characters, no `:` and no `*`.
    static func checkStream(_ name: String, member: String = "logStreamName") throws {
        guard !name.isEmpty, name.count <= 512, !name.contains(":"), !name.contains("*") else {
            throw LogsErrors.invalid("1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*")
        }
    }

    /// A group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN, with or without `:*`).
    static func group(_ input: AWSValue) throws -> String {
        let name = input["logGroupName"]?.string
        let identifier = input["logGroupIdentifier"]?.string
        if name != nil, identifier != nil {
            throw LogsErrors.invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        }
        guard let given = name ?? identifier else {
            throw LogsErrors.invalid("Should provide either name or ARN of the log group.")
        }
        return groupName(fromIdentifier: given)
    }

    static func groupName(fromIdentifier identifier: String) -> String {
        guard identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") else { return identifier }
        var name = identifier[range.upperBound...]
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        return String(name)
    }

    /// TagResource's ARN: a log group's, in the caller's account and Region.
    static func taggedGroup(_ arn: String, _ partition: Partition) throws -> String {
        let prefix = "arn:aws:logs:\(partition.region):\(partition.account):log-group:"
        guard arn.hasPrefix("arn:"), arn.contains(":log-group:") else {
            throw LogsErrors.invalid("Invalid resource ARN: \(arn)")
        }
        guard arn.hasPrefix(prefix) else { throw AWSError("ResourceNotFoundException", "The specified resource does not exist.") }
        var name = arn.dropFirst(prefix.count)
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        return String(name)
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// Tags as CreateLogGroup and TagResource take them ("Tagging your CloudWatch Logs resources": 50 per group, keys
/// not starting with `aws:`).
enum LogTags {
    static let maxTags = 50

    static func parse(_ value: AWSValue?) throws -> [String: String] {
        var tags: [String: String] = [:]
        for (key, value) in value?.object ?? [:] {
            if key.lowercased().hasPrefix("aws:") {
                throw LogsErrors.invalid("Tag keys prefixed with 'aws:' are reserved for AWS use.")
            }
            tags[key] = value.string ?? ""
        }
        return tags
    }

    static func merge(_ new: [String: String], into tags: inout [String: String]) throws {
        var merged = tags
        merged.merge(new) { _, latest in latest }
        guard merged.count <= maxTags else {
            throw AWSError("TooManyTagsException", "A resource can have no more than \(maxTags) tags.")
        }
        tags = merged
    }

    static func output(_ tags: [String: String]) -> AWSValue { .object(tags.mapValues(AWSValue.string)) }
}

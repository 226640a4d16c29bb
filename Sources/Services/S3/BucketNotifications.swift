import AWSWire
import NimbusCore

/// PutBucketNotificationConfiguration and GetBucketNotificationConfiguration ("Amazon S3 Event Notifications",
/// "Configuring event notifications using object key name filtering"), kept in
/// `configurations["NotificationConfiguration"]`. Lambda destinations are invoked (``EventNotifications``); SQS
/// and SNS do not exist in Nimbus, so a queue or topic destination cannot be validated, as on AWS when it is missing.
enum BucketNotifications {
    static let key = "NotificationConfiguration"
    /// Each kind of destination: its list member, its ARN member, the ARN's XML name and the service that ARN names.
    static let destinations = [("LambdaFunctionConfigurations", "LambdaFunctionArn", "CloudFunction", "lambda"),
                               ("QueueConfigurations", "QueueArn", "Queue", "sqs"), ("TopicConfigurations", "TopicArn", "Topic", "sns")]

    /// The event types a configuration may name ("Event notification types and destinations").
    static let eventTypes: Set<String> = [
        "s3:ReducedRedundancyLostObject", "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
        "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
        "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete", "s3:Replication:*",
        "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked", "s3:Replication:OperationMissedThreshold",
        "s3:Replication:OperationReplicatedAfterThreshold", "s3:LifecycleTransition", "s3:IntelligentTiering", "s3:ObjectAcl:Put",
        "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:ObjectTagging:*",
        "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
    ]

    static let put: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let document = try prepare(input["NotificationConfiguration"] ?? .object([:]), bucket: bucket,
                                   validateDestinations: input["SkipDestinationValidation"]?.bool != true, context)
        // An empty configuration turns notifications off.
        let stored = document.object?.isEmpty == false ? StoredValue(document) : nil
        try BucketSubresources.update(input, context) { $0[configuration: key] = stored }
        return [:]
    }

    /// A bucket without a configuration answers an empty one ("GetBucketNotificationConfiguration").
    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        return bucket[configuration: key]?.value ?? .object([:])
    }

    /// The configuration as kept: IDs given to configurations without one, each checked as S3 checks it.
    static func prepare(_ document: AWSValue, bucket: S3Bucket, validateDestinations: Bool, _ context: RequestContext) throws -> AWSValue {
        var kept = document.object ?? [:]
        var ids = Set<String>()
        var all: [Subscription] = []
        var unreachable: [(String, String)] = []
        for (member, arnMember, arnName, service) in destinations {
            guard let list = document[member]?.list else { continue }
            var prepared: [AWSValue] = []
            for configuration in list {
                var fields = configuration.object ?? [:]
                let id = fields["Id"]?.string ?? Base64.encode(Array(context.ids.uuid().utf8))
                fields["Id"] = .string(id)
                guard ids.insert(id).inserted else {
                    throw S3Errors.invalidArgument("Same ID used for multiple configurations. IDs must be unique.", name: "Id", value: id)
                }
                // An ARN that does not parse is refused before any destination is tried, validation skipped or not.
                let destination = fields[arnMember]?.string ?? ""
                guard let arn = ARN(destination), arn.service == service else {
                    throw S3Errors.invalidArgument("The ARN could not be parsed", name: arnName, value: destination)
                }
                let subscription = try Subscription(id: id, destination: destination, configuration: configuration)
                all.append(subscription)
                if validateDestinations, let problem = destinationProblem(member, destination, bucket: bucket, context) {
                    unreachable.append(problem)
                }
                // Rule names are kept as S3 answers them: `Prefix`, `Suffix`.
                if !subscription.rules.isEmpty {
                    fields["Filter"] = ["Key": ["FilterRules": .list(subscription.rules.map { ["Name": .string($0.name), "Value": .string($0.value)] })]]
                }
                prepared.append(.object(fields))
            }
            kept[member] = .list(prepared)
        }
        // "Configuring event notifications using object key name filtering": two configurations for one event type
        // may not both match a key.
        for (index, first) in all.enumerated() {
            for second in all[(index + 1)...] {
                guard let shared = first.sharedEvent(with: second), first.filterOverlaps(second) else { continue }
                // Two configurations without filters for one event type are refused in other words (as S3 answers).
                if first.rules.isEmpty, second.rules.isEmpty {
                    var error = AWSError("InvalidArgument", "Configurations overlap. Configurations on the same bucket cannot share a common event type.",
                                         status: 400)
                    error.fields = [("ArgumentName", "Event"), ("ArgumentValue", "\(shared.0), \(shared.1)")]
                    throw error
                }
                throw AWSError("InvalidArgument",
                               "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.",
                               status: 400)
            }
        }
        if !unreachable.isEmpty {
            var error = AWSError("InvalidArgument", "Unable to validate the following destination configurations", status: 400)
            for (index, (name, problem)) in unreachable.enumerated() {
                error.fields += [("ArgumentName\(index + 1)", name), ("ArgumentValue\(index + 1)", problem)]
            }
            throw error
        }
        return .object(kept)
    }

    /// Why S3 could not deliver to a destination, as the error names it and says it: a function must exist and let
    /// S3 invoke it for this bucket (S3 says "Not authorized" either way); SQS queues and SNS topics do not exist here.
    static func destinationProblem(_ member: String, _ arn: String, bucket: S3Bucket, _ context: RequestContext) -> (String, String)? {
        switch member {
        case "LambdaFunctionConfigurations":
            guard !mayInvoke(arn, bucket: bucket, context) else { return nil }
            return ("\(arn), null", "Not authorized to invoke function [\(arn)]")
        case "QueueConfigurations":
            return (arn, "The destination queue does not exist")
        default:
            return (arn, "The destination topic does not exist")
        }
    }

    /// Whether S3 may invoke the function for this bucket now: a function in the bucket's Region whose policy lets
    /// `s3.amazonaws.com` invoke it with the bucket as source. Asked when a configuration is put and again at every
    /// delivery, since a skipped validation or a permission removed later must not let events through.
    static func mayInvoke(_ functionArn: String, bucket: S3Bucket, _ context: RequestContext) -> Bool {
        guard ARN(functionArn)?.region == bucket.region else { return false }
        return context.environment.functions.invocationProblem(functionArn: functionArn, service: "s3.amazonaws.com",
                                                               sourceArn: S3ARN.bucket(bucket.name), sourceAccount: bucket.owner, context: context) == nil
    }

    /// One configuration: where events go, which event types, and the key filter.
    struct Subscription {
        var id: String
        var destination: String
        var events: [String]
        var prefix: String
        var suffix: String

        /// The filter's rules, named as S3 answers them.
        var rules: [(name: String, value: String)] {
            (hasPrefixRule ? [("Prefix", prefix)] : []) + (hasSuffixRule ? [("Suffix", suffix)] : [])
        }

        var hasPrefixRule = false
        var hasSuffixRule = false

        init(id: String, destination: String, configuration: AWSValue) throws {
            self.id = id
            self.destination = destination
            events = (configuration["Events"]?.list ?? []).compactMap(\.string)
            guard !events.isEmpty else { throw S3Errors.malformedXML() }
            for event in events where !BucketNotifications.eventTypes.contains(event) {
                throw S3Errors.invalidArgument("The event is not supported for notifications", name: "Event", value: event)
            }
            var prefix: String?
            var suffix: String?
            for rule in configuration["Filter"]?["Key"]?["FilterRules"]?.list ?? [] {
                let value = rule["Value"]?.string ?? ""
                switch rule["Name"]?.string?.lowercased() {
                case "prefix"?:
                    guard prefix == nil else { throw S3Errors.invalidArgument("Cannot specify more than one prefix rule in a filter.", name: "FilterRule", value: value) }
                    prefix = value
                case "suffix"?:
                    guard suffix == nil else { throw S3Errors.invalidArgument("Cannot specify more than one suffix rule in a filter.", name: "FilterRule", value: value) }
                    suffix = value
                default:
                    throw S3Errors.invalidArgument("filter rule name must be either prefix or suffix", name: "FilterRule.Name", value: rule["Name"]?.string ?? "")
                }
            }
            self.prefix = prefix ?? ""
            self.suffix = suffix ?? ""
            hasPrefixRule = prefix != nil
            hasSuffixRule = suffix != nil
        }

        init(stored configuration: AWSValue, destinationMember: String) {
            id = configuration["Id"]?.string ?? ""
            destination = configuration[destinationMember]?.string ?? ""
            events = (configuration["Events"]?.list ?? []).compactMap(\.string)
            prefix = ""
            suffix = ""
            for rule in configuration["Filter"]?["Key"]?["FilterRules"]?.list ?? [] {
                switch rule["Name"]?.string?.lowercased() {
                case "prefix"?: prefix = rule["Value"]?.string ?? ""
                case "suffix"?: suffix = rule["Value"]?.string ?? ""
                default: break
                }
            }
        }

        /// Whether an event (`ObjectCreated:Put`) on `key` is one this configuration asks for. Filters compare with
        /// the key as the event message writes it, URL-encoded ("Why doesn't my Amazon S3 event notification invoke
        /// my Lambda function?": filter values with special characters are given encoded).
        func matches(event: String, key: String) -> Bool {
            let encoded = EventNotifications.encodedKey(key)
            return encoded.hasPrefix(prefix) && encoded.hasSuffix(suffix) && events.contains { Self.covers($0, "s3:" + event) }
        }

        /// `s3:ObjectCreated:*` covers every ObjectCreated event; any other name only itself.
        static func covers(_ pattern: String, _ event: String) -> Bool {
            pattern.hasSuffix(":*") ? event.hasPrefix(pattern.dropLast()) : pattern == event
        }

        /// An event type both configurations ask for (theirs as they name it), if any.
        func sharedEvent(with other: Subscription) -> (String, String)? {
            for mine in events {
                if let theirs = other.events.first(where: { Self.covers(mine, $0) || Self.covers($0, mine) }) { return (mine, theirs) }
            }
            return nil
        }

        /// Whether one key could match both filters: one prefix starts the other, one suffix ends the other.
        func filterOverlaps(_ other: Subscription) -> Bool {
            (prefix.hasPrefix(other.prefix) || other.prefix.hasPrefix(prefix)) && (suffix.hasSuffix(other.suffix) || other.suffix.hasSuffix(suffix))
        }

        func overlaps(_ other: Subscription) -> Bool {
            sharedEvent(with: other) != nil && filterOverlaps(other)
        }
    }
}

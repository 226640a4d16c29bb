import AWSWire
import NimbusCore
import State

/// CreateLogStream, DeleteLogStream, DescribeLogStreams (CloudWatch Logs API Reference).
enum LogStreams {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let name = input["logStreamName"]?.string ?? ""
        try LogNames.checkStream(name)
        let partition = context.regionalPartition
        let now = LogNames.millis(context.now)
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            let key = LogStream.key(group, name)
            guard tx.get(LogStream.self, key, in: partition) == nil else {
                throw AWSError("ResourceAlreadyExistsException", "The specified log stream already exists")
            }
            tx.put(LogStream(group: group, name: name, created: now), id: key, in: partition)
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = input["logGroupName"]?.string ?? ""
        let name = input["logStreamName"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard tx.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            guard let stream = tx.get(LogStream.self, LogStream.key(group, name), in: partition) else { throw LogsErrors.streamNotFound }
            EventStore.delete(stream, &tx, partition)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let group = try LogNames.group(input)
        let prefix = input["logStreamNamePrefix"]?.string
        let byLastEvent = input["orderBy"]?.string == "LastEventTime"
        // DescribeLogStreams: "If you order the results by event time, you cannot specify the logStreamNamePrefix parameter."
        if byLastEvent, prefix != nil {
            throw LogsErrors.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        }
        let descending = input["descending"]?.bool ?? false
        let partition = context.regionalPartition
        let streams = try context.store.read { view -> [LogStream] in
            guard view.get(LogGroup.self, group, in: partition) != nil else { throw LogsErrors.groupNotFound }
            return EventStore.streams(of: group, view, partition)
        }
        var rows = streams.filter { stream in prefix.map { stream.name.hasPrefix($0) } ?? true }
        rows.sort { lhs, rhs in
            if byLastEvent, lhs.lastEvent != rhs.lastEvent { return (lhs.lastEvent ?? 0) < (rhs.lastEvent ?? 0) }
            return lhs.name < rhs.name
        }
        if descending { rows.reverse() }
        let page = Paginator.page(rows, marker: input["nextToken"]?.string, maxItems: input["limit"]?.int, defaultMaxItems: 50)
        return .structure([
            "logStreams": .list(page.items.map { output($0, partition) }),
            "nextToken": page.marker.map(AWSValue.string),
        ])
    }

    static func output(_ stream: LogStream, _ partition: Partition) -> AWSValue {
        .structure([
            "logStreamName": .string(stream.name), "creationTime": .integer(stream.created),
            "firstEventTimestamp": stream.firstEvent.map(AWSValue.integer),
            "lastEventTimestamp": stream.lastEvent.map(AWSValue.integer),
            "lastIngestionTime": stream.lastIngestion.map(AWSValue.integer),
            "uploadSequenceToken": .string(LogEvents.sequenceToken(stream)),
            "arn": .string(stream.arn(partition)),
            // "storedBytes": deprecated, always 0 (LogStream in the API Reference).
            "storedBytes": 0,
        ])
    }
}

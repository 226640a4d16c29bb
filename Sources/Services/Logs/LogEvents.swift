import AWSWire
import NimbusCore
import State

/// PutLogEvents, GetLogEvents and FilterLogEvents (CloudWatch Logs API Reference).
enum LogEvents {
    /// PutLogEvents: "The maximum batch size is 1,048,576 bytes. This size is calculated as the sum of all event
    /// messages in UTF-8, plus 26 bytes for each log event."
    static let maxBatchBytes = 1_048_576
    static let eventOverhead = 26
    /// "Each log event can be no larger than 1 MB."
    static let maxEventBytes = 1_048_576
    /// "Events more than 2 hours in the future are rejected"; "Events older than 14 days ... are rejected".
    static let maxFuture: Int64 = 2 * 3_600_000
    static let maxAge: Int64 = 14 * EventStore.day
    /// GetLogEvents and FilterLogEvents: "up to 1 MB (up to 10,000 log events)".
    static let maxResponseBytes = 1_048_576
    static let maxResponseEvents = 10_000

    /// A 56-digit token, as AWS's look; sequence tokens are ignored on input.
    static func sequenceToken(_ stream: LogStream) -> String {
        let tail = String(stream.batches + 1)
        return "49" + String(repeating: "0", count: 54 - tail.count) + tail
    }

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let groupName = input["logGroupName"]?.string ?? ""
        let streamName = input["logStreamName"]?.string ?? ""
        let events = (input["logEvents"]?.list ?? []).map {
            LogEventBatch.Event(t: Int64($0["timestamp"]?.int ?? 0), m: $0["message"]?.string ?? "")
        }
        var total = 0
        for event in events {
            let size = event.m.utf8.count
            guard size <= maxEventBytes else {
                throw LogsErrors.invalid("Log event too large: \(size) bytes exceeds limit of \(maxEventBytes)")
            }
            total += size + eventOverhead
        }
        guard total <= maxBatchBytes else {
            throw LogsErrors.invalid("Upload too large: \(total) bytes exceeds limit of \(maxBatchBytes)")
        }
        guard zip(events, events.dropFirst()).allSatisfy({ $0.t <= $1.t }) else {
            throw LogsErrors.invalid("Log events in a single PutLogEvents request must be in chronological order.")
        }
        let now = LogNames.millis(context.now)
        let partition = context.regionalPartition
        return try context.store.write { tx -> AWSValue in
            guard let group = tx.get(LogGroup.self, groupName, in: partition) else { throw LogsErrors.groupNotFound }
            guard var stream = tx.get(LogStream.self, LogStream.key(groupName, streamName), in: partition) else {
                throw LogsErrors.streamNotFound
            }
            // Events are in time order: the too old ones lead, the too new ones trail.
            let tooOld = events.prefix { $0.t < now - maxAge }.count
            let expired = EventStore.cutoff(group, now: now).map { cutoff in events.prefix { $0.t < cutoff }.count } ?? 0
            let tooNewStart = events.lastIndex { $0.t <= now + maxFuture }.map { $0 + 1 } ?? 0
            let first = max(tooOld, expired)
            let accepted = first < tooNewStart ? Array(events[first..<tooNewStart]) : []
            if let earliest = accepted.first, let latest = accepted.last, latest.t - earliest.t > EventStore.day {
                throw LogsErrors.invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
            }
            EventStore.append(accepted, to: &stream, ingestion: now, cutoff: EventStore.cutoff(group, now: now), &tx, partition)
            var rejected: [String: AWSValue?] = [:]
            if tooOld > 0 { rejected["tooOldLogEventEndIndex"] = .int(tooOld) }
            if expired > 0 { rejected["expiredLogEventEndIndex"] = .int(expired) }
            if tooNewStart < events.count { rejected["tooNewLogEventStartIndex"] = .int(tooNewStart) }
            return .structure([
                "nextSequenceToken": .string(sequenceToken(stream)),
                "rejectedLogEventsInfo": rejected.isEmpty ? nil : .structure(rejected),
            ])
        }
    }

    // MARK: GetLogEvents

    /// `f/` or `b/`, 56 digits (the position in the stream's events), `/s`: the shape of AWS's tokens.
    static func token(_ forward: Bool, _ position: Int) -> String {
        let digits = String(position)
        return (forward ? "f/" : "b/") + String(repeating: "0", count: 56 - digits.count) + digits + "/s"
    }

    static func parseToken(_ token: String) throws -> (forward: Bool, position: Int) {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "f" || parts[0] == "b", let position = Int(parts[1]), position >= 0 else {
            throw LogsErrors.invalid("The specified nextToken is invalid.")
        }
        return (parts[0] == "f", position)
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let groupName = try LogNames.group(input)
        let streamName = input["logStreamName"]?.string ?? ""
        let limit = min(input["limit"]?.int ?? maxResponseEvents, maxResponseEvents)
        let startTime = input["startTime"]?.int.map(Int64.init)
        let endTime = input["endTime"]?.int.map(Int64.init)
        let token = try input["nextToken"]?.string.map(parseToken)
        let now = LogNames.millis(context.now)
        let partition = context.regionalPartition
        let events = try context.store.read { view -> [StoredEvent] in
            guard let group = view.get(LogGroup.self, groupName, in: partition) else { throw LogsErrors.groupNotFound }
            guard let stream = view.get(LogStream.self, LogStream.key(groupName, streamName), in: partition) else {
                throw LogsErrors.streamNotFound
            }
            return EventStore.events(of: stream, view, partition, expiry: EventStore.Expiry(group, now: now))
        }
        // "startTime: Events with a timestamp equal to this time or later than this time are included."
        // "endTime: Events with a timestamp equal to or later than this time are not included."
        let low = startTime.map { start in events.partitioningIndex { $0.timestamp >= start } } ?? 0
        let high = endTime.map { end in events.partitioningIndex { $0.timestamp >= end } } ?? events.count
        let window: Range<Int>
        switch token {
        case let (true, position)?:
            let start = min(max(position, low), max(high, low))
            window = start..<fitting(events, from: start, upTo: min(start + limit, high))
        case let (false, position)?:
            let end = max(min(position, high), low)
            window = fittingBackward(events, from: max(end - limit, low), to: end)..<end
        case nil where input["startFromHead"]?.bool == true:
            window = low..<fitting(events, from: low, upTo: min(low + limit, max(high, low)))
        case nil:
            let end = max(high, low)
            window = fittingBackward(events, from: max(end - limit, low), to: end)..<end
        }
        return [
            "events": .list(events[window].map { event in
                ["timestamp": .integer(event.timestamp), "message": .string(event.message), "ingestionTime": .integer(event.ingestion)]
            }),
            "nextForwardToken": .string(self.token(true, window.upperBound)),
            "nextBackwardToken": .string(self.token(false, window.lowerBound)),
        ]
    }

    /// The end of the run from `start` that fits the response's byte limit (at least one event).
    static func fitting(_ events: [StoredEvent], from start: Int, upTo end: Int) -> Int {
        var bytes = 0
        var index = start
        while index < end {
            bytes += events[index].message.utf8.count + eventOverhead
            if bytes > maxResponseBytes, index > start { break }
            index += 1
        }
        return index
    }

    /// The start of the run ending at `end` that fits the response's byte limit, latest events kept.
    static func fittingBackward(_ events: [StoredEvent], from start: Int, to end: Int) -> Int {
        var bytes = 0
        var index = end
        while index > start {
            bytes += events[index - 1].message.utf8.count + eventOverhead
            if bytes > maxResponseBytes, index < end { break }
            index -= 1
        }
        return index
    }

    // MARK: FilterLogEvents

    static func parsePattern(_ text: String) throws -> FilterPattern {
        do {
            return try FilterPattern(text)
        } catch {
            throw LogsErrors.invalid("Invalid filter pattern: \(error)")
        }
    }

    static func filter(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let groupName = try LogNames.group(input)
        let names = input["logStreamNames"].map { Set($0.strings) }
        let prefix = input["logStreamNamePrefix"]?.string
        if names != nil, prefix != nil {
            throw LogsErrors.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
        }
        let pattern = try parsePattern(input["filterPattern"]?.string ?? "")
        // "startTime: Events with a timestamp before this time are not returned."
        // "endTime: Events with a timestamp later than this time are not returned."
        let startTime = input["startTime"]?.int.map(Int64.init) ?? .min
        let endTime = input["endTime"]?.int.map(Int64.init) ?? .max
        let limit = min(input["limit"]?.int ?? maxResponseEvents, maxResponseEvents)
        let now = LogNames.millis(context.now)
        let partition = context.regionalPartition
        let perStream = try context.store.read { view -> [(String, [StoredEvent])] in
            guard let group = view.get(LogGroup.self, groupName, in: partition) else { throw LogsErrors.groupNotFound }
            let expiry = EventStore.Expiry(group, now: now)
            return EventStore.streams(of: groupName, view, partition)
                .filter { stream in (names.map { $0.contains(stream.name) } ?? true) && (prefix.map { stream.name.hasPrefix($0) } ?? true) }
                .map { ($0.name, EventStore.events(of: $0, view, partition, expiry: expiry)) }
        }
        var matched: [(stream: String, event: StoredEvent)] = []
        for (stream, events) in perStream {
            for event in events where event.timestamp >= startTime && event.timestamp <= endTime && pattern.matches(event.message) {
                matched.append((stream, event))
            }
        }
        matched.sort { ($0.event.timestamp, $0.stream, $0.event.number) < ($1.event.timestamp, $1.stream, $1.event.number) }
        let start = try input["nextToken"]?.string.map { token in
            guard let position = Paginator.position(token) else { throw LogsErrors.invalid("The specified nextToken is invalid.") }
            return min(position, matched.count)
        } ?? 0
        var end = start
        var bytes = 0
        while end < matched.count, end - start < limit {
            bytes += matched[end].event.message.utf8.count + eventOverhead
            if bytes > maxResponseBytes, end > start { break }
            end += 1
        }
        let events: [AWSValue] = matched[start..<end].map { row in
            [
                "logStreamName": .string(row.stream), "timestamp": .integer(row.event.timestamp),
                "message": .string(row.event.message), "ingestionTime": .integer(row.event.ingestion),
                "eventId": .string(EventStore.eventId(stream: row.stream, number: row.event.number)),
            ]
        }
        return .structure([
            "events": .list(events),
            // "searchedLogStreams": no longer supported; "This parameter returns an empty list."
            "searchedLogStreams": .list([]),
            "nextToken": end < matched.count ? .string(Paginator.token(end)) : nil,
        ])
    }
}

extension LogEvents {
    /// TestMetricFilter: the messages the pattern matches, numbered from 1, with the values it extracts.
    static func testMetricFilter(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let pattern = try parsePattern(input["filterPattern"]?.string ?? "")
        var matches: [AWSValue] = []
        for (index, message) in (input["logEventMessages"]?.strings ?? []).enumerated() {
            guard let values = pattern.extractedValues(message) else { continue }
            matches.append([
                "eventNumber": .int(index + 1), "eventMessage": .string(message),
                "extractedValues": .object(values.mapValues(AWSValue.string)),
            ])
        }
        return ["matches": .list(matches)]
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for a predicate that is false then true along the array.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

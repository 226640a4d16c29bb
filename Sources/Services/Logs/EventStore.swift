import State

/// Where a stream's events live: one `LogEventBatch` row per append, numbered 1...stream.batches, so an append
/// writes its own events and the stream's statistics, never what was there before.
enum EventStore {
    /// Milliseconds in a day.
    static let day: Int64 = 86_400_000

    /// Appends `events` (in the order to keep) as a new batch of `stream`, and puts the stream with its new statistics.
    /// With a retention `cutoff`, the stream's oldest batches whose events all precede it are removed first.
    static func append(_ events: [LogEventBatch.Event], to stream: inout LogStream, ingestion: Int64, cutoff: Int64?,
                       _ tx: inout StoreTransaction, _ partition: Partition) {
        if let cutoff { purge(&stream, before: cutoff, &tx, partition) }
        if !events.isEmpty {
            stream.batches += 1
            tx.put(LogEventBatch(i: ingestion, n: stream.events, e: events), id: stream.batchKey(stream.batches), in: partition)
            stream.events += events.count
            for event in events {
                stream.bytes += event.m.utf8.count
                stream.firstEvent = min(stream.firstEvent ?? event.t, event.t)
                stream.lastEvent = max(stream.lastEvent ?? event.t, event.t)
            }
            stream.lastIngestion = ingestion
        }
        tx.put(stream, id: stream.key, in: partition)
    }

    /// The stream's events in time order (ties keep ingestion order), without those the group's retention has expired.
    static func events(of stream: LogStream, _ view: StoreView, _ partition: Partition, expiry: Expiry?) -> [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(stream.events)
        var ordered = true
        for number in stride(from: stream.firstBatch ?? 1, through: stream.batches, by: 1) {
            guard let batch = view.get(LogEventBatch.self, stream.batchKey(number), in: partition) else { continue }
            for (offset, event) in batch.e.enumerated() {
                if let expiry, expiry.hides(event.t, ingestedAt: batch.i) { continue }
                if let last = events.last, last.timestamp > event.t { ordered = false }
                events.append(StoredEvent(timestamp: event.t, ingestion: batch.i, message: event.m, number: batch.n + offset))
            }
        }
        if !ordered { events.sort { ($0.timestamp, $0.number) < ($1.timestamp, $1.number) } }
        return events
    }

    /// The oldest timestamp the group's retention keeps (nil: kept forever).
    static func cutoff(_ group: LogGroup, now: Int64) -> Int64? {
        group.retentionInDays.map { now - Int64($0) * day }
    }

    /// What reads hide: events older than the retention, and those an earlier retention expired.
    struct Expiry {
        var retention: Int64?
        var before: Int64?
        var ingestedBy: Int64

        init(_ group: LogGroup, now: Int64) {
            retention = EventStore.cutoff(group, now: now)
            before = group.expiredBefore
            ingestedBy = group.expiredAt ?? 0
        }

        func hides(_ timestamp: Int64, ingestedAt ingestion: Int64) -> Bool {
            if let retention, timestamp < retention { return true }
            if let before, timestamp < before, ingestion <= ingestedBy { return true }
            return false
        }

        /// The bound a change of retention leaves: everything hidden now stays hidden.
        var bound: Int64? {
            guard let before else { return retention }
            return max(retention ?? before, before)
        }
    }

    /// Removes the leading batches whose every event is older than `cutoff` (retention: "Log events ... are deleted
    /// automatically" once older than the retention period, PutRetentionPolicy).
    static func purge(_ stream: inout LogStream, before cutoff: Int64, _ tx: inout StoreTransaction, _ partition: Partition) {
        var first = stream.firstBatch ?? 1
        while first <= stream.batches {
            let key = stream.batchKey(first)
            if let batch = tx.get(LogEventBatch.self, key, in: partition) {
                guard batch.e.allSatisfy({ $0.t < cutoff }) else { break }
                stream.bytes -= batch.e.reduce(0) { $0 + $1.m.utf8.count }
                tx.delete(LogEventBatch.self, key, in: partition)
            }
            first += 1
        }
        stream.firstBatch = first
    }

    /// Removes the stream and every batch of it.
    static func delete(_ stream: LogStream, _ tx: inout StoreTransaction, _ partition: Partition) {
        for number in stride(from: stream.firstBatch ?? 1, through: stream.batches, by: 1) {
            tx.delete(LogEventBatch.self, stream.batchKey(number), in: partition)
        }
        tx.delete(LogStream.self, stream.key, in: partition)
    }

    /// The streams of `group`, in creation order.
    static func streams(of group: String, _ view: StoreView, _ partition: Partition) -> [LogStream] {
        let prefix = group + ":"
        return view.all(LogStream.self, in: partition).values.filter { $0.group == group && $0.key.hasPrefix(prefix) }
    }

    /// A 56-digit event id, unique within a group: the stream's hash, then the event's number in the stream.
    static func eventId(stream: String, number: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in stream.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let head = String(hash)
        let tail = String(number)
        return String(repeating: "0", count: 20 - head.count) + head + String(repeating: "0", count: 36 - tail.count) + tail
    }
}

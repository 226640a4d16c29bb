import NimbusCore
import State

/// CloudWatch Logs for other services (Lambda's function logs): appends events to a stream, making the group and
/// the stream when missing, in one store write (one batch row and the stream's statistics; never the earlier events).
public struct CloudWatchLogsDirectory: LogDirectory {
    let store: Store
    let clock: NimbusClock

    public init(store: Store, clock: NimbusClock) {
        self.store = store
        self.clock = clock
    }

    public func append(_ events: [LogEventRecord], group: String, stream: String, account: String, region: String) {
        let partition = Partition(account: account, region: region)
        let now = LogNames.millis(clock.now())
        var batch = events.map { LogEventBatch.Event(t: $0.timestamp, m: $0.message) }
        if !zip(batch, batch.dropFirst()).allSatisfy({ $0.t <= $1.t }) {
            batch = batch.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
        }
        // The write can fail only if the journal does; the caller (a function's output) has no one to tell.
        _ = try? store.write { tx in
            let existing = tx.get(LogGroup.self, group, in: partition)
            if existing == nil {
                tx.put(LogGroup(name: group, created: now, logGroupClass: "STANDARD"), id: group, in: partition)
            }
            var target = tx.get(LogStream.self, LogStream.key(group, stream), in: partition)
                ?? LogStream(group: group, name: stream, created: now)
            EventStore.append(batch, to: &target, ingestion: now, cutoff: existing.flatMap { EventStore.cutoff($0, now: now) },
                              &tx, partition)
        }
    }
}

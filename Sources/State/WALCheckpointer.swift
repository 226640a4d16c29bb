import Dispatch
import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file off the request path.
///
/// SQLite's own automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages, so every few
/// launches of 50 instances one request paid for copying 4 MB and an fsync of the database file (27 to 32 ms instead
/// of 15). The writer's automatic checkpoint is raised to ``backstopPages`` (a bound if this one falls behind), and
/// after each commit the journal calls ``commitDidFinish(pages:)``: once the commits since the last checkpoint have
/// written about ``thresholdPages`` pages, a PASSIVE checkpoint runs on its own connection and queue,
/// without blocking the writer. (The WAL file's size is no measure: SQLite rewinds it after a checkpoint but does not
/// shrink it.) The next commit after a complete checkpoint starts the WAL from the beginning again, as with SQLite's
/// own checkpoints; durability is SQLite's either way.
final class WALCheckpointer: Sendable {
    /// The pages written that ask for a checkpoint: SQLite's own default.
    static let thresholdPages = 1_000
    /// The writer's own automatic checkpoint, if this one cannot keep up (40 MB of WAL).
    static let backstopPages = 10_000

    private let databasePath: String
    /// Opened by the first checkpoint, on the checkpoint queue: start-up does not pay for a second connection.
    nonisolated(unsafe) private var connection: DatabaseQueue?
    private let queue = DispatchQueue(label: "nimbus.journal.checkpoint", qos: .utility)
    private let scheduled = Atomic<Bool>(false)
    /// Pages the commits since the last checkpoint wrote, as the journal estimates them.
    private let pagesSinceCheckpoint = Atomic<Int>(0)

    init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// Only ever called on `queue`.
    private func openConnection() throws -> DatabaseQueue {
        if let connection { return connection }
        var config = Configuration()
        config.label = "nimbus.journal.checkpoint"
        config.busyMode = .timeout(5)
        let opened = try DatabaseQueue(path: databasePath, configuration: config)
        connection = opened
        return opened
    }

    /// Called after every commit, on the writer's thread, with the pages it wrote (estimated: one per row replaced or
    /// deleted, new rows by their size); at most one checkpoint is queued at a time.
    func commitDidFinish(pages: Int) {
        let total = pagesSinceCheckpoint.add(pages, ordering: .relaxed).newValue
        guard total >= Self.thresholdPages,
              scheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        pagesSinceCheckpoint.store(0, ordering: .relaxed)
        queue.async { [self] in
            defer { scheduled.store(false, ordering: .releasing) }
            // PASSIVE: copies what it can without waiting for the writer; a busy database is simply tried again later.
            try? openConnection().writeWithoutTransaction { db in
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            }
        }
    }
}

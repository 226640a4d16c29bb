import Foundation
import GRDB
import Synchronization

/// The journal on disk: one SQLite file, `nimbus.sqlite`, in the data directory.
///
/// Durability. The file runs in WAL mode. With the default `synchronous=NORMAL`, a commit appends
/// its pages to the WAL with `write(2)` and returns without `fsync`: the pages are then in the
/// operating system's page cache, so a crash of the Nimbus process (even `kill -9`) loses no
/// commit that returned, i.e. no acknowledged write. Only a power loss or kernel crash can lose
/// the last commits (the database stays consistent: it rolls back to an earlier commit).
/// `fsyncEveryCommit: true` sets `synchronous=FULL`, which fsyncs the WAL at every commit and so
/// survives power loss too, at the price of one fsync per write request.
public final class SQLiteJournal: Journal {
    /// The file name inside the data directory.
    public static let fileName = "nimbus.sqlite"
    /// Written to the `meta` table; bump when the on-disk format changes (along with a new migration).
    public static let formatVersion = 2

    /// Full path of the SQLite file.
    public let path: String
    private let dbQueue: DatabaseQueue
    private let checkpointer: WALCheckpointer
    /// Each stored row's seq, by its resource key. Rows are keyed by seq on disk (format 2), so a commit appends
    /// its new rows at the end of the table instead of scattering them over the pages their random ids sort into:
    /// a launch of 50 instances wrote about 400 pages to the WAL with the old (account, region, kind, id) key.
    private let seqs = Mutex<[RowKey: Int64]>([:])

    struct RowKey: Hashable {
        var account: String
        var region: String
        var kind: String
        var id: String
    }

    /// Opens (creating it and the directory if missing) `directory/nimbus.sqlite` and migrates its schema.
    public init(directory: URL, fsyncEveryCommit: Bool = false) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(Self.fileName).path

        var config = Configuration()
        config.label = "nimbus.journal"
        config.journalMode = .wal                  // GRDB also sets synchronous=NORMAL; we set it explicitly below.
        config.busyMode = .timeout(5)              // e.g. someone inspecting the file with the sqlite3 CLI
        dbQueue = try DatabaseQueue(path: path, configuration: config)

        let synchronous = fsyncEveryCommit ? "FULL" : "NORMAL"
        try dbQueue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // 8 MiB of page cache (SQLite's default is 2 MiB): a launch of 50 instances rewrites ~150 rows, and
            // with the default the B-tree pages it touches were read again from the file on every commit.
            try db.execute(sql: "PRAGMA cache_size = -8192")
            // Checkpoints run in the background (`WALCheckpointer`); this is only the bound if they fall behind.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)")
        }

        let migrator = Self.migrator
        if try dbQueue.read({ try migrator.hasBeenSuperseded($0) }) {
            throw SQLiteJournalError.newerFormat(path: path)
        }
        try migrator.migrate(dbQueue)
        let byKey = try Self.readSeqs(dbQueue)
        seqs.withLock { $0 = byKey }
        checkpointer = WALCheckpointer(databasePath: path)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE resource (
                    account TEXT NOT NULL,
                    region  TEXT NOT NULL,
                    kind    TEXT NOT NULL,
                    id      TEXT NOT NULL,
                    seq     INTEGER NOT NULL,
                    body    BLOB NOT NULL,
                    PRIMARY KEY (account, region, kind, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX resource_seq ON resource(seq);
                CREATE TABLE meta (
                    key   TEXT NOT NULL PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
            let now = Self.utcTimestamp()
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('format', ?), ('created_at', ?)",
                arguments: ["1", now])
        }
        migrator.registerMigration("v2") { db in
            // Rows keyed by their creation sequence alone; the journal maps resource keys to seqs in memory.
            try db.execute(sql: """
                CREATE TABLE resource_by_seq (
                    seq     INTEGER PRIMARY KEY,
                    account TEXT NOT NULL,
                    region  TEXT NOT NULL,
                    kind    TEXT NOT NULL,
                    id      TEXT NOT NULL,
                    body    BLOB NOT NULL
                );
                INSERT INTO resource_by_seq(seq, account, region, kind, id, body)
                    SELECT seq, account, region, kind, id, body FROM resource ORDER BY seq;
                DROP TABLE resource;
                ALTER TABLE resource_by_seq RENAME TO resource;
                UPDATE meta SET value = '2' WHERE key = 'format';
                """)
        }
        return migrator
    }

    // MARK: Journal

    public func loadAll() throws -> [JournalRow] {
        try dbQueue.read { db in
            var rows: [JournalRow] = []
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT account, region, kind, id, seq, body FROM resource ORDER BY seq")
            while let row = try cursor.next() {
                rows.append(JournalRow(
                    account: row[0], region: row[1], kind: row[2], id: row[3], body: row[5], seq: row[4]))
            }
            return rows
        }
    }

    /// Every row's seq by its key, read when the journal opens (keys only: no bodies).
    private static func readSeqs(_ dbQueue: DatabaseQueue) throws -> [RowKey: Int64] {
        try dbQueue.read { db in
            var byKey: [RowKey: Int64] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT account, region, kind, id, seq FROM resource")
            while let row = try cursor.next() {
                byKey[RowKey(account: row[0], region: row[1], kind: row[2], id: row[3])] = row[4]
            }
            return byKey
        }
    }

    public func commit(_ changes: [JournalChange]) throws {
        guard !changes.isEmpty else { return }
        try seqs.withLock { seqs in
            // The map changes as the statements run; undone if the transaction does not commit.
            var undo: [(RowKey, Int64?)] = []
            // What the commit writes, for the checkpointer: a page per row replaced or deleted, new rows by size.
            var rewritten = 0, appendedBytes = 0
            // This is on every write request's path, so every statement, BEGIN and COMMIT included, is a
            // cached prepared statement (GRDB's `write {}` would parse its BEGIN/COMMIT SQL each time).
            do {
                try dbQueue.writeWithoutTransaction { db in
                    try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
                    do {
                        for change in changes {
                            switch change {
                            case let .put(account, region, kind, id, body, seq):
                                let key = RowKey(account: account, region: region, kind: kind, id: id)
                                if let existing = seqs[key] {
                                    // A replace keeps the row's seq, so its place in creation order.
                                    try db.cachedStatement(sql: "UPDATE resource SET body = ? WHERE seq = ?")
                                        .execute(arguments: [body, existing])
                                    rewritten += 1
                                } else {
                                    try db.cachedStatement(sql: """
                                        INSERT INTO resource(seq, account, region, kind, id, body) VALUES (?, ?, ?, ?, ?, ?)
                                        """).execute(arguments: [seq, account, region, kind, id, body])
                                    undo.append((key, nil))
                                    seqs[key] = seq
                                    appendedBytes += body.count
                                }
                            case let .delete(account, region, kind, id):
                                let key = RowKey(account: account, region: region, kind: kind, id: id)
                                guard let existing = seqs[key] else { continue }
                                try db.cachedStatement(sql: "DELETE FROM resource WHERE seq = ?").execute(arguments: [existing])
                                undo.append((key, existing))
                                seqs[key] = nil
                                rewritten += 1
                            }
                        }
                        try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                        checkpointer.commitDidFinish(pages: rewritten + appendedBytes / 4096 + 1)
                    } catch {
                        // A failed statement, or a failed COMMIT (which leaves the transaction open): undo it all.
                        if db.isInsideTransaction {
                            try? db.execute(sql: "ROLLBACK TRANSACTION")
                        }
                        throw error
                    }
                }
            } catch {
                for (key, seq) in undo.reversed() { seqs[key] = seq }
                throw error
            }
        }
    }

    public func wipe() throws {
        try seqs.withLock { seqs in
            try dbQueue.write { db in
                try db.execute(sql: "DELETE FROM resource")
                try db.execute(
                    sql: "INSERT INTO meta(key, value) VALUES ('reset_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [Self.utcTimestamp()])
            }
            seqs.removeAll()
        }
    }

    /// Now as ISO 8601 in UTC (`2026-11-29T00:40:00Z`), without `ISO8601DateFormatter`, whose first use loads ICU's
    /// time zone data: about 10 ms of a fresh data directory's start-up.
    static func utcTimestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// A value from the `meta` table (`format`, `created_at`, `reset_at`).
    public func meta(_ key: String) throws -> String? {
        try dbQueue.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }
}

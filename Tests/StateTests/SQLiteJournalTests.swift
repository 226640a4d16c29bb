import Foundation
import GRDB
import Testing
import State

@Suite("Store on SQLite")
struct SQLiteJournalTests {
    @Test func reloadRestoresEverything() throws {
        let dir = TempDir()
        let nested = dir.url.appendingPathComponent("data/nimbus", isDirectory: true)  // created if missing
        let before: Snapshot
        do {
            let journal = try SQLiteJournal(directory: nested)
            #expect(journal.path.hasSuffix("data/nimbus/nimbus.sqlite"))
            let store = makeStore(journal)
            try store.load()
            try store.write { tx in
                tx.put(User(name: "alice", tags: ["x"]), id: "AIDA1", in: global)
                tx.put(User(name: "bob"), id: "AIDA2", in: global)
                tx.put(User(name: "root"), id: "AIDA0", in: Partition(account: "222222222222", region: ""))
                tx.put(User(name: "idx"), id: "AKIA1", in: .nimbus)
                for i in 0..<20 {
                    tx.put(Vpc(cidr: "10.\(i).0.0/16", isDefault: i == 0), id: "vpc-\(i)", in: i.isMultiple(of: 2) ? east : west)
                }
            }
            try store.write { tx in
                tx.put(Vpc(cidr: "changed"), id: "vpc-4", in: east)       // replace: keeps its place
                tx.delete(Vpc.self, "vpc-2", in: east)
                tx.put(User(name: "bob2"), id: "AIDA2", in: global)
                tx.put(Vpc(cidr: "o"), id: "vpc-o", in: other)
            }
            before = Snapshot(store)
            #expect(before.vpcOrder[east] == ["vpc-0", "vpc-4", "vpc-6", "vpc-8", "vpc-10", "vpc-12", "vpc-14", "vpc-16", "vpc-18"])
        }
        let journal = try SQLiteJournal(directory: nested)
        let store = makeStore(journal)
        try store.load()
        #expect(Snapshot(store) == before)
        #expect(store.read { $0.partitions(holding: Vpc.self) } == [east, west, other])
        #expect(store.read { $0.get(User.self, "AKIA1", in: .nimbus) } == User(name: "idx"))
        #expect(store.read { $0.get(User.self, "AIDA1", in: global) } == User(name: "alice", tags: ["x"]))
        #expect(try journal.meta("format") == "2")
        #expect(try journal.meta("created_at") != nil)
    }

    @Test func orderSurvivesReloadAfterReplaceAndReinsert() throws {
        let dir = TempDir()
        do {
            let store = makeStore(try SQLiteJournal(directory: dir.url))
            try store.load()
            for i in 1...5 { try store.write { $0.put(User(name: "\(i)"), id: "u\(i)", in: east) } }
            try store.write { $0.put(User(name: "3b"), id: "u3", in: east) }
            try store.write { tx in
                tx.delete(User.self, "u1", in: east)
                tx.put(User(name: "1b"), id: "u1", in: east)
            }
        }
        let store = makeStore(try SQLiteJournal(directory: dir.url))
        try store.load()
        #expect(store.read { Array($0.all(User.self, in: east).keys) } == ["u2", "u3", "u4", "u5", "u1"])
        #expect(store.read { $0.get(User.self, "u3", in: east) } == User(name: "3b"))
        // New inserts go after everything reloaded.
        try store.write { $0.put(User(name: "6"), id: "u6", in: east) }
        let again = makeStore(try SQLiteJournal(directory: dir.url))
        try again.load()
        #expect(again.read { Array($0.all(User.self, in: east).keys) } == ["u2", "u3", "u4", "u5", "u1", "u6"])
    }

    @Test func throwingBodyWritesNothingToDisk() throws {
        let dir = TempDir()
        let store = makeStore(try SQLiteJournal(directory: dir.url))
        try store.load()
        try store.write { $0.put(User(name: "a"), id: "a", in: east) }
        #expect(throws: Boom.self) {
            try store.write { tx in
                tx.put(User(name: "b"), id: "b", in: east)
                tx.delete(User.self, "a", in: east)
                throw Boom()
            }
        }
        let reloaded = makeStore(try SQLiteJournal(directory: dir.url))
        try reloaded.load()
        #expect(Snapshot(reloaded) == Snapshot(store))
        #expect(reloaded.stats.resources == 1)
    }

    @Test func resetWipesTheFile() throws {
        let dir = TempDir()
        let journal = try SQLiteJournal(directory: dir.url)
        let store = makeStore(journal)
        try store.load()
        try store.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(Vpc(cidr: "c"), id: "v", in: west)
        }
        try store.reset()
        #expect(store.stats.resources == 0)
        #expect(try journal.meta("reset_at") != nil)
        let reloaded = makeStore(try SQLiteJournal(directory: dir.url))
        try reloaded.load()
        #expect(reloaded.stats.resources == 0)
        // Writes after a reset persist.
        try store.write { $0.put(User(name: "b"), id: "b", in: east) }
        let third = makeStore(try SQLiteJournal(directory: dir.url))
        try third.load()
        #expect(third.read { Array($0.all(User.self, in: east).keys) } == ["b"])
    }

    @Test func unknownKindOnDisk() throws {
        let dir = TempDir()
        do {
            let store = makeStore(try SQLiteJournal(directory: dir.url), types: [User.self, Ghost.self])
            try store.write { $0.put(Ghost(note: "x"), id: "g", in: east) }
        }
        let store = makeStore(try SQLiteJournal(directory: dir.url), types: [User.self])
        let error = #expect(throws: StoreError.self) { try store.load() }
        #expect("\(error!)".contains("test.ghost"))
    }

    @Test func concurrentWritersAllLand() async throws {
        let dir = TempDir()
        let store = makeStore(try SQLiteJournal(directory: dir.url))
        try store.load()
        let tasks = 8, writes = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    let partition = t.isMultiple(of: 2) ? east : other
                    for i in 0..<writes {
                        try store.write { tx in
                            tx.put(User(name: "t\(t)-\(i)"), id: "t\(t)-\(i)", in: partition)
                            if i.isMultiple(of: 10) {
                                tx.put(Vpc(cidr: "\(t).\(i)"), id: "shared", in: west)  // contended replace
                            }
                        }
                        _ = store.read { $0.all(User.self, in: partition).count }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.stats.byKind["test.user"] == tasks * writes)
        // Each task's writes are in its own order within the partition.
        let order = store.read { Array($0.all(User.self, in: east).keys) }
        for t in stride(from: 0, to: tasks, by: 2) {
            let mine = order.filter { $0.hasPrefix("t\(t)-") }
            #expect(mine == (0..<writes).map { "t\(t)-\($0)" })
        }
        let reloaded = makeStore(try SQLiteJournal(directory: dir.url))
        try reloaded.load()
        #expect(Snapshot(reloaded) == Snapshot(store))
    }

    @Test func sqliteCommitIsAtomic() throws {
        let dir = TempDir()
        let journal = try SQLiteJournal(directory: dir.url)
        func put(_ id: String, seq: Int64) -> JournalChange {
            .put(account: "a", region: "r", kind: User.kind, id: id, body: Data("{\"name\":\"\(id)\",\"tags\":[]}".utf8), seq: seq)
        }
        try journal.commit([put("one", seq: 1)])
        // The second put reuses seq 1 (unique): the statement fails, and the first put of the same commit must not stay.
        #expect(throws: (any Error).self) { try journal.commit([put("two", seq: 2), put("three", seq: 1)]) }
        #expect(try journal.loadAll().map(\.id) == ["one"])
        // A replace keeps the row's seq; the journal still works after the failed commit.
        try journal.commit([put("one", seq: 7), put("four", seq: 8), .delete(account: "a", region: "r", kind: User.kind, id: "nope")])
        #expect(try journal.loadAll().map { "\($0.id)@\($0.seq)" } == ["one@1", "four@8"])
    }

    @Test func formatOneFilesAreMigrated() throws {
        // A data directory written before rows were keyed by seq: (account, region, kind, id) was the key.
        let dir = TempDir()
        do {
            try FileManager.default.createDirectory(at: dir.url, withIntermediateDirectories: true)
            let db = try DatabaseQueue(path: dir.url.appendingPathComponent(SQLiteJournal.fileName).path)
            try db.write { db in
                try db.execute(sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE resource (
                        account TEXT NOT NULL, region TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                        seq INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (account, region, kind, id)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX resource_seq ON resource(seq);
                    CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    INSERT INTO meta VALUES ('format', '1'), ('created_at', '2026-11-01T00:00:00Z');
                    """)
                for (id, seq) in [("zz", 1), ("aa", 2), ("mm", 3)] {
                    try db.execute(sql: "INSERT INTO resource VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [east.account, east.region, User.kind, id, seq, Data("{\"name\":\"\(id)\",\"tags\":[]}".utf8)])
                }
            }
        }
        let journal = try SQLiteJournal(directory: dir.url)
        #expect(try journal.meta("format") == "2")
        let store = makeStore(journal)
        try store.load()
        #expect(store.read { Array($0.all(User.self, in: east).keys) } == ["zz", "aa", "mm"])
        // A replace after the migration keeps the row's place; a new row goes after the migrated ones.
        try store.write { tx in
            tx.put(User(name: "zz2"), id: "zz", in: east)
            tx.put(User(name: "bb"), id: "bb", in: east)
        }
        let reloaded = makeStore(try SQLiteJournal(directory: dir.url))
        try reloaded.load()
        #expect(reloaded.read { Array($0.all(User.self, in: east).keys) } == ["zz", "aa", "mm", "bb"])
        #expect(reloaded.read { $0.get(User.self, "zz", in: east) } == User(name: "zz2"))
        #expect(try journal.loadAll().count == 4)
    }

    @Test func aJournalOpenedWithoutLoadingStillReplacesRows() throws {
        // The key-to-seq map is read when the journal opens, not by loadAll: a commit straight after opening
        // must replace an existing row, not add a second one.
        let dir = TempDir()
        func put(_ body: String, seq: Int64) -> JournalChange {
            .put(account: "a", region: "r", kind: User.kind, id: "one", body: Data("{\"name\":\"\(body)\",\"tags\":[]}".utf8), seq: seq)
        }
        try SQLiteJournal(directory: dir.url).commit([put("first", seq: 1)])
        try SQLiteJournal(directory: dir.url).commit([put("second", seq: 2)])
        let rows = try SQLiteJournal(directory: dir.url).loadAll()
        #expect(rows.map { "\($0.id)@\($0.seq)" } == ["one@1"])
        #expect(String(decoding: rows[0].body, as: UTF8.self).contains("second"))
    }

    @Test func writeAheadLogIsCheckpointedInTheBackground() async throws {
        // Checkpoints run off the commit path once commits have written about 1,000 pages: the rows reach the
        // database file itself while the writer goes on.
        let dir = TempDir()
        let journal = try SQLiteJournal(directory: dir.url)
        let body = Data(repeating: UInt8(ascii: "x"), count: 4096)
        for batch in 0..<30 {
            try journal.commit((0..<50).map { index in
                .put(account: "a", region: "r", kind: User.kind, id: "u\(batch)-\(index)", body: body, seq: Int64(batch * 50 + index + 1))
            })
        }
        let file = dir.url.appendingPathComponent(SQLiteJournal.fileName).path
        var size = 0
        for _ in 0..<100 {
            size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            if size > 4_000_000 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(size > 4_000_000)
        #expect(try journal.loadAll().count == 1500)
    }

    @Test func fsyncEveryCommitWorks() throws {
        let dir = TempDir()
        let store = makeStore(try SQLiteJournal(directory: dir.url, fsyncEveryCommit: true))
        try store.write { $0.put(User(name: "a"), id: "a", in: east) }
        let reloaded = makeStore(try SQLiteJournal(directory: dir.url))
        try reloaded.load()
        #expect(reloaded.read { $0.get(User.self, "a", in: east) } == User(name: "a"))
    }
}

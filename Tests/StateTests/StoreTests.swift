import Foundation
import Testing
import State

@Suite("Store in memory")
struct StoreTests {
    @Test func putGetAllDelete() throws {
        let store = makeStore()
        try store.write { tx in
            tx.put(User(name: "alice"), id: "u1", in: east)
            tx.put(User(name: "bob"), id: "u2", in: east)
            tx.put(User(name: "carol"), id: "u3", in: west)
            tx.put(Vpc(cidr: "10.0.0.0/16"), id: "vpc-1", in: east)
            // A transaction reads its own writes.
            #expect(tx.get(User.self, "u1", in: east) == User(name: "alice"))
            #expect(tx.all(User.self, in: east).count == 2)
        }
        store.read { view in
            #expect(view.get(User.self, "u1", in: east) == User(name: "alice"))
            #expect(view.get(User.self, "u1", in: west) == nil)
            #expect(view.get(User.self, "nope", in: east) == nil)
            #expect(view.get(Vpc.self, "vpc-1", in: east) == Vpc(cidr: "10.0.0.0/16"))
            #expect(Array(view.all(User.self, in: east).keys) == ["u1", "u2"])
            #expect(view.all(User.self, in: other).isEmpty)
            #expect(view.partitions(holding: User.self) == [east, west])
            #expect(view.partitions(holding: Vpc.self) == [east])
            #expect(view.partitions(holding: Ghost.self) == [])
        }
        #expect(store.stats == StoreStats(resources: 4, byKind: ["test.user": 3, "test.vpc": 1], partitions: 2, registeredKinds: 3))

        try store.write { tx in tx.delete(User.self, "u1", in: east) }
        try store.write { tx in tx.delete(User.self, "u1", in: east) }  // absent: no-op
        try store.write { tx in tx.delete(User.self, "u3", in: west) }
        store.read { view in
            #expect(view.get(User.self, "u1", in: east) == nil)
            #expect(Array(view.all(User.self, in: east).keys) == ["u2"])
            #expect(view.partitions(holding: User.self) == [east])  // west emptied
        }
    }

    @Test func readReturnsValuesAndRethrows() throws {
        let store = makeStore()
        try store.write { $0.put(User(name: "a"), id: "1", in: east) }
        let name = store.read { $0.get(User.self, "1", in: east)?.name }
        #expect(name == "a")
        #expect(throws: Boom.self) {
            try store.read { _ throws(Boom) in throw Boom() }
        }
        // An untyped throwing closure (the usual case in handlers) infers `any Error`.
        func lookup(_ view: StoreView, _ id: String) throws -> User {
            guard let user = view.get(User.self, id, in: east) else { throw Boom() }
            return user
        }
        let user: User = try store.read { view in
            let user = try lookup(view, "1")
            return user
        }
        #expect(user.name == "a")
        #expect(throws: Boom.self) { try store.read { view in try lookup(view, "2") } }
        // Helpers that take a StoreView work inside a write through `tx.view`.
        let seen = try store.write { tx in try lookup(tx.view, "1").name }
        #expect(seen == "a")
    }

    @Test func replaceKeepsCreationOrder() throws {
        let store = makeStore()
        try store.write { tx in
            for i in 1...5 { tx.put(User(name: "v1"), id: "u\(i)", in: east) }
        }
        try store.write { tx in tx.put(User(name: "v2"), id: "u2", in: east) }
        store.read { view in
            let all = view.all(User.self, in: east)
            #expect(Array(all.keys) == ["u1", "u2", "u3", "u4", "u5"])
            #expect(all["u2"] == User(name: "v2"))
        }
        // Delete then put again: a new creation, so it goes last.
        try store.write { tx in
            tx.delete(User.self, "u1", in: east)
            tx.put(User(name: "v3"), id: "u1", in: east)
        }
        #expect(store.read { Array($0.all(User.self, in: east).keys) } == ["u2", "u3", "u4", "u5", "u1"])
    }

    @Test func throwingBodyLeavesMemoryUnchanged() throws {
        let journal = TestJournal()
        let store = makeStore(journal)
        try store.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(User(name: "b"), id: "b", in: east)
            tx.put(User(name: "c"), id: "c", in: east)
            tx.put(User(name: "w"), id: "w", in: west)
            tx.put(Vpc(cidr: "10.0.0.0/16"), id: "vpc-1", in: east)
        }
        let before = Snapshot(store)
        let commitsBefore = journal.commits

        #expect(throws: Boom.self) {
            try store.write { tx in
                tx.put(User(name: "new"), id: "d", in: east)            // insert
                tx.put(User(name: "b2"), id: "b", in: east)             // replace
                tx.delete(User.self, "a", in: east)                     // delete another resource (first in order)
                tx.delete(User.self, "w", in: west)                     // empties a partition
                tx.put(User(name: "o"), id: "o", in: other)             // creates a partition
                tx.put(Vpc(cidr: "x"), id: "vpc-2", in: global)
                tx.put(User(name: "b3"), id: "b", in: east)             // replace twice
                tx.delete(User.self, "c", in: east)
                tx.put(User(name: "c2"), id: "c", in: east)             // delete + put again
                tx.put(User(name: "tmp"), id: "tmp", in: east)
                tx.delete(User.self, "tmp", in: east)                   // put then delete
                throw Boom()
            }
        }
        #expect(Snapshot(store) == before)
        #expect(journal.commits == commitsBefore)

        // The store still works, and the journal agrees with memory.
        try store.write { tx in tx.put(User(name: "e"), id: "e", in: east) }
        #expect(store.read { Array($0.all(User.self, in: east).keys) } == ["a", "b", "c", "e"])
        let reloaded = makeStore(journal)
        try reloaded.load()
        #expect(Snapshot(reloaded) == Snapshot(store))
    }

    @Test func journalFailureRollsBack() throws {
        let journal = TestJournal()
        let store = makeStore(journal)
        try store.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(User(name: "b"), id: "b", in: east)
        }
        let before = Snapshot(store)
        journal.failCommits = true
        #expect(throws: Boom.self) {
            try store.write { tx in
                tx.put(User(name: "x"), id: "x", in: west)
                tx.put(User(name: "a2"), id: "a", in: east)
                tx.delete(User.self, "b", in: east)
                return 42
            }
        }
        #expect(Snapshot(store) == before)
        #expect(journal.rowCount == 2)

        journal.failCommits = false
        let answer = try store.write { tx in
            tx.put(User(name: "x"), id: "x", in: west)
            return 42
        }
        #expect(answer == 42)
        let reloaded = makeStore(journal)
        try reloaded.load()
        #expect(Snapshot(reloaded) == Snapshot(store))
    }

    @Test func unregisteredTypeFailsTheWrite() throws {
        let journal = TestJournal()
        let store = makeStore(journal)  // Ghost not registered
        try store.write { $0.put(User(name: "a"), id: "a", in: east) }
        let before = Snapshot(store)
        let error = #expect(throws: StoreError.self) {
            try store.write { tx in
                tx.put(User(name: "b"), id: "b", in: east)
                tx.put(Ghost(note: "boo"), id: "g", in: east)
            }
        }
        #expect("\(error!)".contains("test.ghost"))
        #expect(Snapshot(store) == before)
        #expect(journal.rowCount == 1)
        #expect(store.read { $0.get(Ghost.self, "g", in: east) } == nil)
    }

    @Test func unencodableValueFailsTheWrite() throws {
        let store = makeStore()
        let error = #expect(throws: StoreError.self) {
            try store.write { tx in
                tx.put(User(name: "b"), id: "b", in: east)
                tx.put(Gauge(value: .nan), id: "g", in: east)
            }
        }
        #expect("\(error!)".contains("test.gauge"))
        #expect(store.stats.resources == 0)
    }

    @Test func emptyWriteCommitsNothing() throws {
        let journal = TestJournal()
        let store = makeStore(journal)
        let value = try store.write { tx in tx.get(User.self, "a", in: east)?.name ?? "none" }
        #expect(value == "none")
        try store.write { tx in tx.delete(User.self, "missing", in: east) }
        #expect(journal.commits == 0)
        try store.write { tx in tx.put(User(name: "a"), id: "a", in: east) }
        #expect(journal.commits == 1)
    }

    @Test func unknownKindAtLoadIsNamed() throws {
        let journal = TestJournal()
        let writer = makeStore(journal, types: [User.self, Ghost.self])
        try writer.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(Ghost(note: "1"), id: "g1", in: east)
            tx.put(Ghost(note: "2"), id: "g2", in: west)
        }
        let reader = makeStore(journal, types: [User.self])
        let error = #expect(throws: StoreError.self) { try reader.load() }
        guard case let .unknownKinds(kinds, rows) = error else {
            Issue.record("wrong error \(String(describing: error))")
            return
        }
        #expect(kinds == ["test.ghost"])
        #expect(rows == 2)
        #expect("\(error!)".contains("test.ghost"))
        #expect(reader.stats.resources == 0)  // nothing half-loaded
    }

    @Test func undecodableRowIsNamed() throws {
        let journal = TestJournal(rows: [
            JournalRow(account: east.account, region: east.region, kind: User.kind, id: "bad", body: Data("{}".utf8), seq: 1),
        ])
        let store = makeStore(journal)
        let error = #expect(throws: StoreError.self) { try store.load() }
        #expect("\(error!)".contains("bad"))
        #expect("\(error!)".contains("test.user"))
    }

    @Test func resetWipesMemoryAndJournal() throws {
        let journal = TestJournal()
        let store = makeStore(journal)
        try store.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(Vpc(cidr: "c"), id: "v", in: .nimbus)
        }
        journal.failWipe = true
        #expect(throws: Boom.self) { try store.reset() }
        #expect(store.stats.resources == 2)
        journal.failWipe = false
        try store.reset()
        #expect(store.stats.resources == 0)
        #expect(journal.rowCount == 0)
        #expect(store.read { $0.partitions(holding: User.self) } == [])
        try store.write { tx in tx.put(User(name: "b"), id: "b", in: east) }
        #expect(store.read { Array($0.all(User.self, in: east).keys) } == ["b"])
    }

    @Test func loadRestoresSequence() throws {
        let journal = TestJournal()
        let store = makeStore(journal)
        try store.write { tx in
            tx.put(User(name: "a"), id: "a", in: east)
            tx.put(User(name: "b"), id: "b", in: east)
        }
        let again = makeStore(journal)
        try again.load()
        try again.write { tx in
            tx.put(User(name: "c"), id: "c", in: east)
            tx.put(User(name: "a2"), id: "a", in: east)
        }
        let third = makeStore(journal)
        try third.load()
        #expect(third.read { Array($0.all(User.self, in: east).keys) } == ["a", "b", "c"])
        #expect(third.read { $0.get(User.self, "a", in: east) } == User(name: "a2"))
    }

    @Test func registeringTwiceIsHarmless() {
        let store = makeStore()
        store.register(User.self)
        #expect(store.registeredKinds == ["test.gauge", "test.user", "test.vpc"])
    }
}

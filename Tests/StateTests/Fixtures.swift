import Foundation
import Synchronization
import State

struct User: Resource, Equatable {
    static let kind = "test.user"
    var name: String
    var tags: [String] = []
}

struct Vpc: Resource, Equatable {
    static let kind = "test.vpc"
    var cidr: String
    var isDefault: Bool = false
}

/// Registered only by some stores, to make unknown kinds.
struct Ghost: Resource, Equatable {
    static let kind = "test.ghost"
    var note: String
}

/// JSONEncoder refuses NaN by default: a put that cannot be encoded.
struct Gauge: Resource {
    static let kind = "test.gauge"
    var value: Double
}

struct Boom: Error, Equatable {}

let east = Partition(account: "111111111111", region: "us-east-1")
let west = Partition(account: "111111111111", region: "us-west-2")
let other = Partition(account: "222222222222", region: "us-east-1")
let global = Partition(account: "111111111111", region: "")

func makeStore(_ journal: any Journal = MemoryJournal(), types: [any Resource.Type] = [User.self, Vpc.self, Gauge.self]) -> Store {
    let store = Store(journal: journal)
    store.register(types)
    return store
}

/// A fresh directory under the temp dir, removed by `cleanup`.
struct TempDir: ~Copyable {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("nimbus-state-tests-\(UUID().uuidString)", isDirectory: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A journal that keeps rows in memory with the same semantics as SQLiteJournal, counts commits,
/// and can be told to fail.
final class TestJournal: Journal {
    struct State {
        var rows: [String: JournalRow] = [:]
        var commits = 0
        var failCommits = false
        var failWipe = false
    }
    let state = Mutex(State())

    init(rows: [JournalRow] = []) {
        state.withLock { s in for row in rows { s.rows[Self.key(row.account, row.region, row.kind, row.id)] = row } }
    }

    static func key(_ a: String, _ r: String, _ k: String, _ i: String) -> String { "\(a)|\(r)|\(k)|\(i)" }

    var failCommits: Bool {
        get { state.withLock { $0.failCommits } }
        set { state.withLock { $0.failCommits = newValue } }
    }
    var failWipe: Bool {
        get { state.withLock { $0.failWipe } }
        set { state.withLock { $0.failWipe = newValue } }
    }
    var commits: Int { state.withLock { $0.commits } }
    var rowCount: Int { state.withLock { $0.rows.count } }

    func loadAll() throws -> [JournalRow] {
        state.withLock { $0.rows.values.sorted { $0.seq < $1.seq } }
    }

    func commit(_ changes: [JournalChange]) throws {
        try state.withLock { s in
            if s.failCommits { throw Boom() }
            s.commits += 1
            for change in changes {
                switch change {
                case let .put(account, region, kind, id, body, seq):
                    let key = Self.key(account, region, kind, id)
                    let keptSeq = s.rows[key]?.seq ?? seq
                    s.rows[key] = JournalRow(account: account, region: region, kind: kind, id: id, body: body, seq: keptSeq)
                case let .delete(account, region, kind, id):
                    s.rows[Self.key(account, region, kind, id)] = nil
                }
            }
        }
    }

    func wipe() throws {
        try state.withLock { s in
            if s.failWipe { throw Boom() }
            s.rows = [:]
        }
    }
}

/// Everything observable about the store's contents, for before/after comparisons.
struct Snapshot: Equatable {
    var users: [Partition: [String: User]] = [:]
    var userOrder: [Partition: [String]] = [:]
    var vpcs: [Partition: [String: Vpc]] = [:]
    var vpcOrder: [Partition: [String]] = [:]
    var userPartitions: [Partition] = []
    var vpcPartitions: [Partition] = []
    var stats: StoreStats

    init(_ store: Store) {
        stats = store.stats
        store.read { view in
            userPartitions = view.partitions(holding: User.self)
            vpcPartitions = view.partitions(holding: Vpc.self)
            for p in [east, west, other, global, .nimbus] {
                let u = view.all(User.self, in: p)
                users[p] = Dictionary(uniqueKeysWithValues: u.map { ($0.key, $0.value) })
                userOrder[p] = Array(u.keys)
                let v = view.all(Vpc.self, in: p)
                vpcs[p] = Dictionary(uniqueKeysWithValues: v.map { ($0.key, $0.value) })
                vpcOrder[p] = Array(v.keys)
            }
        }
    }
}

import Collections
import Foundation
import Synchronization

/// Every service's resources, in memory as typed values, journaled to a ``Journal`` before a write returns.
///
/// One mutex guards the whole in-memory world. ``read(_:)`` and ``write(_:)`` are short synchronous
/// critical sections, meant to be called from async request handlers; the journal commit happens
/// inside the write's critical section, so the journal's commit order is the order of memory.
/// Don't call the store from inside a `read` or `write` closure: the mutex is not reentrant.
public final class Store: Sendable {
    public let journal: any Journal
    private let world: Mutex<World>
    /// Bumped after every write that changed something (and every reset), so callers can cache what they
    /// derive from the store and know when it went stale.
    private let revisionCounter = Atomic<UInt64>(0)

    /// The store's revision: equal revisions mean nothing was written in between.
    public var revision: UInt64 { revisionCounter.load(ordering: .acquiring) }

    public init(journal: any Journal) {
        self.journal = journal
        self.world = Mutex(World())
    }

    // MARK: Setup

    /// Declares a resource type: every type the journal may hold must be registered before ``load()``,
    /// and a type must be registered before it is `put`. Registering a type again does nothing;
    /// registering a second type with a kind already taken is a programmer error (trap).
    public func register(_ type: any Resource.Type) {
        register(opening: type)
    }

    /// Registers several types.
    public func register(_ types: [any Resource.Type]) {
        for type in types { register(opening: type) }
    }

    private func register<R: Resource>(opening type: R.Type) {
        world.withLock { world in
            let kind = R.kind
            if let existing = world.registry[kind] {
                precondition(existing.type == R.self,
                             "Nimbus State: kind \"\(kind)\" registered by both \(existing.type) and \(R.self)")
                return
            }
            world.registry[kind] = World.Registration(type: R.self, makeTable: { Table<R>() })
        }
    }

    /// The kinds registered, sorted.
    public var registeredKinds: [String] {
        world.withLock { $0.registry.keys.sorted() }
    }

    /// Replaces memory with every row of the journal, decoded with the registered types, in creation
    /// order, and sets the creation sequence to max(seq) + 1. On error, memory is left as it was.
    /// - Throws: ``StoreError/unknownKinds(_:rows:)`` naming every kind no registered type claims,
    ///   ``StoreError/undecodableRow(kind:id:partition:underlying:)``, or the journal's error.
    public func load() throws {
        try world.withLock { (world: inout World) throws -> Void in
            let rows = try journal.loadAll()

            var unknown: OrderedSet<String> = []
            var unknownRows = 0
            for row in rows where world.registry[row.kind] == nil {
                unknown.append(row.kind)
                unknownRows += 1
            }
            if !unknown.isEmpty {
                throw StoreError.unknownKinds(unknown.elements, rows: unknownRows)
            }

            var tables: [String: [Partition: any AnyTable]] = [:]
            var maxSeq: Int64 = 0
            for row in rows {
                let partition = row.partition
                let table: any AnyTable
                if let existing = tables[row.kind]?[partition] {
                    table = existing
                } else {
                    table = world.registry[row.kind]!.makeTable()
                    tables[row.kind, default: [:]][partition] = table
                }
                do {
                    try table.load(id: row.id, body: row.body, decoder: world.decoder)
                } catch {
                    throw StoreError.undecodableRow(kind: row.kind, id: row.id, partition: partition, underlying: error)
                }
                maxSeq = max(maxSeq, row.seq)
            }
            world.tables = tables
            world.nextSeq = maxSeq + 1
        }
    }

    // MARK: Access

    /// Runs `body` with read access, under the store's lock. Return values, not the view.
    public func read<T, E: Error>(_ body: (StoreView) throws(E) -> T) throws(E) -> T {
        var result: T?
        try world.withLock { (world: inout World) throws(E) -> Void in
            result = try body(StoreView(world: world))
        }
        return result!
    }

    /// Runs `body` under the store's lock. Every put/delete it makes is committed to the journal in
    /// ONE transaction before `write` returns. If `body` throws, a put fails (see
    /// ``StoreTransaction/put(_:id:in:)``) or the commit fails, memory is restored exactly to what it
    /// was and the error is rethrown: nothing of the write happened.
    @discardableResult
    public func write<T>(_ body: (inout StoreTransaction) throws -> T) throws -> T {
        var result: T?
        try world.withLock { (world: inout World) throws -> Void in
            var transaction = StoreTransaction(world: world)
            do {
                let value = try body(&transaction)
                if let failure = transaction.failure { throw failure }
                let changes = try transaction.finalizedChanges()
                if !changes.isEmpty {
                    try journal.commit(changes)
                    revisionCounter.add(1, ordering: .releasing)
                }
                result = value
            } catch {
                transaction.rollback()
                throw error
            }
        }
        return result!
    }

    /// Wipes memory and journal (`POST /_nimbus/reset`). Registrations stay. If the journal fails,
    /// memory is left as it was.
    public func reset() throws {
        try world.withLock { (world: inout World) throws -> Void in
            try journal.wipe()
            world.tables = [:]
            world.nextSeq = 1
            revisionCounter.add(1, ordering: .releasing)
        }
    }

    /// Counts, for the health endpoint.
    public var stats: StoreStats {
        world.withLock { world in
            var byKind: [String: Int] = [:]
            var partitions: Set<Partition> = []
            var total = 0
            for (kind, byPartition) in world.tables {
                var count = 0
                for (partition, table) in byPartition {
                    count += table.count
                    partitions.insert(partition)
                }
                if count > 0 { byKind[kind] = count }
                total += count
            }
            return StoreStats(resources: total, byKind: byKind, partitions: partitions.count,
                              registeredKinds: world.registry.count)
        }
    }
}

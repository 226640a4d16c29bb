import Collections
import Foundation

/// Read and write access to the store inside ``Store/write(_:)``.
///
/// Every `put`/`delete` changes memory at once (later reads in the same body see it) and is
/// recorded twice: as a pending change to commit when the body returns, and in an undo log
/// that restores memory exactly if the body throws or the commit fails.
/// A resource put several times in one transaction is encoded and journaled once, as it ends up
/// (a launch of fifty instances updates its subnet fifty times).
/// Valid only inside the closure that received it.
public struct StoreTransaction {
    let world: World
    private var pending: OrderedDictionary<PendingKey, Pending> = [:]
    private var undo: [Undo] = []
    /// The first error a put/delete met (an unregistered kind, a value JSON can't encode).
    /// ``Store/write(_:)`` throws it after the body returns, and rolls back.
    private(set) var failure: (any Error)?
    private let startSeq: Int64

    init(world: World) {
        self.world = world
        self.startSeq = world.nextSeq
    }

    private struct PendingKey: Hashable {
        var kind: String
        var partition: Partition
        var id: String
    }

    /// What a transaction leaves of one row: deleted, put (with the seq of its first put here, so creation
    /// order on disk is memory's), or deleted and then put again (a new row at the end).
    private struct Pending {
        var deleteFirst: Bool
        var value: (any Resource)?
        var seq: Int64
    }

    private enum Undo {
        case inserted(any AnyTable, id: String)
        case replaced(any AnyTable, id: String, old: any Resource)
        case deleted(any AnyTable, id: String, old: any Resource, index: Int)
        case tableCreated(kind: String, partition: Partition)
        case tableRemoved(kind: String, partition: Partition, table: any AnyTable)
    }

    // MARK: Reads (same as StoreView)

    /// A read-only view of the store as this transaction sees it, for helpers that take a ``StoreView``.
    public var view: StoreView { StoreView(world: world) }

    public func get<R: Resource>(_ type: R.Type, _ id: String, in partition: Partition) -> R? {
        world.get(type, id, in: partition)
    }

    public func all<R: Resource>(_ type: R.Type, in partition: Partition) -> OrderedDictionary<String, R> {
        world.all(type, in: partition)
    }

    public func partitions<R: Resource>(holding type: R.Type) -> [Partition] {
        world.partitions(holding: type)
    }

    // MARK: Writes

    /// Inserts `value` as `id` in `partition`, or replaces the existing one (which keeps its place
    /// in creation order). `R` must have been registered with ``Store/register(_:)``; if not, or if
    /// `value` can't be encoded to JSON, nothing changes and the enclosing `write` throws.
    public mutating func put<R: Resource>(_ value: R, id: String, in partition: Partition) {
        guard failure == nil else { return }
        let kind = R.kind

        let table: Table<R>
        if let existing = world.tables[kind]?[partition] {
            guard let typed = existing as? Table<R> else {
                failure = StoreError.kindConflict(kind: kind, registered: "\(Swift.type(of: existing))", used: "\(R.self)")
                return
            }
            table = typed
        } else {
            guard let registration = world.registry[kind] else {
                failure = StoreError.unregisteredKind(kind: kind, type: "\(R.self)")
                return
            }
            guard registration.type == R.self else {
                failure = StoreError.kindConflict(kind: kind, registered: "\(registration.type)", used: "\(R.self)")
                return
            }
            table = Table<R>()
            world.tables[kind, default: [:]][partition] = table
            undo.append(.tableCreated(kind: kind, partition: partition))
        }

        if let old = table.rows.updateValue(value, forKey: id) {
            undo.append(.replaced(table, id: id, old: old))
        } else {
            undo.append(.inserted(table, id: id))
        }
        // Every new row carries a fresh seq; for a replace the journal keeps the row's original one.
        let key = PendingKey(kind: kind, partition: partition, id: id)
        if var earlier = pending[key] {
            if earlier.value == nil {
                earlier.seq = world.nextSeq
                world.nextSeq += 1
            }
            earlier.value = value
            pending[key] = earlier
        } else {
            pending[key] = Pending(deleteFirst: false, value: value, seq: world.nextSeq)
            world.nextSeq += 1
        }
    }

    /// Removes the resource `id` of type `R` from `partition` (absent: nothing happens, nothing is journaled).
    public mutating func delete<R: Resource>(_ type: R.Type, _ id: String, in partition: Partition) {
        guard failure == nil else { return }
        let kind = R.kind
        guard let existing = world.tables[kind]?[partition] else { return }
        guard let table = existing as? Table<R> else {
            failure = StoreError.kindConflict(kind: kind, registered: "\(Swift.type(of: existing))", used: "\(R.self)")
            return
        }
        guard let index = table.rows.index(forKey: id) else { return }
        let old = table.rows.remove(at: index).value
        undo.append(.deleted(table, id: id, old: old, index: index))
        if table.rows.isEmpty {
            world.tables[kind]?[partition] = nil
            undo.append(.tableRemoved(kind: kind, partition: partition, table: table))
        }
        let key = PendingKey(kind: kind, partition: partition, id: id)
        pending[key] = Pending(deleteFirst: true, value: nil, seq: 0)
    }

    /// The journal changes this transaction makes, each row's final state encoded once.
    /// - Throws: ``StoreError/encodingFailed(kind:id:partition:underlying:)``.
    func finalizedChanges() throws -> [JournalChange] {
        var changes: [JournalChange] = []
        changes.reserveCapacity(pending.count)
        for (key, change) in pending {
            let partition = key.partition
            if change.deleteFirst {
                changes.append(.delete(account: partition.account, region: partition.region, kind: key.kind, id: key.id))
            }
            guard let value = change.value else { continue }
            let body: Data
            do {
                body = try world.encoder.encode(value)
            } catch {
                throw StoreError.encodingFailed(kind: key.kind, id: key.id, partition: partition, underlying: error)
            }
            changes.append(.put(account: partition.account, region: partition.region, kind: key.kind, id: key.id, body: body, seq: change.seq))
        }
        return changes
    }

    // MARK: Rollback

    /// Restores memory exactly as it was when the transaction began.
    mutating func rollback() {
        for entry in undo.reversed() {
            switch entry {
            case let .inserted(table, id):
                table.undoInsert(id: id)
            case let .replaced(table, id, old):
                table.undoReplace(id: id, old: old)
            case let .deleted(table, id, old, index):
                table.undoDelete(id: id, old: old, at: index)
            case let .tableCreated(kind, partition):
                world.tables[kind]?[partition] = nil
            case let .tableRemoved(kind, partition, table):
                world.tables[kind, default: [:]][partition] = table
            }
        }
        undo.removeAll()
        pending.removeAll()
        world.nextSeq = startSeq
    }
}

@available(*, unavailable, message: "a StoreTransaction is only valid inside the write closure that received it")
extension StoreTransaction: Sendable {}

import Collections
import Foundation

/// Everything the store holds in memory. Only ever touched under the store's mutex.
final class World {
    /// kind -> partition -> table. A table exists only while it holds at least one resource.
    var tables: [String: [Partition: any AnyTable]] = [:]
    /// kind -> the type registered for it.
    var registry: [String: Registration] = [:]
    /// The creation sequence number the next insert gets.
    var nextSeq: Int64 = 1
    let encoder = RowEncoder()
    let decoder = JSONDecoder()

    struct Registration {
        let type: any Resource.Type
        let makeTable: () -> any AnyTable
    }

    init() {}

    /// The table of `R` in `partition`, if it holds anything.
    func table<R: Resource>(_ type: R.Type, _ partition: Partition) -> Table<R>? {
        guard let table = tables[R.kind]?[partition] else { return nil }
        guard let typed = table as? Table<R> else {
            fatalError("Nimbus State: kind \"\(R.kind)\" is registered as \(registry[R.kind].map { "\($0.type)" } ?? "?"), not \(R.self); two Resource types share one kind")
        }
        return typed
    }

    func get<R: Resource>(_ type: R.Type, _ id: String, in partition: Partition) -> R? {
        table(type, partition)?.rows[id]
    }

    func all<R: Resource>(_ type: R.Type, in partition: Partition) -> OrderedDictionary<String, R> {
        table(type, partition)?.rows ?? [:]
    }

    func partitions<R: Resource>(holding type: R.Type) -> [Partition] {
        guard let byPartition = tables[R.kind] else { return [] }
        return byPartition.keys.sorted { ($0.account, $0.region) < ($1.account, $1.region) }
    }
}

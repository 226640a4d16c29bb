import Collections
import Foundation

/// The resources of one kind in one partition, in creation order. One typed table per
/// (kind, partition), so ``StoreView/all(_:in:)`` hands out `rows` as is (copy-on-write, no per-element work).
final class Table<R: Resource>: AnyTable {
    var rows: OrderedDictionary<String, R> = [:]

    init() {}

    var count: Int { rows.count }

    func load(id: String, body: Data, decoder: JSONDecoder) throws {
        rows[id] = try decoder.decode(R.self, from: body)
    }

    func undoInsert(id: String) {
        // Undo runs newest-first, so the inserted key is the last one; removeLast is O(1).
        if rows.keys.last == id {
            rows.removeLast()
        } else {
            rows.removeValue(forKey: id)
        }
    }

    func undoReplace(id: String, old: any Resource) {
        rows[id] = (old as! R)
    }

    func undoDelete(id: String, old: any Resource, at index: Int) {
        rows.updateValue(old as! R, forKey: id, insertingAt: index)
    }
}

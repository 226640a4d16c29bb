import Foundation

/// What the store needs of a table without knowing its type: loading, undo, counting.
protocol AnyTable: AnyObject {
    var count: Int { get }
    func load(id: String, body: Data, decoder: JSONDecoder) throws
    func undoInsert(id: String)
    func undoReplace(id: String, old: any Resource)
    func undoDelete(id: String, old: any Resource, at index: Int)
}

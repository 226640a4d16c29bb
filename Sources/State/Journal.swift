import Foundation

/// Where the ``Store`` makes its mutations durable.
///
/// The store calls these methods while it holds its lock, so they are never called concurrently
/// by one store; implementations must still be `Sendable`.
public protocol Journal: Sendable {
    /// Every stored row, ordered by ascending ``JournalRow/seq`` (creation order).
    func loadAll() throws -> [JournalRow]
    /// Applies `changes`, in order, as ONE atomic transaction: all of them or none.
    ///
    /// A `.put` whose row already exists replaces its body and keeps the row's existing `seq`.
    func commit(_ changes: [JournalChange]) throws
    /// Deletes every row.
    func wipe() throws
}

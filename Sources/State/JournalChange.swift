import Foundation

/// One mutation, as the store hands it to ``Journal/commit(_:)``.
public enum JournalChange: Sendable, Hashable {
    /// Insert the row, or if (account, region, kind, id) exists replace its body and keep its seq.
    /// `seq` is the creation sequence to use for an insert.
    case put(account: String, region: String, kind: String, id: String, body: Data, seq: Int64)
    case delete(account: String, region: String, kind: String, id: String)
}

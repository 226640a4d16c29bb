/// Errors of the ``Store`` itself (the journal's own errors, e.g. GRDB's `DatabaseError`, pass through as they are).
public enum StoreError: Error, CustomStringConvertible {
    /// ``Store/load()`` found rows whose kind no registered type claims.
    case unknownKinds([String], rows: Int)
    /// ``Store/load()`` could not decode a row with its registered type.
    case undecodableRow(kind: String, id: String, partition: Partition, underlying: any Error)
    /// A put of a type that was never registered.
    case unregisteredKind(kind: String, type: String)
    /// Two different types use one kind.
    case kindConflict(kind: String, registered: String, used: String)
    /// A value JSONEncoder could not encode (e.g. a Double that is NaN or infinite).
    case encodingFailed(kind: String, id: String, partition: Partition, underlying: any Error)

    public var description: String {
        switch self {
        case let .unknownKinds(kinds, rows):
            return "the journal holds \(rows) row(s) of kind(s) no registered Resource type claims: \(kinds.joined(separator: ", ")) (register every type before load(), or the data directory comes from another Nimbus version)"
        case let .undecodableRow(kind, id, partition, underlying):
            return "cannot decode \(kind) \"\(id)\" in \(partition) from the journal: \(underlying)"
        case let .unregisteredKind(kind, type):
            return "\(type) (kind \"\(kind)\") was never registered with the store"
        case let .kindConflict(kind, registered, used):
            return "kind \"\(kind)\" belongs to \(registered), but \(used) uses it too"
        case let .encodingFailed(kind, id, partition, underlying):
            return "cannot encode \(kind) \"\(id)\" in \(partition): \(underlying)"
        }
    }
}

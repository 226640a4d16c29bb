public enum SQLiteJournalError: Error, CustomStringConvertible {
    /// The file was written by a newer Nimbus whose schema this build does not know.
    case newerFormat(path: String)

    public var description: String {
        switch self {
        case .newerFormat(let path):
            return "\(path) was written by a newer version of Nimbus (unknown schema migrations); upgrade Nimbus or use another data directory"
        }
    }
}

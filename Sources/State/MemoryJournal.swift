/// The journal of `--ephemeral`: keeps nothing, so every run starts empty.
public final class MemoryJournal: Journal {
    public init() {}
    public func loadAll() throws -> [JournalRow] { [] }
    public func commit(_ changes: [JournalChange]) throws {}
    public func wipe() throws {}
}

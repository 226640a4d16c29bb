import Foundation

/// One stored resource, as the journal holds it.
public struct JournalRow: Sendable, Hashable {
    public var account: String
    public var region: String
    public var kind: String
    public var id: String
    /// The JSON encoding of the resource.
    public var body: Data
    /// Creation sequence number: unique, increasing in creation order; kept when a row is replaced.
    public var seq: Int64

    public init(account: String, region: String, kind: String, id: String, body: Data, seq: Int64) {
        self.account = account
        self.region = region
        self.kind = kind
        self.id = id
        self.body = body
        self.seq = seq
    }

    public var partition: Partition { Partition(account: account, region: region) }
}

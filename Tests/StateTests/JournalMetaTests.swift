import Foundation
import Testing
@testable import State

@Suite struct JournalMetaTests {
    @Test func timestampsAreISO8601InUTC() {
        #expect(SQLiteJournal.utcTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(SQLiteJournal.utcTimestamp(Date(timeIntervalSince1970: 1_796_000_000.9)) == ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_796_000_000)))
    }
}

import Foundation
import Testing
@testable import AWSWire

@Suite struct TimestampTests {
    @Test func formatsAndParses() {
        let date = Date(timeIntervalSince1970: 1_764_336_554.123)
        #expect(Timestamp.iso8601(date) == "2025-11-28T13:29:14.123Z")
        #expect(Timestamp.rfc822(date) == "Fri, 28 Nov 2025 13:29:14 GMT")
        #expect(Timestamp.parse("2025-11-28T13:29:14.123Z")!.timeIntervalSince1970 == 1_764_336_554.123)
        #expect(Timestamp.parse("2025-11-28T14:29:14+01:00")!.timeIntervalSince1970 == 1_764_336_554)
        #expect(Timestamp.parse("Fri, 28 Nov 2025 13:29:14 GMT")!.timeIntervalSince1970 == 1_764_336_554)
        #expect(Timestamp.parse("1764336554")!.timeIntervalSince1970 == 1_764_336_554)
        #expect(Timestamp.parse("2025-11-28")!.timeIntervalSince1970 == 1_764_288_000)
        #expect(Timestamp.parse("not a date") == nil)
        #expect(Timestamp.parse("2025-13-01T00:00:00Z") == nil)
        #expect(Timestamp.parse("2099-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2025-02-29") == nil)
        #expect(Timestamp.parse("2025-12-31T23:59:59Z") != nil)
    }

    /// Numbers no other form can write are no times: they were stored as locks nothing could lift, or trapped.
    @Test func epochSecondsOutsideTheYearsAWSWritesAreRefused() {
        for text in ["nan", "inf", "-inf", "1e300", "1e20", "-1e20"] { #expect(Timestamp.parse(text) == nil) }
        #expect(Timestamp.parse("253402300799") != nil)
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
    }
}

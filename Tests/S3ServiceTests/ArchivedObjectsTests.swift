import Foundation
import Testing
@testable import S3Service

/// "Restoring an archived object": a restored copy expires Days after the request, rounded up to midnight UTC;
/// GLACIER and DEEP_ARCHIVE are read only while such a copy exists.
@Suite struct ArchivedObjectsTests {
    let requested = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29 (a Sunday) 01:33:20 UTC

    @Test func expiryIsTheNextMidnightAfterTheDays() {
        let expiry = ArchivedObjects.expiry(days: 3, from: requested)
        #expect(expiry.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
        #expect(expiry > requested.addingTimeInterval(3 * 86_400))
        #expect(expiry <= requested.addingTimeInterval(4 * 86_400))
    }

    @Test func onlyArchiveClassesNeedARestore() {
        var version = ObjectVersion(versionId: "null", isDeleteMarker: false, size: 1, etag: "e", lastModified: requested, owner: "1")
        for readable in [nil, "STANDARD", "GLACIER_IR", "STANDARD_IA"] {
            version.storageClass = readable
            #expect(ArchivedObjects.isReadable(version, at: requested))
        }
        for archived in ["GLACIER", "DEEP_ARCHIVE"] {
            version.storageClass = archived
            version.restoreExpiry = nil
            #expect(!ArchivedObjects.isReadable(version, at: requested))
            version.restoreExpiry = ArchivedObjects.expiry(days: 1, from: requested)
            #expect(ArchivedObjects.isReadable(version, at: requested))
            #expect(!ArchivedObjects.isReadable(version, at: requested.addingTimeInterval(3 * 86_400)))
            #expect(ArchivedObjects.restoreHeader(version, at: requested.addingTimeInterval(3 * 86_400)) == nil)
        }
    }
}

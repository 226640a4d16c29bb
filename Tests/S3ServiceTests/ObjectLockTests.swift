import AWSWire
import Foundation
import Testing
@testable import S3Service

/// "Locking objects with Object Lock": which deletes and retention changes a lock allows, and what a bucket's
/// configuration may say.
@Suite struct ObjectLockTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    let day: TimeInterval = 86_400

    func version(mode: String? = nil, until: TimeInterval? = nil, hold: String? = nil) -> ObjectVersion {
        var version = ObjectVersion(versionId: "v", isDeleteMarker: false, size: 1, etag: "e", lastModified: now, owner: "1")
        version.lockMode = mode
        version.retainUntil = until.map { now.addingTimeInterval($0) }
        version.legalHold = hold
        return version
    }

    func isRemovable(_ version: ObjectVersion, bypass: Bool = false) -> Bool {
        (try? ObjectLock.checkRemovable(version, bypassGovernance: bypass, at: now)) != nil
    }

    @Test func complianceProtectsUntilItsDateWhateverTheBypass() {
        #expect(!isRemovable(version(mode: "COMPLIANCE", until: day), bypass: true))
        #expect(isRemovable(version(mode: "COMPLIANCE", until: -1)))
    }

    @Test func governanceYieldsOnlyToTheBypass() {
        #expect(!isRemovable(version(mode: "GOVERNANCE", until: day)))
        #expect(isRemovable(version(mode: "GOVERNANCE", until: day), bypass: true))
    }

    @Test func aLegalHoldProtectsEvenPastRetentionAndAgainstTheBypass() {
        #expect(!isRemovable(version(mode: "GOVERNANCE", until: -day, hold: "ON"), bypass: true))
        #expect(isRemovable(version(hold: "OFF")))
        var marker = version(hold: "ON")
        marker.isDeleteMarker = true
        #expect(isRemovable(marker))  // "Delete markers are not WORM-protected."
    }

    func mayChange(from old: (String, TimeInterval)?, to new: (String, TimeInterval)?, bypass: Bool = false) -> Bool {
        let retention = { (pair: (String, TimeInterval)?) in pair.map { ObjectLock.Retention(mode: $0.0, until: now.addingTimeInterval($0.1)) } }
        return (try? ObjectLock.checkRetentionChange(from: retention(old), to: retention(new), bypassGovernance: bypass, at: now)) != nil
    }

    @Test func retentionChanges() {
        #expect(mayChange(from: ("COMPLIANCE", day), to: ("COMPLIANCE", 2 * day)))
        #expect(!mayChange(from: ("COMPLIANCE", 2 * day), to: ("COMPLIANCE", day), bypass: true))
        #expect(!mayChange(from: ("COMPLIANCE", day), to: ("GOVERNANCE", 9 * day), bypass: true))
        #expect(mayChange(from: ("GOVERNANCE", day), to: ("GOVERNANCE", 2 * day)))
        #expect(!mayChange(from: ("GOVERNANCE", 2 * day), to: ("GOVERNANCE", day)))
        #expect(mayChange(from: ("GOVERNANCE", 2 * day), to: ("GOVERNANCE", day), bypass: true))
        #expect(!mayChange(from: ("GOVERNANCE", day), to: ("COMPLIANCE", 2 * day)))
        #expect(!mayChange(from: ("GOVERNANCE", day), to: nil))
        #expect(mayChange(from: ("GOVERNANCE", day), to: nil, bypass: true))
        #expect(mayChange(from: ("COMPLIANCE", -1), to: nil))  // expired: anything goes
    }

    func configurationError(_ document: AWSValue) -> String? {
        do { try ObjectLock.checkConfiguration(document); return nil } catch let error as AWSError { return error.code } catch { return "?" }
    }

    func rule(_ retention: [String: AWSValue]) -> AWSValue {
        .object(["ObjectLockEnabled": "Enabled", "Rule": .object(["DefaultRetention": .object(retention)])])
    }

    @Test func configurationDocuments() {
        #expect(configurationError(.object(["ObjectLockEnabled": "Enabled"])) == nil)
        #expect(configurationError(.object([:])) == "MalformedXML")
        #expect(configurationError(rule(["Mode": "GOVERNANCE", "Days": .int(1)])) == nil)
        #expect(configurationError(rule(["Mode": "COMPLIANCE", "Years": .int(100)])) == nil)
        #expect(configurationError(rule(["Mode": "COMPLIANCE", "Years": .int(101)])) == "InvalidArgument")
        #expect(configurationError(rule(["Mode": "COMPLIANCE", "Days": .int(36_501)])) == "InvalidArgument")
        #expect(configurationError(rule(["Mode": "COMPLIANCE", "Days": .int(0)])) == "InvalidArgument")
        #expect(configurationError(rule(["Mode": "COMPLIANCE", "Days": .int(1), "Years": .int(1)])) == "MalformedXML")
        #expect(configurationError(rule(["Days": .int(1)])) == "MalformedXML")
    }
}

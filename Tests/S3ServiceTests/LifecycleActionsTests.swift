import AWSWire
import Foundation
import Testing
@testable import S3Service

/// "Expiring objects", "Transitioning objects using Amazon S3 Lifecycle": when rules fall due and what they do.
@Suite struct LifecycleActionsTests {
    let created = Date(timeIntervalSince1970: 1_389_781_800)  // 2014-01-15 10:30 UTC, the User Guide's example
    let day: TimeInterval = 86_400

    func version(_ id: String, at date: Date, storageClass: String? = nil) -> ObjectVersion {
        ObjectVersion(versionId: id, isDeleteMarker: false, size: 10, etag: "e", lastModified: date, owner: "1", storageClass: storageClass)
    }

    func rule(_ members: [String: AWSValue]) -> AWSValue {
        .object(members.merging(["Status": "Enabled", "Filter": .object(["Prefix": ""])]) { first, _ in first })
    }

    /// "an object created on 1/15/2014 10:30 AM UTC with an expiration of 3 days expires at 1/19/2014 00:00 UTC".
    @Test func dueAtTheMidnightAfterTheDays() {
        #expect(LifecycleActions.due(days: 3, date: nil, from: created) == Date(timeIntervalSince1970: 1_390_089_600))
    }

    @Test func expirationBeatsTransition() {
        var large = version("v", at: created)
        large.size = 1 << 20
        let entry = S3ObjectEntry(key: "k", versions: [large])
        let rules = [rule(["Expiration": .object(["Days": .int(40)]),
                           "Transitions": .list([.object(["Days": .int(30), "StorageClass": "STANDARD_IA"])])])]
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(32 * day)) == [.transitionCurrent(storageClass: "STANDARD_IA")])
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(45 * day)) == [.expireCurrent])
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(2 * day)).isEmpty)
    }

    @Test func smallObjectsStayUnlessTheRuleSaysOtherwise() {
        let small = S3ObjectEntry(key: "k", versions: [version("v", at: created)])
        let toIA = rule(["Transitions": .list([.object(["Days": .int(30), "StorageClass": "STANDARD_IA"])])])
        let toGlacier = rule(["Transitions": .list([.object(["Days": .int(30), "StorageClass": "GLACIER"])])])
        let later = created.addingTimeInterval(40 * day)
        #expect(LifecycleActions.actions(for: small, rules: [toIA], now: later, minimumObjectSize: "all_storage_classes_128K").isEmpty)
        #expect(LifecycleActions.actions(for: small, rules: [toIA], now: later, minimumObjectSize: "varies_by_storage_class").isEmpty)
        #expect(LifecycleActions.actions(for: small, rules: [toGlacier], now: later, minimumObjectSize: "varies_by_storage_class")
            == [.transitionCurrent(storageClass: "GLACIER")])
        let sized = AWSValue.object(["Status": "Enabled", "Filter": .object(["ObjectSizeGreaterThan": .int(1)]),
                                     "Transitions": .list([.object(["Days": .int(30), "StorageClass": "STANDARD_IA"])])])
        #expect(LifecycleActions.actions(for: small, rules: [sized], now: later) == [.transitionCurrent(storageClass: "STANDARD_IA")])
    }

    /// "Supported lifecycle transitions"; "Lifecycle and other bucket configurations": in a versioned bucket a due
    /// transition happens before the delete marker.
    @Test func theWaterfallAndVersionedPrecedence() {
        #expect(LifecycleActions.canMove(from: "STANDARD_IA", to: "INTELLIGENT_TIERING"))
        #expect(!LifecycleActions.canMove(from: "INTELLIGENT_TIERING", to: "STANDARD_IA"))
        #expect(!LifecycleActions.canMove(from: "ONEZONE_IA", to: "GLACIER_IR"))
        var large = version("v", at: created)
        large.size = 1 << 20
        let rules = [rule(["Expiration": .object(["Days": .int(40)]), "Transitions": .list([.object(["Days": .int(30), "StorageClass": "GLACIER"])])])]
        let entry = S3ObjectEntry(key: "k", versions: [large])
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(45 * day), versioned: true)
            == [.transitionCurrent(storageClass: "GLACIER"), .expireCurrent])
    }

    @Test func markersOldEnoughForAnExpirationGo() {
        var marker = version("m", at: created)
        marker.isDeleteMarker = true
        let entry = S3ObjectEntry(key: "k", versions: [marker])
        let rules = [rule(["Expiration": .object(["Days": .int(3)])])]
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(day)).isEmpty)
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(5 * day)) == [.removeExpiredMarker(versionId: "m")])
    }

    @Test func newerNoncurrentVersionsStayInTheirClass() {
        var versions = (0..<4).map { index -> ObjectVersion in
            var v = version("v\(index)", at: created.addingTimeInterval(Double(3 - index) * day))
            v.size = 1 << 20
            return v
        }
        versions[0].versionId = "current"
        let rules = [rule(["NoncurrentVersionTransitions": .list([.object(["NoncurrentDays": .int(1), "StorageClass": "GLACIER",
                                                                           "NewerNoncurrentVersions": .int(2)])])])]
        let actions = LifecycleActions.actions(for: S3ObjectEntry(key: "k", versions: versions), rules: rules, now: created.addingTimeInterval(30 * day))
        #expect(actions == [.transitionVersion(versionId: "v3", storageClass: "GLACIER")])
    }

    @Test func objectsOnlyMoveDownTheWaterfall() {
        let entry = S3ObjectEntry(key: "k", versions: [version("v", at: created, storageClass: "GLACIER")])
        let rules = [rule(["Transitions": .list([.object(["Days": .int(30), "StorageClass": "STANDARD_IA"])])])]
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(60 * day)).isEmpty)
    }

    @Test func noncurrentDaysCountFromTheSuccessor() {
        let entry = S3ObjectEntry(key: "k", versions: [version("new", at: created.addingTimeInterval(10 * day)), version("old", at: created)])
        let rules = [rule(["NoncurrentVersionExpiration": .object(["NoncurrentDays": .int(5)])])]
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(12 * day)).isEmpty)
        #expect(LifecycleActions.actions(for: entry, rules: rules, now: created.addingTimeInterval(17 * day)) == [.removeVersion(versionId: "old")])
    }

    @Test func filtersBySizeAndTags() {
        var tagged = version("v", at: created)
        tagged.tags = [S3Tag(key: "kind", value: "temp")]
        let filter: AWSValue = .object(["And": .object(["Tags": .list([.object(["Key": "kind", "Value": "temp"])]), "ObjectSizeGreaterThan": .int(5)])])
        let bySize = AWSValue.object(["Filter": filter])
        #expect(LifecycleActions.matches(bySize, key: "k", version: tagged))
        #expect(!LifecycleActions.matches(bySize, key: "k", version: version("v", at: created)))
    }
}

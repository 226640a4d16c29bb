import AWSWire
import Foundation

/// What a bucket's lifecycle rules do to one object key at a moment ("Expiring objects", "Transitioning objects
/// using Amazon S3 Lifecycle", "Lifecycle configuration elements", "How S3 Lifecycle handles Object Lock"): pure
/// decisions, carried out by ``LifecycleSweep``. An action falls due at the midnight (UTC) after the object's
/// creation plus its days ("Amazon S3 calculates the time by adding the number of days specified in the rule to
/// the object creation time and rounding the resulting time to the next day midnight UTC"), or at its Date; a
/// noncurrent version's days count from when it became noncurrent (its successor's creation).
enum LifecycleActions {
    enum Action: Equatable {
        /// The current version expires: a delete marker in a versioned bucket, gone otherwise.
        case expireCurrent
        /// The current version moves to a storage class.
        case transitionCurrent(storageClass: String)
        /// A noncurrent version is removed for good.
        case removeVersion(versionId: String)
        case transitionVersion(versionId: String, storageClass: String)
        /// A delete marker with no versions left behind it is removed (ExpiredObjectDeleteMarker).
        case removeExpiredMarker(versionId: String)
    }

    /// "Supported lifecycle transitions": an object only moves down the waterfall (``TransitionOrder``); from Standard
    /// (or Reduced Redundancy) it may go anywhere.
    static func canMove(from current: String?, to target: String) -> Bool {
        guard let current, current != "STANDARD", current != "REDUCED_REDUNDANCY" else { return target != "STANDARD" }
        return TransitionOrder.next[current]?.contains(target) == true
    }

    /// How far down the waterfall a class is, to pick the coldest of several transitions due.
    static let depth = ["STANDARD_IA": 1, "INTELLIGENT_TIERING": 2, "ONEZONE_IA": 3, "GLACIER_IR": 4, "GLACIER": 5, "DEEP_ARCHIVE": 6]

    static func enabledRules(_ configuration: AWSValue) -> [AWSValue] {
        (configuration["Rules"]?.list ?? []).filter { $0["Status"]?.string == "Enabled" }
    }

    /// Whether a rule's filter takes the version (``RuleFilters``).
    static func matches(_ rule: AWSValue, key: String, version: ObjectVersion) -> Bool {
        RuleFilters.matches(rule, key: key, tags: version.tags ?? [], size: version.isDeleteMarker ? nil : version.size)
    }

    /// When an action of `days` (or at `date`) falls due for something that began at `start`.
    static func due(days: Int?, date: Date?, from start: Date) -> Date? {
        if let date { return date }
        return days.map { ArchivedObjects.expiry(days: max($0, 0), from: start) }
    }

    /// "Transitioning objects": since September 2024 objects under 128 KiB do not transition unless a rule's size filter
    /// says otherwise; `varies_by_storage_class` still lets them into Glacier Flexible Retrieval and Deep Archive.
    static let smallObjectSize: Int64 = 128 << 10

    static func transitionAllowed(_ version: ObjectVersion, to storageClass: String, rule: AWSValue, minimumObjectSize: String?) -> Bool {
        let conditions = rule["Filter"].map { $0["And"] ?? $0 }
        guard version.size < smallObjectSize, conditions?["ObjectSizeGreaterThan"] == nil, conditions?["ObjectSizeLessThan"] == nil else { return true }
        return minimumObjectSize == "varies_by_storage_class" && ["GLACIER", "DEEP_ARCHIVE"].contains(storageClass)
    }

    /// `versioned`: whether the bucket has had versioning (an expiration there adds a delete marker, after which a
    /// due transition still happens: "Transition takes precedence over creation of delete markers").
    static func actions(for entry: S3ObjectEntry, rules: [AWSValue], now: Date, minimumObjectSize: String? = nil, versioned: Bool = false) -> [Action] {
        guard let current = entry.latest else { return [] }
        var actions: [Action] = []
        let applying = { (version: ObjectVersion) in rules.filter { matches($0, key: entry.key, version: version) } }
        if current.isDeleteMarker {
            // "Managing delete markers": a marker with nothing behind it goes with ExpiredObjectDeleteMarker, or once it
            // is as old as an Expiration's Days ("Amazon S3 automatically performs ExpiredObjectDeleteMarker cleanup
            // when the delete markers are old enough").
            let expired = applying(current).contains { rule in
                guard let expiration = rule["Expiration"] else { return false }
                if expiration["ExpiredObjectDeleteMarker"]?.bool == true { return true }
                return due(days: expiration["Days"]?.int, date: nil, from: current.lastModified).map { $0 <= now } == true
            }
            if entry.versions.count == 1, expired { actions.append(.removeExpiredMarker(versionId: current.versionId)) }
        } else {
            let rulesForCurrent = applying(current)
            let expires = rulesForCurrent.compactMap { rule -> Date? in
                guard let expiration = rule["Expiration"] else { return nil }
                return due(days: expiration["Days"]?.int, date: expiration["Date"]?.date, from: current.lastModified)
            }
            let target = transition(rulesForCurrent, member: "Transitions", daysField: "Days", from: current.lastModified, version: current,
                                    minimumObjectSize: minimumObjectSize, newer: 0, now: now)
            // An object gone for good needs no move; one kept behind a delete marker moves first.
            let expiring = expires.contains { $0 <= now }
            if let target, !expiring || versioned { actions.append(.transitionCurrent(storageClass: target)) }
            if expiring { actions.append(.expireCurrent) }
        }
        // Noncurrent versions, newest first: each became noncurrent when the version before it in the list was made.
        var newerNoncurrent = 0
        for index in entry.versions.indices.dropFirst() {
            let version = entry.versions[index]
            guard !version.isDeleteMarker else { continue }
            let since = entry.versions[index - 1].lastModified
            let rulesForVersion = applying(version)
            let expired = rulesForVersion.contains { rule in
                guard let expiration = rule["NoncurrentVersionExpiration"],
                      let at = due(days: expiration["NoncurrentDays"]?.int, date: nil, from: since), at <= now else { return false }
                // NewerNoncurrentVersions: that many newer noncurrent versions are kept whatever their age.
                return newerNoncurrent >= (expiration["NewerNoncurrentVersions"]?.int ?? 0)
            }
            if expired {
                actions.append(.removeVersion(versionId: version.versionId))
            } else if let target = transition(rulesForVersion, member: "NoncurrentVersionTransitions", daysField: "NoncurrentDays", from: since,
                                              version: version, minimumObjectSize: minimumObjectSize, newer: newerNoncurrent, now: now) {
                actions.append(.transitionVersion(versionId: version.versionId, storageClass: target))
            }
            newerNoncurrent += 1
        }
        return actions
    }

    /// The coldest class among the transitions due, if it is further down the waterfall than where the version is.
    /// `newer`: how many newer noncurrent versions there are (NoncurrentVersionTransition's NewerNoncurrentVersions
    /// keeps that many in their class).
    static func transition(_ rules: [AWSValue], member: String, daysField: String, from start: Date, version: ObjectVersion,
                           minimumObjectSize: String?, newer: Int, now: Date) -> String? {
        let due = rules.flatMap { rule in (rule[member]?.list ?? []).map { (rule, $0) } }.compactMap { rule, transition -> String? in
            guard let target = transition["StorageClass"]?.string, newer >= (transition["NewerNoncurrentVersions"]?.int ?? 0),
                  let at = self.due(days: transition[daysField]?.int, date: transition["Date"]?.date, from: start), at <= now,
                  canMove(from: version.storageClass, to: target),
                  transitionAllowed(version, to: target, rule: rule, minimumObjectSize: minimumObjectSize) else { return nil }
            return target
        }
        guard let coldest = due.max(by: { (depth[$0] ?? 0) < (depth[$1] ?? 0) }) else { return nil }
        return coldest
    }

    /// "Expiring objects": PutObject, GetObject and HeadObject tell when the current version will expire and by which
    /// rule: `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"` (x-amz-expiration).
    static func expirationHeader(for version: ObjectVersion, key: String, bucket: S3Bucket) -> String? {
        guard !version.isDeleteMarker, let configuration = bucket[configuration: BucketLifecycle.stored.key]?.value else { return nil }
        let due = enabledRules(configuration).filter { matches($0, key: key, version: version) }.compactMap { rule -> (Date, String)? in
            guard let expiration = rule["Expiration"],
                  let at = self.due(days: expiration["Days"]?.int, date: expiration["Date"]?.date, from: version.lastModified) else { return nil }
            return (at, rule["ID"]?.string ?? "")
        }
        guard let (date, rule) = due.min(by: { $0.0 < $1.0 }) else { return nil }
        return "expiry-date=\"\(Timestamp.rfc822(date))\", rule-id=\"\(rule)\""
    }

    /// "Configuring a bucket lifecycle configuration to delete incomplete multipart uploads".
    static func abortsUpload(_ upload: S3MultipartUpload, rules: [AWSValue], now: Date) -> Bool {
        rules.contains { rule in
            guard let days = rule["AbortIncompleteMultipartUpload"]?["DaysAfterInitiation"]?.int else { return false }
            let prefix = rule["Filter"].map { ($0["And"] ?? $0)["Prefix"]?.string ?? "" } ?? rule["Prefix"]?.string ?? ""
            return upload.key.hasPrefix(prefix) && (due(days: days, date: nil, from: upload.initiated) ?? .distantFuture) <= now
        }
    }
}

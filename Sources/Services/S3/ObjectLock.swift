import AWSWire
import Foundation
import NimbusCore

/// S3 Object Lock's rules ("Locking objects with Object Lock", "Configuring S3 Object Lock"): write-once
/// retention of object versions in GOVERNANCE or COMPLIANCE mode, legal holds, and a bucket's default retention.
/// A lock protects one version from deletion; it never stops new versions or delete markers.
enum ObjectLock {
    static let modes: Set<String> = ["GOVERNANCE", "COMPLIANCE"]
    static let holdStatuses: Set<String> = ["ON", "OFF"]
    /// "The maximum retention period is 100 years" (S3 counts a year as 365 days).
    static let maximumDays = 36_500
    static let maximumYears = 100

    /// The configuration key of the bucket's Object Lock document (its default retention rule).
    static let configurationKey = "ObjectLockConfiguration"

    struct Retention: Equatable {
        var mode: String
        var until: Date
    }

    /// The answer to any change a lock forbids: deleting a protected version, shortening its retention, or
    /// weakening its mode.
    static let protected = AWSError("AccessDenied", "Access Denied because object protected by object lock.", status: 403)

    static let missingBucketConfiguration = S3Errors.invalidRequest("Bucket is missing Object Lock Configuration")

    static func noVersionConfiguration() -> AWSError {
        AWSError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", status: 404)
    }

    // MARK: Writes

    /// The lock a write's headers ask for (PutObject, CopyObject, CreateMultipartUpload: `x-amz-object-lock-mode`,
    /// `-retain-until-date`, `-legal-hold`), checked as S3 checks them before it looks at the bucket.
    static func requested(_ input: AWSValue, now: Date) throws -> (retention: Retention?, legalHold: String?) {
        let hold = input["ObjectLockLegalHoldStatus"]?.string
        if let hold, !holdStatuses.contains(hold) {
            throw S3Errors.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", name: "x-amz-object-lock-legal-hold", value: hold)
        }
        let mode = input["ObjectLockMode"]?.string
        let until = input["ObjectLockRetainUntilDate"]?.date
        guard mode != nil || until != nil else { return (nil, hold) }
        let both = "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied"
        guard let mode else { throw S3Errors.invalidArgument(both, name: "x-amz-object-lock-mode", value: "null") }
        guard let until else { throw S3Errors.invalidArgument(both, name: "x-amz-object-lock-retain-until-date", value: "null") }
        guard modes.contains(mode) else { throw S3Errors.invalidArgument("Unknown wormMode directive.", name: "x-amz-object-lock-mode", value: mode) }
        guard until > now else {
            throw S3Errors.invalidArgument("The retain until date must be in the future!", name: "x-amz-object-lock-retain-until-date",
                                           value: Timestamp.iso8601(until))
        }
        return (Retention(mode: mode, until: until), hold)
    }

    /// Puts the lock the write asks for on `version`; a bucket without Object Lock takes none, nor does an anonymous
    /// writer ("Put Object requests with Object Lock parameters require AWS Signature Version 4").
    static func applyRequested(_ input: AWSValue, to version: inout ObjectVersion, bucket: S3Bucket, context: RequestContext) throws {
        let (retention, hold) = try requested(input, now: context.now)
        guard retention != nil || hold != nil else { return }
        if context.principal.kind == .anonymous {
            throw S3Errors.invalidArgument("Put Object requests with Object Lock parameters require AWS Signature Version 4", name: "Authorization",
                                           value: "null")
        }
        guard bucket.objectLockEnabled == true else { throw missingBucketConfiguration }
        version.lockMode = retention?.mode
        version.retainUntil = retention?.until
        version.legalHold = hold
    }

    /// "Bucket configuration": a new version without a retention of its own takes the bucket's default, counted
    /// from its creation ("the object version is then protected exactly as though you explicitly placed an
    /// individual lock with that retention period").
    static func applyDefault(to version: inout ObjectVersion, bucket: S3Bucket) {
        guard version.lockMode == nil, !version.isDeleteMarker, let rule = defaultRetention(of: bucket) else { return }
        version.lockMode = rule.mode
        version.retainUntil = version.lastModified.addingTimeInterval(TimeInterval(rule.days) * 86_400)
    }

    /// The bucket's default retention, in days.
    static func defaultRetention(of bucket: S3Bucket) -> (mode: String, days: Int)? {
        guard bucket.objectLockEnabled == true, let document = bucket[configuration: configurationKey]?.value,
              let retention = document["Rule"]?["DefaultRetention"], let mode = retention["Mode"]?.string else { return nil }
        if let days = retention["Days"]?.int { return (mode, days) }
        if let years = retention["Years"]?.int { return (mode, years * 365) }
        return nil
    }

    /// "Object Lock considerations": an upload with Object Lock parameters, the bucket's default included, must
    /// prove its bytes with `Content-MD5` or a flexible checksum (a SigV4 payload hash does not count).
    static func checkIntegrity(_ input: AWSValue, version: ObjectVersion, bucket: S3Bucket?) throws {
        guard version.lockMode != nil || version.legalHold != nil || bucket.flatMap(defaultRetention) != nil else { return }
        let proven = input["ContentMD5"] != nil || input["ChecksumAlgorithm"] != nil
            || ChecksumAlgorithm.allCases.contains { input["Checksum\($0.rawValue)"] != nil }
        guard proven else {
            throw S3Errors.invalidRequest("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters")
        }
    }

    // MARK: Protection

    /// A permanent delete (one naming the version): refused under a legal hold, an unexpired COMPLIANCE retention,
    /// or an unexpired GOVERNANCE retention unless the caller bypasses it ("Bypassing governance mode").
    static func checkRemovable(_ version: ObjectVersion, bypassGovernance: Bool, at now: Date) throws {
        // "Delete markers are not WORM-protected."
        guard !version.isDeleteMarker else { return }
        if version.legalHold == "ON" { throw protected }
        guard let mode = version.lockMode, let until = version.retainUntil, until > now else { return }
        if mode == "COMPLIANCE" || !bypassGovernance { throw protected }
    }

    /// A change of retention: anyone allowed to set retention may keep or extend it in the same mode; while it
    /// lasts, COMPLIANCE can be neither shortened nor changed, and GOVERNANCE only by bypassing it.
    static func checkRetentionChange(from old: Retention?, to new: Retention?, bypassGovernance: Bool, at now: Date) throws {
        guard let old, old.until > now else { return }
        if let new, new.mode == old.mode, new.until >= old.until { return }
        if old.mode == "COMPLIANCE" || !bypassGovernance { throw protected }
    }

    static func retention(of version: ObjectVersion) -> Retention? {
        guard let mode = version.lockMode, let until = version.retainUntil else { return nil }
        return Retention(mode: mode, until: until)
    }

    // MARK: The bucket's configuration

    /// PutObjectLockConfiguration's document, checked: `ObjectLockEnabled` must say Enabled, and a rule needs a mode
    /// and exactly one of Days and Years, positive and at most 100 years.
    static func checkConfiguration(_ document: AWSValue) throws {
        guard document["ObjectLockEnabled"]?.string == "Enabled" else { throw S3Errors.malformedXML() }
        guard let rule = document["Rule"] else { return }
        guard let retention = rule["DefaultRetention"], let mode = retention["Mode"]?.string, modes.contains(mode) else {
            throw S3Errors.malformedXML()
        }
        let days = retention["Days"]?.int
        let years = retention["Years"]?.int
        guard (days == nil) != (years == nil) else { throw S3Errors.malformedXML() }
        let (name, value, limit) = days.map { ("Days", $0, maximumDays) } ?? ("Years", years ?? 0, maximumYears)
        guard value > 0 else {
            throw S3Errors.invalidArgument("Default retention period must be a positive integer value.", name: name, value: String(value))
        }
        guard value <= limit else { throw S3Errors.invalidArgument("Default retention period too large.", name: name, value: String(value)) }
    }
}

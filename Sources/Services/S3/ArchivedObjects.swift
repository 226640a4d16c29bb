import AWSWire
import Foundation
import NimbusCore

/// Objects in the archive storage classes, S3 Glacier Flexible Retrieval (`GLACIER`) and Deep Archive: their
/// bytes are read only through a temporary copy that RestoreObject makes ("Working with archived objects",
/// "Restoring an archived object"). Their metadata stays readable (HeadObject, listings, GetObjectAttributes).
///
/// A restore here completes at once: there is no archive to wait for, and a local cloud that made callers wait
/// hours would only be in the way. The first RestoreObject answers 202 Accepted as AWS's does, and the copy is
/// readable straight away (`ongoing-request="false"`); asking again extends it and answers 200 OK.
enum ArchivedObjects {
    /// GLACIER_IR (Instant Retrieval) is read like STANDARD; Intelligent-Tiering's archive tiers are not modelled.
    static let archiveClasses: Set<String> = ["GLACIER", "DEEP_ARCHIVE"]

    static func isArchived(_ version: ObjectVersion) -> Bool {
        version.storageClass.map(archiveClasses.contains) ?? false
    }

    /// Whether the version's bytes can be read now: not archived, or restored and not yet expired.
    static func isReadable(_ version: ObjectVersion, at now: Date) -> Bool {
        guard isArchived(version) else { return true }
        return version.restoreExpiry.map { $0 > now } ?? false
    }

    /// "GetObject", Errors: an archived object not restored is 403 InvalidObjectState, naming its storage class.
    static func checkReadable(_ version: ObjectVersion, at now: Date) throws {
        guard !isReadable(version, at: now) else { return }
        throw AWSError("InvalidObjectState", "The operation is not valid for the object's storage class", status: 403,
                       fields: [("StorageClass", version.storageClass ?? "STANDARD")])
    }

    /// A copy from an archived source not restored. The model documents ObjectNotInActiveTierError, but S3 has been
    /// seen answering InvalidObjectState with this message (Hadoop S3A's "Troubleshooting", a CopyObject of a
    /// GLACIER object), as LocalStack does: the observed answer is followed.
    static func checkCopySource(_ version: ObjectVersion, at now: Date) throws {
        guard !isReadable(version, at: now) else { return }
        throw AWSError("InvalidObjectState", "Operation is not valid for the source object's storage class", status: 403,
                       fields: [("StorageClass", version.storageClass ?? "STANDARD")])
    }

    /// `x-amz-restore` ("HeadObject": Restore): sent while a restored copy exists.
    static func restoreHeader(_ version: ObjectVersion, at now: Date) -> String? {
        guard isArchived(version), let expiry = version.restoreExpiry, expiry > now else { return nil }
        return "ongoing-request=\"false\", expiry-date=\"\(Timestamp.rfc822(expiry))\""
    }

    /// The listings' RestoreStatus, asked for with `x-amz-optional-object-attributes: RestoreStatus`.
    static func restoreStatus(_ version: ObjectVersion, at now: Date) -> AWSValue? {
        guard isArchived(version), let expiry = version.restoreExpiry, expiry > now else { return nil }
        return ["IsRestoreInProgress": false, "RestoreExpiryDate": .timestamp(expiry)]
    }

    /// "Restoring an archived object": the restored copy expires `days` after the request, rounded up to the
    /// next midnight UTC.
    static func expiry(days: Int, from now: Date) -> Date {
        let day = 86_400.0
        let end = now.timeIntervalSince1970 + Double(days) * day
        return Date(timeIntervalSince1970: (end / day).rounded(.down) * day + day)
    }

    static let tiers: Set<String> = ["Standard", "Bulk", "Expedited"]
    /// A bound that keeps every expiry a date AWS can write (before the year 9999); AWS documents none.
    static let maximumDays = 2_000_000

    /// RestoreObject: 202 for a restore begun, 200 for a restored copy extended ("RestoreObject": Responses).
    static let restore: OperationHandler = { input, context in
        let request = input["RestoreRequest"]
        // S3 Select on archives (a SELECT restore) has been closed to new customers: refused rather than pretended.
        if request?["Type"] != nil || request?["SelectParameters"] != nil || request?["OutputLocation"] != nil {
            throw AWSError("NotImplemented", "A header you provided implies functionality that is not implemented", status: 501)
        }
        // Days is required for the archive classes, and a tier must be one S3 knows; anything else does not
        // validate against S3's schema.
        guard let days = request?["Days"]?.int, days >= 1, days <= maximumDays else { throw S3Errors.malformedXML() }
        for tier in [request?["GlacierJobParameters"]?["Tier"]?.string, request?["Tier"]?.string].compactMap({ $0 }) where !tiers.contains(tier) {
            throw S3Errors.malformedXML()
        }
        let now = context.now
        let extended = try ObjectSubresources.update(input, context, method: "POST") { version, _ -> Bool in
            guard isArchived(version) else {
                throw AWSError("InvalidObjectState", "Restore is not allowed for the object's current storage class", status: 403)
            }
            let wasRestored = isReadable(version, at: now)
            version.restoreExpiry = expiry(days: days, from: now)
            return wasRestored
        }
        return .object([WireResponse.chosenStatusField: .int(extended ? 200 : 202)])
    }
}

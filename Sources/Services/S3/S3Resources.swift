import AWSWire
import Foundation
import State

/// Where S3 keeps its rows. Bucket names are global across accounts and regions ("Bucket naming rules":
/// unique within a partition), so buckets live in one Nimbus-wide partition keyed by name; each bucket's
/// objects and uploads live in a partition of their own, so listing a bucket reads only its rows.
enum S3Partitions {
    static let buckets = Partition(account: "", region: "s3")

    static func objects(_ bucket: String) -> Partition {
        Partition(account: "", region: "s3:" + bucket)
    }
}

/// A bucket and its configuration.
public struct S3Bucket: Resource {
    public static let kind = "s3.bucket"
    public var name: String
    /// The account that owns it.
    public var owner: String
    public var region: String
    public var created: Date
    /// nil until versioning is first configured; then "Enabled" or "Suspended" (it never returns to unversioned).
    public var versioning: String?
    public var mfaDelete: String?
    public var policy: String?
    public var tags: [S3Tag]?
    /// Subresource configurations stored as given (CORS, lifecycle, encryption, website, ownership controls,
    /// public access block, ACL...), keyed by the subresource's name.
    public var configurations: [String: StoredValue]?
    public var objectLockEnabled: Bool?

    /// Versioning is on (new writes get version ids).
    var versioningEnabled: Bool { versioning == "Enabled" }

    var arn: String { "arn:aws:s3:::\(name)" }
}

public struct S3Tag: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
}

/// One version of an object, or a delete marker.
public struct ObjectVersion: Codable, Sendable {
    /// "null" for the version written while versioning was never enabled or was suspended.
    var versionId: String
    var isDeleteMarker: Bool
    /// The name of the body's file in the object store; nil for delete markers and small bodies kept inline.
    var body: String?
    /// A small body kept in the row itself, base64 (see `ReceivedBody.inlineLimit`).
    var inlineBody: String?
    /// The files of an object assembled by a multipart upload, in order: its parts, never copied into one file.
    var segments: [BodySegment]?
    var size: Int64
    /// The ETag without quotes: hex MD5, or `hex-N` for a multipart object.
    var etag: String
    var lastModified: Date
    var owner: String
    var contentType: String?
    /// Content-Encoding, Content-Disposition, Content-Language, Cache-Control, Expires, website redirect:
    /// the model's member names, as given.
    var headers: [String: String]?
    /// `x-amz-meta-*` user metadata, names lowercased without the prefix.
    var metadata: [String: String]?
    var expires: Date?
    var storageClass: String?
    /// When the restored copy of an archived version (GLACIER, DEEP_ARCHIVE) expires; nil if never restored.
    var restoreExpiry: Date?
    /// Flexible checksums by algorithm (`CRC32`...), base64, as the client sent them and S3 checked them.
    var checksums: [String: String]?
    var checksumType: String?
    var tags: [S3Tag]?
    var partsCount: Int?
    var serverSideEncryption: String?
    var acl: String?
    /// An ACL of explicit grants (`x-amz-grant-*`, or an AccessControlPolicy no canned ACL matches); nil when `acl` says it.
    var grants: [CannedACL.Grant]?
    /// Object Lock ("Locking objects with Object Lock"): the retention mode (GOVERNANCE, COMPLIANCE) and date,
    /// and the legal hold ("ON", "OFF"; nil while none was ever placed).
    var lockMode: String?
    var retainUntil: Date?
    var legalHold: String?
    /// "Replication status information": PENDING, COMPLETED or FAILED on a replicated source version, REPLICA on a replica.
    var replicationStatus: String?
}

/// An object key and its versions, newest first.
public struct S3ObjectEntry: Resource {
    public static let kind = "s3.object"
    var key: String
    var versions: [ObjectVersion]

    var latest: ObjectVersion? { versions.first }
}

/// A multipart upload in progress and the parts uploaded so far.
public struct S3MultipartUpload: Resource {
    public static let kind = "s3.upload"
    var uploadId: String
    var key: String
    var initiated: Date
    var owner: String
    /// Who created the upload, when not the account itself (an IAM user or a role's session); nil in uploads stored
    /// before it was recorded.
    var initiatorArn: String?
    /// The key's newest version when the upload was created (``MultipartUploads/keyState(_:)``), so a conditional
    /// completion can tell that the key was written or deleted since; nil in uploads stored before it was recorded.
    var keyStateAtCreation: String?
    /// The object's attributes, fixed when the upload was created (content type, metadata, tags...).
    var template: ObjectVersion
    var checksumAlgorithm: String?
    /// COMPOSITE or FULL_OBJECT as CreateMultipartUpload asked; nil for the algorithm's default (``checksumMode``).
    var checksumType: String?
    var parts: [Int: UploadedPart]
}

extension S3MultipartUpload {
    /// How the object's checksum is made from the parts': as asked, else FULL_OBJECT for CRC64NVME and COMPOSITE for
    /// the other algorithms ("Checking object integrity in Amazon S3"); nil for an upload that named no algorithm.
    var checksumMode: String? {
        guard let algorithm = checksumAlgorithm else { return nil }
        return checksumType ?? (algorithm == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE")
    }
}

public struct BodySegment: Codable, Sendable, Hashable {
    var body: String
    var size: Int64
}

extension ObjectVersion {
    /// The files that hold this version's bytes, in order (none when inline or a delete marker).
    var bodySegments: [BodySegment] {
        segments ?? body.map { [BodySegment(body: $0, size: size)] } ?? []
    }

    var bodyFiles: [String] { bodySegments.map(\.body) }
}

public struct UploadedPart: Codable, Sendable {
    var etag: String
    var size: Int64
    var body: String
    var lastModified: Date
    var checksums: [String: String]?
}

/// A value from a request kept as given, to hand back on the matching Get (CORS rules, lifecycle rules...).
public indirect enum StoredValue: Codable, Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case timestamp(Date)
    case blob([UInt8])
    case list([StoredValue])
    case object([String: StoredValue])

    init?(_ value: AWSValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .integer(let i): self = .integer(i)
        case .double(let d): self = .double(d)
        case .boolean(let b): self = .boolean(b)
        case .timestamp(let t): self = .timestamp(t)
        case .blob(let b): self = .blob(b)
        case .list(let items): self = .list(items.compactMap(StoredValue.init))
        case .object(let members): self = .object(members.compactMapValues(StoredValue.init))
        case .null, .file: return nil
        }
    }

    var value: AWSValue {
        switch self {
        case .string(let s): .string(s)
        case .integer(let i): .integer(i)
        case .double(let d): .double(d)
        case .boolean(let b): .boolean(b)
        case .timestamp(let t): .timestamp(t)
        case .blob(let b): .blob(b)
        case .list(let items): .list(items.map(\.value))
        case .object(let members): .object(members.mapValues(\.value))
        }
    }
}

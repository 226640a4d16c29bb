import AWSWire
import Foundation
import NimbusCore
import State

/// PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects (Amazon S3 API Reference).
enum Objects {
    /// "Creating object key names": at most 1,024 bytes of UTF-8.
    static func checkKey(_ key: String) throws {
        guard !key.isEmpty else { throw AWSError("InvalidRequest", "A key must be specified", status: 400) }
        guard key.utf8.count <= 1024 else {
            throw AWSError("KeyTooLongError", "Your key is too long", status: 400, fields: [("Size", String(key.utf8.count)), ("MaxSizeAllowed", "1024")])
        }
    }

    static let put: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let key = input["Key"]?.string ?? ""
        try checkKey(key)
        var version = try ObjectAttributes.template(input, context)
        if let acl = version.acl { try CannedACL.check(acl, bucket: bucket, context) }
        if let grants = version.grants { try ExplicitGrants.check(grants, bucket: bucket, context) }
        try ObjectLock.applyRequested(input, to: &version, bucket: bucket, context: context)
        try ObjectLock.checkIntegrity(input, version: version, bucket: bucket)
        try checkWriteConditions(input, bucket: bucket.name, key: key, context: context)
        let bodies = try ObjectBodies.of(context)
        let body = try await ReceivedBody.take(input, context, bodies: bodies)
        version.body = body.name
        version.inlineBody = body.inline.map(Base64.encode)
        version.size = body.size
        version.etag = body.etag
        version.checksums = body.checksums.isEmpty ? nil : Dictionary(uniqueKeysWithValues: body.checksums.map { ($0.key.rawValue, $0.value) })
        version.checksumType = body.checksums.isEmpty ? nil : "FULL_OBJECT"
        let versionId = try ObjectWrites.commit(version, bucket: bucket.name, key: key, context: context, bodies: bodies)
        var output: [String: AWSValue] = ["ETag": .string(version.quotedETag), "ServerSideEncryption": .string(version.serverSideEncryption ?? "AES256")]
        // A versioning-suspended bucket writes the "null" version, and S3 names no version in its answer
        // (AWS-verified recording: LocalStack snapshot test_put_object_on_suspended_bucket, put-object-suspended).
        if let versionId, versionId != "null" { output["VersionId"] = .string(versionId) }
        output["Expiration"] = LifecycleActions.expirationHeader(for: version, key: key, bucket: bucket).map(AWSValue.string)
        for (algorithm, value) in body.checksums { output["Checksum\(algorithm.rawValue)"] = .string(value) }
        if !body.checksums.isEmpty { output["ChecksumType"] = "FULL_OBJECT" }
        return .object(output)
    }

    /// Conditional writes ("Add preconditions to S3 operations with conditional requests"): `If-None-Match: *`
    /// refuses to overwrite, `If-Match` requires the current ETag. PutObject and CompleteMultipartUpload.
    static func checkWriteConditions(_ input: AWSValue, bucket: String, key: String, context: RequestContext) throws {
        let ifNoneMatch = input["IfNoneMatch"]?.string
        let ifMatch = input["IfMatch"]?.string
        guard ifNoneMatch != nil || ifMatch != nil else { return }
        // A write takes one condition, If-None-Match only as `*` and If-Match only as an ETag; anything else is
        // 501 (AWS-verified recordings: LocalStack snapshots put-obj-both-precondition, put-obj-if-match-star-value,
        // put-obj-if-none-match-bad-value).
        if ifNoneMatch != nil, ifMatch != nil {
            throw S3Errors.notImplemented(header: "If-Match,If-None-Match", detail: "Multiple conditional request headers present in the request")
        }
        if let ifNoneMatch, ifNoneMatch.trimmingCharacters(in: .whitespaces) != "*" {
            throw S3Errors.notImplemented(header: "If-None-Match", detail: "We don't accept the provided value of If-None-Match header for this API")
        }
        if ifMatch?.trimmingCharacters(in: .whitespaces) == "*" {
            throw S3Errors.notImplemented(header: "If-Match", detail: "We don't accept the provided value of If-Match header for this API")
        }
        let current = context.store.read { $0.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket))?.latest }
        let live = current.flatMap { $0.isDeleteMarker ? nil : $0 }
        if ifNoneMatch == "*", live != nil { throw S3Errors.preconditionFailed("If-None-Match") }
        if let ifMatch {
            guard let live else { throw S3Errors.noSuchKey(key) }
            guard ObjectConditions.matches(ifMatch, live.etag) else { throw S3Errors.preconditionFailed("If-Match") }
        }
    }

    struct Resolved {
        var bucket: S3Bucket
        var version: ObjectVersion
    }

    /// The version a read names (VersionId, else the newest), or S3's error for a missing one.
    static func resolve(bucket name: String, key: String, versionId: String?, context: RequestContext, method: String) throws -> Resolved {
        let found = context.store.read { view -> (S3Bucket?, S3ObjectEntry?) in
            (S3Lookup.bucket(name, in: view), view.get(S3ObjectEntry.self, key, in: S3Partitions.objects(name)))
        }
        guard let bucket = found.0 else { throw S3Errors.noSuchBucket(name) }
        if let versionId {
            guard let version = found.1?.versions.first(where: { $0.versionId == versionId }) else {
                try ObjectWrites.checkVersionId(versionId, in: bucket)
                throw S3Errors.noSuchVersion(key: key, version: versionId)
            }
            // A delete marker has no content: reading it by id is not allowed ("Working with delete markers"); the
            // answer says what it is, and (RFC 9110 §15.5.6) what it allows: DELETE (AWS-verified recording:
            // LocalStack test_delete_object_versioned, get-delete-marker).
            if version.isDeleteMarker {
                var error = S3Errors.methodNotAllowed(method: method, resource: "DeleteMarker")
                error.headers = deleteMarkerHeaders(version) + [("Allow", "DELETE")]
                throw error
            }
            return Resolved(bucket: bucket, version: version)
        }
        guard let latest = found.1?.latest else { throw S3Errors.noSuchKey(key) }
        if latest.isDeleteMarker {
            var error = S3Errors.noSuchKey(key)
            error.headers = deleteMarkerHeaders(latest)
            throw error
        }
        return Resolved(bucket: bucket, version: latest)
    }

    /// "GetObject": when the version read is a delete marker, `x-amz-delete-marker: true` and its version id.
    static func deleteMarkerHeaders(_ marker: ObjectVersion) -> [(name: String, value: String)] {
        [("x-amz-delete-marker", "true"), ("x-amz-version-id", marker.versionId), ("Last-Modified", Timestamp.rfc822(marker.lastModified))]
    }

    /// The version a read names, or its error; a missing key is 403 to a caller not allowed s3:ListBucket, so
    /// keys cannot be probed ("GetObject", "HeadObject", "GetObjectAttributes": Permissions).
    static func resolveVisible(_ input: AWSValue, _ context: RequestContext, method: String) throws -> Resolved {
        let bucket = input["Bucket"]?.string ?? ""
        do {
            return try resolve(bucket: bucket, key: input["Key"]?.string ?? "", versionId: input["VersionId"]?.string, context: context,
                               method: method)
        } catch let error as AWSError where error.code == "NoSuchKey" && !context.isGranted("s3:ListBucket", on: S3ARN.bucket(bucket)) {
            throw S3Errors.accessDenied
        }
    }

    static let get: OperationHandler = { input, context in
        try read(input, context, method: "GET", withBody: true)
    }

    static let head: OperationHandler = { input, context in
        try read(input, context, method: "HEAD", withBody: false)
    }

    static func read(_ input: AWSValue, _ context: RequestContext, method: String, withBody: Bool) throws -> AWSValue {
        let bodies = try ObjectBodies.of(context)
        // The body is opened right after the lookup; an overwrite committed in between removes the file the
        // lookup named, so look again (the descriptor, once open, keeps the old bytes readable).
        for attempt in 0 ..< 3 {
            let resolved = try resolveVisible(input, context, method: method)
            let version = resolved.version
            if withBody { try ArchivedObjects.checkReadable(version, at: context.now) }
            try ObjectConditions.check(ObjectConditions.read(input), etag: version.etag, lastModified: version.lastModified)
            var output = ObjectAttributes.output(version, bucket: resolved.bucket, input: input)
            output.merge(lockHeaders(version, input: input, context: context)) { $1 }
            if input["VersionId"] == nil {
                output["Expiration"] = LifecycleActions.expirationHeader(for: version, key: input["Key"]?.string ?? "", bucket: resolved.bucket).map(AWSValue.string)
            }
            output["Restore"] = ArchivedObjects.restoreHeader(version, at: context.now).map(AWSValue.string)
            let part = try partRange(input, version)
            let range = try part ?? ByteRange.resolve(input["Range"]?.string, size: version.size)
            if let range {
                output["ContentLength"] = .integer(range.length)
                output["ContentRange"] = .string("bytes \(range.offset)-\(range.offset + range.length - 1)/\(version.size)")
                // A whole-object checksum does not describe part of it, and S3 does not send it then; a Range that
                // takes in every byte still gets it (AWS-verified recording: LocalStack test_get_object_range,
                // get--15 and get-0-100).
                if part != nil || range.length != version.size {
                    for algorithm in ChecksumAlgorithm.allCases { output["Checksum\(algorithm.rawValue)"] = nil }
                    output["ChecksumType"] = nil
                }
            }
            guard withBody else { return .object(output) }
            if let inline = version.inlineBody {
                let bytes = Base64.decode(inline) ?? []
                let start = Int(range?.offset ?? 0)
                output["Body"] = .blob(Array(bytes[start ..< start + Int(range?.length ?? version.size)]))
                return .object(output)
            }
            do {
                output["Body"] = .file(try bodies.read(version, offset: range?.offset ?? 0, length: range?.length ?? version.size))
                return .object(output)
            } catch where attempt < 2 {
                continue
            }
        }
        throw S3Errors.internalError
    }

    /// "GetObject", "HeadObject": `partNumber` reads one part of a multipart object as a range (206, with the
    /// object's PartsCount); an object uploaded in one piece is its own part 1.
    static func partRange(_ input: AWSValue, _ version: ObjectVersion) throws -> (offset: Int64, length: Int64)? {
        guard let number = input["PartNumber"]?.int else { return nil }
        guard input["Range"]?.string == nil else {
            throw S3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter")
        }
        // A copy of a multipart object keeps its segments but is one part (S3 gives it a single-part ETag).
        let sizes = version.partsCount != nil ? version.segments?.map(\.size) ?? [version.size] : [version.size]
        guard number >= 1, number <= sizes.count else {
            throw AWSError("InvalidPartNumber", "The requested partnumber is not satisfiable", status: 416,
                           fields: [("PartNumberRequested", String(number)), ("ActualPartCount", String(sizes.count))])
        }
        // An empty object has no bytes to range over: it is answered whole.
        guard sizes[number - 1] > 0 else { return nil }
        return (sizes[..<(number - 1)].reduce(0, +), sizes[number - 1])
    }

    /// "GetObject", "HeadObject": a version's lock is shown to callers allowed s3:GetObjectRetention (mode and date)
    /// and s3:GetObjectLegalHold (the hold, once one was ever placed).
    static func lockHeaders(_ version: ObjectVersion, input: AWSValue, context: RequestContext) -> [String: AWSValue] {
        guard version.lockMode != nil || version.legalHold != nil, let bucket = input["Bucket"]?.string, let key = input["Key"]?.string else { return [:] }
        let arn = S3ARN.object(bucket, key)
        var headers: [String: AWSValue] = [:]
        if let mode = version.lockMode, let until = version.retainUntil, context.isGranted("s3:GetObjectRetention", on: arn) {
            headers["ObjectLockMode"] = .string(mode)
            headers["ObjectLockRetainUntilDate"] = .timestamp(until)
        }
        if let hold = version.legalHold, context.isGranted("s3:GetObjectLegalHold", on: arn) { headers["ObjectLockLegalHoldStatus"] = .string(hold) }
        return headers
    }

    static let delete: OperationHandler = { input, context in
        let bucket = input["Bucket"]?.string ?? ""
        let key = input["Key"]?.string ?? ""
        let versionId = input["VersionId"]?.string
        if input["BypassGovernanceRetention"] != nil || versionId != nil {
            let found = try S3Lookup.bucket(input, context)
            if input["BypassGovernanceRetention"] != nil { try ObjectLockOperations.checkBypassHeader(input, bucket: found) }
            if let versionId { try ObjectWrites.checkVersionId(versionId, in: found) }
        }
        let result = try ObjectWrites.delete(bucket: bucket, key: key, versionId: versionId, context: context,
                                             bodies: try ObjectBodies.of(context),
                                             bypassGovernance: ObjectLockOperations.bypassesGovernance(input, context))
        return .structure(["VersionId": result.versionId.map(AWSValue.string), "DeleteMarker": result.deleteMarker ? true : nil])
    }

    /// DeleteObjects: up to 1,000 keys in one request ("DeleteObjects"); quiet mode reports only the errors.
    static let deleteMany: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let objects = input["Delete"]?["Objects"]?.list ?? []
        guard !objects.isEmpty, objects.count <= 1000 else {
            throw AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status: 400)
        }
        try ObjectLockOperations.checkBypassHeader(input, bucket: bucket)
        let quiet = input["Delete"]?["Quiet"]?.bool ?? false
        let bodies = try ObjectBodies.of(context)
        var deleted: [AWSValue] = []
        var errors: [AWSValue] = []
        for object in objects {
            let key = object["Key"]?.string ?? ""
            let versionId = object["VersionId"]?.string
            do {
                // "DeleteObjects": each key needs s3:DeleteObject; one the caller may not delete is listed as an error.
                if context.deniedResources.contains(S3ARN.object(bucket.name, key)) { throw S3Errors.accessDenied }
                let result = try ObjectWrites.delete(bucket: bucket.name, key: key, versionId: versionId, context: context, bodies: bodies,
                                                     bypassGovernance: ObjectLockOperations.bypassesGovernance(input, context, key: key))
                // Unlike DeleteObject, a version id that names nothing is this key's error (AWS-verified recordings:
                // LocalStack test_delete_objects, delete-object-wrong-version-id; test_delete_objects_versioned,
                // delete-objects-wrong-version-id). "null" names the unversioned object, gone or not.
                if let versionId, versionId != "null", !result.matchedVersion { throw S3Errors.noSuchVersion(key: key, version: versionId) }
                guard !quiet else { continue }
                var entry: [String: AWSValue] = ["Key": .string(key)]
                if let versionId { entry["VersionId"] = .string(versionId) }
                if result.deleteMarker {
                    entry["DeleteMarker"] = true
                    entry["DeleteMarkerVersionId"] = result.versionId.map(AWSValue.string) ?? nil
                }
                deleted.append(.structure(entry))
            } catch let error as AWSError {
                errors.append(.structure(["Key": .string(key), "VersionId": versionId.map(AWSValue.string), "Code": .string(error.code),
                                          "Message": .string(error.message)]))
            }
        }
        return .structure(["Deleted": deleted.isEmpty ? nil : .list(deleted), "Errors": errors.isEmpty ? nil : .list(errors)])
    }
}

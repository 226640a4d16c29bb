import AWSWire
import Foundation
import NimbusCore
import State

/// ListObjectsV2, ListObjects and ListObjectVersions ("Organizing objects using prefixes", "Listing object keys
/// programmatically"): keys in UTF-8 binary order, prefix and delimiter roll-ups, pages of at most 1,000.
enum ObjectListing {
    /// One item of a listing page: an object key with its entry, or a common prefix.
    enum Item {
        case object(S3ObjectEntry)
        case prefix(String)

        var sortKey: String {
            switch self {
            case .object(let entry): entry.key
            case .prefix(let prefix): prefix
            }
        }
    }

    struct Page {
        var items: [Item]
        var truncated: Bool
        /// The last item's key or prefix, where the next page starts after.
        var last: String?
    }

    /// The bucket's entries sorted by key bytes, or NoSuchBucket.
    static func entries(_ input: AWSValue, _ context: RequestContext) throws -> (S3Bucket, [S3ObjectEntry]) {
        let name = input["Bucket"]?.string ?? ""
        let found = context.store.read { view -> (S3Bucket?, [S3ObjectEntry]) in
            (S3Lookup.bucket(name, in: view), Array(view.all(S3ObjectEntry.self, in: S3Partitions.objects(name)).values))
        }
        guard let bucket = found.0 else { throw S3Errors.noSuchBucket(name) }
        return (bucket, found.1.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
    }

    /// Walks `entries` (sorted) after `marker`, rolling keys up to common prefixes at `delimiter`.
    static func page(_ entries: [S3ObjectEntry], prefix: String, delimiter: String?, after marker: String?, maxKeys: Int,
                     include: (S3ObjectEntry) -> Bool) -> Page {
        // max-keys=0 asks for nothing, and nothing is left out of that (S3 answers IsTruncated false).
        guard maxKeys > 0 else { return Page(items: [], truncated: false, last: nil) }
        var items: [Item] = []
        var lastPrefix: String?
        // Start at the first key after the marker (binary search on the sorted keys).
        var start = 0
        if let marker, !marker.isEmpty {
            var low = 0, high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if marker.utf8.lexicographicallyPrecedes(entries[mid].key.utf8) { high = mid } else { low = mid + 1 }
            }
            start = low
        }
        for entry in entries[start...] {
            let key = entry.key
            guard key.hasPrefix(prefix) else {
                if !prefix.isEmpty, prefix.utf8.lexicographicallyPrecedes(key.utf8) { break }
                continue
            }
            guard include(entry) else { continue }
            if let delimiter, !delimiter.isEmpty {
                let rest = key.dropFirst(prefix.count)
                if let range = rest.range(of: delimiter) {
                    let common = prefix + rest[..<range.upperBound]
                    // Keys under a prefix the marker already passed belong to the previous page.
                    if common == lastPrefix || marker.map({ $0.hasPrefix(common) }) == true { continue }
                    if items.count == maxKeys { return Page(items: items, truncated: true, last: items.last?.sortKey) }
                    items.append(.prefix(common))
                    lastPrefix = common
                    continue
                }
            }
            if items.count == maxKeys { return Page(items: items, truncated: true, last: items.last?.sortKey) }
            items.append(.object(entry))
        }
        return Page(items: items, truncated: false, last: items.last?.sortKey)
    }

    static func maxKeys(_ input: AWSValue, member: String = "MaxKeys") throws -> Int {
        guard let value = input[member]?.int else { return 1000 }
        guard value >= 0 else {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", name: "max-keys", value: String(value))
        }
        return min(value, 1000)
    }

    /// `encoding-type=url`: keys and prefixes come back percent-encoded (for keys with characters XML cannot carry).
    static func encoder(_ input: AWSValue) throws -> (String) -> String {
        switch input["EncodingType"]?.string {
        case nil: return { $0 }
        case "url": return { FormEncoding.percentEncode($0, keepSlash: true) }
        case let other?: throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: other)
        }
    }

    /// The time restores are judged at when the request asks for RestoreStatus (`x-amz-optional-object-attributes`).
    static func restoreStatusTime(_ input: AWSValue, _ context: RequestContext) -> Date? {
        (input["OptionalObjectAttributes"]?.list ?? []).contains { $0.string == "RestoreStatus" } ? context.now : nil
    }

    /// One object's entry; `ownerIn` the bucket when the listing shows owners (with BucketOwnerEnforced, the bucket's).
    static func content(_ entry: S3ObjectEntry, _ version: ObjectVersion, encode: (String) -> String, ownerIn bucket: S3Bucket?,
                        restoreAsOf: Date?) -> AWSValue {
        var value: [String: AWSValue] = [
            "Key": .string(encode(entry.key)), "LastModified": .timestamp(version.lastModified), "ETag": .string(version.quotedETag),
            "Size": .integer(version.size), "StorageClass": .string(version.storageClass ?? "STANDARD"),
        ]
        if let bucket { value["Owner"] = S3Owner.value(ObjectOwnership.effectiveOwner(version, bucket: bucket)) }
        if let now = restoreAsOf { value["RestoreStatus"] = ArchivedObjects.restoreStatus(version, at: now) }
        if let algorithms = version.checksums?.keys.sorted(), !algorithms.isEmpty {
            value["ChecksumAlgorithm"] = .list(algorithms.map(AWSValue.string))
            value["ChecksumType"] = version.checksumType.map(AWSValue.string) ?? nil
        }
        return .structure(value)
    }

    /// A page's objects (their newest versions) and common prefixes, as ListObjects and ListObjectsV2 give them.
    static func listed(_ page: Page, encode: (String) -> String, ownerIn bucket: S3Bucket?, restoreAsOf: Date?) -> (contents: [AWSValue], prefixes: [AWSValue]) {
        var contents: [AWSValue] = []
        var prefixes: [AWSValue] = []
        for item in page.items {
            switch item {
            case .object(let entry): contents.append(content(entry, entry.latest!, encode: encode, ownerIn: bucket, restoreAsOf: restoreAsOf))
            case .prefix(let common): prefixes.append(["Prefix": .string(encode(common))])
            }
        }
        return (contents, prefixes)
    }

    /// The Delimiter a listing echoes: none for an empty one (AWS-verified recording: LocalStack
    /// test_list_objects_with_prefix[]).
    static func echoed(_ delimiter: String?, _ encode: (String) -> String) -> AWSValue? {
        delimiter.flatMap { $0.isEmpty ? nil : .string(encode($0)) }
    }

    static func isLive(_ entry: S3ObjectEntry) -> Bool {
        entry.latest.map { !$0.isDeleteMarker } ?? false
    }

    static let listV2: OperationHandler = { input, context in
        let (bucket, entries) = try entries(input, context)
        let encode = try encoder(input)
        let prefix = input["Prefix"]?.string ?? ""
        let delimiter = input["Delimiter"]?.string
        let maxKeys = try maxKeys(input)
        var marker = input["StartAfter"]?.string
        if let token = input["ContinuationToken"]?.string {
            // An empty token is no token S3 gave (AWS-verified recording: LocalStack exc-continuation-token).
            guard !token.isEmpty, let bytes = Base64.decode(token), let decoded = String(bytes: bytes, encoding: .utf8) else {
                throw S3Errors.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            marker = decoded
        }
        let page = page(entries, prefix: prefix, delimiter: delimiter, after: marker, maxKeys: maxKeys, include: isLive)
        let (contents, prefixes) = listed(page, encode: encode, ownerIn: input["FetchOwner"]?.bool == true ? bucket : nil,
                                            restoreAsOf: restoreStatusTime(input, context))
        return .structure([
            "Name": .string(bucket.name), "Prefix": .string(encode(prefix)), "Delimiter": echoed(delimiter, encode),
            "MaxKeys": .int(maxKeys), "KeyCount": .int(page.items.count), "IsTruncated": .boolean(page.truncated),
            "Contents": contents.isEmpty ? nil : .list(contents), "CommonPrefixes": prefixes.isEmpty ? nil : .list(prefixes),
            "ContinuationToken": input["ContinuationToken"], "StartAfter": input["StartAfter"]?.string.map { .string(encode($0)) },
            "NextContinuationToken": page.truncated ? page.last.map { .string(Base64.encode(Array($0.utf8))) } : nil,
            "EncodingType": input["EncodingType"],
        ])
    }

    static let listV1: OperationHandler = { input, context in
        let (bucket, entries) = try entries(input, context)
        let encode = try encoder(input)
        let prefix = input["Prefix"]?.string ?? ""
        let delimiter = input["Delimiter"]?.string
        let maxKeys = try maxKeys(input)
        let page = page(entries, prefix: prefix, delimiter: delimiter, after: input["Marker"]?.string, maxKeys: maxKeys, include: isLive)
        let (contents, prefixes) = listed(page, encode: encode, ownerIn: bucket, restoreAsOf: restoreStatusTime(input, context))
        // NextMarker is returned only with a delimiter; without one the client uses the last key ("ListObjects").
        let hasDelimiter = !(delimiter ?? "").isEmpty
        return .structure([
            "Name": .string(bucket.name), "Prefix": .string(encode(prefix)), "Delimiter": echoed(delimiter, encode),
            "Marker": .string(encode(input["Marker"]?.string ?? "")), "MaxKeys": .int(maxKeys), "IsTruncated": .boolean(page.truncated),
            "NextMarker": page.truncated && hasDelimiter ? page.last.map { .string(encode($0)) } : nil,
            "Contents": contents.isEmpty ? nil : .list(contents), "CommonPrefixes": prefixes.isEmpty ? nil : .list(prefixes),
            "EncodingType": input["EncodingType"],
        ])
    }

    /// ListObjectVersions: every version and delete marker, newest first within a key; pages may end inside a key
    /// (KeyMarker + VersionIdMarker).
    static let listVersions: OperationHandler = { input, context in
        let (bucket, entries) = try entries(input, context)
        let encode = try encoder(input)
        let prefix = input["Prefix"]?.string ?? ""
        let delimiter = input["Delimiter"]?.string
        let maxKeys = try maxKeys(input)
        let keyMarker = input["KeyMarker"]?.string
        let versionMarker = input["VersionIdMarker"]?.string
        let restoreAsOf = restoreStatusTime(input, context)
        // "ListObjectVersions": a version marker continues a key marker, and names a version id S3 could have made.
        if let versionMarker, !versionMarker.isEmpty {
            guard let keyMarker, !keyMarker.isEmpty else {
                throw S3Errors.invalidArgument("A version-id marker cannot be specified without a key marker.", name: "version-id-marker",
                                               value: versionMarker)
            }
            guard ObjectWrites.isWellFormedVersionId(versionMarker) else {
                throw S3Errors.invalidArgument("Invalid version id specified", name: "version-id-marker", value: versionMarker)
            }
        }
        // Versions of the marker key after the version marker come first, then keys after the marker.
        var resumed: [ObjectVersion] = []
        if let keyMarker, let versionMarker, !versionMarker.isEmpty,
           let entry = entries.first(where: { $0.key == keyMarker }),
           let index = entry.versions.firstIndex(where: { $0.versionId == versionMarker }) {
            resumed = Array(entry.versions[(index + 1)...])
        }
        var versions: [AWSValue] = []
        var markers: [AWSValue] = []
        var prefixes: [AWSValue] = []
        var count = 0
        var truncated = false
        var nextKey: String?
        var nextVersion: String?
        func add(_ entry: S3ObjectEntry, _ version: ObjectVersion) -> Bool {
            if count == maxKeys {
                truncated = true
                return false
            }
            let isLatest = entry.versions.first?.versionId == version.versionId
            if version.isDeleteMarker {
                markers.append(["Key": .string(encode(entry.key)), "VersionId": .string(version.versionId), "IsLatest": .boolean(isLatest),
                                "LastModified": .timestamp(version.lastModified),
                                "Owner": S3Owner.value(ObjectOwnership.effectiveOwner(version, bucket: bucket))])
            } else {
                var value = content(entry, version, encode: encode, ownerIn: bucket, restoreAsOf: restoreAsOf)
                if case .object(var members) = value {
                    members["VersionId"] = .string(version.versionId)
                    members["IsLatest"] = .boolean(isLatest)
                    value = .object(members)
                }
                versions.append(value)
            }
            count += 1
            nextKey = entry.key
            nextVersion = version.versionId
            return true
        }
        if let entry = entries.first(where: { $0.key == keyMarker }) {
            for version in resumed where !add(entry, version) { break }
        }
        if !truncated {
            let page = page(entries, prefix: prefix, delimiter: delimiter, after: keyMarker, maxKeys: Int.max, include: { _ in true })
            outer: for item in page.items {
                switch item {
                case .prefix(let common):
                    if count == maxKeys { truncated = true; break outer }
                    prefixes.append(["Prefix": .string(encode(common))])
                    count += 1
                    nextKey = common
                    nextVersion = nil
                case .object(let entry):
                    for version in entry.versions where !add(entry, version) { break outer }
                }
            }
        }
        return .structure([
            "Name": .string(bucket.name), "Prefix": .string(encode(prefix)), "Delimiter": echoed(delimiter, encode),
            "KeyMarker": .string(keyMarker ?? ""), "VersionIdMarker": .string(versionMarker ?? ""), "MaxKeys": .int(maxKeys),
            "IsTruncated": .boolean(truncated),
            "NextKeyMarker": truncated ? nextKey.map { .string(encode($0)) } : nil,
            "NextVersionIdMarker": truncated ? nextVersion.map(AWSValue.string) : nil,
            "Versions": versions.isEmpty ? nil : .list(versions), "DeleteMarkers": markers.isEmpty ? nil : .list(markers),
            "CommonPrefixes": prefixes.isEmpty ? nil : .list(prefixes), "EncodingType": input["EncodingType"],
        ])
    }
}

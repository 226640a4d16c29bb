import AWSWire
import NimbusCore

/// GetObjectAttributes ("GetObjectAttributes" in the Amazon S3 API Reference): of the version named, only the
/// attributes `x-amz-object-attributes` asks for, without its body.
enum ObjectAttributeReads {
    static let names: Set<String> = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]

    static let get: OperationHandler = { input, context in
        let asked = Set(input["ObjectAttributes"]?.strings ?? [])
        if let unknown = asked.first(where: { !names.contains($0) }) {
            throw S3Errors.invalidArgument("Invalid attribute name specified.", name: "x-amz-object-attributes", value: unknown)
        }
        let resolved = try Objects.resolveVisible(input, context, method: "GET")
        let version = resolved.version
        var output: [String: AWSValue] = ["LastModified": .timestamp(version.lastModified)]
        if resolved.bucket.versioning != nil { output["VersionId"] = .string(version.versionId) }
        // The document's ETag is bare, without the quotes of the ETag header.
        if asked.contains("ETag") { output["ETag"] = .string(version.etag) }
        if asked.contains("StorageClass") { output["StorageClass"] = .string(version.storageClass ?? "STANDARD") }
        if asked.contains("ObjectSize") { output["ObjectSize"] = .integer(version.size) }
        if asked.contains("Checksum"), let checksums = version.checksums, !checksums.isEmpty {
            var checksum = Dictionary(uniqueKeysWithValues: checksums.map { ("Checksum\($0.key)", AWSValue.string($0.value)) })
            checksum["ChecksumType"] = version.checksumType.map(AWSValue.string)
            output["Checksum"] = .object(checksum)
        }
        if asked.contains("ObjectParts"), let count = version.partsCount {
            output["ObjectParts"] = try parts(of: version, count: count, input: input)
        }
        return .object(output)
    }

    /// A multipart object's parts, a page at a time (`x-amz-max-parts`, `x-amz-part-number-marker`).
    static func parts(of version: ObjectVersion, count: Int, input: AWSValue) throws -> AWSValue {
        let sizes = version.segments?.map(\.size) ?? []
        // Part numbers run from 1 to 10,000 ("Amazon S3 multipart upload limits"); a marker or page size outside
        // them is refused before any arithmetic on it.
        let marker = input["PartNumberMarker"]?.int ?? 0
        let maxParts = input["MaxParts"]?.int ?? 1000
        guard (0...10_000).contains(marker) else {
            throw S3Errors.invalidArgument("Argument part-number-marker must be an integer between 0 and 10000", name: "part-number-marker",
                                           value: String(marker))
        }
        guard (0...1000).contains(maxParts) else {
            throw S3Errors.invalidArgument("Argument max-parts must be an integer between 0 and 1000", name: "max-parts", value: String(maxParts))
        }
        let numbers = sizes.indices.map { $0 + 1 }.filter { $0 > marker }
        let page = numbers.prefix(maxParts)
        let truncated = page.count < numbers.count
        return .structure([
            "TotalPartsCount": .int(count), "PartNumberMarker": .int(marker), "MaxParts": .int(maxParts), "IsTruncated": .boolean(truncated),
            "NextPartNumberMarker": page.last.map { .int($0) },
            "Parts": page.isEmpty ? nil : .list(page.map { ["PartNumber": .int($0), "Size": .integer(sizes[$0 - 1])] }),
        ])
    }
}

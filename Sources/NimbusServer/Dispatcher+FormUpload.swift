import AWSWire
import Foundation
import NimbusCore
import S3Service

/// S3's browser uploads ("Browser-based uploads using POST"): `POST /bucket` with a `multipart/form-data` body,
/// which no model has. The form is parsed (its file located, not read), authenticated by its signed policy,
/// checked against that policy, then authorized and handled as the PutObject it amounts to, under the name
/// PostObject (so its event is `ObjectCreated:Post`), and answered as the form asks.
extension Dispatcher {
    /// The form's boundary when the request is a browser upload (a POST of `multipart/form-data`), else nil.
    static func formUploadBoundary(_ request: WireRequest) -> String? {
        // `POST /bucket?delete` and the like are operations of their own, whatever their content type.
        guard request.method == "POST", request.rawQuery.isEmpty else { return nil }
        return request.header("content-type").flatMap(MultipartForm.boundary(contentType:))
    }

    func formUpload(_ request: WireRequest, routed: WireRequest, boundary: String, codec: WireCodec, requestId: String, sourceIP: String,
                    region: String?, outcome: Outcome) async throws -> Outcome {
        var outcome = outcome
        // The bucket is the whole path: `/bucket` (or `/` on a virtual host, made path-style by the router).
        let path = routed.rawPath.split(separator: "/", omittingEmptySubsequences: true)
        guard path.count == 1 else {
            throw AWSError("MethodNotAllowed", "The specified method is not allowed against this resource.", status: 405,
                           fields: [("Method", "POST"), ("ResourceType", "OBJECT")])
        }
        let bucket = FormEncoding.percentDecode(String(path[0]))
        guard !bucket.contains("/") else {
            throw AWSError("InvalidBucketName", "The specified bucket is not valid.", status: 400, fields: [("BucketName", bucket)])
        }
        let spooledFile = request.spooled.flatMap { OpenFile(path: $0.path) }
        let length = request.spooled?.length ?? Int64(request.body.count)
        let body = request.body
        let parsed: MultipartForm.Parsed
        do {
            parsed = try MultipartForm.parse(length: length, boundary: boundary) { offset, count in
                if let spooledFile { return spooledFile.read(at: offset, count: count) ?? [] }
                let start = Int(offset)
                return start < body.count ? Array(body[start ..< min(body.count, start + count)]) : []
            }
        } catch {
            throw AWSError("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.", status: 400)
        }
        guard let range = parsed.fileRange else {
            throw AWSError("InvalidArgument", "POST requires exactly one file upload per request.", status: 400,
                           fields: [("ArgumentName", "file"), ("ArgumentValue", "0")])
        }
        let form = PostObjects.Form(fields: parsed.fields, fileName: parsed.fileName, fileSize: range.upperBound - range.lowerBound)
        let principal = try authenticator.authenticateForm(form.fields)
        outcome.principal = principal.arn
        if principal.kind != .anonymous, form.fields["policy"] == nil {
            throw AWSError("InvalidArgument", "Bucket POST must contain a field named 'policy'.  If it is specified, please check the order of the fields.",
                           status: 400, fields: [("ArgumentName", "policy"), ("ArgumentValue", "")])
        }
        try PostObjects.checkPolicy(form.fields["policy"], form: form, bucket: bucket, now: environment.clock.now())

        // The file's bytes: a slice of the body in memory, or copied out of the spooled form into a body of its own.
        var fileBody: SpooledBody?
        let payload: AWSValue
        // Removed when the request ends unless the handler adopted (renamed) it into the object store.
        defer { if let fileBody { try? FileManager.default.removeItem(atPath: fileBody.path) } }
        if let spooled = request.spooled {
            let extracted = try await BlockingIO.run { try Self.extract(range, of: spooled.path) }
            fileBody = extracted
            guard let file = OpenFile(path: extracted.path) else { throw AWSError("InternalError", "The upload could not be read.", status: 500) }
            payload = .file(FileBody([FileSlice(file: file, length: extracted.length)]))
        } else {
            payload = .blob(Array(body[Int(range.lowerBound) ..< Int(range.upperBound)]))
        }
        let input = try PostObjects.putInput(form, bucket: bucket, body: payload)
        let model = try registry.model("s3")
        guard let operation = model.operations["PutObject"], let handler = handlers["s3"]?["PutObject"] else {
            throw WireFault.notImplemented(service: "s3", operation: "PostObject")
        }
        try InputValidator(model: model).validate(input, operation: operation)
        var context = RequestContext(requestId: requestId, service: "s3", operation: "PostObject", principal: principal,
                                     region: region ?? RegionCatalog.defaultRegion, sourceIP: sourceIP, secureTransport: false, environment: environment)
        context.spooledBody = fileBody
        _ = try authorizer.authorize(service: "s3", operation: operation, input: input, context: context, provider: providers["s3"],
                                     wireProtocol: codec.wireProtocol)
        let output = try await handler(input, context)
        let key = input["Key"]?.string ?? ""
        let location = "http://\(request.host)/\(FormEncoding.percentEncode(bucket))/\(FormEncoding.percentEncode(key, keepSlash: true))"
        outcome.response = PostObjects.response(form, bucket: bucket, key: key, output: output, location: location, requestId: requestId)
        return outcome
    }

    /// Copies the file's bytes out of the spooled form into a file of their own beside it, with their MD5 (the ETag).
    static func extract(_ range: Range<Int64>, of path: String) throws -> SpooledBody {
        let target = path + ".file"
        guard let source = FileHandle(forReadingAtPath: path), FileManager.default.createFile(atPath: target, contents: nil),
              let output = FileHandle(forWritingAtPath: target) else {
            try? FileManager.default.removeItem(atPath: target)
            throw AWSError("InternalError", "The upload could not be stored.", status: 500)
        }
        var finished = false
        defer {
            try? source.close()
            try? output.close()
            if !finished { try? FileManager.default.removeItem(atPath: target) }
        }
        var digest = RunningDigest.md5()
        // The default checksum S3 adds to an upload without one ("Data Integrity Protections for Amazon S3").
        var crc = RunningDigest(.crc64nvme)
        try source.seek(toOffset: UInt64(range.lowerBound))
        var remaining = range.upperBound - range.lowerBound
        while remaining > 0 {
            guard let chunk = try source.read(upToCount: Int(min(remaining, 1 << 20))), !chunk.isEmpty else { break }
            digest.update(Array(chunk))
            crc.update(Array(chunk))
            try output.write(contentsOf: chunk)
            remaining -= Int64(chunk.count)
        }
        try output.synchronize()
        finished = true
        return SpooledBody(path: target, length: range.upperBound - range.lowerBound, md5: digest.finalize(), sha256Hex: nil,
                           checksums: [.crc64nvme: Base64.encode(crc.finalize())],
                           trailers: [], chunkSignatures: [])
    }
}

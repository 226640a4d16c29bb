import AWSWire
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import Hummingbird
import Logging
import NimbusCore
import NIOCore

/// The request context Nimbus needs from Hummingbird: the peer's address (for `aws:SourceIp`).
struct NimbusRequestContext: Hummingbird.RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The only Hummingbird-specific piece: HTTP in, `WireRequest` to the dispatcher, `WireResponse` out,
/// and one log line per request.
struct HTTPAdapter: HTTPResponder {
    typealias Context = NimbusRequestContext
    let dispatcher: Dispatcher
    let endpoints: NimbusEndpoints
    let logger: Logger
    let trimmer: IdleTrimmer

    func respond(to request: Request, context: Context) async throws -> Response {
        trimmer.begin()
        defer { trimmer.end() }
        let started = ContinuousClock.now
        var wire = WireRequest(
            method: request.method.rawValue,
            rawPath: request.uri.path,
            rawQuery: request.uri.query ?? "",
            headers: request.headers.map { ($0.name.canonicalName, $0.value) },
            body: [],
            host: request.head.authority ?? "localhost"
        )
        if NimbusEndpoints.handles(wire.rawPath) {
            wire.body = (try? await request.body.collect(upTo: 64 << 10)).map { Array($0.readableBytesView) } ?? []
            return Self.response(endpoints.respond(wire))
        }
        let sourceIP = context.remoteAddress?.ipAddress ?? "127.0.0.1"
        let parsed = dispatcher.parseAuthorization(wire)
        var bodyError: AWSError?
        var spooler: BodySpooler?
        defer { spooler?.discard() }
        var tooLarge = false
        if let directory = dispatcher.spoolDirectory(for: wire, authorization: parsed) {
            // A streaming payload (an S3 object) goes to a file as it arrives, never whole into memory.
            do {
                let spool = try BodySpooler(directory: directory, awsChunked: Self.isAWSChunked(wire), wantSHA256: Self.hasPayloadHash(wire),
                                            checksums: Self.requestedChecksums(wire),
                                            signedChunks: wire.header("x-amz-content-sha256")?.hasPrefix(SigV4.streamingSignedPayload) ?? false)
                spooler = spool
                for try await chunk in request.body {
                    try chunk.withUnsafeReadableBytes { (bytes) throws(SpoolError) in try spool.write(bytes) }
                }
                let body = try await BlockingIO.run { try spool.finish() }
                wire.headers += body.trailers
                wire.spooled = body
            } catch SpoolError.malformedChunk {
                bodyError = AWSError("IncompleteBody", "The request body terminated unexpectedly", status: 400)
            } catch {
                logger.error("request body not stored", metadata: ["error": "\(error)"])
                bodyError = AWSError("InternalError", "We encountered an internal error. Please try again.", status: 500, senderFault: false)
            }
        } else {
            let limit = dispatcher.bodyLimit(forService: dispatcher.serviceName(forHeadersOf: wire, authorization: parsed))
            // A body over the service's limit is read to its end without being kept, so the client
            // finishes sending and reads the error rather than hanging on a full socket.
            tooLarge = wire.header("content-length").flatMap(Int.init).map { $0 > limit } ?? false
            var collected: [UInt8] = []
            do {
                for try await chunk in request.body where !tooLarge {
                    if collected.count + chunk.readableBytes > limit {
                        tooLarge = true
                        collected = []
                    } else {
                        collected.append(contentsOf: chunk.readableBytesView)
                    }
                }
            } catch {
                tooLarge = true
            }
            wire.body = collected
        }
        let outcome = await dispatcher.handle(wire, parsed: parsed, sourceIP: sourceIP, bodyTooLarge: tooLarge, bodyError: bodyError)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        logger.info("request", metadata: [
            "service": "\(outcome.service)",
            "operation": "\(outcome.operation)",
            "status": "\(outcome.response.status)",
            "principal": "\(outcome.principal)",
            "ms": "\((ms * 100).rounded() / 100)",
            "error": outcome.errorCode.map { "\($0)" } ?? "-",
        ])
        return Self.response(outcome.response)
    }

    static func response(_ wire: WireResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in wire.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        if let file = wire.bodyFile {
            fields[.contentLength] = String(file.length)
            return Response(status: HTTPResponse.Status(code: wire.status), headers: fields, body: ResponseBody(contentLength: Int(file.length)) { writer in
                for slice in file.slices {
                    var offset = slice.offset
                    let end = slice.offset + slice.length
                    // A large body is read from the disk, not into the page cache (see OpenFile.bypassPageCache).
                    if slice.length >= Self.directReadThreshold { _ = slice.file.bypassPageCache() }
                    while offset < end {
                        let count = Int(min(Int64(Self.fileChunk), end - offset))
                        // Read straight into the buffer that goes out: one copy.
                        var buffer = ByteBufferAllocator().buffer(capacity: DirectIO.readCapacity(count))
                        var start = 0
                        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: DirectIO.readCapacity(count)) { target in
                            let (at, n) = slice.file.read(at: offset, count: count, into: target)
                            start = at
                            return n > 0 ? at + n : 0
                        } - start
                        guard read > 0 else { break }
                        buffer.moveReaderIndex(forwardBy: start)
                        try await writer.write(buffer)
                        offset += Int64(read)
                    }
                }
                try await writer.finish(nil)
            })
        }
        // A HEAD answer states the length of what a GET would return (S3's HeadObject) without a body.
        if fields[.contentLength] == nil || !wire.body.isEmpty { fields[.contentLength] = String(wire.body.count) }
        return Response(
            status: HTTPResponse.Status(code: wire.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: wire.body))
        )
    }

    /// How much of a file body is read and written at a time.
    static let fileChunk = 256 << 10
    /// Slices at least this long are read with direct I/O.
    static let directReadThreshold: Int64 = 1 << 20

    /// `Content-Encoding: aws-chunked` or a `STREAMING-...` payload hash: the body is framed in signed chunks.
    static func isAWSChunked(_ wire: WireRequest) -> Bool {
        (wire.header("x-amz-content-sha256")?.hasPrefix("STREAMING-") ?? false)
            || (wire.header("content-encoding")?.lowercased().contains("aws-chunked") ?? false)
    }

    /// The client states the payload's SHA-256 (hex), which must then match the body.
    static func hasPayloadHash(_ wire: WireRequest) -> Bool {
        guard let hash = wire.header("x-amz-content-sha256"), hash.utf8.count == 64 else { return false }
        return hash.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The flexible checksums a request asks S3 to check: named in a header, as the SDK's algorithm, or as a trailer.
    /// A body that names none gets a CRC64NVME, which S3 adds to every object uploaded without a checksum ("Data
    /// Integrity Protections for Amazon S3"; only S3's object bodies are spooled).
    static func requestedChecksums(_ wire: WireRequest) -> Set<ChecksumAlgorithm> {
        var wanted = Set<ChecksumAlgorithm>()
        for (name, value) in wire.headers {
            if let algorithm = ChecksumAlgorithm(header: name) { wanted.insert(algorithm) }
            if name == "x-amz-sdk-checksum-algorithm", let algorithm = ChecksumAlgorithm(rawValue: value.uppercased()) { wanted.insert(algorithm) }
            if name == "x-amz-trailer" {
                for part in value.split(separator: ",") {
                    if let algorithm = ChecksumAlgorithm(header: part.trimmingCharacters(in: .whitespaces)) { wanted.insert(algorithm) }
                }
            }
        }
        // A browser's form is not the object: its file part gets its checksum when it is taken out of the form.
        return wanted.isEmpty && Dispatcher.formUploadBoundary(wire) == nil ? [.crc64nvme] : wanted
    }
}

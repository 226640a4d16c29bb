import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A streaming request body that was written to a file as it arrived, with what was computed on the way.
public struct SpooledBody: Sendable {
    public var path: String
    /// The payload's length (after aws-chunked decoding).
    public var length: Int64
    public var md5: [UInt8]
    /// The SHA-256 of the payload, hex, when it was asked for (to check a signed payload hash).
    public var sha256Hex: String?
    /// The flexible checksums computed, base64, by algorithm.
    public var checksums: [ChecksumAlgorithm: String]
    /// Trailing headers of an aws-chunked body (`x-amz-checksum-crc32: ...`), lowercased names.
    public var trailers: [(name: String, value: String)]
    /// Each aws-chunked chunk's stated signature and the hex SHA-256 of its data, the zero-length last chunk
    /// included, when the chunks are signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`); the caller verifies the chain.
    public var chunkSignatures: [(signature: String, sha256Hex: String)]

    public init(path: String, length: Int64, md5: [UInt8], sha256Hex: String? = nil, checksums: [ChecksumAlgorithm: String] = [:],
                trailers: [(name: String, value: String)] = [], chunkSignatures: [(signature: String, sha256Hex: String)] = []) {
        self.path = path
        self.length = length
        self.md5 = md5
        self.sha256Hex = sha256Hex
        self.checksums = checksums
        self.trailers = trailers
        self.chunkSignatures = chunkSignatures
    }
}

/// Why a body could not be taken.
public enum SpoolError: Error, Sendable {
    case io(String)
    /// The aws-chunked framing was broken.
    case malformedChunk
}

/// Writes a request body to a temporary file chunk by chunk, decoding `aws-chunked` framing
/// ("Signature calculations for the Authorization Header: Transferring payload in multiple chunks") and
/// computing the ETag's MD5 and any requested checksums in the same pass, so no body is ever held whole.
/// One request uses it, one step after another (possibly on different threads, never at once): hence
/// `@unchecked Sendable`.
public final class BodySpooler: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    /// The MD5 (the ETag) and, when asked for, the SHA-256 of the payload.
    private var digests: PayloadDigests
    private var checksums: [(ChecksumAlgorithm, RunningDigest)]
    private var length: Int64 = 0
    private var chunked: ChunkDecoder?
    /// Payload bytes not yet written: page-aligned, so full buffers can go to the disk without the page cache.
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: BodySpooler.bufferSize, alignment: DirectIO.alignment)
    private var buffered = 0
    /// Whether the file is open with O_DIRECT (dropped if the file system refuses an aligned write).
    private var direct: Bool
    /// The running hash of the current signed chunk, when chunk signatures are recorded.
    private var chunkDigest: RunningDigest?
    private var chunkSignatures: [(signature: String, sha256Hex: String)] = []

    /// - Parameters:
    ///   - directory: where the file goes (the same file system as its final place, so it can be renamed there).
    ///   - awsChunked: the body is framed as aws-chunked.
    ///   - wantSHA256: compute the payload's SHA-256.
    ///   - checksums: the flexible checksums to compute.
    ///   - signedChunks: record each chunk's signature and data hash (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`).
    public init(directory: String, awsChunked: Bool, wantSHA256: Bool, checksums: Set<ChecksumAlgorithm>,
                signedChunks: Bool = false) throws(SpoolError) {
        path = directory + "/incoming-" + UUID().uuidString
        // Bodies bypass the page cache: copying a large upload into freshly allocated cache pages cost more CPU than
        // all of its digests together (perf, 1 GiB `aws s3 cp`), and the bytes are fsynced before the answer anyway.
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | DirectIO.flag, 0o600)
        direct = fd >= 0
        if fd < 0, errno == EINVAL {
            // A file system without direct I/O (tmpfs before Linux 6.6).
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else {
            buffer.deallocate()
            throw .io("cannot create \(path): errno \(errno)")
        }
        self.fd = fd
        digests = PayloadDigests(sha256: wantSHA256)
        self.checksums = checksums.sorted { $0.rawValue < $1.rawValue }.map { ($0, RunningDigest($0)) }
        chunked = awsChunked ? ChunkDecoder() : nil
        chunkDigest = awsChunked && signedChunks ? RunningDigest(.sha256) : nil
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    static let bufferSize = 1 << 20

    /// Takes the next piece of the body as it came off the wire.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SpoolError) {
        if var decoder = chunked {
            var failure: SpoolError?
            do {
                try decoder.feed(bytes, payload: { payload in
                    if failure == nil {
                        do throws(SpoolError) { try self.payload(payload) } catch { failure = error }
                    }
                }, chunkEnded: { signature in
                    guard var digest = self.chunkDigest else { return }
                    self.chunkSignatures.append((signature ?? "", SigV4.hex(digest.finalize())))
                    digest = RunningDigest(.sha256)
                    self.chunkDigest = digest
                })
            } catch {
                throw .malformedChunk
            }
            chunked = decoder
            if let failure { throw failure }
        } else {
            try payload(bytes)
        }
    }

    private func payload(_ bytes: UnsafeRawBufferPointer) throws(SpoolError) {
        guard !bytes.isEmpty else { return }
        chunkDigest?.update(bytes)
        digests.update(bytes)
        for index in checksums.indices { checksums[index].1.update(bytes) }
        length += Int64(bytes.count)
        var taken = 0
        while taken < bytes.count {
            let take = min(bytes.count - taken, Self.bufferSize - buffered)
            (buffer + buffered).copyMemory(from: bytes.baseAddress! + taken, byteCount: take)
            buffered += take
            taken += take
            if buffered == Self.bufferSize { try flush() }
        }
    }

    /// Writes out what is buffered: a full buffer directly, the unaligned tail (at the end) through the page cache.
    private func flush() throws(SpoolError) {
        if direct, buffered % DirectIO.alignment != 0 { bufferedIO() }
        var done = 0
        while done < buffered {
            let n = Glibc.write(fd, buffer + done, buffered - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL, direct {
                    bufferedIO()
                    continue
                }
                throw .io("write failed: errno \(errno)")
            }
            done += n
            // A short direct write leaves the offset unaligned: go on through the page cache.
            if direct, n % DirectIO.alignment != 0 { bufferedIO() }
        }
        buffered = 0
    }

    /// Drops O_DIRECT for the rest of the file.
    private func bufferedIO() {
        direct = false
        DirectIO.set(false, on: fd)
    }

    /// Flushes and syncs the file; the body is durable once this returns.
    public func finish() throws(SpoolError) -> SpooledBody {
        try flush()
        if let decoder = chunked, !decoder.isComplete { throw .malformedChunk }
        guard fsync(fd) == 0 else { throw .io("fsync failed: errno \(errno)") }
        var computed: [ChecksumAlgorithm: String] = [:]
        for (algorithm, digest) in checksums { computed[algorithm] = Base64.encode(digest.finalize()) }
        let (md5, sha256) = digests.finalize()
        return SpooledBody(path: path, length: length, md5: md5,
                           sha256Hex: sha256.map { SigV4.hex($0) }, checksums: computed,
                           trailers: chunked?.trailers ?? [], chunkSignatures: chunkSignatures)
    }

    /// Removes the file (a body that was refused, or one the handler did not keep).
    public func discard() {
        unlink(path)
    }
}

/// The aws-chunked framing: `hex-size[;chunk-signature=...]\r\n<data>\r\n` repeated, a zero-size chunk,
/// then optional trailing headers and a blank line.
struct ChunkDecoder {
    struct Malformed: Error {}
    private enum Phase { case header, data(remaining: Int), dataEnd, trailers, done }
    private var phase = Phase.header
    private var line: [UInt8] = []
    private(set) var trailers: [(name: String, value: String)] = []

    var isComplete: Bool {
        if case .done = phase { return true }
        // Some clients end after the zero chunk's header without the final blank line.
        if case .trailers = phase, line.isEmpty { return true }
        return false
    }

    /// The signature stated by the chunk being read (`;chunk-signature=`).
    private var signature: String?

    /// `chunkEnded` is called after each chunk's data, the empty last chunk included, with its stated signature.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, payload: (UnsafeRawBufferPointer) -> Void,
                       chunkEnded: (String?) -> Void = { _ in }) throws {
        var i = 0
        while i < bytes.count {
            switch phase {
            case .data(let remaining):
                let take = min(remaining, bytes.count - i)
                payload(UnsafeRawBufferPointer(rebasing: bytes[i ..< i + take]))
                i += take
                if remaining - take == 0 {
                    phase = .dataEnd
                    chunkEnded(signature)
                } else {
                    phase = .data(remaining: remaining - take)
                }
            case .done:
                return
            case .header, .dataEnd, .trailers:
                let byte = bytes[i]
                i += 1
                if byte != 0x0A {
                    if byte != 0x0D { line.append(byte) }
                    guard line.count < 8192 else { throw Malformed() }
                    continue
                }
                let text = String(decoding: line, as: UTF8.self)
                line.removeAll(keepingCapacity: true)
                switch phase {
                case .dataEnd:
                    guard text.isEmpty else { throw Malformed() }
                    phase = .header
                case .header:
                    let parts = text.split(separator: ";", maxSplits: 1)
                    let sizeText = parts.first.map(String.init) ?? ""
                    guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { throw Malformed() }
                    signature = parts.count > 1 && parts[1].hasPrefix("chunk-signature=") ? String(parts[1].dropFirst("chunk-signature=".count)) : nil
                    if size == 0 {
                        phase = .trailers
                        chunkEnded(signature)
                    } else {
                        phase = .data(remaining: size)
                    }
                default:
                    if text.isEmpty {
                        phase = .done
                    } else if let colon = text.firstIndex(of: ":") {
                        let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                        // The trailer's own signature is not a header of the request.
                        if name != "x-amz-trailer-signature" {
                            trailers.append((name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                        }
                    }
                }
            }
        }
    }
}

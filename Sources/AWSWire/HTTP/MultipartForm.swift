import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `multipart/form-data` body (RFC 7578) as browsers send S3's POST uploads ("Browser-based uploads using
/// POST"): form fields, then the file, which S3 takes as the last field (fields after it are ignored). The fields
/// are small and read into memory; the file is only located (its byte range), so a body spooled to disk is never
/// read whole.
public enum MultipartForm {
    public struct Parsed: Sendable {
        /// The fields before the file, in order, names as sent.
        public var fields: [(name: String, value: String)]
        /// The file part's `filename` and `Content-Type`, and where its bytes are in the body.
        public var fileName: String?
        public var fileContentType: String?
        public var fileRange: Range<Int64>?
    }

    public enum Failure: Error, Sendable {
        case malformed
    }

    /// The fields before the file must fit in this much (S3 allows 20 KB of them; this is generous).
    public static let maximumFieldsSize = 1 << 20

    /// `boundary=...` of a `multipart/form-data` content type, unquoted; nil for any other type.
    public static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// Parses a body of `length` bytes read through `read(offset, count)` (which may return fewer bytes at the end).
    public static func parse(length: Int64, boundary: String, read: (Int64, Int) throws -> [UInt8]) throws -> Parsed {
        let delimiter = Array("--\(boundary)".utf8)
        let head = try read(0, Int(min(length, Int64(maximumFieldsSize))))
        var parsed = Parsed(fields: [])
        guard var position = find(delimiter, in: head, from: 0) else { throw Failure.malformed }
        while true {
            position += delimiter.count
            // `--` after a delimiter ends the body; otherwise a line break starts the next part's headers.
            if head.count >= position + 2, head[position] == UInt8(ascii: "-"), head[position + 1] == UInt8(ascii: "-") { return parsed }
            guard let headersStart = lineEnd(in: head, from: position), let headersEnd = find(Array("\r\n\r\n".utf8), in: head, from: headersStart - 2)
            else { throw Failure.malformed }
            let headers = parseHeaders(headersEnd > headersStart ? head[headersStart ..< headersEnd] : [])
            let dataStart = headersEnd + 4
            guard let disposition = headers["content-disposition"], let name = parameter("name", of: disposition) else { throw Failure.malformed }
            if name.lowercased() == "file" {
                parsed.fileName = parameter("filename", of: disposition)
                parsed.fileContentType = headers["content-type"]
                let end = try findInBody(Array("\r\n".utf8) + delimiter, from: Int64(dataStart), length: length, read: read)
                guard let end else { throw Failure.malformed }
                parsed.fileRange = Int64(dataStart) ..< end
                return parsed
            }
            guard let next = find(Array("\r\n".utf8) + delimiter, in: head, from: dataStart) else { throw Failure.malformed }
            parsed.fields.append((name, String(decoding: head[dataStart ..< next], as: UTF8.self)))
            position = next + 2
        }
    }

    /// The index just past the line break that ends the line at `from`, allowing only transport padding before it.
    static func lineEnd(in bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        guard index + 1 < bytes.count, bytes[index] == 13, bytes[index + 1] == 10 else { return nil }
        return index + 2
    }

    static func parseHeaders(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// A parameter of a header value (`form-data; name="key"; filename="a.txt"`), unquoted.
    static func parameter(_ wanted: String, of value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == wanted else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        let start = max(0, start)
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                // memchr finds each candidate first byte; the rest is compared in place.
                let base = UnsafeRawPointer(hay.baseAddress!)
                var index = start
                let last = hay.count - pattern.count
                while index <= last {
                    guard let hit = memchr(base + index, Int32(pattern[0]), last - index + 1) else { return nil }
                    index = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + index, pattern.baseAddress!, pattern.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }

    /// Finds `needle` in the body from `start`, reading 1 MiB at a time (overlapping by the needle's length).
    static func findInBody(_ needle: [UInt8], from start: Int64, length: Int64, read: (Int64, Int) throws -> [UInt8]) throws -> Int64? {
        let window = 1 << 20
        var offset = start
        while offset < length {
            let bytes = try read(offset, Int(min(Int64(window + needle.count), length - offset)))
            if bytes.isEmpty { return nil }
            if let found = find(needle, in: bytes, from: 0) { return offset + Int64(found) }
            guard bytes.count > needle.count else { return nil }
            offset += Int64(bytes.count - needle.count + 1)
        }
        return nil
    }
}

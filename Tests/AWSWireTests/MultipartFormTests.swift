import Testing
@testable import AWSWire

/// `multipart/form-data` (RFC 7578) as S3's browser uploads send it ("Browser-based uploads using POST").
@Suite struct MultipartFormTests {
    func body(_ parts: [(String, String, String?)], boundary: String = "XyZ") -> [UInt8] {
        var text = "preamble\r\n"
        for (name, value, filename) in parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            text += filename.map { "; filename=\"\($0)\"\r\nContent-Type: image/png" } ?? ""
            text += "\r\n\r\n\(value)\r\n"
        }
        return Array((text + "--\(boundary)--\r\n").utf8)
    }

    func parse(_ bytes: [UInt8], boundary: String = "XyZ") throws -> MultipartForm.Parsed {
        try MultipartForm.parse(length: Int64(bytes.count), boundary: boundary) { offset, count in
            Array(bytes[Int(offset) ..< min(bytes.count, Int(offset) + count)])
        }
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=----abc") == "----abc")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; charset=utf-8; boundary=\"q r\"") == "q r")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
    }

    @Test func fieldsThenTheFileWhoseBytesAreLocated() throws {
        let bytes = body([("key", "uploads/${filename}", nil), ("acl", "private", nil), ("file", "PNG\r\nDATA--XyZ", "a b.png"),
                          ("ignored", "after the file", nil)])
        let parsed = try parse(bytes)
        #expect(parsed.fields.map(\.name) == ["key", "acl"])
        #expect(parsed.fields.map(\.value) == ["uploads/${filename}", "private"])
        #expect(parsed.fileName == "a b.png" && parsed.fileContentType == "image/png")
        let range = try #require(parsed.fileRange)
        #expect(String(decoding: bytes[Int(range.lowerBound) ..< Int(range.upperBound)], as: UTF8.self) == "PNG\r\nDATA--XyZ")
    }

    @Test func malformedBodiesAreRefused() throws {
        #expect(throws: MultipartForm.Failure.self) { try parse(Array("no delimiter here".utf8)) }
        #expect(throws: MultipartForm.Failure.self) { try parse(Array("--XyZ\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nunterminated".utf8)) }
        #expect(try parse(body([("key", "k", nil)])).fileRange == nil)
    }
}

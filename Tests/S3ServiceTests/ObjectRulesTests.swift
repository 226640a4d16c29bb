import AWSWire
import Testing
@testable import S3Service

/// Pure S3 rules: "General purpose bucket naming rules", byte ranges (RFC 9110 §14.1.2 as "GetObject" applies them),
/// and ETag matching for conditional requests.
@Suite struct ObjectRulesTests {
    @Test func bucketNames() {
        for good in ["abc", "my-bucket.logs", "a1b2c3", String(repeating: "a", count: 63)] { #expect(BucketNames.problem(good) == nil) }
        for bad in ["ab", "Abc", "a_b", "-ab", "ab-", "a..b", "10.0.0.1", "xn--abc", "sthree-x", "abc-s3alias", "abc--ol-s3",
                    String(repeating: "a", count: 64)] {
            #expect(BucketNames.problem(bad) != nil, "\(bad)")
        }
    }

    @Test func byteRanges() throws {
        #expect(try ByteRange.resolve("bytes=0-9", size: 100)! == (0, 10))
        #expect(try ByteRange.resolve("bytes=90-", size: 100)! == (90, 10))
        #expect(try ByteRange.resolve("bytes=-5", size: 100)! == (95, 5))
        #expect(try ByteRange.resolve("bytes=-500", size: 100)! == (0, 100))
        #expect(try ByteRange.resolve("bytes=95-500", size: 100)! == (95, 5))
        #expect(try ByteRange.resolve(nil, size: 100) == nil)
        #expect(try ByteRange.resolve("bytes=0-1,5-6", size: 100) == nil)  // several ranges: the whole object
        #expect(throws: (any Error).self) { try ByteRange.resolve("bytes=100-", size: 100) }
        #expect(throws: (any Error).self) { try ByteRange.resolve("bytes=-0", size: 100) }
    }

    @Test func etagLists() {
        #expect(ObjectConditions.matches("\"abc\"", "abc"))
        #expect(ObjectConditions.matches("abc", "abc"))
        #expect(ObjectConditions.matches("\"x\", \"abc\"", "abc"))
        #expect(ObjectConditions.matches("*", "abc"))
        #expect(ObjectConditions.matches("W/\"abc\"", "abc"))
        #expect(!ObjectConditions.matches("\"abd\"", "abc"))
    }

    @Test func multipartETagBytes() {
        #expect(MultipartUploads.hexBytes("00ff10Ab") == [0x00, 0xFF, 0x10, 0xAB])
    }

    // "User-defined tag restrictions": letters, digits, spaces and `_ . : / = + - @`.
    @Test func tagCharacters() throws {
        try Tagging.check([S3Tag(key: "Ünïcode key_1.2:/=+-@", value: "über 42")], limit: 10, tooMany: "")
        #expect(throws: AWSError.self) { try Tagging.check([S3Tag(key: "a&b", value: "")], limit: 10, tooMany: "") }
        #expect(throws: AWSError.self) { try Tagging.check([S3Tag(key: "a", value: "<b>")], limit: 10, tooMany: "") }
        #expect(throws: AWSError.self) { try Tagging.check([S3Tag(key: "a", value: ""), S3Tag(key: "b", value: "")], limit: 1, tooMany: "") }
    }

    // "Transferring payload in multiple chunks": aws-chunked is framing, not the object's encoding.
    @Test func storedContentEncoding() {
        #expect(ObjectAttributes.storedContentEncoding("aws-chunked") == nil)
        #expect(ObjectAttributes.storedContentEncoding("aws-chunked,gzip") == "gzip")
        #expect(ObjectAttributes.storedContentEncoding("gzip, br") == "gzip,br")
    }

    @Test func versionIdShapes() {
        #expect(ObjectWrites.isWellFormedVersionId("null"))
        #expect(ObjectWrites.isWellFormedVersionId(String(repeating: "a", count: 32)))
        #expect(!ObjectWrites.isWellFormedVersionId("bogus"))
        // Ours are lowercase hex: an AWS-style id, or one of ours with its end changed to "ABCD", is not one.
        #expect(!ObjectWrites.isWellFormedVersionId("HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"))
        #expect(!ObjectWrites.isWellFormedVersionId(String(repeating: "a", count: 28) + "ABCD"))
    }
}


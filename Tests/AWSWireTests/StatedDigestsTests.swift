import Crypto
import Testing
@testable import AWSWire

/// "Checking object integrity in Amazon S3": the digests a request states for a body it sends whole.
@Suite struct StatedDigestsTests {
    let body = Array("<Delete><Object><Key>k</Key></Object></Delete>".utf8)

    func md5(_ bytes: [UInt8]) -> String { Base64.encode(Array(Insecure.MD5.hash(data: bytes))) }
    func sha256(_ bytes: [UInt8]) -> String { Base64.encode(Array(SHA256.hash(data: bytes))) }

    func code(_ headers: [String: String], required: Bool = false) -> String? {
        do throws(AWSError) {
            try StatedDigests.verify(body, header: { headers[$0] }, required: required)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func matchingDigestsPass() {
        #expect(code(["content-md5": md5(body)], required: true) == nil)
        #expect(code(["x-amz-checksum-sha256": sha256(body)], required: true) == nil)
        #expect(code(["content-md5": md5(body), "x-amz-checksum-sha256": sha256(body)]) == nil)
        #expect(code([:]) == nil)
    }

    @Test func wrongMissingAndMalformedDigests() {
        #expect(code([:], required: true) == "InvalidRequest")
        #expect(code(["content-md5": md5(Array("other".utf8))]) == "BadDigest")
        #expect(code(["content-md5": "not base64!"]) == "InvalidDigest")
        #expect(code(["x-amz-checksum-sha256": sha256(Array("other".utf8))]) == "BadDigest")
        #expect(code(["x-amz-checksum-crc32": "AAAAAAAA"]) == "InvalidRequest")
        #expect(code(["x-amz-checksum-sha256": sha256(body), "x-amz-checksum-crc32": "AAAAAA=="]) == "InvalidRequest")
    }

    @Test func checksumHeadersThatAreMembersAreNotTheBodys() throws {
        // CompleteMultipartUpload's x-amz-checksum-sha256 is the object's, not its XML body's.
        try StatedDigests.verify(body, header: { ["x-amz-checksum-sha256": sha256(Array("object".utf8))][$0] }, required: false,
                                 checksumsDescribeBody: false)
    }
}


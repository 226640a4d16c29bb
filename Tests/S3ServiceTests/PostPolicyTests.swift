import AWSWire
import Foundation
import Testing
@testable import S3Service

/// "Creating a POST policy": expiration, conditions (exact, eq, starts-with, content-length-range), extra fields.
@Suite struct PostPolicyTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func policy(_ conditions: String, expiration: String = "2030-01-01T00:00:00Z") -> String {
        Data(#"{"expiration": "\#(expiration)", "conditions": [\#(conditions)]}"#.utf8).base64EncodedString()
    }

    func code(_ conditions: String, fields: [(String, String)], size: Int64 = 10, expiration: String = "2030-01-01T00:00:00Z") -> String? {
        let form = PostObjects.Form(fields: fields.map { (name: $0.0, value: $0.1) }, fileName: "a.png", fileSize: size)
        do {
            try PostObjects.checkPolicy(policy(conditions, expiration: expiration), form: form, bucket: "b", now: now)
            return nil
        } catch let error as AWSError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func conditionsHold() {
        #expect(code(#"{"bucket": "b"}, ["starts-with", "$key", "up/"], ["eq", "$acl", "private"]"#,
                     fields: [("key", "up/${filename}"), ("acl", "private")]) == nil)
        #expect(code(#"["starts-with", "$Content-Type", "image/"], {"key": "k"}"#, fields: [("key", "k"), ("Content-Type", "image/png")]) == nil)
    }

    @Test func failuresAreS3s() {
        #expect(code(#"{"bucket": "other"}"#, fields: []) == "AccessDenied")
        #expect(code(#"{"key": "k"}"#, fields: [("key", "k"), ("x-amz-meta-extra", "1")]) == "AccessDenied")
        #expect(code(#"{"key": "k"}, ["content-length-range", 0, 5]"#, fields: [("key", "k")]) == "EntityTooLarge")
        #expect(code(#"{"key": "k"}, ["content-length-range", 20, 50]"#, fields: [("key", "k")]) == "EntityTooSmall")
        #expect(code(#"{"key": "k"}"#, fields: [("key", "k")], expiration: "2020-01-01T00:00:00Z") == "AccessDenied")
        #expect(code(#"{"key": "k"}"#, fields: [("key", "k"), ("x-ignore-me", "1"), ("policy", "p")]) == nil)
    }
}

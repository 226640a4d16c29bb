import AWSWire
import Testing
@testable import S3Service

/// "How does Amazon S3 evaluate the CORS configuration on a bucket?": origins with one wildcard, exact methods,
/// requested headers against AllowedHeaders without regard to case; and the paths the rules are found by.
@Suite struct CrossOriginTests {
    let rule: AWSValue = ["AllowedOrigins": .list(["https://*.example.com"]), "AllowedMethods": .list(["GET", "PUT"]),
                          "AllowedHeaders": .list(["Content-Type", "x-amz-*"]), "MaxAgeSeconds": .integer(60)]

    @Test func originsAndMethods() {
        #expect(S3Provider.allows(rule, origin: "https://app.example.com", method: "PUT"))
        #expect(!S3Provider.allows(rule, origin: "https://example.org", method: "GET"))
        #expect(!S3Provider.allows(rule, origin: "https://app.example.com", method: "DELETE"))
    }

    @Test func requestedHeaders() {
        #expect(S3Provider.allowsHeaders(rule, ["content-type", "x-amz-date"]))
        #expect(!S3Provider.allowsHeaders(rule, ["x-custom"]))
        #expect(S3Provider.allowsHeaders(rule, []))
    }

    @Test func answers() {
        let named = Dictionary(uniqueKeysWithValues: S3Provider.answer(rule, origin: "https://app.example.com").map { ($0.name, $0.value) })
        #expect(named["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(named["Access-Control-Allow-Credentials"] == "true")
        #expect(named["Access-Control-Max-Age"] == "60")
        let open: AWSValue = ["AllowedOrigins": .list(["*"]), "AllowedMethods": .list(["GET"])]
        #expect(S3Provider.answer(open, origin: "https://x").first?.value == "*")
    }

    @Test func bucketsAndKeysFromPaths() {
        #expect(S3Provider.bucketAndKey("/b/dir/a%20b.txt") == ("b", "dir/a b.txt"))
        #expect(S3Provider.bucketAndKey("/b") == ("b", nil))
        #expect(S3Provider.bucketAndKey("/b/") == ("b", nil))
    }
}

import Crypto
import Foundation
import Testing

@testable import AWSWire

// MARK: - Helpers

/// Splits a raw HTTP request (request line, headers, blank line, body) as the suite's files hold it.
/// A header line starting with whitespace continues the previous header as another value
/// (the suite's get-header-value-multiline expects "value1,value2,value3").
private func parseRawRequest(_ text: String) -> (request: SigV4Request, body: String) {
    let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
    let head = parts[0]
    let body = parts.count > 1 ? String(parts[1]) : ""
    let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
    let requestLine = lines[0]
    let firstSpace = requestLine.firstIndex(of: " ")!
    let versionStart = requestLine.range(of: " HTTP/", options: .backwards)!.lowerBound
    let method = String(requestLine[..<firstSpace])
    let target = String(requestLine[requestLine.index(after: firstSpace)..<versionStart])
    var headers: [(name: String, value: String)] = []
    for line in lines.dropFirst() where !line.isEmpty {
        if line.first == " " || line.first == "\t", let previous = headers.last {
            headers.append((previous.name, line.trimmingCharacters(in: .whitespaces)))
            continue
        }
        let colon = line.firstIndex(of: ":")!
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
    }
    return (SigV4Request(method: method, target: target, headers: headers), body)
}

/// What the server passes as payloadHash: x-amz-content-sha256 when present, else the body's hash.
private func payloadHash(_ request: SigV4Request, body: String) -> String {
    request.header("x-amz-content-sha256") ?? SigV4.sha256Hex(Array(body.utf8))
}

private let suiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

// MARK: - AWS test suite

/// AWS's published SigV4 test suite; see Fixtures/sigv4/SigV4SuiteVectors.swift.
/// Docs: "Create a canonical request for Signature Version 4", "Create a string to sign for Signature
/// Version 4", "Calculate the signature for AWS Signature Version 4".
@Suite("SigV4 test suite")
struct SigV4SuiteTests {
    @Test("Authorization header variant", arguments: SigV4SuiteVectors.all.filter { $0.headerSignedRequest != nil })
    func headerVariant(_ vector: SigV4SuiteVector) throws {
        let (request, body) = parseRawRequest(vector.headerSignedRequest!)
        let auth = try #require(try SigV4.parseAuthorization(request))
        #expect(auth.presigned == false)
        #expect(auth.accessKeyId == "AKIDEXAMPLE")
        try check(vector, request: request, auth: auth, payloadHash: SigV4.sha256Hex(Array(body.utf8)),
                  canonical: vector.headerCanonicalRequest, sts: vector.headerStringToSign)
    }

    @Test("Presigned (query) variant", arguments: SigV4SuiteVectors.all.filter { $0.querySignedRequest != nil })
    func queryVariant(_ vector: SigV4SuiteVector) throws {
        let (request, body) = parseRawRequest(vector.querySignedRequest!)
        let auth = try #require(try SigV4.parseAuthorization(request))
        #expect(auth.presigned == true)
        // The suite's presigned variant signs the body hash, not UNSIGNED-PAYLOAD.
        try check(vector, request: request, auth: auth, payloadHash: SigV4.sha256Hex(Array(body.utf8)),
                  canonical: vector.queryCanonicalRequest, sts: vector.queryStringToSign)
    }

    private func check(
        _ vector: SigV4SuiteVector, request: SigV4Request, auth: SigV4Authorization, payloadHash: String,
        canonical expectedCanonical: String?, sts expectedSTS: String?
    ) throws {
        let s3Style = !vector.normalize
        let canonical = SigV4.canonicalRequest(
            request, signedHeaders: auth.signedHeaders, payloadHash: payloadHash,
            s3Style: s3Style, excludeSignatureFromQuery: auth.presigned
        )
        if let expectedCanonical { #expect(canonical == expectedCanonical) }
        let sts = SigV4.stringToSign(amzDate: auth.amzDate, scope: auth.scope, canonicalRequest: canonical)
        if let expectedSTS { #expect(sts == expectedSTS) }
        let key = SigV4.signingKey(secret: suiteSecret, date: auth.scopeDate, region: auth.region, service: auth.service)
        #expect(SigV4.signature(signingKey: key, stringToSign: sts) == auth.signature)
        #expect(SigV4.verify(auth, request: request, secretAccessKey: suiteSecret, payloadHash: payloadHash, s3Style: s3Style))
        #expect(!SigV4.verify(auth, request: request, secretAccessKey: suiteSecret + "x", payloadHash: payloadHash, s3Style: s3Style))
    }

    @Test func suiteIsLoaded() {
        #expect(SigV4SuiteVectors.all.count >= 30)
    }

    /// "Calculate the signature for AWS Signature Version 4": the documented derived key for the
    /// 20150830/us-east-1/iam example.
    @Test func documentedSigningKey() {
        let key = SigV4.signingKey(secret: suiteSecret, date: "20150830", region: "us-east-1", service: "iam")
        let hex = key.withUnsafeBytes { SigV4.Bytes.hex($0, count: $0.count) }
        #expect(hex == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }
}

// MARK: - Requests signed by botocore

/// Generated with botocore 1.43.11 (SigV4Auth, SigV4QueryAuth, S3SigV4Auth, S3SigV4QueryAuth), credentials
/// AKIAIOSFODNN7EXAMPLE / ASIAIOSFODNN7EXAMPLE (with session token) and secret below; "host" added as the
/// server sees it.
private let botoSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

struct SigV4BotoFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let request: SigV4Request
    let body: String
    let s3Style: Bool
    var testDescription: String { name }
}

let sigV4BotoFixtures: [SigV4BotoFixture] = [
    SigV4BotoFixture(
        name: "sts POST (form body)",
        request: SigV4Request(method: "POST", rawPath: "/", rawQuery: "", headers: [
            ("host", "sts.us-east-1.amazonaws.com"),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("X-Amz-Date", "20261128T135358Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=916641f995192154e5fa816866fd666d681e0943932e36829b134d94f6626b60"),
        ]),
        body: "Action=GetCallerIdentity&Version=2011-06-15",
        s3Style: false
    ),
    SigV4BotoFixture(
        name: "sts presigned GET (session token)",
        request: SigV4Request(
            method: "GET", rawPath: "/",
            rawQuery: "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261128T135358Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2B%2Ftoken%3D%3D&X-Amz-Signature=86495e135f7a1698e5531ff782935ec7a41ef6eb88f1b3a740c96387969577dd",
            headers: [("host", "sts.us-east-1.amazonaws.com")]
        ),
        body: "",
        s3Style: false
    ),
    SigV4BotoFixture(
        name: "lambda GET, encoded ARN in path (double encoding)",
        request: SigV4Request(
            method: "GET",
            rawPath: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn/configuration",
            rawQuery: "Qualifier=%24LATEST",
            headers: [
                ("host", "lambda.eu-west-1.amazonaws.com"),
                ("X-Amz-Date", "20261128T135358Z"),
                ("X-Amz-Security-Token", "IQoJb3JpZ2luX2VjEXAMPLE+/token=="),
                ("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261128/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=573e5ffcc995fc31c3075c4c6737637bb1417fead59c04c846de4e1670ebde5f"),
            ]
        ),
        body: "",
        s3Style: false
    ),
    SigV4BotoFixture(
        name: "s3 PUT, key with spaces, unicode and +",
        request: SigV4Request(
            method: "PUT", rawPath: "/bucket/my%20key/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9%2Bplus.txt", rawQuery: "",
            headers: [
                ("host", "localhost:4566"),
                ("Content-Type", "text/plain"),
                ("X-Amz-Date", "20261128T135358Z"),
                ("X-Amz-Content-SHA256", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"),
                ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=a79e54917b459221a1a20c31bc02d4d5ccdbb817e81008179daddf31410d6bde"),
            ]
        ),
        body: "hello world",
        s3Style: true
    ),
    SigV4BotoFixture(
        name: "s3 presigned GET",
        request: SigV4Request(
            method: "GET", rawPath: "/bucket/my%20key/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9%2Bplus.txt",
            rawQuery: "versionId=abc%2Fdef&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261128T135358Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=5978d4458cbbeb3987dd8022184da7b877aed7c143e6c099c7ff600d6a3ccfca",
            headers: [("host", "localhost:4566")]
        ),
        body: "",
        s3Style: true
    ),
]

@Suite("SigV4 with botocore-signed requests")
struct SigV4BotocoreTests {
    private func verify(_ f: SigV4BotoFixture, request: SigV4Request? = nil, body: String? = nil) throws -> Bool {
        let request = request ?? f.request
        let auth = try #require(try SigV4.parseAuthorization(request))
        return SigV4.verify(auth, request: request, secretAccessKey: botoSecret,
                            payloadHash: payloadHash(request, body: body ?? f.body), s3Style: f.s3Style)
    }

    @Test(arguments: sigV4BotoFixtures)
    func verifies(_ f: SigV4BotoFixture) throws {
        #expect(try verify(f))
    }

    @Test(arguments: sigV4BotoFixtures)
    func oneCharacterInTheSignatureFails(_ f: SigV4BotoFixture) throws {
        var request = f.request
        if let i = request.headers.firstIndex(where: { $0.name == "Authorization" }) {
            var value = request.headers[i].value
            let last = value.removeLast()
            request.headers[i].value = value + (last == "0" ? "1" : "0")
        } else {
            let last = request.rawQuery.removeLast()
            request.rawQuery += last == "0" ? "1" : "0"
        }
        #expect(try !verify(f, request: request))
    }

    @Test(arguments: sigV4BotoFixtures)
    func changingASignedHeaderFails(_ f: SigV4BotoFixture) throws {
        var request = f.request
        let i = try #require(request.headers.firstIndex { $0.name == "host" })
        request.headers[i].value += "x"
        #expect(try !verify(f, request: request))
    }

    @Test func changingTheBodyFails() throws {
        let sts = sigV4BotoFixtures[0]
        #expect(try !verify(sts, body: sts.body.replacingOccurrences(of: "Identity", with: "Identitz")))
        // S3 signs x-amz-content-sha256; the server must also check the body against it.
        let s3 = sigV4BotoFixtures[3]
        var request = s3.request
        let i = try #require(request.headers.firstIndex { $0.name == "X-Amz-Content-SHA256" })
        request.headers[i].value = SigV4.sha256Hex(Array("hello worle".utf8))
        #expect(try !verify(s3, request: request))
    }

    @Test func changingAQueryParameterFails() throws {
        let presigned = sigV4BotoFixtures[1]
        var request = presigned.request
        request.rawQuery = request.rawQuery.replacingOccurrences(of: "Version=2011-06-15", with: "Version=2011-06-16")
        #expect(try !verify(presigned, request: request))
    }

    @Test func parsedFields() throws {
        let lambda = try #require(try SigV4.parseAuthorization(sigV4BotoFixtures[2].request))
        #expect(lambda == SigV4Authorization(
            accessKeyId: "ASIAIOSFODNN7EXAMPLE", scopeDate: "20261128", region: "eu-west-1", service: "lambda",
            signedHeaders: ["host", "x-amz-date", "x-amz-security-token"],
            signature: "573e5ffcc995fc31c3075c4c6737637bb1417fead59c04c846de4e1670ebde5f",
            amzDate: "20261128T135358Z", securityToken: "IQoJb3JpZ2luX2VjEXAMPLE+/token==", presigned: false, expires: nil
        ))
        let presigned = try #require(try SigV4.parseAuthorization(sigV4BotoFixtures[1].request))
        #expect(presigned.presigned && presigned.expires == 900 && presigned.service == "sts")
        #expect(presigned.securityToken == "IQoJb3JpZ2luX2VjEXAMPLE+/token==")
    }

    /// Non-S3 paths are encoded a second time ("%3A" -> "%253A"); S3 paths are used as sent.
    @Test func pathEncoding() throws {
        let lambda = sigV4BotoFixtures[2].request
        let creq = SigV4.canonicalRequest(lambda, signedHeaders: ["host"], payloadHash: SigV4.emptyPayloadHash,
                                          s3Style: false, excludeSignatureFromQuery: false)
        #expect(creq.hasPrefix("GET\n/2015-03-31/functions/arn%253Aaws%253Alambda%253Aeu-west-1%253A123456789012%253Afunction%253Amy-fn/configuration\nQualifier=%24LATEST\n"))
        let s3 = sigV4BotoFixtures[3].request
        let s3creq = SigV4.canonicalRequest(s3, signedHeaders: ["host"], payloadHash: SigV4.unsignedPayload,
                                            s3Style: true, excludeSignatureFromQuery: false)
        #expect(s3creq.hasPrefix("PUT\n/bucket/my%20key/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9%2Bplus.txt\n\n"))
    }

    @Test func signingKeyCache() async throws {
        let cache = SigV4SigningKeyCache(capacity: 4)
        let direct = SigV4.signingKey(secret: botoSecret, date: "20261128", region: "us-east-1", service: "s3")
        #expect(cache.key(secret: botoSecret, date: "20261128", region: "us-east-1", service: "s3") == direct)
        #expect(cache.key(secret: botoSecret, date: "20261128", region: "us-east-1", service: "s3") == direct)
        #expect(cache.count == 1)
        for region in ["a", "b", "c", "d"] {
            _ = cache.key(secret: botoSecret, date: "20261128", region: region, service: "s3")
        }
        #expect(cache.count <= 4)
        // Concurrent use through verify.
        let f = sigV4BotoFixtures[3]
        let auth = try #require(try SigV4.parseAuthorization(f.request))
        let request = f.request
        let ok = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    SigV4.verify(auth, request: request, secretAccessKey: botoSecret,
                                 payloadHash: payloadHash(request, body: f.body), s3Style: true, cache: cache)
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(ok)
    }
}

// MARK: - Parsing errors

@Suite("SigV4 Authorization parsing")
struct SigV4ParsingTests {
    private func request(authorization: String?, date: String? = "20150830T123600Z", query: String = "") -> SigV4Request {
        var headers: [(name: String, value: String)] = [("Host", "example.amazonaws.com")]
        if let date { headers.append(("X-Amz-Date", date)) }
        if let authorization { headers.append(("Authorization", authorization)) }
        return SigV4Request(method: "GET", rawPath: "/", rawQuery: query, headers: headers)
    }

    private let good = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"

    @Test func anonymousIsNil() throws {
        #expect(try SigV4.parseAuthorization(request(authorization: nil)) == nil)
        #expect(try SigV4.parseAuthorization(request(authorization: nil, query: "a=b&X-Amz-Meta=1")) == nil)
    }

    @Test func goodHeaderParses() throws {
        let auth = try #require(try SigV4.parseAuthorization(request(authorization: good)))
        #expect(auth.scope == "20150830/us-east-1/service/aws4_request")
        #expect(auth.signedHeaders == ["host", "x-amz-date"])
        // No spaces after the commas is accepted too.
        let compact = good.replacingOccurrences(of: ", ", with: ",")
        #expect(try SigV4.parseAuthorization(request(authorization: compact)) == auth)
    }

    @Test func missingPartsThrowAWSStyleMessages() {
        let header = "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc"
        #expect(throws: SigV4ParseError.malformedAuthorization(
            "Authorization header requires 'Credential' parameter. Authorization=\(header)"
        )) { try SigV4.parseAuthorization(request(authorization: header)) }

        #expect(throws: SigV4ParseError.malformedAuthorization(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"
        )) { try SigV4.parseAuthorization(request(authorization: "AWS4-HMAC-SHA256", date: nil)) }
    }

    @Test func missingDate() {
        #expect(throws: SigV4ParseError.missingDate) { try SigV4.parseAuthorization(request(authorization: good, date: nil)) }
    }

    @Test(arguments: [
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015-08-30/us-east-1/service/aws4_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature",
    ])
    func malformedHeadersThrow(_ header: String) {
        let error = #expect(throws: SigV4ParseError.self) { try SigV4.parseAuthorization(request(authorization: header)) }
        guard case .malformedAuthorization = error else {
            Issue.record("expected malformedAuthorization, got \(String(describing: error))")
            return
        }
    }

    @Test func unsupportedAlgorithms() {
        #expect(throws: SigV4ParseError.unsupportedAlgorithm("AWS")) {
            try SigV4.parseAuthorization(request(authorization: "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="))
        }
        #expect(throws: SigV4ParseError.unsupportedAlgorithm("AWS4-ECDSA-P256-SHA256")) {
            try SigV4.parseAuthorization(request(authorization: good.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-ECDSA-P256-SHA256")))
        }
    }

    @Test func datesAreChecked() {
        #expect(throws: SigV4ParseError.invalidDate(
            "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"
        )) { try SigV4.parseAuthorization(request(authorization: good, date: "2015-08-30T12:36:00Z")) }
        #expect(throws: SigV4ParseError.credentialDateMismatch(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000000Z'."
        )) { try SigV4.parseAuthorization(request(authorization: good, date: "20150831T000000Z")) }
    }

    @Test func headerAndQueryTogetherThrow() {
        let error = #expect(throws: SigV4ParseError.self) {
            try SigV4.parseAuthorization(request(authorization: good, query: "X-Amz-Algorithm=AWS4-HMAC-SHA256"))
        }
        #expect(error?.message.hasPrefix("Only one auth mechanism allowed") == true)
    }

    @Test func malformedPresignedQueries() {
        let base = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host"
        func parse(_ q: String) throws(SigV4ParseError) -> SigV4Authorization? {
            try SigV4.parseAuthorization(request(authorization: nil, date: nil, query: q))
        }
        #expect(throws: SigV4ParseError.malformedPresignedQuery(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
        )) { try parse(base) }
        #expect(throws: SigV4ParseError.malformedPresignedQuery("X-Amz-Expires must be less than a week (in seconds) that is 604800")) {
            try parse(base + "&X-Amz-Expires=604801&X-Amz-Signature=abc")
        }
        #expect(throws: SigV4ParseError.malformedPresignedQuery("X-Amz-Expires should be a number")) {
            try parse(base + "&X-Amz-Expires=soon&X-Amz-Signature=abc")
        }
        #expect(throws: SigV4ParseError.unsupportedAlgorithm("AWS4-HMAC-SHA1")) {
            try parse(base.replacingOccurrences(of: "SHA256", with: "SHA1") + "&X-Amz-Signature=abc")
        }
        #expect(throws: SigV4ParseError.credentialDateMismatch("Invalid credential date. Date is not the same as X-Amz-Date.")) {
            try parse(base.replacingOccurrences(of: "X-Amz-Date=20150830", with: "X-Amz-Date=20150831") + "&X-Amz-Signature=abc")
        }
        #expect(throws: SigV4ParseError.invalidDate("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")) {
            try parse(base.replacingOccurrences(of: "T123600Z", with: "T123600") + "&X-Amz-Signature=abc")
        }
    }

    @Test func httpDateHeaderIsConverted() throws {
        var req = request(authorization: good.replacingOccurrences(of: "x-amz-date", with: "date"), date: nil)
        req.headers.append(("Date", "Sun, 30 Aug 2015 12:36:00 GMT"))
        let auth = try #require(try SigV4.parseAuthorization(req))
        #expect(auth.amzDate == "20150830T123600Z")
    }
}

// MARK: - Pieces

@Suite("SigV4 canonical pieces")
struct SigV4PiecesTests {
    private func creq(path: String = "/", query: String = "", s3Style: Bool = false,
                      headers: [(name: String, value: String)] = [], signed: [String] = []) -> String {
        SigV4.canonicalRequest(SigV4Request(method: "GET", rawPath: path, rawQuery: query, headers: headers),
                               signedHeaders: signed, payloadHash: "-", s3Style: s3Style, excludeSignatureFromQuery: true)
    }

    private func line(_ creq: String, _ n: Int) -> String {
        String(creq.split(separator: "\n", omittingEmptySubsequences: false)[n])
    }

    @Test(arguments: [
        ("/", "/"), ("", "/"), ("/a/./b/../c//d/", "/a/c/d/"), ("/foo/..", "/"), ("/../x", "/x"),
        ("/a b/%2F~", "/a%20b/%252F~"), ("/%E1%88%B4", "/%25E1%2588%25B4"),
    ])
    func normalizedPaths(_ raw: String, _ expected: String) {
        #expect(line(creq(path: raw), 1) == expected)
    }

    @Test(arguments: [
        ("/a/./b/../c//d/", "/a/./b/../c//d/"), ("/a b/%2F~", "/a%20b/%2F~"), ("/k%2bey", "/k%2bey"), ("/x%zz", "/x%25zz"),
        ("/\u{1234}", "/%E1%88%B4"),
    ])
    func s3Paths(_ raw: String, _ expected: String) {
        #expect(line(creq(path: raw, s3Style: true), 1) == expected)
    }

    @Test(arguments: [
        ("b=2&a=1", "a=1&b=2"),
        ("a=&b", "a=&b="),
        ("k=2&k=10&k=1", "k=1&k=10&k=2"),
        ("q=a+b c&p=%7e%2f", "p=~%2F&q=a%2Bb%20c"),
        ("X-Amz-Signature=abc&z=1", "z=1"),
        ("a=1&&b=2&", "a=1&b=2"),
        ("%E1%88%B4=1&Z=2", "%E1%88%B4=1&Z=2"),
    ])
    func canonicalQueries(_ raw: String, _ expected: String) {
        #expect(line(creq(query: raw), 2) == expected)
    }

    @Test func headerFolding() {
        let c = creq(headers: [("My-Header", "  a   b\t\tc  "), ("host", "h"), ("my-header", "d")],
                     signed: ["host", "my-header"])
        #expect(line(c, 3) == "host:h")
        #expect(line(c, 4) == "my-header:a b c,d")
        #expect(line(c, 6) == "host;my-header")
    }

    @Test func encodingHelpers() {
        #expect(SigV4.uriEncode("a b/ü~") == "a%20b%2F%C3%BC~")
        #expect(SigV4.uriEncode("a b/ü~", encodeSlash: false) == "a%20b/%C3%BC~")
        #expect(SigV4.percentDecode("a%20b%2f%C3%BC+%zz") == "a b/ü+%zz")
        #expect(SigV4.sha256Hex("") == SigV4.emptyPayloadHash)
        #expect(SigV4.constantTimeEquals("abc", "abc") && !SigV4.constantTimeEquals("abc", "abd") && !SigV4.constantTimeEquals("abc", "ab"))
    }

    @Test func amzDates() throws {
        #expect(SigV4.amzDateEpochSeconds("20150830T123600Z") == 1_440_938_160)
        #expect(SigV4.parseAmzDate("20150830T123600Z") == Date(timeIntervalSince1970: 1_440_938_160))
        #expect(SigV4.amzDateEpochSeconds("19700101T000000Z") == 0)
        #expect(SigV4.amzDateEpochSeconds("20240229T235959Z") == 1_709_251_199)
        for bad in ["20230229T000000Z", "20151330T123600Z", "20150830T243600Z", "20150830 123600Z", "20150830T123600", "2015083T123600Z", ""] {
            #expect(SigV4.parseAmzDate(bad) == nil, "\(bad)")
        }
        #expect(SigV4.formatAmzDate(Date(timeIntervalSince1970: 1_709_251_199.9)) == "20240229T235959Z")
        #expect(SigV4.formatAmzDate(epochSeconds: 0) == "19700101T000000Z")
        #expect(SigV4.amzDate(fromHTTPDate: "Mon, 09 Sep 2011 23:36:00 GMT") == "20110909T233600Z")
        #expect(SigV4.amzDate(fromHTTPDate: "Mon, 09 Sep 2011 23:36:00 PST") == nil)
    }
}

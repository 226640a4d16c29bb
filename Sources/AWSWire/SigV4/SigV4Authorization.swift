// Reading a request's SigV4 credentials: the Authorization header ("Authenticating Requests:
// Using the Authorization Header (AWS Signature Version 4)") or a presigned URL's query
// ("Authenticating Requests: Using Query Parameters (AWS Signature Version 4)").

/// Credentials and signature of a SigV4-signed request.
public struct SigV4Authorization: Sendable, Equatable {
    public var accessKeyId: String
    /// yyyyMMdd, from the credential scope.
    public var scopeDate: String
    public var region: String
    public var service: String
    /// Lower-cased, in the order the client listed them.
    public var signedHeaders: [String]
    public var signature: String
    /// yyyyMMdd'T'HHmmss'Z', from X-Amz-Date (header or query) or the Date header converted.
    public var amzDate: String
    public var securityToken: String?
    public var presigned: Bool
    /// X-Amz-Expires in seconds (presigned only; nil when absent).
    public var expires: Int?

    public init(
        accessKeyId: String, scopeDate: String, region: String, service: String,
        signedHeaders: [String], signature: String, amzDate: String,
        securityToken: String? = nil, presigned: Bool = false, expires: Int? = nil
    ) {
        self.accessKeyId = accessKeyId
        self.scopeDate = scopeDate
        self.region = region
        self.service = service
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.amzDate = amzDate
        self.securityToken = securityToken
        self.presigned = presigned
        self.expires = expires
    }

    /// "yyyyMMdd/region/service/aws4_request".
    public var scope: String { "\(scopeDate)/\(region)/\(service)/aws4_request" }
}

/// Why a request that tries to use SigV4 cannot be read. `message` is close to AWS's wording.
public enum SigV4ParseError: Error, Equatable, Sendable {
    /// The Authorization header is incomplete or malformed (AWS: IncompleteSignature / AuthorizationHeaderMalformed).
    case malformedAuthorization(String)
    /// The presigned query parameters are incomplete or malformed (AWS S3: AuthorizationQueryParametersError).
    case malformedPresignedQuery(String)
    /// Neither X-Amz-Date nor Date is present (header auth).
    case missingDate
    /// X-Amz-Date / Date is not a valid timestamp.
    case invalidDate(String)
    /// The algorithm is not AWS4-HMAC-SHA256 (e.g. SigV2's "AWS", SigV4a's "AWS4-ECDSA-P256-SHA256").
    case unsupportedAlgorithm(String)
    /// The credential scope's date is not the request date's (AWS: SignatureDoesNotMatch).
    case credentialDateMismatch(String)

    public var message: String {
        switch self {
        case .malformedAuthorization(let m), .malformedPresignedQuery(let m), .invalidDate(let m),
             .credentialDateMismatch(let m):
            return m
        case .missingDate:
            return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        case .unsupportedAlgorithm(let a):
            return "Unsupported AWS 'algorithm': '\(a)'. Only 'AWS4-HMAC-SHA256' is supported."
        }
    }
}

extension SigV4 {
    /// The request's SigV4 credentials; nil when it carries none at all (anonymous).
    /// Throws when it tries and is malformed. Checking the scope's region and service, the clock
    /// and expiry is the caller's (see `amzDateEpochSeconds`).
    public static func parseAuthorization(_ request: SigV4Request) throws(SigV4ParseError) -> SigV4Authorization? {
        let header = request.header("authorization")
        let query = presignParameters(request.rawQuery)
        let isPresigned = query.algorithm != nil || query.credential != nil || query.signature != nil
        if let header {
            if isPresigned {
                throw .malformedAuthorization(
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"
                )
            }
            return try parseHeader(header, request: request)
        }
        if isPresigned { return try parsePresigned(query, request: request) }
        return nil
    }

    // MARK: - Authorization header

    private static func parseHeader(_ raw: String, request: SigV4Request) throws(SigV4ParseError) -> SigV4Authorization {
        let header = trimmed(raw[...])
        let algorithmEnd = header.firstIndex(of: " ") ?? header.endIndex
        let alg = String(header[..<algorithmEnd])
        guard alg == algorithm else { throw .unsupportedAlgorithm(alg) }

        var credential: Substring?, signedHeaders: Substring?, signature: Substring?
        for part in header[algorithmEnd...].split(separator: ",") {
            let part = trimmed(part)
            if part.isEmpty { continue }
            guard let eq = part.firstIndex(of: "=") else {
                throw .malformedAuthorization(
                    "'\(part)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'."
                )
            }
            let value = part[part.index(after: eq)...]
            switch part[..<eq] {
            case "Credential": credential = value
            case "SignedHeaders": signedHeaders = value
            case "Signature": signature = value
            default: continue
            }
        }

        let xAmzDate = request.header("x-amz-date")
        let httpDate = xAmzDate == nil ? request.header("date") : nil
        guard let credential, let signedHeaders, let signature else {
            // AWS lists everything that is missing in one message.
            var missing: [String] = []
            if credential == nil { missing.append("Authorization header requires 'Credential' parameter.") }
            if signature == nil { missing.append("Authorization header requires 'Signature' parameter.") }
            if signedHeaders == nil { missing.append("Authorization header requires 'SignedHeaders' parameter.") }
            if xAmzDate == nil && httpDate == nil { missing.append(SigV4ParseError.missingDate.message) }
            throw .malformedAuthorization(missing.joined(separator: " ") + " Authorization=\(header)")
        }

        guard let scope = parseCredential(credential) else {
            throw .malformedAuthorization(
                "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
            )
        }
        let headers = try checkedSignedHeaders(signedHeaders, error: SigV4ParseError.malformedAuthorization)
        guard !signature.isEmpty else {
            throw .malformedAuthorization("Authorization header requires 'Signature' parameter. Authorization=\(header)")
        }

        let amzDate: String
        if let xAmzDate {
            guard amzDateEpochSeconds(xAmzDate) != nil else {
                throw .invalidDate("Date must be in ISO-8601 'basic format'. Got '\(xAmzDate)'. See http://en.wikipedia.org/wiki/ISO_8601")
            }
            amzDate = xAmzDate
        } else if let httpDate {
            guard let converted = SigV4.amzDate(fromHTTPDate: httpDate) else {
                throw .invalidDate("Date must be in RFC 1123 format. Got '\(httpDate)'.")
            }
            amzDate = converted
        } else {
            throw .missingDate
        }
        guard amzDate.utf8.prefix(8).elementsEqual(scope.date.utf8) else {
            throw .credentialDateMismatch(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope.date)' != '\(amzDate.prefix(8))', from '\(amzDate)'."
            )
        }
        return SigV4Authorization(
            accessKeyId: scope.accessKeyId, scopeDate: scope.date, region: scope.region, service: scope.service,
            signedHeaders: headers, signature: String(signature), amzDate: amzDate,
            securityToken: request.header("x-amz-security-token"), presigned: false, expires: nil
        )
    }

    // MARK: - Presigned query

    private struct PresignParameters {
        var algorithm, credential, date, expires, signedHeaders, signature, securityToken: String?
    }

    /// Picks the X-Amz-* authentication parameters out of the raw query, percent-decoded.
    private static func presignParameters(_ rawQuery: String) -> PresignParameters {
        var p = PresignParameters()
        guard !rawQuery.isEmpty else { return p }
        for item in rawQuery[...].utf8.split(separator: UInt8(ascii: "&")) {
            guard item.starts(with: "X-Amz-".utf8) else { continue }
            let eq = item.firstIndex(of: UInt8(ascii: "=")) ?? item.endIndex
            let key = item[..<eq]
            var decoded: [UInt8] = []
            if eq != item.endIndex { Bytes.appendDecoded(item[item.index(after: eq)...], to: &decoded) }
            let value = String(decoding: decoded, as: UTF8.self)
            switch String(decoding: key, as: UTF8.self) {
            case "X-Amz-Algorithm": p.algorithm = value
            case "X-Amz-Credential": p.credential = value
            case "X-Amz-Date": p.date = value
            case "X-Amz-Expires": p.expires = value
            case "X-Amz-SignedHeaders": p.signedHeaders = value
            case "X-Amz-Signature": p.signature = value
            case "X-Amz-Security-Token": p.securityToken = value
            default: continue
            }
        }
        return p
    }

    private static func parsePresigned(_ p: PresignParameters, request: SigV4Request) throws(SigV4ParseError) -> SigV4Authorization {
        // X-Amz-Expires is listed because AWS lists it, but not required here: older signers omit it
        // (the caller decides whether to insist; `expires` is nil then).
        guard let alg = p.algorithm, let credential = p.credential, let signature = p.signature,
              let date = p.date, let signedHeaders = p.signedHeaders
        else {
            throw .malformedPresignedQuery(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
            )
        }
        guard alg == algorithm else { throw .unsupportedAlgorithm(alg) }
        guard let scope = parseCredential(credential[...]) else {
            throw .malformedPresignedQuery(
                "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
            )
        }
        guard amzDateEpochSeconds(date) != nil else {
            throw .invalidDate("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        }
        guard date.utf8.prefix(8).elementsEqual(scope.date.utf8) else {
            throw .credentialDateMismatch("Invalid credential date. Date is not the same as X-Amz-Date.")
        }
        var expires: Int?
        if let raw = p.expires {
            guard let value = Int(raw) else { throw .malformedPresignedQuery("X-Amz-Expires should be a number") }
            guard value >= 0 else { throw .malformedPresignedQuery("X-Amz-Expires must be non-negative") }
            guard value <= maxExpires else {
                throw .malformedPresignedQuery("X-Amz-Expires must be less than a week (in seconds) that is 604800")
            }
            expires = value
        }
        let headers = try checkedSignedHeaders(signedHeaders[...], error: SigV4ParseError.malformedPresignedQuery)
        guard !signature.isEmpty else {
            throw .malformedPresignedQuery("X-Amz-Signature must not be empty")
        }
        return SigV4Authorization(
            accessKeyId: scope.accessKeyId, scopeDate: scope.date, region: scope.region, service: scope.service,
            signedHeaders: headers, signature: signature, amzDate: date,
            securityToken: p.securityToken ?? request.header("x-amz-security-token"),
            presigned: true, expires: expires
        )
    }

    // MARK: - Pieces

    /// "AKID/yyyyMMdd/region/service/aws4_request".
    private static func parseCredential(
        _ value: Substring
    ) -> (accessKeyId: String, date: String, region: String, service: String)? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4] == "aws4_request", !parts[0].isEmpty, !parts[2].isEmpty, !parts[3].isEmpty,
              parts[1].utf8.count == 8, parts[1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return (String(parts[0]), String(parts[1]), String(parts[2]), String(parts[3]))
    }

    /// Splits "host;x-amz-date" and requires "host" among them, as AWS does.
    private static func checkedSignedHeaders(
        _ value: Substring, error: (String) -> SigV4ParseError
    ) throws(SigV4ParseError) -> [String] {
        let names = value.split(separator: ";").map { trimmed($0).lowercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw error("SignedHeaders must not be empty.") }
        guard names.contains("host") || names.contains(":authority") else {
            throw error("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        return names
    }

    private static func trimmed(_ s: Substring) -> Substring {
        var s = s
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

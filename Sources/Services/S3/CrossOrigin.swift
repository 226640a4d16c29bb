import AWSWire
import NimbusCore

/// Browsers' cross-origin requests against a bucket's CORS rules ("Using cross-origin resource sharing (CORS)",
/// "How does Amazon S3 evaluate the CORS configuration on a bucket?", "Troubleshooting CORS"): the first rule
/// whose origin, method and (for a preflight) requested headers all match decides; its answer names what the
/// browser may do.
extension S3Provider: CrossOriginAnswering {
    /// The checks come in S3's order: Origin, the bucket, its CORS rules, then the method and headers asked for; the
    /// bucket-level refusals name the bucket as the resource even for a key (AWS-verified recordings: LocalStack
    /// test_cors_http_options_no_config, test_cors_http_options_non_existent_bucket).
    public func preflight(path: String, header: (String) -> String?, context: RequestContext) throws -> [(name: String, value: String)] {
        let (bucketName, key) = Self.bucketAndKey(path)
        guard let origin = header("origin") else {
            throw AWSError("BadRequest", "Insufficient information. Origin request header needed.", status: 400)
        }
        let requestedMethod = header("access-control-request-method")
        let forbidden = { (message: String, resource: String) in
            AWSError("AccessForbidden", message, status: 403, fields: [("Method", requestedMethod ?? "OPTIONS"), ("ResourceType", resource)])
        }
        guard let bucket = context.store.read({ S3Lookup.bucket(bucketName, in: $0) }) else {
            throw forbidden("CORSResponse: Bucket not found", "BUCKET")
        }
        let rules = Self.rules(of: bucket)
        guard !rules.isEmpty else { throw forbidden("CORSResponse: CORS is not enabled for this bucket.", "BUCKET") }
        guard let method = requestedMethod else {
            throw AWSError("BadRequest", "Invalid Access-Control-Request-Method: null", status: 400)
        }
        let requested = (header("access-control-request-headers") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard let rule = rules.first(where: { Self.allows($0, origin: origin, method: method) && Self.allowsHeaders($0, requested) }) else {
            throw forbidden("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                            key == nil ? "BUCKET" : "OBJECT")
        }
        var headers = Self.answer(rule, origin: origin)
        if !requested.isEmpty { headers.append(("Access-Control-Allow-Headers", requested.joined(separator: ", "))) }
        return headers
    }

    /// A request that also names an Access-Control-Request-Method is matched on that method, not its own
    /// (AWS-verified recording: LocalStack test_cors_match_methods, get-wrong-op).
    public func crossOriginHeaders(path: String, method: String, header: (String) -> String?, context: RequestContext) -> [(name: String, value: String)] {
        guard let origin = header("origin") else { return [] }
        let method = header("access-control-request-method") ?? method
        let (bucketName, _) = Self.bucketAndKey(path)
        guard !bucketName.isEmpty, let bucket = context.store.read({ S3Lookup.bucket(bucketName, in: $0) }),
              let rule = Self.rules(of: bucket).first(where: { Self.allows($0, origin: origin, method: method) }) else { return [] }
        return Self.answer(rule, origin: origin)
    }

    static func bucketAndKey(_ path: String) -> (String, String?) {
        let parts = path.drop(while: { $0 == "/" }).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = parts.first.map { FormEncoding.percentDecode($0) } ?? ""
        let key = parts.dropFirst().first.flatMap { $0.isEmpty ? nil : FormEncoding.percentDecode($0) }
        return (bucket, key)
    }

    static func rules(of bucket: S3Bucket) -> [AWSValue] {
        bucket[configuration: BucketCors.stored.key]?.value["CORSRules"]?.list ?? []
    }

    /// Origins match with their one `*` wildcard; methods exactly.
    static func allows(_ rule: AWSValue, origin: String, method: String) -> Bool {
        (rule["AllowedMethods"]?.strings ?? []).contains(method)
            && (rule["AllowedOrigins"]?.strings ?? []).contains { S3Glob.matches($0, origin) }
    }

    /// Every header the preflight names must match an AllowedHeader, without regard to case.
    static func allowsHeaders(_ rule: AWSValue, _ requested: [String]) -> Bool {
        let allowed = (rule["AllowedHeaders"]?.strings ?? []).map { $0.lowercased() }
        return requested.allSatisfy { name in allowed.contains { S3Glob.matches($0, name) } }
    }

    /// The headers a matching rule answers with: a rule open to every origin says `*`, others name the origin and
    /// allow credentials.
    static func answer(_ rule: AWSValue, origin: String) -> [(name: String, value: String)] {
        let anyOrigin = (rule["AllowedOrigins"]?.strings ?? []).contains("*")
        var headers: [(name: String, value: String)] = [
            ("Access-Control-Allow-Origin", anyOrigin ? "*" : origin),
            ("Access-Control-Allow-Methods", (rule["AllowedMethods"]?.strings ?? []).joined(separator: ", ")),
        ]
        if !anyOrigin { headers.append(("Access-Control-Allow-Credentials", "true")) }
        if let exposed = rule["ExposeHeaders"]?.strings, !exposed.isEmpty {
            headers.append(("Access-Control-Expose-Headers", exposed.joined(separator: ", ")))
        }
        if let maxAge = rule["MaxAgeSeconds"]?.int { headers.append(("Access-Control-Max-Age", String(maxAge))) }
        headers.append(("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"))
        return headers
    }
}

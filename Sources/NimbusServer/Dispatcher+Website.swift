import AWSWire
import NimbusCore
import S3Service

extension Dispatcher {
    /// A request to a bucket's website endpoint (``StaticWebsite``): each object it needs is fetched as an anonymous
    /// GetObject through the REST path, so what the public may read is decided exactly as there.
    func website(_ request: WireRequest, bucket: String, sourceIP: String) async -> Outcome {
        let requestId = environment.ids.s3RequestId()
        let forwarded = Self.websiteForwardedHeaders
        let headers = request.headers.filter { forwarded.contains($0.name.lowercased()) }
        let fetch: StaticWebsite.Fetch = { [self] key, method, forwarding in
            let rest = WireRequest(method: method,
                                   rawPath: "/" + FormEncoding.percentEncode(bucket) + "/" + FormEncoding.percentEncode(key, keepSlash: true),
                                   rawQuery: "", headers: forwarding ? headers : [], body: [], host: "127.0.0.1")
            let outcome = await answer(rest, parsed: nil, sourceIP: sourceIP, bodyTooLarge: false, bodyError: nil)
            return StaticWebsite.Fetched(response: outcome.response, errorCode: outcome.errorCode)
        }
        let website = StaticWebsite.Request(method: request.method, rawPath: request.rawPath, host: request.host, requestId: requestId)
        let response = await StaticWebsite.answer(website, bucket: bucket, store: environment.store, fetch: fetch)
        return Outcome(response: response, service: "s3", operation: "WebsiteGet", principal: "anonymous",
                       errorCode: response.status >= 400 ? String(response.status) : nil)
    }

    /// What a browser's request says that a GetObject heeds: conditions (a 304 for a cached page) and ranges.
    static let websiteForwardedHeaders: Set<String> = ["if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "range"]
}

import AWSWire
import Foundation
import NimbusCore
import State

/// The website endpoint of a bucket configured as a static website ("Hosting a static website using Amazon S3",
/// "Website endpoints", "Configuring an index document", "Configuring a custom error document", "Configuring a
/// webpage redirect"): `http://BUCKET.s3-website-REGION.amazonaws.com/` on AWS, `http://BUCKET.s3-website.localhost:PORT/`
/// here. It answers GET and HEAD only, anonymously (what the public may read), in HTML; objects are fetched through
/// the REST endpoint's GetObject, so the bucket policy, ACLs and Block Public Access decide as they do there.
public enum StaticWebsite {
    /// The bucket a website host names: `BUCKET.s3-website-REGION.…` or `BUCKET.s3-website.REGION.…`.
    public static func bucket(fromHost host: String) -> String? {
        // Host names are case-insensitive; bucket names are lower case.
        let name = (host.split(separator: ":").first.map(String.init) ?? host).lowercased()
        guard let range = name.range(of: ".s3-website"), range.lowerBound != name.startIndex else { return nil }
        let next = name[range.upperBound...].first
        guard next == "." || next == "-" else { return nil }
        return String(name[..<range.lowerBound])
    }

    /// What the REST endpoint answered for one object, anonymously.
    public struct Fetched: Sendable {
        public var response: WireResponse
        public var errorCode: String?

        public init(response: WireResponse, errorCode: String?) {
            self.response = response
            self.errorCode = errorCode
        }

        /// A 304 is the browser's cached copy confirmed: a success the website passes on as it came.
        var succeeded: Bool { errorCode == nil || response.status == 304 }
    }

    /// Fetches an object with GET, or only its headers with HEAD (to learn whether it exists); the browser's range and
    /// conditions go with the request only for the page it asked for (`forwarding`), never for an index probe or the
    /// error document.
    public typealias Fetch = @Sendable (_ key: String, _ method: String, _ forwarding: Bool) async -> Fetched

    public struct Request: Sendable {
        public var method: String
        public var rawPath: String
        public var host: String
        public var requestId: String

        public init(method: String, rawPath: String, host: String, requestId: String) {
            self.method = method
            self.rawPath = rawPath
            self.host = host
            self.requestId = requestId
        }
    }

    /// The website's answer to a request for `bucket`, fetching objects with `fetch`.
    public static func answer(_ request: Request, bucket: String, store: Store, fetch: Fetch) async -> WireResponse {
        let page = ErrorPage(requestId: request.requestId, withBody: request.method != "HEAD")
        // "Website endpoints": only GET and HEAD requests on objects.
        guard request.method == "GET" || request.method == "HEAD" else {
            return page.response(status: 405, fields: [("Code", "MethodNotAllowed"), ("Message", "The specified method is not allowed against this resource."),
                                                       ("Method", request.method), ("ResourceType", "OBJECT")])
        }
        guard let found = store.read({ $0.get(S3Bucket.self, bucket, in: S3Partitions.buckets) }) else {
            return page.response(status: 404, fields: [("Code", "NoSuchBucket"), ("Message", "The specified bucket does not exist"), ("BucketName", bucket)])
        }
        guard let configuration = found[configuration: BucketWebsite.stored.key]?.value else {
            return page.response(status: 404, fields: [("Code", "NoSuchWebsiteConfiguration"),
                                                       ("Message", "The specified bucket does not have a website configuration"), ("BucketName", bucket)])
        }
        // "Redirect requests for your bucket's website endpoint to another host": every request, path kept.
        if let target = configuration["RedirectAllRequestsTo"] {
            let scheme = target["Protocol"]?.string ?? "http"
            return redirect(to: "\(scheme)://\(target["HostName"]?.string ?? request.host)\(request.rawPath)", status: 301, requestId: request.requestId)
        }
        let rules = configuration["RoutingRules"]?.list ?? []
        let key = FormEncoding.percentDecode(String(request.rawPath.dropFirst()))
        if let rule = WebsiteRouting.match(rules, key: key, errorStatus: nil) {
            return redirect(WebsiteRouting.location(rule, key: key, host: request.host), requestId: request.requestId)
        }
        let suffix = configuration["IndexDocument"]?["Suffix"]?.string ?? "index.html"
        let isFolder = key.isEmpty || key.hasSuffix("/")
        let fetched = await fetch(isFolder ? key + suffix : key, request.method, true)
        if fetched.succeeded {
            // "Configuring a webpage redirect": an object's x-amz-website-redirect-location sends the browser on.
            if let location = redirectLocation(of: fetched) { return redirect(to: location, status: 301, requestId: request.requestId) }
            return fetched.response
        }
        let status = fetched.response.status
        // "Configuring an index document": `x` not found as an object but `x/` + index is a folder: 302 to `x/`. A
        // missing object is 403 to a public that may not list the bucket, so both are asked about.
        if status == 404 || status == 403, !isFolder, await fetch(key + "/" + suffix, "HEAD", false).succeeded {
            return redirect(to: "/" + FormEncoding.percentEncode(key, keepSlash: true) + "/", status: 302, requestId: request.requestId)
        }
        if let rule = WebsiteRouting.match(rules, key: key, errorStatus: status) {
            return redirect(WebsiteRouting.location(rule, key: key, host: request.host), requestId: request.requestId)
        }
        let error = errorFields(fetched, key: isFolder ? key + suffix : key)
        // "Configuring a custom error document": served for 4XX errors, with the error's status.
        guard (400 ..< 500).contains(status), let documentKey = configuration["ErrorDocument"]?["Key"]?.string else {
            return page.response(status: status, fields: error)
        }
        let document = await fetch(documentKey, request.method, false)
        guard document.succeeded else {
            return page.response(status: status, fields: error, documentError: errorFields(document, key: documentKey))
        }
        if let location = redirectLocation(of: document) { return redirect(to: location, status: 301, requestId: request.requestId) }
        var answer = document.response
        answer.status = status
        return answer
    }

    static func redirectLocation(of fetched: Fetched) -> String? {
        fetched.response.headers.first { $0.name.lowercased() == "x-amz-website-redirect-location" }?.value
    }

    static func redirect(_ target: (location: String, status: Int), requestId: String) -> WireResponse {
        redirect(to: target.location, status: target.status, requestId: requestId)
    }

    static func redirect(to location: String, status: Int, requestId: String) -> WireResponse {
        WireResponse(status: status, headers: [("Location", location), ("x-amz-request-id", requestId), ("Content-Length", "0")])
    }

    /// The error a fetch met, as the HTML page lists it: its code, message and key.
    static func errorFields(_ fetched: Fetched, key: String) -> [(String, String)] {
        let code = fetched.errorCode ?? "InternalError"
        // The website's page says what S3's REST answers say to the public: "Access Denied", no more.
        if code == "AccessDenied" { return [("Code", code), ("Message", "Access Denied")] }
        let message = ErrorPage.element("Message", in: fetched.response.body) ?? (code == "NoSuchKey" ? "The specified key does not exist." : code)
        return [("Code", code), ("Message", message), ("Key", key)]
    }
}

/// The website endpoint's own HTML error page ("Configuring a custom error document": "For each of these errors,
/// Amazon S3 returns a predefined HTML message").
struct ErrorPage {
    var requestId: String
    var withBody: Bool

    static let reasons = [301: "Moved Permanently", 302: "Found", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
                          405: "Method Not Allowed", 412: "Precondition Failed", 416: "Requested Range Not Satisfiable", 500: "Internal Server Error"]

    func response(status: Int, fields: [(String, String)], documentError: [(String, String)]? = nil) -> WireResponse {
        let title = "\(status) \(Self.reasons[status] ?? "Error")"
        var html = "<html>\n<head><title>\(title)</title></head>\n<body>\n<h1>\(title)</h1>\n<ul>\n"
        for (name, value) in fields + [("RequestId", requestId), ("HostId", Base64.encode(Array(requestId.utf8)))] {
            html += "<li>\(name): \(Self.escape(value))</li>\n"
        }
        html += "</ul>\n"
        if let documentError {
            html += "<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n"
            for (name, value) in documentError { html += "<li>\(name): \(Self.escape(value))</li>\n" }
            html += "</ul>\n"
        }
        html += "<hr/>\n</body>\n</html>\n"
        let body = Array(html.utf8)
        return WireResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("x-amz-request-id", requestId),
                                                      ("Content-Length", String(body.count))],
                            body: withBody ? body : [])
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// One element's text in an S3 XML error body.
    static func element(_ name: String, in body: [UInt8]) -> String? {
        guard let root = try? XMLNode.parse(body) else { return nil }
        return root.children(named: name).first?.text
    }
}

/// "Configuring a webpage redirect": routing rules, the first whose condition matches deciding. A condition names a
/// key prefix, an HTTP error code, or both (both must hold); a rule without one matches every request.
enum WebsiteRouting {
    /// The first rule that applies: before the object is fetched (`errorStatus` nil), rules without an error code;
    /// after an error, rules whose code is that error's.
    static func match(_ rules: [AWSValue], key: String, errorStatus: Int?) -> AWSValue? {
        rules.first { rule in
            let condition = rule["Condition"]
            let code = condition?["HttpErrorCodeReturnedEquals"]?.string
            let prefixHolds = condition?["KeyPrefixEquals"]?.string.map { key.hasPrefix($0) } ?? true
            if let errorStatus { return code == String(errorStatus) && prefixHolds }
            return code == nil && prefixHolds
        }
    }

    /// Where a rule sends the request: its protocol and host (the request's when it names none), the key replaced
    /// whole or by prefix, with its redirect code (301 unless it says otherwise).
    static func location(_ rule: AWSValue, key: String, host: String) -> (location: String, status: Int) {
        let redirect = rule["Redirect"]
        var newKey = key
        if let replacement = redirect?["ReplaceKeyWith"]?.string {
            newKey = replacement
        } else if let replacement = redirect?["ReplaceKeyPrefixWith"]?.string {
            let prefix = rule["Condition"]?["KeyPrefixEquals"]?.string ?? ""
            newKey = replacement + key.dropFirst(key.hasPrefix(prefix) ? prefix.count : 0)
        }
        let scheme = redirect?["Protocol"]?.string ?? "http"
        let target = redirect?["HostName"]?.string ?? host
        let status = redirect?["HttpRedirectCode"]?.string.flatMap { Int($0) } ?? 301
        return ("\(scheme)://\(target)/\(FormEncoding.percentEncode(newKey, keepSlash: true))", status)
    }
}

import Foundation

/// An HTTP request as the wire layer sees it: independent of the HTTP server.
public struct WireRequest: Sendable {
    public var method: String
    /// The path exactly as received, still percent-encoded, without the query.
    public var rawPath: String
    /// The query string as received, without `?`; empty when there is none.
    public var rawQuery: String
    /// Header names lowercased; repeated headers keep every value, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The `Host` (HTTP/1.1) or `:authority` the client sent.
    public var host: String
    /// A streaming payload (S3's object bodies) written to disk as it arrived instead of held in `body`.
    public var spooled: SpooledBody?

    public init(method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)], body: [UInt8], host: String) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
        self.host = host
    }

    /// The first value of a header (name in any case).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// The query string's pairs, percent-decoded, in order.
    public var queryItems: [(key: String, value: String)] {
        FormEncoding.decodePairs(rawQuery)
    }

    public var contentType: String? { header("content-type") }

    public var isFormEncoded: Bool {
        contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
    }
}

/// An HTTP response produced by the wire layer.
public struct WireResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// A body streamed from a file (S3 objects) instead of `body`.
    public var bodyFile: FileBody?

    /// An output field a handler sets to choose the status where the model has no `statusCode` member (S3's
    /// RestoreObject: 202 for a restore begun, 200 for one already done); no member can have this name.
    public static let chosenStatusField = "$status"

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

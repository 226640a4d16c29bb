/// An error as AWS returns it. Handlers throw these; the wire layer writes them in the service's protocol.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// HTTP status; when nil, the service model's status for `code` is used, else 400.
    public var status: Int?
    public var senderFault: Bool
    /// Elements some services add beside Code and Message (S3's `BucketName`, `Key`...).
    public var fields: [(name: String, value: String)]
    /// Response headers the error carries (S3's `x-amz-delete-marker` on a 404, `ETag` on a 304).
    public var headers: [(name: String, value: String)]

    public init(_ code: String, _ message: String, status: Int? = nil, senderFault: Bool = true,
                fields: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = []) {
        self.code = code
        self.message = message
        self.status = status
        self.senderFault = senderFault
        self.fields = fields
        self.headers = headers
    }

    public var description: String { "\(code): \(message)" }
}

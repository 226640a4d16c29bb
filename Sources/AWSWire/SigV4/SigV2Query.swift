import Crypto
import Foundation

/// S3's Signature Version 2 query authentication ("Authenticating Requests: Query string request authentication
/// alternative", Amazon S3 Signature Version 2): `AWSAccessKeyId`, `Expires` (epoch seconds) and `Signature`
/// (base64 HMAC-SHA1). Boto3 and the AWS CLI v1 still presign S3 URLs this way in us-east-1 by default.
public struct SigV2Query: Sendable, Equatable {
    public var accessKeyId: String
    public var expires: Int
    public var signature: String
    public var securityToken: String?

    /// The query's SigV2 parameters, or nil when the request does not use them.
    public static func parse(_ request: SigV4Request) -> SigV2Query? {
        let items = FormEncoding.decodePairs(request.rawQuery)
        func value(_ name: String) -> String? { items.first { $0.key == name }?.value }
        guard let key = value("AWSAccessKeyId"), let signature = value("Signature"), let expires = value("Expires").flatMap(Int.init) else {
            return nil
        }
        return SigV2Query(accessKeyId: key, expires: expires, signature: signature, securityToken: value("x-amz-security-token"))
    }

    /// The subresources that are part of the string to sign, in this order.
    static let subresources: Set<String> = [
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires", "restore", "tagging", "torrent", "uploadId", "uploads", "versionId",
        "versioning", "versions", "website",
    ]

    /// Whether `signature` is the request's, signed with `secretAccessKey`. `bucketFromHost` is the bucket of a
    /// virtual-hosted request, which the canonical resource names as a path.
    public func verify(_ request: SigV4Request, secretAccessKey: String, bucketFromHost: String?) -> Bool {
        func header(_ name: String) -> String { request.headers.first { $0.name.lowercased() == name }?.value ?? "" }
        var amzHeaders: [(String, String)] = request.headers.compactMap { field in
            let name = field.name.lowercased()
            return name.hasPrefix("x-amz-") ? (name, field.value.trimmingCharacters(in: .whitespaces)) : nil
        }
        amzHeaders.sort { $0.0 < $1.0 }
        var resource = (bucketFromHost.map { "/" + $0 } ?? "") + request.rawPath
        let signedSubresources = FormEncoding.decodePairs(request.rawQuery).filter { Self.subresources.contains($0.key) }
            .sorted { $0.key < $1.key }
        if !signedSubresources.isEmpty {
            resource += "?" + signedSubresources.map { $0.value.isEmpty ? $0.key : "\($0.key)=\($0.value)" }.joined(separator: "&")
        }
        var stringToSign = "\(request.method)\n\(header("content-md5"))\n\(header("content-type"))\n\(expires)\n"
        for (name, value) in amzHeaders { stringToSign += "\(name):\(value)\n" }
        stringToSign += resource
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(secretAccessKey.utf8)))
        return SigV4.constantTimeEquals(Data(mac).base64EncodedString(), signature)
    }
}

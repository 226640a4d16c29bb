import AWSWire
import Foundation

/// S3's errors ("Error responses" in the Amazon S3 API Reference: code, message, status, and the extra elements).
enum S3Errors {
    static func noSuchBucket(_ name: String) -> AWSError {
        AWSError("NoSuchBucket", "The specified bucket does not exist", status: 404, fields: [("BucketName", name)])
    }

    static func noSuchKey(_ key: String) -> AWSError {
        AWSError("NoSuchKey", "The specified key does not exist.", status: 404, fields: [("Key", key)])
    }

    static func noSuchVersion(key: String, version: String) -> AWSError {
        AWSError("NoSuchVersion", "The specified version does not exist.", status: 404, fields: [("Key", key), ("VersionId", version)])
    }

    static func noSuchUpload(_ uploadId: String) -> AWSError {
        AWSError("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                 status: 404, fields: [("UploadId", uploadId)])
    }

    static func invalidArgument(_ message: String, name: String, value: String) -> AWSError {
        AWSError("InvalidArgument", message, status: 400, fields: [("ArgumentName", name), ("ArgumentValue", value)])
    }

    static func invalidRequest(_ message: String) -> AWSError {
        AWSError("InvalidRequest", message, status: 400)
    }

    static func preconditionFailed(_ condition: String) -> AWSError {
        AWSError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", status: 412, fields: [("Condition", condition)])
    }

    /// A 304 names the representation the client already has (RFC 9110 §15.4.5: ETag and Last-Modified as a 200 would).
    static func notModified(etag: String, lastModified: Date) -> AWSError {
        AWSError("NotModified", "Not Modified", status: 304,
                 headers: [("ETag", "\"\(etag)\""), ("Last-Modified", Timestamp.rfc822(lastModified))])
    }

    /// 501 for a header S3 knows but not with this value or combination; `detail` is its `additionalMessage`.
    static func notImplemented(header: String, detail: String) -> AWSError {
        AWSError("NotImplemented", "A header you provided implies functionality that is not implemented", status: 501,
                 fields: [("Header", header), ("additionalMessage", detail)])
    }

    static func methodNotAllowed(method: String, resource: String) -> AWSError {
        AWSError("MethodNotAllowed", "The specified method is not allowed against this resource.", status: 405,
                 fields: [("Method", method), ("ResourceType", resource)])
    }

    static let internalError = AWSError("InternalError", "We encountered an internal error. Please try again.", status: 500, senderFault: false)
}

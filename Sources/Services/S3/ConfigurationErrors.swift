import AWSWire

/// The errors of the bucket subresources and object tagging and ACLs ("Error responses" in the Amazon S3 API
/// Reference: the code, its message and status; the missing-configuration errors name the bucket).
extension S3Errors {
    static func malformedXML() -> AWSError {
        AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status: 400)
    }

    static func malformedPolicy(_ message: String) -> AWSError {
        AWSError("MalformedPolicy", message, status: 400)
    }

    static func invalidTag(_ message: String, key: String? = nil) -> AWSError {
        AWSError("InvalidTag", message, status: 400, fields: key.map { [("TagKey", $0)] } ?? [])
    }

    /// A Get or Delete of a configuration the bucket does not have: 404 with the bucket's name.
    static func missing(_ code: String, _ message: String, bucket: String) -> AWSError {
        AWSError(code, message, status: 404, fields: [("BucketName", bucket)])
    }

    static let accessDenied = AWSError("AccessDenied", "Access Denied", status: 403)

    /// "Controlling ownership of objects and disabling ACLs for your bucket": with BucketOwnerEnforced, ACLs no
    /// longer affect permissions and setting one fails.
    static let aclNotSupported = AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs", status: 400)
}

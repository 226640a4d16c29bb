import AWSWire
import Foundation
import NimbusCore

/// Browser uploads: `POST /bucket` with a `multipart/form-data` body ("Browser-based uploads using POST",
/// "Creating a POST policy", "POST Object"). The server parses the form and authenticates it (NimbusServer);
/// here are S3's rules: the policy the form was signed with, the fields that become PutObject's members, and the
/// answer the form asks for.
public enum PostObjects {
    /// A parsed form: fields by lowercased name (the first of each), and the file's name and size.
    public struct Form: Sendable {
        public var fields: [String: String]
        public var fileName: String?
        public var fileSize: Int64

        public init(fields: [(name: String, value: String)], fileName: String?, fileSize: Int64) {
            var byName: [String: String] = [:]
            for (name, value) in fields where byName[name.lowercased()] == nil { byName[name.lowercased()] = value }
            self.fields = byName
            self.fileName = fileName
            self.fileSize = fileSize
        }

        /// The object's key: `${filename}` stands for the uploaded file's name.
        var key: String? {
            fields["key"].map { $0.replacingOccurrences(of: "${filename}", with: fileName ?? "") }
        }
    }

    /// Fields that are not conditions' business ("Creating a POST policy": every other field must be named by a
    /// condition; `x-ignore-` fields are never checked).
    static let exempt: Set<String> = ["policy", "x-amz-signature", "signature", "awsaccesskeyid", "file"]

    /// "Creating a POST policy": the policy must not have expired, and each of its conditions must hold for the form.
    public static func checkPolicy(_ encoded: String?, form: Form, bucket: String, now: Date) throws {
        guard let encoded else { return }
        guard let data = Data(base64Encoded: encoded),
              let policy = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AWSError("InvalidPolicyDocument", "Invalid Policy: Invalid JSON.", status: 400)
        }
        guard let expiration = (policy["expiration"] as? String).flatMap(Timestamp.parseISO8601) else {
            throw AWSError("InvalidPolicyDocument", "Invalid Policy: Policy missing expiration.", status: 400)
        }
        guard let conditions = policy["conditions"] as? [Any] else {
            throw AWSError("InvalidPolicyDocument", "Invalid Policy: Policy missing conditions.", status: 400)
        }
        guard now < expiration else { throw denied("Policy expired.") }
        var values = form.fields
        values["bucket"] = bucket
        values["key"] = form.key
        var named = Set<String>()
        for condition in conditions {
            if let exact = condition as? [String: Any], exact.count == 1, let (field, expected) = exact.first {
                let name = field.lowercased()
                named.insert(name)
                guard let expected = expected as? String, values[name] == expected else {
                    throw denied("Policy Condition failed: [\"eq\", \"$\(field)\", \"\(expected)\"]")
                }
                continue
            }
            guard let list = condition as? [Any], let operation = (list.first as? String)?.lowercased(), list.count == 3 else {
                throw AWSError("InvalidPolicyDocument", "Invalid Policy: Invalid Simple-Condition: value must be a string.", status: 400)
            }
            if operation == "content-length-range" {
                // The bounds may be numbers or strings of digits (as form builders write them).
                func bound(_ value: Any) throws -> Int64 {
                    if let number = value as? NSNumber { return number.int64Value }
                    if let text = value as? String, let number = Int64(text.trimmingCharacters(in: .whitespaces)) { return number }
                    throw AWSError("InvalidPolicyDocument", "Invalid Policy: Invalid content-length-range: bounds must be integers.", status: 400)
                }
                let minimum = try bound(list[1])
                let maximum = try bound(list[2])
                if form.fileSize > maximum {
                    throw AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", status: 400,
                                   fields: [("ProposedSize", String(form.fileSize)), ("MaxSizeAllowed", String(maximum))])
                }
                if form.fileSize < minimum {
                    throw AWSError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", status: 400,
                                   fields: [("ProposedSize", String(form.fileSize)), ("MinSizeAllowed", String(minimum))])
                }
                continue
            }
            guard let reference = list[1] as? String, reference.hasPrefix("$"), let expected = list[2] as? String else {
                throw AWSError("InvalidPolicyDocument", "Invalid Policy: Invalid Condition: \(operation)", status: 400)
            }
            let name = String(reference.dropFirst()).lowercased()
            named.insert(name)
            let actual = values[name] ?? ""
            let holds = switch operation {
            case "eq": actual == expected
            case "starts-with": name == "content-type"
                ? actual.split(separator: ",").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix(expected) } : actual.hasPrefix(expected)
            default: false
            }
            guard holds else { throw denied("Policy Condition failed: [\"\(operation)\", \"\(reference)\", \"\(expected)\"]") }
        }
        let extra = form.fields.keys.filter { !exempt.contains($0) && !$0.hasPrefix("x-ignore-") && !named.contains($0) }.sorted()
        if let first = extra.first { throw denied("Extra input fields: \(first)") }
    }

    static func denied(_ reason: String) -> AWSError {
        AWSError("AccessDenied", "Invalid according to Policy: \(reason)", status: 403)
    }

    /// PutObject's input for the form: its key and the fields S3 takes as the object's headers and metadata.
    public static func putInput(_ form: Form, bucket: String, body: AWSValue) throws -> AWSValue {
        guard let key = form.key, !key.isEmpty else {
            throw S3Errors.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
                                           name: "key", value: "")
        }
        var input: [String: AWSValue] = ["Bucket": .string(bucket), "Key": .string(key), "Body": body]
        let members = [("acl", "ACL"), ("cache-control", "CacheControl"), ("content-type", "ContentType"),
                       ("content-disposition", "ContentDisposition"), ("content-encoding", "ContentEncoding"),
                       ("x-amz-storage-class", "StorageClass"), ("x-amz-server-side-encryption", "ServerSideEncryption"),
                       ("x-amz-website-redirect-location", "WebsiteRedirectLocation"), ("content-md5", "ContentMD5"),
                       ("x-amz-object-lock-mode", "ObjectLockMode"), ("x-amz-object-lock-legal-hold", "ObjectLockLegalHoldStatus")]
        for (field, member) in members { if let value = form.fields[field] { input[member] = .string(value) } }
        if let until = form.fields["x-amz-object-lock-retain-until-date"] {
            guard let date = Timestamp.parseISO8601(until) else {
                throw S3Errors.invalidArgument("The retain until date must be provided in ISO 8601 format", name: "x-amz-object-lock-retain-until-date",
                                               value: until)
            }
            input["ObjectLockRetainUntilDate"] = .timestamp(date)
        }
        if let expires = form.fields["expires"], let date = Timestamp.parse(expires) { input["Expires"] = .timestamp(date) }
        var metadata: [String: AWSValue] = [:]
        for (field, value) in form.fields where field.hasPrefix("x-amz-meta-") { metadata[String(field.dropFirst("x-amz-meta-".count))] = .string(value) }
        if !metadata.isEmpty { input["Metadata"] = .object(metadata) }
        // "POST Object": tags are a Tagging document in the `tagging` field; PutObject takes them as a query string.
        if let tagging = form.fields["tagging"] {
            guard let document = try? XMLNode.parse(Array(tagging.utf8)) else { throw S3Errors.malformedXML() }
            let pairs = document.children(named: "TagSet").flatMap { $0.children(named: "Tag") }.map { tag in
                FormEncoding.percentEncode(tag.children(named: "Key").first?.text ?? "") + "="
                    + FormEncoding.percentEncode(tag.children(named: "Value").first?.text ?? "")
            }
            input["Tagging"] = .string(pairs.joined(separator: "&"))
        }
        return .object(input)
    }

    /// The answer the form asks for ("POST Object": success_action_redirect, else success_action_status 200, 201
    /// with a PostResponse document, or 204), with the object's ETag and location.
    public static func response(_ form: Form, bucket: String, key: String, output: AWSValue, location: String, requestId: String) -> WireResponse {
        let etag = output["ETag"]?.string ?? ""
        var headers: [(name: String, value: String)] = [("ETag", etag), ("Location", location), ("x-amz-request-id", requestId)]
        if let version = output["VersionId"]?.string { headers.append(("x-amz-version-id", version)) }
        let redirect = form.fields["success_action_redirect"] ?? form.fields["redirect"]
        if let redirect, let url = URL(string: redirect), url.scheme != nil {
            let query = "bucket=\(FormEncoding.percentEncode(bucket))&key=\(FormEncoding.percentEncode(key))&etag=\(FormEncoding.percentEncode(etag))"
            let target = redirect + (redirect.contains("?") ? "&" : "?") + query
            return WireResponse(status: 303, headers: headers.filter { $0.name != "Location" } + [("Location", target)])
        }
        switch form.fields["success_action_status"] {
        case "200"?:
            return WireResponse(status: 200, headers: headers)
        case "201"?:
            var writer = XMLWriter()
            writer.open("PostResponse")
            for (name, value) in [("Location", location), ("Bucket", bucket), ("Key", key), ("ETag", etag)] { writer.element(name, value) }
            writer.close("PostResponse")
            return WireResponse(status: 201, headers: headers + [("Content-Type", "application/xml")], body: writer.bytes)
        default:
            return WireResponse(status: 204, headers: headers)
        }
    }
}

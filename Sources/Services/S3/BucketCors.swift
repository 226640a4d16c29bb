import AWSWire

/// PutBucketCors, GetBucketCors, DeleteBucketCors ("Using cross-origin resource sharing (CORS)", "CORS
/// configuration"), kept in `configurations["CORSConfiguration"]`.
enum BucketCors {
    /// "CORS configuration": up to 100 rules.
    static let maximumRules = 100
    static let methods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD"]

    static let stored = BucketSubresources.Stored(
        key: "CORSConfiguration", member: "CORSConfiguration", wrapped: false,
        missingCode: "NoSuchCORSConfiguration", missingMessage: "The CORS configuration does not exist",
        prepare: { document, _, _ in
            let rules = document["CORSRules"]?.list ?? []
            guard !rules.isEmpty, rules.count <= maximumRules else { throw S3Errors.malformedXML() }
            for rule in rules { try check(rule) }
            return document
        })

    static func check(_ rule: AWSValue) throws {
        let origins = rule["AllowedOrigins"]?.strings ?? []
        let allowedMethods = rule["AllowedMethods"]?.strings ?? []
        guard !origins.isEmpty, !allowedMethods.isEmpty else { throw S3Errors.malformedXML() }
        if let method = allowedMethods.first(where: { !methods.contains($0) }) {
            throw S3Errors.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is \(method)")
        }
        // "CORS configuration": an AllowedOrigin or AllowedHeader "can contain at most one * wildcard character".
        for (name, values) in [("AllowedOrigin", origins), ("AllowedHeader", rule["AllowedHeaders"]?.strings ?? [])] {
            if let value = values.first(where: { value in value.filter { $0 == "*" }.count > 1 }) {
                throw S3Errors.invalidRequest("\(name) \"\(value)\" can not have more than one wildcard.")
            }
        }
        if let id = rule["ID"]?.string, id.count > 255 { throw S3Errors.invalidArgument("ID length should not exceed allowed limit of 255", name: "ID", value: id) }
    }
}

import AWSWire
import NimbusCore

/// PutObjectLockConfiguration, GetObjectLockConfiguration, Put/GetObjectRetention and Put/GetObjectLegalHold
/// (Amazon S3 API Reference; the rules are ``ObjectLock``'s).
enum ObjectLockOperations {
    static let handlers: [String: OperationHandler] = [
        "PutObjectLockConfiguration": putConfiguration,
        "GetObjectLockConfiguration": getConfiguration,
        "PutObjectRetention": putRetention,
        "GetObjectRetention": getRetention,
        "PutObjectLegalHold": putLegalHold,
        "GetObjectLegalHold": getLegalHold,
    ]

    /// "Enable Object Lock on an existing S3 bucket": allowed once versioning is Enabled, and then for good. A
    /// configuration without a rule removes the default retention.
    static let putConfiguration: OperationHandler = { input, context in
        guard let document = input["ObjectLockConfiguration"] else {
            throw AWSError("MissingRequestBodyError", "Request Body is empty", status: 400)
        }
        try ObjectLock.checkConfiguration(document)
        guard let stored = StoredValue(document) else { throw S3Errors.malformedXML() }
        try BucketSubresources.update(input, context) { bucket in
            guard bucket.versioningEnabled else {
                throw AWSError("InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", status: 409)
            }
            bucket.objectLockEnabled = true
            bucket[configuration: ObjectLock.configurationKey] = stored
        }
        return [:]
    }

    static let getConfiguration: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard bucket.objectLockEnabled == true else {
            throw S3Errors.missing("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", bucket: bucket.name)
        }
        let document = bucket[configuration: ObjectLock.configurationKey]?.value ?? .object(["ObjectLockEnabled": "Enabled"])
        return .object(["ObjectLockConfiguration": document])
    }

    /// Sets, extends, shortens or (with an empty Retention, bypassing GOVERNANCE) removes a version's retention.
    static let putRetention: OperationHandler = { input, context in
        // An empty body is no Retention; an empty Retention document removes one (with the bypass, for GOVERNANCE).
        guard let retention = input["Retention"] else { throw S3Errors.malformedXML() }
        let mode = retention["Mode"]?.string
        let until = retention["RetainUntilDate"]?.date
        guard (mode == nil) == (until == nil), mode.map(ObjectLock.modes.contains) ?? true else { throw S3Errors.malformedXML() }
        if let until, until <= context.now {
            throw S3Errors.invalidArgument("The retain until date must be in the future!", name: "RetainUntilDate", value: Timestamp.iso8601(until))
        }
        try requireLockedBucket(input, context)
        let bypass = bypassesGovernance(input, context)
        let new = mode.flatMap { mode in until.map { ObjectLock.Retention(mode: mode, until: $0) } }
        try ObjectSubresources.update(input, context, method: "PUT") { version, _ in
            try ObjectLock.checkRetentionChange(from: ObjectLock.retention(of: version), to: new, bypassGovernance: bypass, at: context.now)
            version.lockMode = new?.mode
            version.retainUntil = new?.until
        }
        return [:]
    }

    static let getRetention: OperationHandler = { input, context in
        try requireLockedBucket(input, context)
        let version = try ObjectSubresources.read(input, context, method: "GET").version
        guard let retention = ObjectLock.retention(of: version) else { throw ObjectLock.noVersionConfiguration() }
        return .object(["Retention": .object(["Mode": .string(retention.mode), "RetainUntilDate": .timestamp(retention.until)])])
    }

    /// "Legal holds can be freely placed and removed by any user who has the s3:PutObjectLegalHold permission."
    static let putLegalHold: OperationHandler = { input, context in
        guard let status = input["LegalHold"]?["Status"]?.string, ObjectLock.holdStatuses.contains(status) else { throw S3Errors.malformedXML() }
        try requireLockedBucket(input, context)
        try ObjectSubresources.update(input, context, method: "PUT") { version, _ in version.legalHold = status }
        return [:]
    }

    static let getLegalHold: OperationHandler = { input, context in
        try requireLockedBucket(input, context)
        let version = try ObjectSubresources.read(input, context, method: "GET").version
        guard let status = version.legalHold else { throw ObjectLock.noVersionConfiguration() }
        return .object(["LegalHold": .object(["Status": .string(status)])])
    }

    static func requireLockedBucket(_ input: AWSValue, _ context: RequestContext) throws {
        guard try S3Lookup.bucket(input, context).objectLockEnabled == true else { throw ObjectLock.missingBucketConfiguration }
    }

    /// "Bypassing governance mode": the request must say `x-amz-bypass-governance-retention: true` and the caller
    /// must be allowed s3:BypassGovernanceRetention on the object (asked before the handler runs).
    static func bypassesGovernance(_ input: AWSValue, _ context: RequestContext, key: String? = nil) -> Bool {
        guard input["BypassGovernanceRetention"]?.bool == true, let bucket = input["Bucket"]?.string,
              let key = key ?? input["Key"]?.string else { return false }
        return context.isGranted("s3:BypassGovernanceRetention", on: S3ARN.object(bucket, key))
    }

    /// `x-amz-bypass-governance-retention`, true or false, means nothing to a bucket without Object Lock, and S3
    /// says so rather than ignore it.
    static func checkBypassHeader(_ input: AWSValue, bucket: S3Bucket) throws {
        guard let value = input["BypassGovernanceRetention"]?.bool, bucket.objectLockEnabled != true else { return }
        throw S3Errors.invalidArgument("x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.",
                                       name: "x-amz-bypass-governance-retention", value: String(value))
    }
}

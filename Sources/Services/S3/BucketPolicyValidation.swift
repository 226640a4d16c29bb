import AWSWire
import Foundation
import NimbusCore
import PolicyEngine

/// PutBucketPolicy's checks, with S3's MalformedPolicy messages ("PutBucketPolicy", "Policies and permissions in
/// Amazon S3", "Policy resources for Amazon S3"): the policy engine's grammar for resource-based policies, then
/// S3's own rules: a principal and a resource in every statement, resources inside this bucket, actions that
/// act on some resource the statement names.
enum BucketPolicyValidation {
    /// "Bucket policy size limit": 20 KB.
    static let maximumBytes = 20 * 1024

    static func validate(_ text: String, bucket: String) throws -> PolicyDocument {
        guard text.utf8.count <= maximumBytes else { throw S3Errors.malformedPolicy("Policy exceeds the maximum allowed document size.") }
        guard text.utf8.first == UInt8(ascii: "{"), (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil else {
            throw S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
        }
        try checkShape(text)
        let document: PolicyDocument
        do throws(PolicyValidationError) {
            document = try PolicyDocument.parse(text, kind: .resource)
        } catch {
            throw S3Errors.malformedPolicy(s3Message(error))
        }
        for statement in document.statements {
            try check(statement, bucket: bucket)
        }
        return document
    }

    /// The faults S3 names in its own words before the grammar: the version, an empty statement list, an effect.
    static func checkShape(_ text: String) throws {
        guard let top = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return }
        if let version = top["Version"], !["2012-10-17", "2008-10-17"].contains(version as? String ?? "") {
            throw S3Errors.malformedPolicy("The policy must contain a valid version string")
        }
        let statements = top["Statement"] as? [Any] ?? (top["Statement"].map { [$0] } ?? [])
        if top["Statement"] != nil, statements.isEmpty { throw S3Errors.malformedPolicy("Could not parse the policy: Statement is empty!") }
        for case let statement as [String: Any] in statements {
            if let effect = statement["Effect"] as? String, effect != "Allow", effect != "Deny" {
                throw S3Errors.malformedPolicy("Invalid effect: \(effect)")
            }
        }
    }

    /// Whether a condition key as written is the reference's `known` (whose `/<key>` suffix stands for any tag key).
    static func names(_ key: String, _ known: String) -> Bool {
        let name = known.lowercased()
        if let slash = name.firstIndex(of: "/") { return key.hasPrefix(name[...slash]) }
        return name == key
    }

    /// IAM's wording where S3 words the same problem its own way.
    static func s3Message(_ error: PolicyValidationError) -> String {
        if error.message.hasPrefix("Invalid principal in policy") { return "Invalid principal in policy" }
        if error.message == "Policy statement must contain actions." { return "Missing required field Action" }
        if error.message == "Policy statement must contain resources." { return "Missing required field Resource" }
        return error.message
    }

    static func check(_ statement: PolicyStatement, bucket: String) throws {
        guard statement.principal != nil else { throw S3Errors.malformedPolicy("Missing required field Principal") }
        guard let resources = statement.resource?.patterns else { throw S3Errors.malformedPolicy("Missing required field Resource") }
        var kinds: Set<Kind> = []
        for resource in resources {
            guard let kind = kind(ofResource: resource, bucket: bucket) else { throw S3Errors.malformedPolicy("Policy has invalid resource") }
            kinds.formUnion(kind)
        }
        // Actions are S3's, by a name the Service Authorization Reference lists (or a wildcard over them).
        let s3 = ServiceAuthorization.forService("s3")
        for action in statement.action.patterns where action != "*" {
            guard action.lowercased().hasPrefix("s3:") else { throw S3Errors.malformedPolicy("Policy has invalid action") }
            if !action.contains("*"), !action.contains("?"), let s3, s3.action(named: action) == nil {
                throw S3Errors.malformedPolicy("Policy has invalid action")
            }
        }
        for clause in statement.conditions {
            // S3's own keys are those the reference lists (tag keys end in `/<key>`); IpAddress values are addresses.
            let key = clause.key.lowercased()
            if key.hasPrefix("s3:"), let s3 {
                guard s3.serviceConditionKeys.contains(where: { names(key, $0) }) else {
                    throw S3Errors.malformedPolicy("Policy has an invalid condition key")
                }
                // A key no action of the statement has can never match: S3 refuses the pairing (`s3:prefix` is
                // ListBucket's, not GetObject's). Wildcards and NotAction name actions too loosely to judge.
                let actions = statement.action.patterns
                if !statement.action.isNegated, !actions.contains(where: { $0.contains("*") || $0.contains("?") }),
                   !actions.contains(where: { s3.action(named: $0)?.allConditionKeys.contains { names(key, $0) } ?? true }) {
                    throw S3Errors.malformedPolicy("Conditions do not apply to combination of actions and resources in statement")
                }
            }
            if clause.operator.base == .ipAddress || clause.operator.base == .notIpAddress, !clause.values.allSatisfy(CIDRBlock.isValid) {
                throw S3Errors.malformedPolicy("Invalid IP address in Conditions")
            }
        }
        // NotAction and NotResource name what the statement leaves out, so they always leave something in.
        guard !statement.action.isNegated, statement.resource?.isNegated != true else { return }
        guard statement.action.patterns.contains(where: { !kinds.isDisjoint(with: kind(ofAction: $0)) }) else {
            throw S3Errors.malformedPolicy("Action does not apply to any resource(s) in statement")
        }
    }

    /// Actions on the account or on other resource types (jobs, access points, Storage Lens), whatever their name.
    static let accountActions: Set<String> = ["listallmybuckets", "createjob", "listjobs", "listaccesspoints", "listmultiregionaccesspoints",
                                              "liststoragelensconfigurations", "listaccessgrantsinstances"]
    static let otherObjectActions: Set<String> = ["abortmultipartupload", "listmultipartuploadparts", "bypassgovernanceretention",
                                                  "initiatereplication"]

    enum Kind: Hashable {
        case bucket
        case object
    }

    /// What an `arn:aws:s3:::` resource names inside this bucket: the bucket, its objects, or (with a wildcard
    /// that can reach past the name) both; nil for anything outside it.
    static func kind(ofResource resource: String, bucket: String) -> Set<Kind>? {
        let prefix = "arn:aws:s3:::"
        guard resource.hasPrefix(prefix) else { return nil }
        let path = resource.dropFirst(prefix.count)
        if let slash = path.firstIndex(of: "/") {
            return S3Glob.matches(String(path[..<slash]), bucket) ? [.object] : nil
        }
        if S3Glob.matches(String(path), bucket) {
            return path.contains("*") ? [.bucket, .object] : [.bucket]
        }
        // `arn:aws:s3:::name*` also covers `name/key`.
        return path.hasSuffix("*") && S3Glob.matches(String(path), bucket + "/") ? [.object] : nil
    }

    /// The resource types an S3 action acts on ("Actions, resources, and condition keys for Amazon S3"), as the
    /// reference's table lists them (s3:ReplicateTags and s3:ObjectOwnerOverrideToBucketOwner act on objects). An
    /// action the table does not know is judged by its name: account actions (ListAllMyBuckets, CreateJob, the
    /// account's public access block...) act on neither; bucket actions carry Bucket or a bucket configuration in
    /// their name, object actions Object or a part of a multipart upload.
    static func kind(ofAction action: String) -> Set<Kind> {
        // Action names match without regard to case ("IAM JSON policy elements: Action").
        let name = (action.split(separator: ":", maxSplits: 1).last.map(String.init) ?? action).lowercased()
        if name.contains("*") || name.contains("?") { return [.bucket, .object] }
        if let table = ServiceAuthorization.forService("s3"), table.action(named: name) != nil {
            let types = Set(table.resourceTypes(forAction: name).map(\.type.name))
            return Set([types.contains("bucket") ? Kind.bucket : nil, types.contains("object") ? Kind.object : nil].compactMap { $0 })
        }
        if name.contains("account") || accountActions.contains(name) { return [] }
        if name.contains("bucket") || name.hasSuffix("configuration") { return [.bucket] }
        if name.contains("object") || otherObjectActions.contains(name) { return [.object] }
        return []
    }
}

/// `*` and `?` matching as the policy language does it (case-sensitive, `*` crossing `/`).
enum S3Glob {
    static func matches(_ pattern: String, _ value: String) -> Bool {
        matches(Array(pattern.unicodeScalars)[...], Array(value.unicodeScalars)[...])
    }

    private static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ value: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return value.isEmpty }
        switch first {
        case "*":
            let rest = pattern.dropFirst()
            return value.indices.contains { matches(rest, value[$0...]) } || matches(rest, value[value.endIndex...])
        case "?":
            return !value.isEmpty && matches(pattern.dropFirst(), value.dropFirst())
        default:
            return value.first == first && matches(pattern.dropFirst(), value.dropFirst())
        }
    }
}

import AWSWire
import Foundation
import NimbusCore

/// PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration, DeleteBucketLifecycle ("Managing the
/// lifecycle of objects", "Lifecycle configuration elements", "Transitioning objects using Amazon S3
/// Lifecycle"), kept in `configurations["LifecycleConfiguration"]` and checked as S3 checks them; ``LifecycleSweep``
/// carries them out.
enum BucketLifecycle {
    /// "Lifecycle configuration elements": up to 1,000 rules, IDs up to 255 characters.
    static let maximumRules = 1000
    static let maximumIdLength = 255
    /// "Transitioning objects": the Standard-IA and One Zone-IA classes take objects at least 30 days old.
    static let minimumTransitionDays = ["STANDARD_IA": 30, "ONEZONE_IA": 30]
    static let transitionClasses: Set<String> = ["GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"]

    static let stored = BucketSubresources.Stored(
        key: "LifecycleConfiguration", member: "LifecycleConfiguration", wrapped: false,
        missingCode: "NoSuchLifecycleConfiguration", missingMessage: "The lifecycle configuration does not exist",
        prepare: { document, input, context in
            let rules = document["Rules"]?.list ?? []
            guard !rules.isEmpty, rules.count <= maximumRules else { throw S3Errors.malformedXML() }
            var ids = Set<String>()
            var named: [AWSValue] = []
            for var rule in rules {
                // A rule sent without an ID gets one, as S3 names it: the base64 of a UUID (from the seeded ids).
                if rule["ID"]?.string == nil, var members = rule.object {
                    members["ID"] = .string(Base64.encode(Array(context.ids.uuid().lowercased().utf8)))
                    rule = .object(members)
                }
                named.append(rule)
                if let id = rule["ID"]?.string {
                    guard id.count <= maximumIdLength else {
                        throw S3Errors.invalidArgument("ID length should not exceed allowed limit of \(maximumIdLength)", name: "ID", value: id)
                    }
                    guard ids.insert(id).inserted else {
                        throw S3Errors.invalidArgument("Rule ID must be unique. Found same ID for more than one rule", name: "ID", value: id)
                    }
                }
                try check(rule)
            }
            // The Get answers the minimum object size for transitions beside the rules (a header).
            var kept = document.object ?? [:]
            kept["Rules"] = .list(named)
            kept["TransitionDefaultMinimumObjectSize"] = input["TransitionDefaultMinimumObjectSize"] ?? "all_storage_classes_128K"
            return .object(kept)
        })

    static func check(_ rule: AWSValue) throws {
        let status = rule["Status"]?.string
        guard status == "Enabled" || status == "Disabled" else { throw S3Errors.malformedXML() }
        try checkFilter(rule)
        let actions = ["Expiration", "Transitions", "NoncurrentVersionTransitions", "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload"]
        guard actions.contains(where: { rule[$0] != nil }) else { throw S3Errors.invalidRequest("At least one action needs to be specified in a rule") }
        if let expiration = rule["Expiration"] { try checkExpiration(expiration) }
        // "Lifecycle configuration elements": objects expire after their last transition, not before it.
        if let expires = rule["Expiration"]?["Days"]?.int,
           (rule["Transitions"]?.list ?? []).contains(where: { ($0["Days"]?.int).map { $0 >= expires } == true }) {
            throw S3Errors.invalidArgument("'Days' in the Expiration action for filter '\(filterDescription(rule))' must be greater than 'Days' in the Transition action",
                                           name: "Days", value: String(expires))
        }
        let transitions = rule["Transitions"]?.list ?? []
        for transition in transitions {
            try checkTransition(transition, daysField: "Days", action: "Transition")
        }
        let noncurrent = rule["NoncurrentVersionTransitions"]?.list ?? []
        for transition in noncurrent {
            try checkTransition(transition, daysField: "NoncurrentDays", action: "NoncurrentVersionTransition")
        }
        try TransitionOrder.check(transitions, daysField: "Days", action: "Transition", filter: filterDescription(rule))
        try TransitionOrder.check(noncurrent, daysField: "NoncurrentDays", action: "NoncurrentVersionTransition", filter: filterDescription(rule))
        if let expiration = rule["Expiration"], !transitions.isEmpty,
           transitions.contains(where: { ($0["Date"] != nil) != (expiration["Date"] != nil) }), expiration["ExpiredObjectDeleteMarker"] == nil {
            throw S3Errors.invalidRequest("Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule for filter '\(filterDescription(rule))'")
        }
        if let expiration = rule["NoncurrentVersionExpiration"] {
            try checkPositive(expiration["NoncurrentDays"], field: "NoncurrentDays", action: "NoncurrentVersionExpiration")
        }
        if let abort = rule["AbortIncompleteMultipartUpload"] {
            try checkPositive(abort["DaysAfterInitiation"], field: "DaysAfterInitiation", action: "AbortIncompleteMultipartUpload")
            // Uploads have no tags to filter on yet.
            if rule["Filter"]?["Tag"] != nil || rule["Filter"]?["And"]?["Tags"] != nil {
                throw S3Errors.invalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.")
            }
        }
    }

    /// A rule names its objects with the legacy Prefix or with a Filter, not both; a Filter holds one of
    /// Prefix, Tag, the size bounds, or And.
    static func checkFilter(_ rule: AWSValue) throws {
        guard let filter = rule["Filter"] else { return }
        guard rule["Prefix"] == nil else { throw S3Errors.malformedXML() }
        let present = ["Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And"].filter { filter[$0] != nil }
        guard present.count <= 1 else { throw S3Errors.malformedXML() }
    }

    /// How S3's messages name a rule's filter: `(prefix=logs/)`, `(prefix=)` for none, `()` for an empty Filter,
    /// conditions joined with ` and ` (S3's errors as captured from the wire; NooBaa's copy of the format for the
    /// size and tag conditions).
    static func filterDescription(_ rule: AWSValue) -> String {
        guard let filter = rule["Filter"] else { return "(prefix=\(rule["Prefix"]?.string ?? ""))" }
        let conditions = filter["And"] ?? filter
        var parts: [String] = []
        if let prefix = conditions["Prefix"]?.string { parts.append("prefix=\(prefix)") }
        for tag in (conditions["Tags"]?.list ?? []) + [conditions["Tag"]].compactMap({ $0 }) {
            parts.append("tag={key=\(tag["Key"]?.string ?? ""), value=\(tag["Value"]?.string ?? "")}")
        }
        if let size = conditions["ObjectSizeGreaterThan"]?.int { parts.append("objectsizegreaterthan=\(size)") }
        if let size = conditions["ObjectSizeLessThan"]?.int { parts.append("objectsizelessthan=\(size)") }
        return "(" + parts.joined(separator: " and ") + ")"
    }

    static func checkExpiration(_ expiration: AWSValue) throws {
        let given = ["Days", "Date", "ExpiredObjectDeleteMarker"].filter { expiration[$0] != nil }
        guard given.count == 1 else { throw S3Errors.malformedXML() }
        if expiration["Days"] != nil { try checkPositive(expiration["Days"], field: "Days", action: "Expiration") }
        if let date = expiration["Date"]?.date { try checkMidnight(date) }
    }

    static func checkTransition(_ transition: AWSValue, daysField: String, action: String) throws {
        guard let storageClass = transition["StorageClass"]?.string, transitionClasses.contains(storageClass) else { throw S3Errors.malformedXML() }
        if let date = transition["Date"]?.date {
            guard transition[daysField] == nil else { throw S3Errors.malformedXML() }
            try checkMidnight(date)
            return
        }
        guard let days = transition[daysField]?.int else { throw S3Errors.malformedXML() }
        guard days >= 0 else {
            throw S3Errors.invalidArgument("'\(daysField)' in \(action) action must be nonnegative", name: daysField, value: String(days))
        }
        if let minimum = minimumTransitionDays[storageClass], days < minimum {
            throw S3Errors.invalidArgument("'\(daysField)' in \(action) action must be greater than or equal to \(minimum) for storageClass '\(storageClass)'",
                                           name: daysField, value: String(days))
        }
    }

    static func checkPositive(_ value: AWSValue?, field: String, action: String) throws {
        guard let days = value?.int, days > 0 else {
            throw S3Errors.invalidArgument("'\(field)' for \(action) action must be a positive integer", name: field, value: value?.int.map(String.init) ?? "")
        }
    }

    /// "Lifecycle configuration elements": a Date is midnight UTC.
    static func checkMidnight(_ date: Date) throws {
        guard date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0 else {
            throw S3Errors.invalidArgument("'Date' must be at midnight GMT", name: "Date", value: ISO8601DateFormatter().string(from: date))
        }
    }
}

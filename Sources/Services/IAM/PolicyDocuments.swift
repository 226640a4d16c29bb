import AWSWire
import Foundation
import NimbusCore
import PolicyEngine

/// Policy documents as IAM keeps and returns them.
enum PolicyDocuments {
    enum Kind {
        case identity
        case trust
    }

    /// Checks a document with the policy engine's grammar before IAM stores it ("IAM JSON policy elements
    /// reference", "Grammar of the IAM JSON policy language"): `MalformedPolicyDocument` says what is wrong.
    static func validate(_ text: String, kind: Kind) throws {
        do throws(PolicyValidationError) {
            _ = try PolicyCache.shared.policy(id: "validation", document: text, kind: kind == .trust ? .trust : .identity)
        } catch {
            throw AWSError(error.code.rawValue, error.message, status: error.code == .limitExceeded ? 409 : 400)
        }
    }

    /// "IAM and AWS STS quotas": size limits count characters other than white space.
    static func chargedSize(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
    }

    /// IAM returns documents URL-encoded (RFC 3986); botocore and the CLI decode them.
    static func encodeForResponse(_ text: String) -> String {
        FormEncoding.percentEncode(text)
    }
}

import AWSWire
import Foundation

/// Policy documents as IAM keeps and returns them.
enum PolicyDocuments {
    enum Kind {
        case identity
        case trust
    }

    /// Checks a document before IAM stores it. Structural checks only for now; the policy engine's
    /// full grammar (elements, operators, principals) replaces this when it lands.
    static func validate(_ text: String, kind: Kind) throws {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw IAMErrors.malformedPolicy("Syntax errors in policy.")
        }
        guard object["Statement"] != nil else { throw IAMErrors.malformedPolicy("Missing required field Statement") }
        let statements = (object["Statement"] as? [[String: Any]]) ?? [(object["Statement"] as? [String: Any]) ?? [:]]
        for statement in statements {
            guard let effect = statement["Effect"] as? String, effect == "Allow" || effect == "Deny" else {
                throw IAMErrors.malformedPolicy("Missing required field Effect")
            }
            switch kind {
            case .identity where statement["Principal"] != nil || statement["NotPrincipal"] != nil:
                throw IAMErrors.malformedPolicy("Policy document should not specify a principal.")
            case .trust where statement["Principal"] == nil && statement["NotPrincipal"] == nil:
                throw IAMErrors.malformedPolicy("Missing required field Principal")
            default:
                break
            }
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

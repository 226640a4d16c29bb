import Foundation
import PolicyEngine

/// EC2's "Encoded authorization failure message": the decision behind an `UnauthorizedOperation`,
/// which `sts decode-authorization-message` turns back into JSON ("DecodeAuthorizationMessage").
/// AWS encrypts it; Nimbus only encodes it, as nothing secret is in it here.
public enum AuthorizationMessages {
    static let prefix = "nimbus-authz-"

    public static func encode(_ decision: Decision, principal: Principal) -> String {
        let matched = decision.matchedStatements.map { statement -> [String: Any] in
            ["statementId": statement.sid ?? "", "effect": statement.effect.rawValue, "policyId": statement.policyId,
             "policyType": statement.policyType.rawValue]
        }
        let message: [String: Any] = [
            "allowed": decision.isAllowed,
            "explicitDeny": decision.effect == .explicitDeny,
            "matchedStatements": ["items": matched],
            "failures": ["items": [] as [Any]],
            "context": [
                "principal": ["id": principal.userId, "arn": principal.arn],
                "action": decision.action,
                "resource": decision.resource,
                "conditions": ["items": [] as [Any]],
            ] as [String: Any],
            "reason": decision.reason,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data("{}".utf8)
        return prefix + data.base64EncodedString()
    }

    /// The JSON text of an encoded message, or nil when it is not one Nimbus made.
    public static func decode(_ encoded: String) -> String? {
        guard encoded.hasPrefix(prefix), let data = Data(base64Encoded: String(encoded.dropFirst(prefix.count))) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// STS's answer for temporary credentials (`SessionCredentials` makes them).
enum Sessions {
    static func issue(for principal: Principal, duration: Int, _ context: RequestContext) throws -> (IssuedCredential, AWSValue) {
        let credential = try SessionCredentials.issue(for: principal, duration: duration, context.environment)
        let output: AWSValue = [
            "AccessKeyId": .string(credential.accessKeyId), "SecretAccessKey": .string(credential.secretAccessKey),
            "SessionToken": .string(credential.sessionToken ?? ""), "Expiration": .timestamp(credential.expiration ?? context.now),
        ]
        return (credential, output)
    }
}

/// GetSessionToken ("GetSessionToken", STS API Reference): IAM users and root get session credentials
/// for themselves; 900 s to 129,600 s (36 h) for users, at most 3,600 s for root.
enum SessionTokens {
    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let principal = context.principal
        guard principal.kind == .user || principal.kind == .root, !principal.isSession else {
            throw AWSError("AccessDenied", "Cannot call GetSessionToken with session credentials", status: 403)
        }
        let maximum = principal.kind == .root ? 3_600 : 129_600
        let duration = input["DurationSeconds"]?.int ?? (principal.kind == .root ? 3_600 : 43_200)
        guard (900...maximum).contains(duration) else {
            throw AWSError("ValidationError", "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: "
                + "Member must have value \(duration < 900 ? "greater than or equal to 900" : "less than or equal to \(maximum)")", status: 400)
        }
        var sessionPrincipal = principal
        if let serial = input["SerialNumber"]?.string {
            // "Configuring MFA-protected API access": a valid code makes aws:MultiFactorAuthPresent true for the session.
            guard let code = input["TokenCode"]?.string,
                  context.environment.identities.verifyMFA(serialNumber: serial, code: code, for: principal) else {
                throw AWSError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", status: 403)
            }
            sessionPrincipal.mfaAuthenticated = true
        }
        let (_, credentials) = try Sessions.issue(for: sessionPrincipal, duration: duration, context)
        return ["Credentials": credentials]
    }
}

/// GetAccessKeyInfo: the account an access key belongs to.
enum AccessKeyInfo {
    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let keyId = input["AccessKeyId"]?.string ?? ""
        let issued = context.store.read { $0.get(IssuedCredential.self, keyId, in: .nimbus) }
        return ["Account": .string(issued?.principal.account ?? context.environment.accounts.account(forUnknownKey: keyId))]
    }
}

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

/// Session policies from a request's `Policy` and `PolicyArns`: each further limits the session ("Session policies").
enum SessionPolicies {
    static func from(_ input: AWSValue, account: String, _ context: RequestContext) throws -> [String] {
        var policies: [String] = []
        if let inline = input["Policy"]?.string { policies.append(inline) }
        for descriptor in input["PolicyArns"]?.list ?? [] {
            let arn = descriptor["arn"]?.string ?? ""
            guard let policy = context.environment.identities.managedPolicy(arn: arn, account: account) else {
                throw AWSError("InvalidParameterValue", "Policy \(arn) does not exist or is not attachable.", status: 400)
            }
            policies.append(policy.document)
        }
        return policies
    }

    /// `PackedPolicySize`: the percentage of the packed-size limit the session's policies take.
    static func packedSize(_ policies: [String]) -> Int { min(100, policies.joined().count * 100 / 2048 + 1) }
}

/// GetFederationToken ("GetFederationToken", STS API Reference; "Requesting temporary security credentials"): an IAM
/// user (or the root user) with long-term keys gets credentials for a federated user `NAME`, from 900 s to 129,600 s
/// (3,600 s for root). The session can do only what its session policy allows, within the caller's own permissions;
/// without a session policy it can do nothing.
enum FederationTokens {
    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let caller = context.principal
        guard caller.kind == .user || caller.kind == .root, !caller.isSession else {
            throw AWSError("AccessDenied", "Cannot call GetFederationToken with session credentials", status: 403)
        }
        let name = input["Name"]?.string ?? ""
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_+=,.@-".unicodeScalars.contains($0) }
        guard (2...32).contains(name.count), allowed, name.unicodeScalars.allSatisfy(\.isASCII) else {
            throw AWSError("ValidationError", "1 validation error detected: Value '\(name)' at 'name' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 2 and 32", status: 400)
        }
        let maximum = caller.kind == .root ? 3_600 : 129_600
        let duration = input["DurationSeconds"]?.int ?? (caller.kind == .root ? 3_600 : 43_200)
        guard (900...maximum).contains(duration) else {
            throw AWSError("ValidationError", "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: "
                + "Member must have value \(duration < 900 ? "greater than or equal to 900" : "less than or equal to \(maximum)")", status: 400)
        }
        let sessionPolicies = try SessionPolicies.from(input, account: caller.account, context)
        var tags = caller.tags
        for tag in input["Tags"]?.list ?? [] {
            if let key = tag["Key"]?.string { tags[key] = tag["Value"]?.string ?? "" }
        }
        var principal = Principal(kind: .federatedUser, account: caller.account, arn: "arn:aws:sts::\(caller.account):federated-user/\(name)",
                                  userId: "\(caller.account):\(name)", name: name, tags: tags, sessionPolicies: sessionPolicies)
        principal.federatingUserName = caller.kind == .user ? caller.name : nil
        let (_, credentials) = try Sessions.issue(for: principal, duration: duration, context)
        return .structure([
            "Credentials": credentials,
            "FederatedUser": ["FederatedUserId": .string(principal.userId), "Arn": .string(principal.arn)],
            "PackedPolicySize": sessionPolicies.isEmpty ? nil : .int(SessionPolicies.packedSize(sessionPolicies)),
        ])
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

import AWSWire
import Foundation
import NimbusCore
import PolicyEngine

/// AssumeRoleWithWebIdentity ("AssumeRoleWithWebIdentity", STS API Reference; "Create a role for OpenID Connect
/// federation"): an unsigned call with an OIDC token. The token's issuer must be an OIDC provider in the role's
/// account, its audience one of the provider's client IDs, and it must not have expired; the role's trust policy must
/// allow the provider (`"Federated"`) with the token's claims as condition keys (`ISSUER:aud`, `ISSUER:sub`).
/// Nimbus has no network to fetch the issuer's signing keys: it reads the token's claims and does not check its
/// signature.
enum WebIdentity {
    static func assume(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let roleArn = input["RoleArn"]?.string ?? ""
        let sessionName = input["RoleSessionName"]?.string ?? ""
        guard sessionName.range(of: #"^[\w+=,.@-]{2,64}$"#, options: .regularExpression) != nil else {
            throw AWSError("ValidationError", "1 validation error detected: Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", status: 400)
        }
        let claims = try tokenClaims(input["WebIdentityToken"]?.string ?? "")
        guard let role = context.environment.identities.role(arn: roleArn) else { throw notAuthorized() }
        let issuer = claims.issuer.hasPrefix("https://") ? String(claims.issuer.dropFirst("https://".count)) : claims.issuer
        guard let provider = context.environment.identities.openIDConnectProvider(issuer: issuer, account: role.account) else {
            throw AWSError("InvalidIdentityToken", "No OpenIDConnect provider found in your account for \(claims.issuer)", status: 400)
        }
        guard let audience = claims.audiences.first(where: provider.clientIDs.contains) else {
            throw AWSError("InvalidIdentityToken", "Incorrect token audience", status: 400)
        }
        if let expiry = claims.expiry, expiry <= context.now {
            throw AWSError("ExpiredTokenException", "Token expired: current date/time \(Timestamp.iso8601(context.now)) must be before the expiration date/time \(Timestamp.iso8601(expiry))", status: 400)
        }
        // The trust policy decides, for the provider as a federated principal, with the token's claims as keys.
        var conditions = context.conditionContext()
        conditions["\(issuer):aud"] = .string(audience)
        conditions["\(issuer):sub"] = .string(claims.subject)
        for (claim, value) in claims.extra { conditions["\(issuer):\(claim)"] = .string(value) }
        guard let trust = try? PolicyCache.shared.policy(id: "trust-\(role.arn)-\(role.trustPolicy.hashValue)", document: role.trustPolicy, kind: .trust) else {
            throw notAuthorized()
        }
        var policies = PolicySet()
        policies.resourceBased = trust
        let request = AuthorizationRequest(principal: .federatedIdentity(provider: provider.arn), action: "sts:AssumeRoleWithWebIdentity",
                                           resource: role.arn, resourceAccount: role.account, context: conditions)
        guard Evaluator.evaluate(request, policies).isAllowed else { throw notAuthorized() }

        let duration = input["DurationSeconds"]?.int ?? 3_600
        guard (900...role.maxSessionDuration).contains(duration) else {
            throw AWSError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", status: 400)
        }
        let sessionPolicies = try SessionPolicies.from(input, account: role.account, context)
        let principal = SessionCredentials.rolePrincipal(role, sessionName: sessionName, sessionPolicies: sessionPolicies)
        let (_, credentials) = try Sessions.issue(for: principal, duration: duration, context)
        context.environment.identities.noteRoleUsed(arn: role.arn, region: context.region, at: context.now)
        return .structure([
            "Credentials": credentials, "SubjectFromWebIdentityToken": .string(claims.subject),
            "AssumedRoleUser": ["AssumedRoleId": .string(principal.userId), "Arn": .string(principal.arn)],
            "PackedPolicySize": sessionPolicies.isEmpty ? nil : .int(SessionPolicies.packedSize(sessionPolicies)),
            "Provider": .string(provider.arn), "Audience": .string(audience),
        ])
    }

    static func notAuthorized() -> AWSError {
        AWSError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", status: 403)
    }

    struct Claims {
        var issuer: String
        var subject: String
        var audiences: [String]
        var expiry: Date?
        /// Other string claims (`amr`, `repository`...), for condition keys.
        var extra: [String: String]
    }

    /// The claims of a JWT (`header.payload.signature`, base64url JSON); an unreadable token is refused as AWS
    /// refuses it.
    static func tokenClaims(_ token: String) throws -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = base64URLDecoded(String(parts[1])),
              let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
              let issuer = object["iss"] as? String, let subject = object["sub"] as? String else {
            throw AWSError("InvalidIdentityToken", "Couldn't parse the web identity token: it must be a JWT with iss, sub and aud claims.", status: 400)
        }
        let audiences = (object["aud"] as? String).map { [$0] } ?? (object["aud"] as? [String]) ?? []
        let expiry = (object["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        var extra: [String: String] = [:]
        for (key, value) in object where !["iss", "sub", "aud", "exp", "iat", "nbf"].contains(key) {
            if let text = value as? String { extra[key] = text }
        }
        return Claims(issuer: issuer, subject: subject, audiences: audiences, expiry: expiry, extra: extra)
    }

    static func base64URLDecoded(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

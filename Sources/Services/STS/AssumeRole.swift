import AWSWire
import Foundation
import NimbusCore

/// AssumeRole ("AssumeRole", STS API Reference; "Methods to assume a role"). Whether the caller may assume the
/// role is decided before this runs, by the same evaluator as every request, with the role's trust policy as
/// the resource-based policy (see `STSProvider.resourcePolicy`); this checks the rest and issues the session.
enum AssumeRole {
    /// "Role chaining": a role session assuming a role gets at most one hour.
    static let chainedMaximum = 3_600

    static func assume(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let caller = context.principal
        let roleArn = input["RoleArn"]?.string ?? ""
        let sessionName = input["RoleSessionName"]?.string ?? ""
        guard caller.kind != .root else {
            throw AWSError("AccessDenied", "Roles may not be assumed by root accounts.", status: 403)
        }
        guard sessionName.range(of: #"^[\w+=,.@-]{2,64}$"#, options: .regularExpression) != nil else {
            throw AWSError("ValidationError", "1 validation error detected: Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", status: 400)
        }
        guard let role = context.environment.identities.role(arn: roleArn) else {
            throw AWSError.accessDenied(.query, principalArn: caller.arn, action: "sts:AssumeRole", resource: roleArn, reason: .noResourceAllow)
        }
        let duration = input["DurationSeconds"]?.int ?? 3_600
        let maximum = caller.kind == .assumedRole ? min(chainedMaximum, role.maxSessionDuration) : role.maxSessionDuration
        guard duration <= maximum else {
            throw AWSError("ValidationError", "The requested DurationSeconds exceeds the \(caller.kind == .assumedRole ? "1 hour session limit for roles assumed by role chaining" : "MaxSessionDuration set for this role").", status: 400)
        }
        let sessionPolicies = try SessionPolicies.from(input, account: role.account, context)
        // Session tags override the role's tags of the same key ("Passing session tags in AWS STS"); a chained
        // session carries the caller's transitive tags, which it may not change ("Chaining roles with session tags").
        var tags = role.tags
        var transitive: [String] = []
        if caller.kind == .assumedRole {
            for key in caller.transitiveTagKeys ?? [] {
                guard let value = caller.tags[key] else { continue }
                tags[key] = value
                transitive.append(key)
            }
        }
        var requested: [String: String] = [:]
        for tag in input["Tags"]?.list ?? [] {
            guard let key = tag["Key"]?.string else { continue }
            let value = tag["Value"]?.string ?? ""
            if let inherited = transitive.first(where: { $0.lowercased() == key.lowercased() }), tags[inherited] != value {
                throw AWSError("InvalidParameterValue", "The session tag \(key) is transitive from the calling session and cannot be changed.", status: 400)
            }
            tags[key] = value
            requested[key.lowercased()] = key
        }
        for key in input["TransitiveTagKeys"]?.strings ?? [] {
            guard let tagKey = requested[key.lowercased()] else {
                throw AWSError("InvalidParameterValue", "The transitive tag key \(key) must be one of the session tags of the request.", status: 400)
            }
            if !transitive.contains(tagKey) { transitive.append(tagKey) }
        }
        var principal = SessionCredentials.rolePrincipal(role, sessionName: sessionName, tags: tags, sessionPolicies: sessionPolicies,
                                                         sourceIdentity: input["SourceIdentity"]?.string ?? caller.sourceIdentity)
        principal.transitiveTagKeys = transitive.isEmpty ? nil : transitive
        let arn = principal.arn
        let (_, credentials) = try Sessions.issue(for: principal, duration: duration, context)
        context.environment.identities.noteRoleUsed(arn: role.arn, region: context.region, at: context.now)
        return .structure([
            "Credentials": credentials,
            "AssumedRoleUser": ["AssumedRoleId": .string(principal.userId), "Arn": .string(arn)],
            "PackedPolicySize": sessionPolicies.isEmpty && input["Tags"] == nil ? nil : .int(SessionPolicies.packedSize(sessionPolicies)),
            "SourceIdentity": principal.sourceIdentity.map(AWSValue.string),
        ])
    }
}

/// DecodeAuthorizationMessage: the JSON behind an encoded authorization failure message.
enum AuthorizationMessageDecoding {
    static func decode(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let encoded = input["EncodedMessage"]?.string ?? ""
        guard let decoded = AuthorizationMessages.decode(encoded) else {
            throw AWSError("InvalidAuthorizationMessageException", "The specified authorization message is not valid.", status: 400)
        }
        return ["DecodedMessage": .string(decoded)]
    }
}

extension STSProvider: ResourcePolicyProviding {
    /// The role's trust policy governs `sts:AssumeRole` on the role. A root user never gets that far: roles may not
    /// be assumed by root users at all, which the operation answers in its own words.
    public func resourcePolicy(operation: String, action: String, input: AWSValue, resource: String, context: RequestContext) -> ResourcePolicyDocument? {
        guard operation == "AssumeRole", context.principal.kind != .root, let role = context.environment.identities.role(arn: resource) else { return nil }
        return ResourcePolicyDocument(id: "\(role.arn) trust policy", document: role.trustPolicy, isTrustPolicy: true)
    }
}

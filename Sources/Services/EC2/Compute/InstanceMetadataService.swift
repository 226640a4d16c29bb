import AWSWire
import Crypto
import Foundation
import NimbusCore
import State
import Synchronization

/// The instance metadata service ("Use instance metadata to manage your EC2 instance", EC2 User Guide), one per
/// instance at `/_nimbus/imds/INSTANCE_ID/`: a program "on" the instance sets `AWS_EC2_METADATA_SERVICE_ENDPOINT`
/// to it and its SDK finds the instance's role credentials there, as on EC2.
public enum InstanceMetadataService {
    public static let pathPrefix = "/_nimbus/imds/"
    /// "Use IMDSv2": a token lives 1 second to 6 hours.
    static let tokenLifetimes = 1...21_600
    /// Role credentials last six hours and are handed out again until five minutes before they expire.
    static let credentialLifetime = 6 * 3600
    /// Tokens are signed, not stored: a key of this process (tokens do not outlive a restart, as on a reboot).
    static let tokenKey = SymmetricKey(size: .bits256)
    static let credentialCache = Mutex<[String: IssuedCredential]>([:])

    public static func respond(_ request: WireRequest, environment: NimbusEnvironment) -> WireResponse {
        let rest = request.rawPath.dropFirst(pathPrefix.count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let instanceId = String(parts.first ?? "")
        let path = parts.count > 1 ? String(parts[1]) : ""
        let now = environment.clock.now()
        guard let (instance, partition) = find(instanceId, environment.store),
              [.pending, .running].contains(instance.currentState(now)) else {
            return text(404, "Not Found")
        }
        guard instance.metadataOptions.httpEndpoint == "enabled" else { return text(403, "Forbidden") }

        if path == "latest/api/token" {
            guard request.method == "PUT" else { return text(405, "Method Not Allowed") }
            // "Use IMDSv2": token requests that come through a proxy are refused.
            guard request.header("X-Forwarded-For") == nil else { return text(403, "Forbidden") }
            guard let ttl = request.header("X-aws-ec2-metadata-token-ttl-seconds").flatMap(Int.init),
                  tokenLifetimes.contains(ttl) else { return text(400, "Bad Request") }
            return WireResponse(status: 200, headers: [("Content-Type", "text/plain"), ("X-aws-ec2-metadata-token-ttl-seconds", String(ttl))],
                                body: Array(token(instanceId: instance.id, expires: now.addingTimeInterval(TimeInterval(ttl))).utf8))
        }
        guard request.method == "GET" || request.method == "HEAD" else { return text(405, "Method Not Allowed") }
        if let token = request.header("X-aws-ec2-metadata-token") {
            guard isValid(token, instanceId: instance.id, now: now) else { return text(401, "Unauthorized") }
        } else if instance.metadataOptions.httpTokens == "required" {
            return text(401, "Unauthorized")
        }
        // Asked before reading the store: the identity directory takes the store's lock itself.
        let profile = instance.iamInstanceProfileArn.flatMap {
            environment.identities.instanceProfile(arn: $0, name: nil, account: partition.account)
        }
        let tree = environment.store.read { view in
            MetadataTree.build(instance, profile: profile, NetworkView(view, partition: partition, now: now))
        }
        guard let node = tree.node(at: path) else { return text(404, "Not Found") }
        switch node {
        case .value(let value): return text(200, value)
        case .directory(let entries): return text(200, entries.keys.sorted().map { entries[$0]!.isDirectory ? $0 + "/" : $0 }.joined(separator: "\n"))
        case .credentials(let role):
            return credentials(role, instance: instance, environment: environment)
        }
    }

    static func find(_ instanceId: String, _ store: Store) -> (Instance, Partition)? {
        guard Instance.isWellFormed(instanceId) else { return nil }
        return store.read { view in
            for partition in view.partitions(holding: Instance.self) {
                if let instance = view.get(Instance.self, instanceId, in: partition) { return (instance, partition) }
            }
            return nil
        }
    }

    // MARK: Tokens

    static func token(instanceId: String, expires: Date) -> String {
        let payload = "\(instanceId).\(Int(expires.timeIntervalSince1970))"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: tokenKey)
        return Data((payload + "." + Data(mac).base64EncodedString()).utf8).base64EncodedString()
    }

    static func isValid(_ token: String, instanceId: String, now: Date) -> Bool {
        guard let decoded = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }) else { return false }
        let fields = decoded.split(separator: ".", maxSplits: 2).map(String.init)
        guard fields.count == 3, fields[0] == instanceId, let expires = TimeInterval(fields[1]),
              Date(timeIntervalSince1970: expires) > now,
              let mac = Data(base64Encoded: fields[2]) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data("\(fields[0]).\(fields[1])".utf8), using: tokenKey)
    }

    // MARK: Role credentials

    /// The instance role's credentials: a real session of the role (`assumed-role/ROLE/INSTANCE_ID`), so calls made
    /// with them are held to the role's policies ("IAM roles for Amazon EC2").
    static func credentials(_ role: RoleRecord, instance: Instance, environment: NimbusEnvironment) -> WireResponse {
        let now = environment.clock.now()
        // "IAM roles for Amazon EC2": the role must trust the EC2 service to be used by an instance.
        guard role.trustPolicy.contains("ec2.amazonaws.com") else {
            return json(200, ["Code": "AssumeRoleUnauthorizedAccess",
                              "Message": .string("EC2 cannot assume the role \(role.name). Please see documentation at https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html#roles-usingrole-ec2instance-roles."),
                              "LastUpdated": .string(Timestamp.iso8601(now, fractional: false))])
        }
        let key = instance.id + "|" + role.arn
        let cached = credentialCache.withLock { $0[key] }
        let credential: IssuedCredential
        if let cached, let expiration = cached.expiration, expiration.timeIntervalSince(now) > 300 {
            credential = cached
        } else {
            let principal = SessionCredentials.rolePrincipal(role, sessionName: instance.id)
            guard let issued = try? SessionCredentials.issue(for: principal, duration: credentialLifetime, environment) else {
                return text(500, "Internal Server Error")
            }
            credential = issued
            credentialCache.withLock { $0[key] = issued }
            environment.identities.noteRoleUsed(arn: role.arn, region: String(instance.availabilityZone.dropLast()), at: now)
        }
        return json(200, [
            "Code": "Success", "LastUpdated": .string(Timestamp.iso8601(credential.created, fractional: false)), "Type": "AWS-HMAC",
            "AccessKeyId": .string(credential.accessKeyId), "SecretAccessKey": .string(credential.secretAccessKey),
            "Token": .string(credential.sessionToken ?? ""),
            "Expiration": .string(Timestamp.iso8601(credential.expiration ?? now, fractional: false)),
        ])
    }

    static func text(_ status: Int, _ body: String) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "text/plain")], body: Array(body.utf8))
    }

    static func json(_ status: Int, _ fields: [String: AWSValue]) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "text/plain")], body: AWSValue.object(fields).jsonBytes)
    }
}

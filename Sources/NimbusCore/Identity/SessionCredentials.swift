import AWSWire
import Foundation
import State

/// Temporary credentials: an `ASIA...` key, a secret and a session token that expire together
/// ("Temporary security credentials in IAM"). STS issues them (GetSessionToken, AssumeRole) and so does the
/// instance metadata service for an instance's role; authentication refuses them after their expiration.
public enum SessionCredentials {
    public static func issue(for principal: Principal, duration: Int, _ environment: NimbusEnvironment) throws -> IssuedCredential {
        let keyId = environment.ids.iamId("ASIA", length: 20)
        var principal = principal
        principal.accessKeyId = keyId
        principal.isSession = true
        let now = environment.clock.now()
        let credential = IssuedCredential(accessKeyId: keyId, secretAccessKey: environment.ids.secret(),
                                          sessionToken: sessionToken(environment.ids),
                                          expiration: now.addingTimeInterval(TimeInterval(duration)), principal: principal, created: now)
        try environment.store.write { tx in tx.put(credential, id: keyId, in: .nimbus) }
        return credential
    }

    /// The session of an IAM role, as AssumeRole and the metadata service name it
    /// (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    public static func rolePrincipal(_ role: RoleRecord, sessionName: String, tags: [String: String]? = nil,
                                     sessionPolicies: [String] = [], sourceIdentity: String? = nil) -> Principal {
        Principal(kind: .assumedRole, account: role.account, arn: "arn:aws:sts::\(role.account):assumed-role/\(role.name)/\(sessionName)",
                  userId: "\(role.roleId):\(sessionName)", name: role.name, tags: tags ?? role.tags, roleArn: role.arn,
                  sessionPolicies: sessionPolicies, sourceIdentity: sourceIdentity)
    }

    /// AWS's session tokens are long opaque base64 strings; clients only carry them back.
    static func sessionToken(_ ids: IDGenerator) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<30 { withUnsafeBytes(of: ids.next()) { bytes += $0 } }
        return "FwoGZXIvYXdzE" + Data(bytes).base64EncodedString()
    }
}

import Foundation
import State

/// An access key Nimbus issued (an IAM user's `AKIA...`, an STS session's `ASIA...`).
/// Kept in the Nimbus-wide partition under its key id, so authentication finds it
/// without knowing the account; the service that issued it keeps it in step.
public struct IssuedCredential: Resource, Hashable {
    public static let kind = "nimbus.credential"

    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?
    /// `Active` or `Inactive`, as IAM's access key status.
    public var active: Bool
    /// A deleted key stays known, so a client still holding it is refused rather than taken for root.
    public var deleted: Bool
    public var principal: Principal
    public var created: Date

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
                active: Bool = true, principal: Principal, created: Date) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.active = active
        self.deleted = false
        self.principal = principal
        self.created = created
    }
}

import Foundation
import State

/// Organizations keeps its state in the Nimbus-wide partition: an organization spans accounts, and
/// enforcement looks an account's membership up by account id whatever account is asking.
enum OrgState {
    static let partition = Partition.nimbus
}

struct OrgTag: Codable, Sendable, Hashable {
    var key: String
    var value: String
}

/// An organization with its one root (AWS gives each organization exactly one, named "Root").
struct Organization: Resource {
    static let kind = "organizations.organization"
    var id: String
    var featureSet: String
    var managementAccount: String
    var managementEmail: String
    var rootId: String
    var created: Date
    /// Policy types enabled in the root, in the order they were enabled.
    var enabledPolicyTypes: [String] = []
    /// Policies attached to the root, and its tags.
    var rootPolicies: [String] = []
    var rootTags: [OrgTag] = []

    var arn: String { "arn:aws:organizations::\(managementAccount):organization/\(id)" }
    var rootArn: String { "arn:aws:organizations::\(managementAccount):root/\(id)/\(rootId)" }
    var scpsEnabled: Bool { enabledPolicyTypes.contains(OrgPolicyTypes.serviceControl) }
}

/// An account's membership of an organization, stored under its account id: an account belongs to at
/// most one organization.
struct OrgAccount: Resource {
    static let kind = "organizations.account"
    var id: String
    var organizationId: String
    var name: String
    var email: String
    var parentId: String
    /// CREATED (CreateAccount, and the management account) or INVITED.
    var joinedMethod: String
    var joined: Date
    var policies: [String] = []
    var tags: [OrgTag] = []
    /// When CloseAccount closed it: the account stays in the organization, SUSPENDED, and can do nothing.
    var closed: Date? = nil
}

struct OrgUnit: Resource {
    static let kind = "organizations.ou"
    var id: String
    var organizationId: String
    var name: String
    var parentId: String
    var policies: [String] = []
    var tags: [OrgTag] = []
}

/// A customer managed policy of any type (SCP, tag, backup, AI services opt-out).
struct OrgPolicy: Resource {
    static let kind = "organizations.policy"
    var id: String
    var organizationId: String
    var name: String
    var description: String
    var type: String
    var content: String
    var tags: [OrgTag] = []
}

struct OrgHandshake: Resource {
    static let kind = "organizations.handshake"
    var id: String
    var organizationId: String
    var managementAccount: String
    var targetAccount: String
    var notes: String?
    /// REQUESTED, OPEN, CANCELED, ACCEPTED, DECLINED, EXPIRED.
    var state: String
    var requested: Date
    var expires: Date
    /// INVITE (nil, as the first handshakes were stored), ENABLE_ALL_FEATURES or APPROVE_ALL_FEATURES.
    var action: String? = nil
    /// An APPROVE_ALL_FEATURES handshake's ENABLE_ALL_FEATURES handshake.
    var parentHandshakeId: String? = nil

    var actionType: String { action ?? "INVITE" }
}

struct OrgCreateAccountStatus: Resource {
    static let kind = "organizations.createaccountstatus"
    var id: String
    var organizationId: String
    var accountName: String
    var accountId: String
    var state: String
    var requested: Date
    var completed: Date
}

/// A member account registered as delegated administrator for one AWS service, stored under
/// `account|servicePrincipal`.
struct OrgDelegatedAdministrator: Resource {
    static let kind = "organizations.delegatedadmin"
    var accountId: String
    var organizationId: String
    var servicePrincipal: String
    var enabled: Date

    var key: String { Self.key(accountId, servicePrincipal) }
    static func key(_ account: String, _ service: String) -> String { "\(account)|\(service)" }
}

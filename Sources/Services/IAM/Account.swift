import AWSWire
import Crypto
import Foundation
import NimbusCore
import State

/// An account's alias, kept in the account's IAM partition; aliases are unique across accounts.
struct IAMAccountAlias: Resource {
    static let kind = "iam.accountalias"
    var alias: String
}

/// A user's console password, kept only as a salted hash (never logged, never returned).
struct IAMLoginProfile: Resource {
    static let kind = "iam.loginprofile"
    var userName: String
    var salt: [UInt8]
    var passwordHash: [UInt8]
    var passwordResetRequired: Bool
    var created: Date
}

/// CreateAccountAlias, ListAccountAliases, DeleteAccountAlias, GetAccountSummary, and login profiles ("IAM API Reference").
enum Account {
    static func createAlias(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let alias = input["AccountAlias"]?.string ?? ""
        // "Your AWS account ID and its alias": 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.
        let allowed = alias.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard allowed, !alias.hasPrefix("-"), !alias.hasSuffix("-") else {
            throw IAMErrors.validation("The specified value for accountAlias is invalid. It must contain only digits, lowercase letters, and hyphens.")
        }
        try context.store.write { tx in
            for partition in tx.partitions(holding: IAMAccountAlias.self) where partition != context.globalPartition {
                if tx.get(IAMAccountAlias.self, "alias", in: partition)?.alias == alias {
                    throw IAMErrors.alreadyExists("The account alias \(alias) already exists.")
                }
            }
            tx.put(IAMAccountAlias(alias: alias), id: "alias", in: context.globalPartition)
        }
        return [:]
    }

    static func listAliases(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let alias = context.store.read { $0.get(IAMAccountAlias.self, "alias", in: context.globalPartition) }
        return ["AccountAliases": .list(alias.map { [.string($0.alias)] } ?? []), "IsTruncated": false]
    }

    static func deleteAlias(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let alias = input["AccountAlias"]?.string ?? ""
        try context.store.write { tx in
            guard tx.get(IAMAccountAlias.self, "alias", in: context.globalPartition)?.alias == alias else {
                throw IAMErrors.noSuchEntity("The account alias \(alias) cannot be found.")
            }
            tx.delete(IAMAccountAlias.self, "alias", in: context.globalPartition)
        }
        return [:]
    }

    /// "GetAccountSummary": counts of the account's IAM entities beside their quotas ("IAM and AWS STS quotas").
    static func summary(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let p = context.globalPartition
        let map: [String: Int] = context.store.read { view in
            let users = view.all(IAMUser.self, in: p).values
            let groups = view.all(IAMGroup.self, in: p).values
            let roles = view.all(IAMRole.self, in: p).values
            let mfa = view.all(IAMMFADevice.self, in: p).values
            return [
                "Users": users.count, "UsersQuota": 5000, "Groups": groups.count, "GroupsQuota": 300,
                "Roles": roles.count, "RolesQuota": 1000, "Policies": view.all(IAMManagedPolicy.self, in: p).count, "PoliciesQuota": 1500,
                "InstanceProfiles": view.all(IAMInstanceProfile.self, in: p).count, "InstanceProfilesQuota": 1000,
                "MFADevices": mfa.count, "MFADevicesInUse": mfa.filter { $0.userName != nil }.count,
                "AccessKeysPerUserQuota": AccessKeys.perUserQuota, "GroupsPerUserQuota": 10,
                "AttachedPoliciesPerUserQuota": PolicyAttachments.attachedQuota, "AttachedPoliciesPerGroupQuota": PolicyAttachments.attachedQuota,
                "AttachedPoliciesPerRoleQuota": PolicyAttachments.attachedQuota, "PolicyVersionsInUse": view.all(IAMManagedPolicy.self, in: p).values.reduce(0) { $0 + $1.versions.count },
                "PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": Policies.versionLimit, "PolicySizeQuota": Policies.sizeLimit,
                "UserPolicySizeQuota": IAMUser.inlinePolicySizeLimit, "GroupPolicySizeQuota": IAMGroup.inlinePolicySizeLimit,
                "RolePolicySizeQuota": IAMRole.inlinePolicySizeLimit, "ServerCertificates": 0, "ServerCertificatesQuota": 20,
                "SigningCertificatesPerUserQuota": 2, "AccountMFAEnabled": 0, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0,
                "GlobalEndpointTokenVersion": 1, "AssumeRolePolicySizeQuota": 2048, "ProvidersQuota": 100, "Providers": 0,
            ]
        }
        return ["SummaryMap": .object(map.mapValues { .int($0) })]
    }

    // MARK: login profiles

    static func createLoginProfile(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        let password = input["Password"]?.string ?? ""
        let reset = input["PasswordResetRequired"]?.bool ?? false
        try PasswordPolicies.check(password, context)
        let profile = try context.store.write { tx in
            let user = try IAMUser.load(name, tx.view, context.globalPartition)
            guard tx.get(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("Login Profile for user \(user.userName) already exists.")
            }
            let profile = hashed(user.userName, password, reset, context)
            tx.put(profile, id: user.userName.lowercased(), in: context.globalPartition)
            return profile
        }
        return ["LoginProfile": loginOutput(profile)]
    }

    static func getLoginProfile(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? Users.callerUserName(context) ?? ""
        let profile = try context.store.read { view -> IAMLoginProfile in
            let user = try IAMUser.load(name, view, context.globalPartition)
            guard let profile = view.get(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("Login Profile for User \(user.userName) cannot be found.")
            }
            return profile
        }
        return ["LoginProfile": loginOutput(profile)]
    }

    static func updateLoginProfile(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        try context.store.write { tx in
            let user = try IAMUser.load(name, tx.view, context.globalPartition)
            guard var profile = tx.get(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("Login Profile for User \(user.userName) cannot be found.")
            }
            if let password = input["Password"]?.string {
                if let problem = tx.get(IAMPasswordPolicy.self, PasswordPolicies.id, in: context.globalPartition)?.violation(password) {
                    throw AWSError("PasswordPolicyViolation", problem, status: 400)
                }
                profile = hashed(user.userName, password, profile.passwordResetRequired, context, created: profile.created)
            }
            if let reset = input["PasswordResetRequired"]?.bool { profile.passwordResetRequired = reset }
            tx.put(profile, id: user.userName.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    static func deleteLoginProfile(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["UserName"]?.string ?? ""
        try context.store.write { tx in
            let user = try IAMUser.load(name, tx.view, context.globalPartition)
            guard tx.get(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition) != nil else {
                throw IAMErrors.noSuchEntity("Login Profile for User \(user.userName) cannot be found.")
            }
            tx.delete(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition)
        }
        return [:]
    }

    /// ChangePassword: an IAM user changes its own console password ("Permit IAM users to change their own
    /// passwords"); the root user and roles cannot (InvalidUserType). The old password must match, the new one must
    /// satisfy the account's password policy, and a required reset is then done.
    static func changePassword(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let name = Users.callerUserName(context) else {
            throw AWSError("InvalidUserType", "The user type is not valid for this operation: only an IAM user can change its own password.", status: 400)
        }
        let old = input["OldPassword"]?.string ?? ""
        let new = input["NewPassword"]?.string ?? ""
        try context.store.write { tx in
            let user = try IAMUser.load(name, tx.view, context.globalPartition)
            guard let profile = tx.get(IAMLoginProfile.self, user.userName.lowercased(), in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("Login Profile for User \(user.userName) cannot be found.")
            }
            guard Array(SHA256.hash(data: profile.salt + Array(old.utf8))) == profile.passwordHash else {
                // UNSURE: AWS's code for a wrong old password is not documented; it refuses the call.
                throw AWSError("InvalidUserType", "The old password provided is incorrect.", status: 400)
            }
            if let problem = tx.get(IAMPasswordPolicy.self, PasswordPolicies.id, in: context.globalPartition)?.violation(new) {
                throw AWSError("PasswordPolicyViolation", problem, status: 400)
            }
            tx.put(hashed(user.userName, new, false, context, created: profile.created), id: user.userName.lowercased(),
                   in: context.globalPartition)
        }
        return [:]
    }

    private static func hashed(_ user: String, _ password: String, _ reset: Bool, _ context: RequestContext, created: Date? = nil) -> IAMLoginProfile {
        var salt: [UInt8] = []
        for _ in 0..<2 { withUnsafeBytes(of: context.ids.next()) { salt += $0 } }
        let hash = Array(SHA256.hash(data: salt + Array(password.utf8)))
        return IAMLoginProfile(userName: user, salt: salt, passwordHash: hash, passwordResetRequired: reset, created: created ?? context.now)
    }

    private static func loginOutput(_ profile: IAMLoginProfile) -> AWSValue {
        ["UserName": .string(profile.userName), "CreateDate": .timestamp(profile.created), "PasswordResetRequired": .boolean(profile.passwordResetRequired)]
    }
}

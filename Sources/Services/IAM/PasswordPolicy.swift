import AWSWire
import Foundation
import NimbusCore
import State

/// The account's password policy ("Set an account password policy for IAM users"). Stored once per account.
struct IAMPasswordPolicy: Resource {
    static let kind = "iam.passwordpolicy"
    var minimumLength = 8
    var requireSymbols = false
    var requireNumbers = false
    var requireUppercase = false
    var requireLowercase = false
    var allowUsersToChangePassword = false
    var maxPasswordAge: Int?
    var reusePrevention: Int?
    var hardExpiry: Bool?

    /// The first rule `password` breaks, worded as IAM words it, or nil.
    func violation(_ password: String) -> String? {
        let symbols = Set("!@#$%^&*()_+-=[]{}|'")
        if password.count < minimumLength { return "Password should have at least \(minimumLength) characters" }
        if requireSymbols, !password.contains(where: { symbols.contains($0) }) { return "Password should have at least one symbol" }
        if requireNumbers, !password.contains(where: \.isNumber) { return "Password should have at least one number" }
        if requireUppercase, !password.contains(where: \.isUppercase) { return "Password should have at least one uppercase letter" }
        if requireLowercase, !password.contains(where: \.isLowercase) { return "Password should have at least one lowercase letter" }
        return nil
    }
}

/// UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy ("IAM API Reference").
enum PasswordPolicies {
    static let id = "password-policy"

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        var policy = IAMPasswordPolicy()
        policy.minimumLength = input["MinimumPasswordLength"]?.int ?? 6
        policy.requireSymbols = input["RequireSymbols"]?.bool ?? false
        policy.requireNumbers = input["RequireNumbers"]?.bool ?? false
        policy.requireUppercase = input["RequireUppercaseCharacters"]?.bool ?? false
        policy.requireLowercase = input["RequireLowercaseCharacters"]?.bool ?? false
        policy.allowUsersToChangePassword = input["AllowUsersToChangePassword"]?.bool ?? false
        policy.maxPasswordAge = input["MaxPasswordAge"]?.int
        policy.reusePrevention = input["PasswordReusePrevention"]?.int
        policy.hardExpiry = input["HardExpiry"]?.bool
        try context.store.write { $0.put(policy, id: id, in: context.globalPartition) }
        return [:]
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let policy = current(context) else {
            throw IAMErrors.noSuchEntity("The Password Policy with domain name \(context.account) cannot be found.")
        }
        return ["PasswordPolicy": .structure([
            "MinimumPasswordLength": .int(policy.minimumLength), "RequireSymbols": .boolean(policy.requireSymbols),
            "RequireNumbers": .boolean(policy.requireNumbers), "RequireUppercaseCharacters": .boolean(policy.requireUppercase),
            "RequireLowercaseCharacters": .boolean(policy.requireLowercase),
            "AllowUsersToChangePassword": .boolean(policy.allowUsersToChangePassword),
            "ExpirePasswords": .boolean(policy.maxPasswordAge != nil), "MaxPasswordAge": policy.maxPasswordAge.map(AWSValue.int),
            "PasswordReusePrevention": policy.reusePrevention.map(AWSValue.int), "HardExpiry": policy.hardExpiry.map(AWSValue.boolean),
        ])]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try context.store.write { tx in
            guard tx.get(IAMPasswordPolicy.self, id, in: context.globalPartition) != nil else {
                throw IAMErrors.noSuchEntity("The account policy with name PasswordPolicy cannot be found.")
            }
            tx.delete(IAMPasswordPolicy.self, id, in: context.globalPartition)
        }
        return [:]
    }

    static func current(_ context: RequestContext) -> IAMPasswordPolicy? {
        context.store.read { $0.get(IAMPasswordPolicy.self, id, in: context.globalPartition) }
    }

    /// Login passwords must satisfy the account's policy (`PasswordPolicyViolation`).
    static func check(_ password: String, _ context: RequestContext) throws {
        if let problem = current(context)?.violation(password) {
            throw AWSError("PasswordPolicyViolation", problem, status: 400)
        }
    }
}

/// ListEntitiesForPolicy: the users, groups and roles a managed policy is attached to (or bounds).
enum PolicyEntities {
    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let arn = input["PolicyArn"]?.string ?? ""
        let filter = input["EntityFilter"]?.string
        let usage = input["PolicyUsageFilter"]?.string ?? "PermissionsPolicy"
        let prefix = input["PathPrefix"]?.string ?? "/"
        let p = context.globalPartition
        return try context.store.read { view in
            guard AWSManagedPolicies.named(arn) != nil || view.get(IAMManagedPolicy.self, arn, in: p) != nil else {
                throw IAMErrors.noSuchEntity("Policy \(arn) was not found.")
            }
            func uses(_ attached: [String], boundary: String? = nil) -> Bool {
                usage == "PermissionsBoundary" ? boundary == arn : attached.contains(arn)
            }
            let users = filter == nil || filter == "User"
                ? view.all(IAMUser.self, in: p).values.filter { $0.path.hasPrefix(prefix) && uses($0.attachedPolicies, boundary: $0.permissionsBoundary) } : []
            let groups = (filter == nil || filter == "Group") && usage != "PermissionsBoundary"
                ? view.all(IAMGroup.self, in: p).values.filter { $0.path.hasPrefix(prefix) && uses($0.attachedPolicies) } : []
            let roles = filter == nil || filter == "Role"
                ? view.all(IAMRole.self, in: p).values.filter { $0.path.hasPrefix(prefix) && uses($0.attachedPolicies, boundary: $0.permissionsBoundary) } : []
            return [
                "PolicyUsers": .list(users.map { ["UserName": .string($0.userName), "UserId": .string($0.userId)] }),
                "PolicyGroups": .list(groups.map { ["GroupName": .string($0.groupName), "GroupId": .string($0.groupId)] }),
                "PolicyRoles": .list(roles.map { ["RoleName": .string($0.roleName), "RoleId": .string($0.roleId)] }),
                "IsTruncated": false,
            ]
        }
    }
}

import AWSWire
import NimbusCore
import State

/// The IAM resource an operation acts on, as the Service Authorization Reference names it
/// ("Actions, resources, and condition keys for AWS Identity and Access Management"): the user, group,
/// role, instance profile, MFA device or policy in its input; list operations act on `*`.
extension IAMProvider: ResourceNaming {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        let account = context.account
        let partition = context.globalPartition
        func path() -> String { input["Path"]?.string ?? "/" }
        if let name = input["UserName"]?.string {
            let existing = context.store.read { $0.get(IAMUser.self, name.lowercased(), in: partition)?.arn }
            return [existing ?? "arn:aws:iam::\(account):user\(path())\(name)"]
        }
        if let name = input["GroupName"]?.string {
            let existing = context.store.read { $0.get(IAMGroup.self, name.lowercased(), in: partition)?.arn }
            return [existing ?? "arn:aws:iam::\(account):group\(path())\(name)"]
        }
        if let name = input["RoleName"]?.string {
            let existing = context.store.read { $0.get(IAMRole.self, name.lowercased(), in: partition)?.arn }
            return [existing ?? "arn:aws:iam::\(account):role\(path())\(name)"]
        }
        if let name = input["InstanceProfileName"]?.string {
            return ["arn:aws:iam::\(account):instance-profile\(path())\(name)"]
        }
        if let serial = input["SerialNumber"]?.string { return [serial] }
        if let name = input["VirtualMFADeviceName"]?.string { return ["arn:aws:iam::\(account):mfa\(path())\(name)"] }
        if let arn = input["PolicyArn"]?.string { return [arn] }
        if operation == "CreatePolicy", let name = input["PolicyName"]?.string { return ["arn:aws:iam::\(account):policy\(path())\(name)"] }
        // Calls about the caller itself (GetUser, ListAccessKeys... with no UserName) act on the calling user.
        if ["GetUser", "ListAccessKeys", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "ListMFADevices", "GetLoginProfile",
            "ChangePassword"].contains(operation),
           context.principal.kind == .user {
            return [context.principal.arn]
        }
        return []
    }
}

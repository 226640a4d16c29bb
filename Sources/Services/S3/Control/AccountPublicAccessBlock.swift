import AWSWire
import NimbusCore
import State

/// Block Public Access for a whole account, set through S3 Control ("PutPublicAccessBlock",
/// "GetPublicAccessBlock", "DeletePublicAccessBlock" in the S3 Control API Reference; "Blocking public access to your
/// Amazon S3 storage"). S3 applies "the most restrictive combination" of the account's and the bucket's settings,
/// so each setting is on for a bucket when either level turns it on.
public struct AccountPublicAccessBlock: Resource {
    public static let kind = "s3control.public-access-block"
    /// The settings that are on ("BlockPublicAcls", ...).
    public var enabled: Set<String>

    /// One table for every account, keyed by account id.
    static let partition = Partition(account: "", region: "s3control")

    /// The settings an account turned on (none when it has no configuration).
    static func enabled(for account: String, in view: StoreView) -> Set<String> {
        view.get(AccountPublicAccessBlock.self, account, in: partition)?.enabled ?? []
    }

    static func enabled(for account: String, _ context: RequestContext) -> Set<String> {
        context.store.read { enabled(for: account, in: $0) }
    }

    /// The account named in `x-amz-account-id`, which must be the caller's: S3 Control acts on one's own account.
    static func account(_ input: AWSValue, _ context: RequestContext) throws -> String {
        let account = input["AccountId"]?.string ?? ""
        guard account == context.principal.account else { throw S3Errors.accessDenied }
        return account
    }

    static let put: OperationHandler = { input, context in
        let account = try account(input, context)
        let document = input["PublicAccessBlockConfiguration"]
        let enabled = Set(PublicAccessBlock.settings.filter { document?[$0]?.bool ?? false })
        try context.store.write { $0.put(AccountPublicAccessBlock(enabled: enabled), id: account, in: partition) }
        return [:]
    }

    static let get: OperationHandler = { input, context in
        let account = try account(input, context)
        guard let stored = context.store.read({ $0.get(AccountPublicAccessBlock.self, account, in: partition) }) else {
            throw AWSError("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found",
                           status: 404, fields: [("AccountId", account)])
        }
        return ["PublicAccessBlockConfiguration": .object(Dictionary(uniqueKeysWithValues: PublicAccessBlock.settings.map {
            ($0, AWSValue.boolean(stored.enabled.contains($0)))
        }))]
    }

    static let delete: OperationHandler = { input, context in
        let account = try account(input, context)
        try context.store.write { $0.delete(AccountPublicAccessBlock.self, account, in: partition) }
        return [:]
    }
}

/// S3 Control: account-level settings of S3. Only the account's Block Public Access is served. Its operations are
/// authorized as S3's actions (`s3:GetAccountPublicAccessBlock`, `s3:PutAccountPublicAccessBlock`; the tables map them).
public struct S3ControlProvider: ServiceProvider {
    public init() {}

    public let serviceName = "s3control"
    public var resourceTypes: [any Resource.Type] { [AccountPublicAccessBlock.self] }

    public var handlers: [String: OperationHandler] {
        [
            "PutPublicAccessBlock": AccountPublicAccessBlock.put,
            "GetPublicAccessBlock": AccountPublicAccessBlock.get,
            "DeletePublicAccessBlock": AccountPublicAccessBlock.delete,
        ]
    }
}

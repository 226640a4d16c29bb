import AWSWire
import Foundation
import State

/// What a handler knows about the request beyond its input.
public struct RequestContext: Sendable {
    public let requestId: String
    public let service: String
    public let operation: String
    public let principal: Principal
    public let region: String
    public let sourceIP: String
    public let secureTransport: Bool
    public let environment: NimbusEnvironment
    /// A streaming payload spooled to disk, with the digests computed as it arrived (S3 uploads).
    public var spooledBody: SpooledBody?
    /// The resources authorization denied, for operations that answer for each resource (``PerResourceAuthorizing``);
    /// empty for every other operation, which a denial stops before its handler runs.
    public var deniedResources: Set<String> = []
    /// The permission questions (``PermissionQuestioning``) authorization answered yes, as `action resource`.
    public var grantedQuestions: Set<String> = []

    public init(requestId: String, service: String, operation: String, principal: Principal, region: String,
                sourceIP: String, secureTransport: Bool, environment: NimbusEnvironment) {
        self.requestId = requestId
        self.service = service
        self.operation = operation
        self.principal = principal
        self.region = region
        self.sourceIP = sourceIP
        self.secureTransport = secureTransport
        self.environment = environment
    }

    public var account: String { principal.account }

    /// Whether authorization found the caller allowed `action` on `resource`, for a question the service asked.
    public func isGranted(_ action: String, on resource: String) -> Bool {
        grantedQuestions.contains(Self.grantKey(action, resource))
    }

    /// How ``grantedQuestions`` names a permission.
    public static func grantKey(_ action: String, _ resource: String) -> String {
        action + " " + resource
    }
    public var store: Store { environment.store }
    public var now: Date { environment.clock.now() }
    public var ids: IDGenerator { environment.ids }

    /// This request's account in this region.
    public var regionalPartition: Partition { Partition(account: account, region: region) }
    /// This request's account, for global services (IAM, Organizations).
    public var globalPartition: Partition { Partition(account: account, region: "") }
}

/// What every handler shares: the store, the clock, the ID generator, the settings.
public struct NimbusEnvironment: Sendable {
    public let store: Store
    public let clock: NimbusClock
    public let ids: IDGenerator
    public let accounts: AccountResolver
    /// IAM's answers about roles and policies, for STS and for enforcement.
    public let identities: any IdentityDirectory
    /// Organizations' answers about the SCPs that bind an account, for enforcement and IAM's simulator.
    public let organizations: any OrganizationDirectory
    /// CloudWatch Logs, for services that write logs (Lambda).
    public let logs: any LogDirectory
    /// Lambda, for services that invoke functions (S3's event notifications).
    public let functions: any FunctionInvoking
    /// Where services keep files (S3 bodies, Lambda code).
    public let files: NimbusFiles
    /// Where Nimbus listens, once it does.
    public let endpoint: ServerEndpoint
    public let credentialUsage = CredentialUsage()
    /// Authorization for work a service does as another principal (S3 replication's role), set by the server.
    public let access = AccessCheckerSlot()

    public init(store: Store, clock: NimbusClock, ids: IDGenerator, accounts: AccountResolver, identities: any IdentityDirectory,
                organizations: any OrganizationDirectory = NoOrganizations(), logs: any LogDirectory = NoLogs(),
                functions: any FunctionInvoking = NoFunctions(), files: NimbusFiles, endpoint: ServerEndpoint = ServerEndpoint()) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.accounts = accounts
        self.functions = functions
        self.identities = identities
        self.organizations = organizations
        self.logs = logs
        self.files = files
        self.endpoint = endpoint
    }
}

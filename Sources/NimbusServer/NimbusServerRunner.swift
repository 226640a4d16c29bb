import AWSWire
import EC2Service
import SSMService
import Foundation
import Hummingbird
import IAMService
import LambdaService
import Logging
import LogsService
import NimbusCore
import OrganizationsService
import S3Service
import State
import STSService

public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 4566
    /// Where the SQLite store lives; ignored when `ephemeral`.
    public var dataDirectory = ".nimbus"
    public var ephemeral = false
    public var strictCredentials = false
    public var defaultAccount = "000000000000"
    public var logLevel: Logger.Level = .info
    /// Seeds every generated ID, for repeatable runs.
    public var seed: UInt64?

    public init() {}
}

/// Builds Nimbus from its configuration and serves it until it is stopped.
public enum NimbusServerRunner {
    /// Every service Nimbus serves; adding one is one line here.
    static func providers(lambda: LambdaProvider = LambdaProvider()) -> [any ServiceProvider] {
        [STSProvider(), IAMProvider(), EC2Provider(), SSMProvider(), OrganizationsProvider(), S3Provider(), S3ControlProvider(),
         LogsProvider(), lambda]
    }

    public static func run(_ configuration: ServerConfiguration) async throws {
        var logger = Logger(label: "nimbus")
        logger.logLevel = configuration.logLevel

        let journal: any Journal
        let dataPath: String?
        if configuration.ephemeral {
            journal = MemoryJournal()
            dataPath = nil
        } else {
            let directory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true).standardizedFileURL
            journal = try SQLiteJournal(directory: directory)
            dataPath = directory.path
        }
        let store = Store(journal: journal)
        let files = try NimbusFiles(dataDirectory: dataPath)
        defer { files.removeIfTemporary() }
        // Lambda reads `S3Bucket`/`S3Key` code through S3's reader.
        let lambda = LambdaProvider(s3: S3FunctionCode(reader: try S3ObjectReader(store: store, files: files)))
        // Function processes must not outlive the server (and are gone before their files are).
        defer { lambda.shutdown() }
        let providers = providers(lambda: lambda)
        for provider in providers {
            for type in provider.resourceTypes { store.register(type) }
        }
        store.register(IssuedCredential.self)
        try store.load()

        S3BodySweeper.sweep(store: store, files: files)
        let endpoint = ServerEndpoint()
        endpoint.set(host: configuration.host, port: configuration.port)
        let clock = NimbusClock()
        let environment = NimbusEnvironment(
            store: store, clock: clock, ids: IDGenerator(seed: configuration.seed),
            accounts: AccountResolver(defaultAccount: configuration.defaultAccount), identities: IAMDirectory(store: store),
            organizations: OrganizationsDirectory(store: store), logs: CloudWatchLogsDirectory(store: store, clock: clock),
            functions: lambda, files: files, endpoint: endpoint)
        let dispatcher = Dispatcher(environment: environment, providers: providers,
                                    strictCredentials: configuration.strictCredentials, logger: logger)
        environment.access.set(dispatcher)
        let endpoints = NimbusEndpoints(environment: environment, dispatcher: dispatcher, dataDirectory: dataPath, started: Date(),
                                        onReset: { lambda.retireEnvironments() })
        let trimmer = IdleTrimmer()
        let adapter = HTTPAdapter(dispatcher: dispatcher, endpoints: endpoints, logger: logger, trimmer: trimmer)
        let trimming = Task.detached(priority: .background) { await trimmer.run() }
        defer { trimming.cancel() }
        // S3 lifecycle rules are carried out in the background, as on AWS.
        let lifecycle = Task.detached(priority: .background) { await LifecycleSweep.run(environment) }
        defer { lifecycle.cancel() }

        var hbLogger = logger
        hbLogger.logLevel = max(configuration.logLevel, .warning)
        let app = Application(
            responder: adapter,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Nimbus"),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { endpoint.set(host: configuration.host, port: port) }
                let address = channel.localAddress.map { "\($0.ipAddress ?? configuration.host):\($0.port ?? configuration.port)" }
                let line = "Nimbus \(NimbusVersion.current) listening on http://\(address ?? "\(configuration.host):\(configuration.port)") "
                    + "(data: \(dataPath ?? "in memory only"))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
                // Start-up's code pages stay mapped until the idle trimmer's first pass (a second without requests):
                // unmapping them here only made the first request fault them back in.
            },
            logger: hbLogger
        )
        try await app.runService()
    }
}

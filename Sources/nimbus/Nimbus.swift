import ArgumentParser
import Foundation
import Logging
import NimbusCore
import NimbusServer

@main
struct Nimbus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nimbus",
        abstract: "A local AWS cloud in one binary: the real AWS CLI and SDKs work against it unchanged.",
        version: NimbusVersion.current,
        subcommands: [Serve.self, Reach.self, Simulate.self, Version.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start Nimbus (what a bare `nimbus` does).")

    @Option(help: "Address to listen on (env NIMBUS_HOST).")
    var host: String = env("NIMBUS_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 4566 is what awslocal and tflocal expect (env NIMBUS_PORT).")
    var port: Int = env("NIMBUS_PORT").flatMap(Int.init) ?? 4566

    @Option(name: .customLong("data-dir"), help: "Where state is kept, in SQLite (env NIMBUS_DATA_DIR).")
    var dataDirectory: String = env("NIMBUS_DATA_DIR") ?? ".nimbus"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env NIMBUS_LOG_LEVEL).")
    var logLevel: String = env("NIMBUS_LOG_LEVEL") ?? "info"

    @Flag(help: "Keep state in memory only; nothing is written to disk (env NIMBUS_EPHEMERAL=1).")
    var ephemeral: Bool = flag("NIMBUS_EPHEMERAL")

    @Flag(name: .customLong("strict-credentials"), help: "Refuse access keys Nimbus did not issue (env NIMBUS_STRICT_CREDENTIALS=1).")
    var strictCredentials: Bool = flag("NIMBUS_STRICT_CREDENTIALS")

    @Option(name: .customLong("default-account"), help: "The account unknown access keys belong to (env NIMBUS_DEFAULT_ACCOUNT).")
    var defaultAccount: String = env("NIMBUS_DEFAULT_ACCOUNT") ?? "000000000000"

    @Option(help: "Seed for generated IDs, for repeatable runs (env NIMBUS_SEED).")
    var seed: UInt64? = env("NIMBUS_SEED").flatMap(UInt64.init)

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level '\(logLevel)'") }
        guard defaultAccount.count == 12, defaultAccount.allSatisfy(\.isNumber) else {
            throw ValidationError("--default-account must be 12 digits")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() async throws {
        CodePages.mapOnlyWhatIsUsed()
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.ephemeral = ephemeral
        configuration.strictCredentials = strictCredentials
        configuration.defaultAccount = defaultAccount
        configuration.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        configuration.seed = seed
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        try await NimbusServerRunner.run(configuration)
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Nimbus's version.")

    func run() {
        print("nimbus \(NimbusVersion.current)")
    }
}

func env(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

private func flag(_ name: String) -> Bool {
    ["1", "true", "yes"].contains(env(name)?.lowercased() ?? "")
}

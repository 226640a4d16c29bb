import Foundation
import NimbusCore
import Synchronization

/// What an environment is started from: one version of a function, where it runs, and as whom.
struct LaunchSpec: Sendable {
    var version: FunctionVersion
    var account: String
    var region: String
    var credentials: IssuedCredential?
    var endpointURL: String
    var runtimeDirectory: String
    var logDirectory: String
}

/// One execution environment: a runtime process (its own process group), its Runtime API listener, its log file
/// and its log stream. Used by one invocation at a time; frozen (SIGSTOP) between invocations.
final class ExecutionEnvironment: Sendable {
    let key: String
    let streamName: String
    let logPath: String
    let temporaryDirectory: String
    let channel: InvocationChannel
    let process: ProcessGroup
    private let server: RuntimeAPIServer
    private let idle = Mutex((since: ContinuousClock.now, generation: 0, frozen: false))

    /// "Lambda runtime environment": the init phase may take up to 10 seconds.
    static let initLimit: Duration = .seconds(10)

    private init(key: String, streamName: String, logPath: String, temporaryDirectory: String, channel: InvocationChannel,
                 process: ProcessGroup, server: RuntimeAPIServer) {
        self.key = key
        self.temporaryDirectory = temporaryDirectory
        self.streamName = streamName
        self.logPath = logPath
        self.channel = channel
        self.process = process
        self.server = server
    }

    static func launch(_ spec: LaunchSpec, key: String, streamName: String) async throws -> ExecutionEnvironment {
        let channel = InvocationChannel()
        let server = try await RuntimeAPIServer.start { [channel] request in await channel.respond(request) }
        let logPath = spec.logDirectory + "/" + UUID().uuidString.lowercased() + ".log"
        let command: [String]
        do {
            command = try RuntimeCommand.arguments(spec)
        } catch {
            server.stop()
            throw error
        }
        var environment = RuntimeCommand.environment(spec, streamName: streamName, runtimeAPI: "127.0.0.1:\(server.port)")
        // "Lambda execution environment": each environment has a /tmp of its own; here, TMPDIR (removed with it).
        let temporary = spec.logDirectory + "/" + UUID().uuidString.lowercased() + ".tmp"
        try? FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        environment["TMPDIR"] = temporary
        let process: ProcessGroup
        do {
            process = try ProcessGroup.spawn(command, environment: environment, directory: spec.version.codeDirectory, logPath: logPath)
        } catch {
            server.stop()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        let environmentInstance = ExecutionEnvironment(key: key, streamName: streamName, logPath: logPath, temporaryDirectory: temporary,
                                                       channel: channel, process: process, server: server)
        process.onExit { status in
            channel.markDead(ProcessGroup.describe(status))
            server.stop()
        }
        // A runtime that never asks for its first event is stopped after Lambda's init limit.
        Task {
            try? await Task.sleep(for: initLimit)
            if channel.initDuration == nil { process.kill() }
        }
        return environmentInstance
    }

    var idleFor: Duration { ContinuousClock.now - idle.withLock { $0.since } }

    /// The invocation is over: idle from now. Returns the rest's number, which a later freeze must match.
    func rest() -> Int {
        idle.withLock { state in
            state.since = .now
            state.generation += 1
            return state.generation
        }
    }

    /// SIGSTOP to the group, unless the environment has been taken (and maybe rested again) since `generation`.
    func freeze(ifStill generation: Int) {
        idle.withLock { state in
            guard state.generation == generation, !state.frozen else { return }
            state.frozen = true
            process.freeze()
        }
    }

    /// Taken for an invocation: a new generation (no pending freeze applies) and SIGCONT if it was frozen.
    func wake() {
        idle.withLock { state in
            state.generation += 1
            if state.frozen {
                state.frozen = false
                process.thaw()
            }
        }
    }

    /// Kills the whole process group (a stopped group too: SIGKILL needs no SIGCONT) and closes the listener.
    func shutdown() {
        process.kill()
        channel.markDead("shutdown")
        server.stop()
        try? FileManager.default.removeItem(atPath: logPath)
        try? FileManager.default.removeItem(atPath: temporaryDirectory)
    }

    /// Bytes of the log file written so far, to read one invocation's output afterwards.
    var logSize: Int {
        var info = stat()
        return stat(logPath, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Output kept per invocation: its last megabyte (a function printing gigabytes must not fill the server).
    static let maxOutputBytes = 1_048_576
    /// The log file is emptied between invocations past this size (the runtime appends, so it writes on at 0).
    static let maxLogFileBytes = 8 * 1_048_576

    /// What the process wrote since `offset`. The runtimes flush before posting a result, so it is all here.
    func log(since offset: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        let size = logSize
        try? handle.seek(toOffset: UInt64(max(offset, size - Self.maxOutputBytes)))
        let data = (try? handle.read(upToCount: Self.maxOutputBytes)) ?? nil
        if size > Self.maxLogFileBytes { truncate(logPath, 0) }
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}

import AWSWire
import Foundation
import Synchronization

/// The command line and environment of a runtime process: which program runs the function, under which limits,
/// with exactly the variables Lambda defines ("Defined runtime environment variables") and nothing of the server's.
enum RuntimeCommand {
    static func arguments(_ spec: LaunchSpec) throws -> [String] {
        let version = spec.version
        let memoryBytes = version.memorySize * 1_048_576
        // RLIMIT_AS through prlimit (posix_spawn cannot set limits in the child): the configured memory plus room
        // for the interpreter's shared libraries, which are mapped but not used.
        let limited: ([String]) -> [String] = { command in
            guard let prlimit = Self.prlimit else { return command }
            return [prlimit, "--as=\(memoryBytes + 134_217_728)"] + command
        }
        switch FunctionRules.family(of: version.runtime) {
        case .python?:
            guard let python = Interpreters.python else { throw LambdaErrors.runtimeUnavailable(version.runtime) }
            // -S: the bootstrap adds site-packages itself, without running this machine's .pth files.
            return limited([python, "-S", spec.runtimeDirectory + "/" + PythonBootstrap.fileName])
        case .node?:
            guard let node = Interpreters.node else { throw LambdaErrors.runtimeUnavailable(version.runtime) }
            // V8 reserves far more address space than it uses, so Node is held by its heap limit instead.
            return [node, "--max-old-space-size=\(max(version.memorySize * 9 / 10, 32))", spec.runtimeDirectory + "/" + NodeBootstrap.fileName]
        case .provided?:
            let bootstrap = version.codeDirectory + "/bootstrap"
            guard access(bootstrap, X_OK) == 0 else {
                throw RuntimeFailure(type: "Runtime.InvalidEntrypoint", message: "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]")
            }
            return limited([bootstrap])
        case nil:
            throw LambdaErrors.runtimeUnavailable(version.runtime)
        }
    }

    static func environment(_ spec: LaunchSpec, streamName: String, runtimeAPI: String) -> [String: String] {
        let version = spec.version
        var variables: [String: String] = [
            "AWS_LAMBDA_FUNCTION_NAME": version.functionName,
            "AWS_LAMBDA_FUNCTION_VERSION": version.version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(version.memorySize),
            "AWS_LAMBDA_LOG_GROUP_NAME": version.logGroup,
            "AWS_LAMBDA_LOG_STREAM_NAME": streamName,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": spec.region,
            "AWS_DEFAULT_REGION": spec.region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(version.runtime)",
            "_HANDLER": version.handler,
            "LAMBDA_TASK_ROOT": version.codeDirectory,
            "LAMBDA_RUNTIME_DIR": spec.runtimeDirectory,
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LD_LIBRARY_PATH": "\(version.codeDirectory):\(version.codeDirectory)/lib",
            // SDK calls inside the function come back to Nimbus (a function's own AWS_ENDPOINT_URL wins).
            "AWS_ENDPOINT_URL": spec.endpointURL,
            // The host's ~/.aws must not reach the function's SDK.
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]
        if let interpreterDirectory = (FunctionRules.family(of: version.runtime) == .node ? Interpreters.node : Interpreters.python)
            .map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
            variables["PATH"] = interpreterDirectory + ":" + variables["PATH"]!
        }
        for (key, value) in version.environment { variables[key] = value }
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        if let credentials = spec.credentials {
            variables["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
            variables["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            variables["AWS_SESSION_TOKEN"] = credentials.sessionToken ?? ""
        }
        return variables
    }

    static let prlimit = ProcessGroup.which("prlimit")
}

/// A failure of the runtime itself, reported to the caller as the function's error (`FunctionError: Unhandled`).
struct RuntimeFailure: Error {
    var type: String
    var message: String
}

/// Where the interpreters are, found once from the server's PATH. Python is asked for its real executable: a pyenv
/// shim is a shell script that needs the user's environment, which the function does not get.
enum Interpreters {
    static let python: String? = {
        guard let shim = ProcessGroup.which("python3") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shim)
        process.arguments = ["-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? shim : path
    }()

    static let node: String? = ProcessGroup.which("node")
}

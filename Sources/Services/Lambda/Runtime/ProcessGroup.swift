#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A runtime process in a process group of its own (posix_spawn with POSIX_SPAWN_SETPGROUP: Foundation's `Process`
/// cannot), so a timeout or a reap kills everything the function started, and SIGSTOP/SIGCONT freeze the whole group
/// between invocations as Lambda freezes an environment.
struct ProcessGroup: Sendable {
    let pid: pid_t

    struct SpawnFailed: Error { var errno: Int32 }

    /// Starts `arguments[0]` (an absolute path) with exactly `environment` (nothing inherited), in `directory`,
    /// stdin from /dev/null, stdout and stderr appended to `logPath`.
    static func spawn(_ arguments: [String], environment: [String: String], directory: String, logPath: String) throws -> ProcessGroup {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = Self.addChdir?(&actions, directory)
        // Descriptors the server holds (its sockets, the database) stay out of the function's process.
        _ = Self.addClosefrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals the server ignores (SIGPIPE) would stay ignored across exec: reset them, and the mask.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw SpawnFailed(errno: status) }
        return ProcessGroup(pid: pid)
    }

    // glibc's `_np` file actions are declared only under _GNU_SOURCE, which Swift's Glibc module does not define:
    // found at run time instead (glibc 2.29 and 2.34 have them).
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    private static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let pointer = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }

    func kill() { _ = Glibc.kill(-pid, SIGKILL) }
    func freeze() { _ = Glibc.kill(-pid, SIGSTOP) }
    func thaw() { _ = Glibc.kill(-pid, SIGCONT) }

    /// Blocks a thread of its own until the process ends, then reports its status; the thread does nothing else.
    func onExit(_ report: @escaping @Sendable (Int32) -> Void) {
        let pid = self.pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            report(status)
        }
    }

    /// Peak resident memory of the runtime process, in MB ("Max Memory Used"), from /proc.
    var peakMemoryMB: Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return (kb + 1023) / 1024
    }

    /// An executable on the server's PATH, resolved once (the function's PATH is Lambda's, not the server's).
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A statement of how a wait status ended, as Lambda words it ("exit status 1", "signal: killed").
    static func describe(_ status: Int32) -> String {
        if status & 0x7f == 0 { return "exit status \((status >> 8) & 0xff)" }
        let signal = status & 0x7f
        return signal == SIGKILL ? "signal: killed" : "signal: \(signal)"
    }
}

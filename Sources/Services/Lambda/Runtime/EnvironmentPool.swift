import Foundation
import Synchronization

/// Every execution environment of this server: warm ones kept per function version, the concurrency in use per
/// function and per account ("Lambda function scaling": reserved concurrency caps a function; the account's
/// 1,000 concurrent executions cap them all), idle ones reaped, all killed when Nimbus stops.
final class EnvironmentPool: Sendable {
    /// "Lambda quotas": concurrent executions per account and Region.
    static let accountLimit = 1000
    /// Lambda keeps an idle environment for minutes, not a fixed time; five is a middle of what is observed.
    static let idleLifetime: Duration = .seconds(300)
    /// An environment is frozen once idle this long: one invoked again at once (a busy function) is not stopped and
    /// woken between every two invocations, which would add a round trip of the runtime's `next` to each.
    static let freezeDelay: Duration = .milliseconds(50)

    private struct State {
        var idle: [String: [ExecutionEnvironment]] = [:]
        var busy: [ObjectIdentifier: ExecutionEnvironment] = [:]
        var inFlight: [String: Int] = [:]
        var accountInFlight: [String: Int] = [:]
        var reaping = false
        var closed = false
    }

    private let state = Mutex(State())

    init() {}

    /// Counts an invocation against the function's and the account's concurrency, or refuses it.
    func admit(function: String, account: String, reserved: Int?) throws {
        try state.withLock { state in
            let running = state.inFlight[function, default: 0]
            if let reserved, running >= reserved {
                throw LambdaErrors.throttled("ReservedFunctionConcurrentInvocationLimitExceeded")
            }
            guard state.accountInFlight[account, default: 0] < Self.accountLimit else {
                throw LambdaErrors.throttled("ConcurrentInvocationLimitExceeded")
            }
            state.inFlight[function] = running + 1
            state.accountInFlight[account, default: 0] += 1
        }
    }

    func release(function: String, account: String) {
        state.withLock { state in
            state.inFlight[function, default: 1] -= 1
            state.accountInFlight[account, default: 1] -= 1
        }
    }

    /// A warm environment for `key`, thawed and marked busy, if one is idle.
    func takeIdle(_ key: String) -> ExecutionEnvironment? {
        var dead: [ExecutionEnvironment] = []
        let environment = state.withLock { state -> ExecutionEnvironment? in
            while var list = state.idle[key], let environment = list.popLast() {
                state.idle[key] = list.isEmpty ? nil : list
                // A runtime that ended while idle (it crashed, or exited on its own) is not handed out.
                if environment.channel.isDead {
                    dead.append(environment)
                    continue
                }
                state.busy[ObjectIdentifier(environment)] = environment
                environment.wake()
                return environment
            }
            return nil
        }
        dead.forEach { $0.shutdown() }
        return environment
    }

    func markBusy(_ environment: ExecutionEnvironment) {
        let closed = state.withLock { state in
            if !state.closed { state.busy[ObjectIdentifier(environment)] = environment }
            return state.closed
        }
        if closed { environment.shutdown() }
        startReaper()
    }

    /// Keeps the environment for the next invocation of the same version, frozen once it has stayed idle a moment.
    func returnIdle(_ environment: ExecutionEnvironment) {
        let generation = environment.rest()
        let closed = state.withLock { state in
            state.busy[ObjectIdentifier(environment)] = nil
            if !state.closed { state.idle[environment.key, default: []].append(environment) }
            return state.closed
        }
        if closed {
            environment.shutdown()
            return
        }
        Task {
            try? await Task.sleep(for: Self.freezeDelay)
            environment.freeze(ifStill: generation)
        }
    }

    func discard(_ environment: ExecutionEnvironment) {
        state.withLock { _ = $0.busy.removeValue(forKey: ObjectIdentifier(environment)) }
        environment.shutdown()
    }

    /// Stops the idle environments whose key starts with `prefix` (a function updated or deleted); busy ones
    /// finish their invocation and are not reused, as their key no longer matches any version.
    func retire(prefix: String) {
        let stale = state.withLock { state -> [ExecutionEnvironment] in
            let keys = state.idle.keys.filter { $0.hasPrefix(prefix) }
            return keys.flatMap { state.idle.removeValue(forKey: $0) ?? [] }
        }
        stale.forEach { $0.shutdown() }
    }

    /// Kills every environment (Nimbus is stopping).
    func shutdown() {
        let all = state.withLock { state -> [ExecutionEnvironment] in
            state.closed = true
            defer { state.idle = [:]; state.busy = [:] }
            return state.idle.values.flatMap { $0 } + Array(state.busy.values)
        }
        all.forEach { $0.shutdown() }
    }

    var counts: (idle: Int, busy: Int) { state.withLock { ($0.idle.values.reduce(0) { $0 + $1.count }, $0.busy.count) } }

    private func startReaper() {
        let start = state.withLock { state -> Bool in
            defer { state.reaping = true }
            return !state.reaping
        }
        guard start else { return }
        Task { [weak self] in
            while let pool = self {
                try? await Task.sleep(for: .seconds(30))
                pool.reap()
            }
        }
    }

    private func reap() {
        let expired = state.withLock { state -> [ExecutionEnvironment] in
            var expired: [ExecutionEnvironment] = []
            for (key, list) in state.idle {
                let (old, fresh) = (list.filter { $0.idleFor >= Self.idleLifetime }, list.filter { $0.idleFor < Self.idleLifetime })
                expired += old
                state.idle[key] = fresh.isEmpty ? nil : fresh
            }
            return expired
        }
        expired.forEach { $0.shutdown() }
    }
}

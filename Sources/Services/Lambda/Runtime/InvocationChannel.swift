import Foundation
import Synchronization

/// How one invocation ended.
enum InvocationOutcome: Sendable, Equatable {
    case response([UInt8])
    /// The runtime's `/error` post: its JSON body and `Lambda-Runtime-Function-Error-Type`.
    case functionError([UInt8])
    /// `/init/error`: the handler could not be loaded.
    case initError([UInt8])
    case timeout
    /// The runtime process ended during the invocation ("exit status 1", "signal: killed").
    case exited(String)
}

/// An event waiting for, or held by, the runtime.
struct PendingInvocation: Sendable {
    var requestId: String
    var payload: [UInt8]
    var functionArn: String
    var timeoutSeconds: Int
    var traceId: String
    /// The caller's `ClientContext`, decoded (JSON), for `Lambda-Runtime-Client-Context`.
    var clientContext: String? = nil
}

/// The hand-off between Invoke and the runtime's Runtime API calls, for one environment: one invocation at a
/// time. `next` waits for an event; `response`/`error`/`init/error`, the timeout and the process's end each try
/// to finish the invocation, and the first wins.
final class InvocationChannel: Sendable {
    private struct State {
        var queued: PendingInvocation?
        var nextWaiter: CheckedContinuation<PendingInvocation?, Never>?
        var active: (id: String, continuation: CheckedContinuation<InvocationOutcome, Never>)?
        var dead = false
        var initializedAt: ContinuousClock.Instant?
        var handedOutAt: ContinuousClock.Instant?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())
    let started = ContinuousClock.now

    /// Time from spawn to the runtime's first `next` (Lambda's "Init Duration").
    var initDuration: Duration? { state.withLock { $0.initializedAt.map { $0 - started } } }
    var isDead: Bool { state.withLock { $0.dead } }
    /// When the runtime took the last event: Lambda's Duration runs from there (init is reported apart).
    var handedOutAt: ContinuousClock.Instant? { state.withLock { $0.handedOutAt } }

    /// Hands `invocation` to the runtime and waits for how it ends.
    func run(_ invocation: PendingInvocation) async -> InvocationOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<InvocationOutcome, Never>) in
            let (waiter, dead) = state.withLock { state -> (CheckedContinuation<PendingInvocation?, Never>?, Bool) in
                if state.dead { return (nil, true) }
                state.active = (invocation.requestId, continuation)
                if let waiter = state.nextWaiter {
                    state.nextWaiter = nil
                    return (waiter, false)
                }
                state.queued = invocation
                return (nil, false)
            }
            if dead { continuation.resume(returning: .exited("Runtime exited")) } else { waiter?.resume(returning: invocation) }
        }
    }

    /// Ends the invocation `id` (nil: whichever is active) unless something else already did.
    func finish(_ id: String?, _ outcome: InvocationOutcome) {
        let (continuation, timer) = state.withLock { state -> (CheckedContinuation<InvocationOutcome, Never>?, Task<Void, Never>?) in
            guard let active = state.active, id == nil || active.id == id else { return (nil, nil) }
            state.active = nil
            state.queued = nil
            defer { state.timer = nil }
            return (active.continuation, state.timer)
        }
        // A timer left sleeping would hold its task for the whole timeout (up to 15 minutes) per invocation.
        if outcome != .timeout { timer?.cancel() }
        continuation?.resume(returning: outcome)
    }

    func isActive(_ id: String) -> Bool { state.withLock { $0.active?.id == id } }

    /// The process ended: the active invocation fails and no more `next` is answered.
    func markDead(_ reason: String) {
        let (active, waiter) = state.withLock { state in
            state.dead = true
            defer { state.active = nil; state.nextWaiter = nil; state.queued = nil }
            return (state.active?.continuation, state.nextWaiter)
        }
        active?.resume(returning: .exited(reason))
        waiter?.resume(returning: nil)
    }

    /// The next event for the runtime, once there is one; nil when the environment is going away.
    func next() async -> PendingInvocation? {
        await withCheckedContinuation { (continuation: CheckedContinuation<PendingInvocation?, Never>) in
            let (ready, replaced) = state.withLock { state -> (PendingInvocation??, CheckedContinuation<PendingInvocation?, Never>?) in
                if state.initializedAt == nil { state.initializedAt = .now }
                if state.dead { return (.some(nil), nil) }
                if let queued = state.queued {
                    state.queued = nil
                    return (.some(queued), nil)
                }
                // A runtime asks for one event at a time; an earlier `next` still waiting is let go empty.
                defer { state.nextWaiter = continuation }
                return (.none, state.nextWaiter)
            }
            replaced?.resume(returning: nil)
            if let ready { continuation.resume(returning: ready) }
        }
    }

    // MARK: The Runtime API

    static let prefix = "/2018-06-01/runtime"

    func respond(_ request: RuntimeRequest) async -> RuntimeReply {
        let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
        guard path.hasPrefix(Self.prefix) else { return .json(404, #"{"errorMessage":"Not found","errorType":"NotFound"}"#) }
        let parts = path.dropFirst(Self.prefix.count).split(separator: "/").map(String.init)
        switch (request.method, parts.count, parts.first) {
        case ("GET", 2, "invocation") where parts[1] == "next":
            guard let invocation = await next() else { return .json(410, #"{"errorMessage":"Environment shutting down","errorType":"Gone"}"#) }
            state.withLock { $0.handedOutAt = .now }
            let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(invocation.timeoutSeconds) * 1000
            startTimer(invocation)
            return RuntimeReply(status: 200, headers: [
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Aws-Request-Id", invocation.requestId),
                ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                ("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn),
                ("Lambda-Runtime-Trace-Id", invocation.traceId),
            ] + (invocation.clientContext.map { [("Lambda-Runtime-Client-Context", $0)] } ?? []), body: invocation.payload)
        case ("POST", 3, "invocation") where parts[2] == "response" || parts[2] == "error":
            let id = parts[1]
            guard isActive(id) else { return .json(400, #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#) }
            if parts[2] == "response" {
                // "Lambda quotas": 6 MB for a synchronous response.
                if request.body.count > Self.maxResponseBytes {
                    finish(id, .functionError(Array(#"{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}"#.utf8)))
                    return .json(413, #"{"errorMessage":"Payload too large","errorType":"RequestEntityTooLarge"}"#)
                }
                finish(id, .response(request.body))
            } else {
                finish(id, .functionError(request.body))
            }
            return .json(202, #"{"status":"OK"}"#)
        case ("POST", 2, "init") where parts[1] == "error":
            finish(nil, .initError(request.body))
            return .json(202, #"{"status":"OK"}"#)
        default:
            return .json(404, #"{"errorMessage":"Unknown Runtime API path","errorType":"NotFound"}"#)
        }
    }

    static let maxResponseBytes = 6_291_556

    /// The function's timeout runs from the moment the runtime takes the event (init has its own limit).
    private func startTimer(_ invocation: PendingInvocation) {
        let id = invocation.requestId
        let seconds = invocation.timeoutSeconds
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            self?.finish(id, .timeout)
        }
        let stale = state.withLock { state -> Bool in
            guard state.active?.id == id else { return true }
            state.timer = timer
            return false
        }
        if stale { timer.cancel() }
    }
}

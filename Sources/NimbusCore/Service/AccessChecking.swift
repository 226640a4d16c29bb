import AWSWire
import Synchronization

/// Authorization for a service's own work done as a principal other than the caller: S3 replicating an object as
/// the role its replication configuration names. Each question is decided exactly as a request making it would be
/// (the principal's policies, permissions boundary and session policies, its organization's SCPs, the resource's own
/// policy and account, the service's condition keys for `operation` and `input`).
public protocol AccessChecking: Sendable {
    /// The answers, each question named as ``RequestContext/grantKey(_:_:)`` names it; `context` carries the principal.
    func answers(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext) -> AccessAnswers
}

/// What the questions came to: allowed, or denied by a statement that says Deny (as opposed to allowed by none).
public struct AccessAnswers: Sendable {
    public var granted: Set<String> = []
    public var explicitlyDenied: Set<String> = []

    public init(granted: Set<String> = [], explicitlyDenied: Set<String> = []) {
        self.granted = granted
        self.explicitlyDenied = explicitlyDenied
    }

    public func isGranted(_ question: DependentAction) -> Bool {
        granted.contains(RequestContext.grantKey(question.action, question.resource))
    }

    public func isExplicitlyDenied(_ question: DependentAction) -> Bool {
        explicitlyDenied.contains(RequestContext.grantKey(question.action, question.resource))
    }
}

/// The access checker, known once the server's dispatcher exists (the environment is made before it); until then,
/// and in tools without one, nothing is allowed.
public final class AccessCheckerSlot: AccessChecking {
    private let checker = Mutex<(any AccessChecking)?>(nil)

    public init() {}

    public func set(_ access: any AccessChecking) {
        checker.withLock { $0 = access }
    }

    public func answers(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext) -> AccessAnswers {
        guard let access = checker.withLock({ $0 }) else { return AccessAnswers() }
        return access.answers(questions, service: service, operation: operation, input: input, context: context)
    }
}

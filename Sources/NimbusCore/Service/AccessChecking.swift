import AWSWire
import Synchronization

/// Authorization for a service's own work done as a principal other than the caller: S3 replicating an object as
/// the role its replication configuration names. Each question is decided exactly as a request making it would be
/// (the principal's policies, permissions boundary and session policies, its organization's SCPs, the resource's own
/// policy and account, the service's condition keys for `operation` and `input`).
public protocol AccessChecking: Sendable {
    /// The questions allowed, as ``RequestContext/grantKey(_:_:)`` names them; `context` carries the principal.
    func granted(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext) -> Set<String>
}

/// The access checker, known once the server's dispatcher exists (the environment is made before it); until then,
/// and in tools without one, nothing is allowed.
public final class AccessCheckerSlot: AccessChecking {
    private let checker = Mutex<(any AccessChecking)?>(nil)

    public init() {}

    public func set(_ access: any AccessChecking) {
        checker.withLock { $0 = access }
    }

    public func granted(_ questions: [DependentAction], service: String, operation: String, input: AWSValue, context: RequestContext) -> Set<String> {
        guard let access = checker.withLock({ $0 }) else { return [] }
        return access.granted(questions, service: service, operation: operation, input: input, context: context)
    }
}

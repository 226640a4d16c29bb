import AWSWire
import State

/// One operation's logic: the decoded, validated input in; the output (or a thrown `AWSError`) out.
/// Handlers know nothing of HTTP, protocols or SQL.
public typealias OperationHandler = @Sendable (_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue

/// An AWS service: the model it answers for, its handlers, and the resource types it stores.
public protocol ServiceProvider: Sendable {
    /// The model's name (`sts`, `iam`, `ec2`...).
    var serviceName: String { get }
    var handlers: [String: OperationHandler] { get }
    var resourceTypes: [any Resource.Type] { get }
}

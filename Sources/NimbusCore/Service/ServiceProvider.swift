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

/// Services whose operations act on resources they can name: authorization asks them for the ARNs
/// an operation acts on (empty: the action is checked on `*`). Services without it are checked on `*`.
public protocol ResourceNaming: Sendable {
    func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String]
}

/// Services with operations that act on many resources and answer for each (S3's DeleteObjects lists an
/// AccessDenied per key it may not delete): for those operations a denied resource does not deny the request;
/// the handler finds it in ``RequestContext/deniedResources``.
public protocol PerResourceAuthorizing: Sendable {
    func authorizesEachResource(operation: String) -> Bool
}

/// A resource-based policy that governs a resource: a role's trust policy, a bucket policy, a function policy.
public struct ResourcePolicyDocument: Sendable {
    public var id: String
    public var document: String
    /// `trust` for role trust policies, `resource` for the others.
    public var isTrustPolicy: Bool

    public init(id: String, document: String, isTrustPolicy: Bool) {
        self.id = id
        self.document = document
        self.isTrustPolicy = isTrustPolicy
    }
}

/// Services whose resources carry policies of their own: authorization combines them with the caller's.
public protocol ResourcePolicyProviding: Sendable {
    func resourcePolicy(operation: String, action: String, input: AWSValue, resource: String, context: RequestContext) -> ResourcePolicyDocument?
}

/// An action an operation needs besides its own ("Dependent actions" in the Service Authorization Reference):
/// RunInstances with an instance profile needs `iam:PassRole` on the profile's role.
public struct DependentAction: Sendable {
    public var action: String
    public var resource: String
    public var conditions: [String: String]

    public init(action: String, resource: String, conditions: [String: String] = [:]) {
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }
}

/// Services whose operations need further actions, checked with the same policies as the operation's own.
public protocol DependentActionNaming: Sendable {
    func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction]
}

/// Services whose answer depends on whether the caller holds another permission, without needing it: S3 tells a
/// missing key (404 NoSuchKey) only to callers allowed `s3:ListBucket`, others get 403 ("GetObject",
/// Permissions). Authorization decides each question with the same policies and the handler reads the answer
/// from ``RequestContext/isGranted(_:on:)``.
public protocol PermissionQuestioning: Sendable {
    func permissionQuestions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction]
}

/// Services whose IAM action depends on the request, not just the operation: S3's GetObject with a `versionId`
/// is `s3:GetObjectVersion` ("Actions, resources, and condition keys for Amazon S3").
public protocol ActionRefining: Sendable {
    func action(operation: String, input: AWSValue, resource: String, default action: String) -> String
}

/// Services whose actions document condition keys of their own (`sts:ExternalId`, `ec2:InstanceType`,
/// `s3:prefix`...): authorization adds them to the global keys for the operation being decided.
public protocol ConditionKeyProviding: Sendable {
    func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String]
}

/// Condition keys that belong to one resource of a request (`aws:ResourceTag/Team` of the instance being stopped,
/// `ec2:InstanceType` of the instance being launched): a statement whose condition names a key the resource does
/// not have does not match it ("IAM JSON policy elements: Condition"), so these are decided per resource.
public protocol ResourceConditionProviding: Sendable {
    func conditionKeys(operation: String, input: AWSValue, resource: String, context: RequestContext) -> [String: String]
}

/// Services whose resource ARNs do not name their account (S3's `arn:aws:s3:::bucket`): authorization asks them
/// which account owns a resource, to tell a same-account request from a cross-account one.
public protocol ResourceAccountNaming: Sendable {
    func resourceAccount(of resource: String, operation: String, action: String, input: AWSValue, context: RequestContext) -> String?
}

/// Services that answer browsers' cross-origin requests themselves (S3: "Using cross-origin resource sharing
/// (CORS)"): the preflight `OPTIONS` that no model describes, and the CORS headers on answers to requests that
/// carry an `Origin`. `path` is the request's path-style path, still percent-encoded.
public protocol CrossOriginAnswering: Sendable {
    /// The headers of a preflight's 200 answer, or the service's error for one it refuses.
    func preflight(path: String, header: (String) -> String?, context: RequestContext) throws -> [(name: String, value: String)]
    /// The CORS headers for an actual request from another origin; none when no rule allows it.
    func crossOriginHeaders(path: String, method: String, header: (String) -> String?, context: RequestContext) -> [(name: String, value: String)]
}

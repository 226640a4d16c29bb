import AWSWire
import NimbusCore
import State

/// TagResource, UntagResource and ListTags on a function's ARN ("Using tags on Lambda functions").
enum Tags {
    static func tag(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let tags = (input["Tags"]?.object ?? [:]).compactMapValues(\.string)
        try reference(input).modify(context) { function in
            function.tags.merge(tags) { _, new in new }
            guard function.tags.count <= 50 else { throw LambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.") }
        }
        return .object([:])
    }

    static func untag(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let keys = input["TagKeys"]?.strings ?? []
        try reference(input).modify(context) { function in keys.forEach { function.tags[$0] = nil } }
        return .object([:])
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let function = try reference(input).load(context)
        return .structure(["Tags": .object(function.tags.mapValues(AWSValue.string))])
    }

    /// Tags belong to the function: its ARN, unqualified.
    private static func reference(_ input: AWSValue) throws -> FunctionReference {
        let arn = input["Resource"]?.string ?? ""
        let reference = try FunctionReference(arn)
        guard arn.hasPrefix("arn:"), reference.qualifier == nil else {
            throw LambdaErrors.invalidParameter("Tags are not supported on function versions or aliases: \(arn)")
        }
        return reference
    }
}

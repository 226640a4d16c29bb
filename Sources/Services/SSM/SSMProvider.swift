import AWSWire
import NimbusCore
import State

/// AWS Systems Manager: Parameter Store so far (the compute issue's image parameters and user parameters).
public struct SSMProvider: ServiceProvider {
    public init() {}

    public let serviceName = "ssm"
    public var resourceTypes: [any Resource.Type] { [SSMParameter.self] }

    public var handlers: [String: OperationHandler] {
        [
            "PutParameter": Parameters.put,
            "GetParameter": Parameters.get,
            "GetParameters": Parameters.getMany,
            "GetParametersByPath": Parameters.getByPath,
            "GetParameterHistory": Parameters.history,
            "DeleteParameter": Parameters.delete,
            "DeleteParameters": Parameters.deleteMany,
            "LabelParameterVersion": Parameters.label,
            "DescribeParameters": Parameters.describe,
        ]
    }
}

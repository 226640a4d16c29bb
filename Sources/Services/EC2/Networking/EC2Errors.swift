import AWSWire

/// EC2's error codes that several resource families share ("Error codes for the Amazon EC2 API").
enum EC2Errors {
    static func invalidParameterValue(_ message: String) -> AWSError {
        AWSError("InvalidParameterValue", message)
    }

    static func missingParameter(_ name: String) -> AWSError {
        AWSError("MissingParameter", "The request must contain the parameter \(name)")
    }

    static func dependencyViolation(_ message: String) -> AWSError {
        AWSError("DependencyViolation", message)
    }

    static func alreadyAssociated(_ message: String) -> AWSError {
        AWSError("Resource.AlreadyAssociated", message)
    }

    static func invalidCIDR(_ text: String, _ parameter: String = "cidrBlock") -> AWSError {
        AWSError("InvalidParameterValue", "Value (\(text)) for parameter \(parameter) is invalid. This is not a valid CIDR block.")
    }

    static func invalidParameterCombination(_ message: String) -> AWSError {
        AWSError("InvalidParameterCombination", message)
    }
}

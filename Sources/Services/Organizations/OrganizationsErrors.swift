import AWSWire

/// Organizations' errors, worded as the AWS Organizations API Reference words them ("Common errors" and each
/// action's Errors). Several carry a `Reason` beside the message.
enum OrgErrors {
    static func notInUse() -> AWSError {
        AWSError("AWSOrganizationsNotInUseException",
                 "Your account isn't a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.")
    }

    static func accessDenied() -> AWSError {
        AWSError("AccessDeniedException",
                 "You don't have permissions to perform the requested operation. The user or role that is making the request must have at least one IAM permissions policy attached that grants the required permissions.")
    }

    static func alreadyInOrganization() -> AWSError {
        AWSError("AlreadyInOrganizationException", "The provided account is already a member of an organization.")
    }

    static func constraint(_ reason: String, _ message: String) -> AWSError {
        AWSError("ConstraintViolationException", message, fields: [("Reason", reason)])
    }

    static func invalidInput(_ reason: String, _ message: String) -> AWSError {
        AWSError("InvalidInputException", message, fields: [("Reason", reason)])
    }

    static func parentNotFound() -> AWSError {
        AWSError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
    }

    static func childNotFound() -> AWSError {
        AWSError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
    }

    static func accountNotFound() -> AWSError {
        AWSError("AccountNotFoundException",
                 "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.")
    }

    static func ouNotFound() -> AWSError {
        AWSError("OrganizationalUnitNotFoundException", "The specified OU doesn't exist.")
    }

    static func rootNotFound() -> AWSError {
        AWSError("RootNotFoundException", "We can't find a root with the RootId that you specified.")
    }

    static func policyNotFound() -> AWSError {
        AWSError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
    }

    static func targetNotFound() -> AWSError {
        AWSError("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.")
    }

    static func policyTypeNotEnabled() -> AWSError {
        AWSError("PolicyTypeNotEnabledException",
                 "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.")
    }

    static func policyTypeNotAvailable() -> AWSError {
        AWSError("PolicyTypeNotAvailableForOrganizationException",
                 "You can't use the specified policy type with the feature set currently enabled for this organization. For example, you can enable SCPs only after you enable all features in the organization.")
    }

    static func malformedPolicy(_ detail: String) -> AWSError {
        AWSError("MalformedPolicyDocumentException", "The provided policy document doesn't meet the requirements of the specified policy type. \(detail)")
    }

    static func handshakeNotFound() -> AWSError {
        AWSError("HandshakeNotFoundException", "We can't find a handshake with the HandshakeId that you specified.")
    }

    static func invalidHandshakeTransition(_ state: String) -> AWSError {
        AWSError("InvalidHandshakeTransitionException", "You can't perform the operation on the handshake in its current state (\(state)).")
    }

    static func handshakeAlreadyInState(_ state: String) -> AWSError {
        AWSError("HandshakeAlreadyInStateException", "The specified handshake is already in the requested state (\(state)).")
    }

    /// A malformed id: AWS checks each id against its documented pattern.
    static func badId(_ member: String, _ pattern: String) -> AWSError {
        invalidInput("INVALID_PATTERN", "You provided a value that does not match the required pattern for \(member): \(pattern).")
    }
}

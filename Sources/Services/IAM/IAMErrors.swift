import Foundation
import AWSWire

/// IAM's errors, worded as IAM words them ("IAM API Reference": Common Errors and each action's Errors).
enum IAMErrors {
    static func noSuchUser(_ name: String) -> AWSError {
        AWSError("NoSuchEntity", "The user with name \(name) cannot be found.", status: 404)
    }

    static func userExists(_ name: String) -> AWSError {
        AWSError("EntityAlreadyExists", "User with name \(name) already exists.", status: 409)
    }

    static func noSuchAccessKey(_ id: String) -> AWSError {
        AWSError("NoSuchEntity", "The Access Key with id \(id) cannot be found.", status: 404)
    }

    static func accessKeyQuota() -> AWSError {
        AWSError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", status: 409)
    }

    static func deleteConflict(_ what: String) -> AWSError {
        AWSError("DeleteConflict", "Cannot delete entity, must \(what) first.", status: 409)
    }

    static func noSuchEntity(_ message: String) -> AWSError {
        AWSError("NoSuchEntity", message, status: 404)
    }

    static func alreadyExists(_ message: String) -> AWSError {
        AWSError("EntityAlreadyExists", message, status: 409)
    }

    static func limitExceeded(_ message: String) -> AWSError {
        AWSError("LimitExceeded", message, status: 409)
    }

    static func malformedPolicy(_ message: String) -> AWSError {
        AWSError("MalformedPolicyDocument", message, status: 400)
    }

    static func invalidInput(_ message: String) -> AWSError {
        AWSError("InvalidInput", message, status: 400)
    }

    static func validation(_ message: String) -> AWSError {
        AWSError("ValidationError", message, status: 400)
    }
}

/// IAM's naming rules ("IAM object quotas" and the API's parameter constraints).
enum IAMNames {
    /// User, group and role names: 1 to 64 (roles: 64) of `[\w+=,.@-]`.
    static func validName(_ name: String, member: String, max: Int = 64) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "_+=,.@-".unicodeScalars.contains(scalar)
        }
        guard !name.isEmpty, name.count <= max, allowed else {
            throw IAMErrors.validation("1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        }
    }

    /// Paths: `/` alone or `/` ... `/`, printable ASCII, at most 512 characters.
    static func validPath(_ path: String) throws {
        let printable = path.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
        guard path.hasPrefix("/"), path.hasSuffix("/"), path.count <= 512, printable else {
            throw IAMErrors.validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.")
        }
    }
}


import AWSWire
import NimbusCore
import State

/// AddPermission, RemovePermission and GetPolicy: the function's resource-based policy ("Viewing resource-based IAM
/// policies in Lambda"), which the authorizer combines with the caller's own policies for invocations.
enum Permissions {
    static func add(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let sid = input["StatementId"]?.string ?? ""
        let statement = self.statement(input, sid: sid, resource: reference.arn(context))
        try reference.modify(context) { function in
            try Functions.checkRevision(input, function.latest.revisionId)
            guard !function.statements.contains(where: { $0.sid == sid && $0.qualifier == reference.qualifier }) else {
                throw LambdaErrors.conflict("The statement id (\(sid)) provided already exists. Please choose a statement id that doesn't exist.")
            }
            if let qualifier = reference.qualifier, function.aliases[qualifier] == nil, function.version(qualifier) == nil {
                throw LambdaErrors.functionNotFound(reference.arn(context))
            }
            function.statements.append(PermissionStatement(sid: sid, qualifier: reference.qualifier, json: statement))
        }
        return .structure(["Statement": .string(statement)])
    }

    static func remove(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let sid = input["StatementId"]?.string ?? ""
        try reference.modify(context) { function in
            guard let index = function.statements.firstIndex(where: { $0.sid == sid && $0.qualifier == reference.qualifier }) else {
                throw LambdaErrors.notFound("Statement \(sid) is not found in resource policy.")
            }
            function.statements.remove(at: index)
        }
        return .object([:])
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let function = try reference.load(context)
        guard let policy = document(function, qualifier: reference.qualifier) else {
            throw LambdaErrors.notFound("The resource you requested does not exist.")
        }
        return .structure(["Policy": .string(policy), "RevisionId": .string(function.latest.revisionId)])
    }

    /// The policy document of the function (or of one qualifier), nil when it has no statement.
    static func document(_ function: LambdaFunction, qualifier: String?) -> String? {
        let statements = function.statements.filter { $0.qualifier == qualifier }
        guard !statements.isEmpty else { return nil }
        return #"{"Version":"2012-10-17","Id":"default","Statement":["# + statements.map(\.json).joined(separator: ",") + "]}"
    }

    /// One statement as AWS writes it: an account number becomes its root ARN, a service stays a service, and
    /// SourceArn / SourceAccount / PrincipalOrgID become conditions.
    static func statement(_ input: AWSValue, sid: String, resource: String) -> String {
        let principal = input["Principal"]?.string ?? "*"
        let principalValue: AWSValue
        if principal == "*" {
            principalValue = "*"
        } else if principal.count == 12, principal.allSatisfy(\.isNumber) {
            principalValue = .object(["AWS": .string("arn:aws:iam::\(principal):root")])
        } else if principal.hasSuffix(".amazonaws.com") || principal.hasSuffix(".amazonaws.com.cn") {
            principalValue = .object(["Service": .string(principal)])
        } else {
            principalValue = .object(["AWS": .string(principal)])
        }
        var conditions: [String: AWSValue] = [:]
        if let arn = input["SourceArn"]?.string { conditions["ArnLike"] = .object(["AWS:SourceArn": .string(arn)]) }
        var equals: [String: AWSValue] = [:]
        if let account = input["SourceAccount"]?.string { equals["AWS:SourceAccount"] = .string(account) }
        if let org = input["PrincipalOrgID"]?.string { equals["aws:PrincipalOrgID"] = .string(org) }
        if let token = input["EventSourceToken"]?.string { equals["lambda:EventSourceToken"] = .string(token) }
        if let auth = input["FunctionUrlAuthType"]?.string { equals["lambda:FunctionUrlAuthType"] = .string(auth) }
        if !equals.isEmpty { conditions["StringEquals"] = .object(equals) }
        let value = AWSValue.structure([
            "Sid": .string(sid), "Effect": "Allow", "Principal": principalValue,
            "Action": .string(input["Action"]?.string ?? ""), "Resource": .string(resource),
            "Condition": conditions.isEmpty ? nil : .object(conditions),
        ])
        return String(decoding: value.jsonBytes, as: UTF8.self)
    }
}

import AWSWire
import NimbusCore
import State

/// CreateAlias, GetAlias, ListAliases, UpdateAlias and DeleteAlias ("Lambda function aliases"), with weighted
/// routing to a second version ("Implement Lambda canary deployments using a weighted alias").
enum Aliases {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let name = input["Name"]?.string ?? ""
        let alias = FunctionAlias(name: name, functionVersion: input["FunctionVersion"]?.string ?? "",
                                  description: input["Description"]?.string ?? "", weights: weights(input), revisionId: context.ids.uuid())
        let function = try reference.modify(context) { function in
            guard function.aliases[name] == nil else {
                throw LambdaErrors.conflict("Alias already exists: \(FunctionReference.arn(function.name, context)):\(name)")
            }
            try check(alias, in: function, context)
            function.aliases[name] = alias
        }
        return alias.output(functionArn: function.latest.functionArn)
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let function = try FunctionReference(input["FunctionName"]?.string ?? "").load(context)
        let name = input["Name"]?.string ?? ""
        guard let alias = function.aliases[name] else { throw notFound(function, name, context) }
        return alias.output(functionArn: function.latest.functionArn)
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let function = try FunctionReference(input["FunctionName"]?.string ?? "").load(context)
        var aliases = function.aliases.values.sorted { $0.name < $1.name }
        if let version = input["FunctionVersion"]?.string { aliases = aliases.filter { $0.functionVersion == version } }
        let page = Paginator.page(aliases, marker: input["Marker"]?.string, maxItems: input["MaxItems"]?.int, defaultMaxItems: 50)
        return .structure([
            "Aliases": .list(page.items.map { $0.output(functionArn: function.latest.functionArn) }),
            "NextMarker": page.marker.map(AWSValue.string),
        ])
    }

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let name = input["Name"]?.string ?? ""
        var updated: FunctionAlias?
        let function = try reference.modify(context) { function in
            guard var alias = function.aliases[name] else { throw notFound(function, name, context) }
            if let revision = input["RevisionId"]?.string, revision != alias.revisionId {
                throw AWSError("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
            }
            alias.functionVersion = input["FunctionVersion"]?.string ?? alias.functionVersion
            alias.description = input["Description"]?.string ?? alias.description
            if input["RoutingConfig"] != nil { alias.weights = weights(input) }
            alias.revisionId = context.ids.uuid()
            try check(alias, in: function, context)
            function.aliases[name] = alias
            updated = alias
        }
        return updated?.output(functionArn: function.latest.functionArn) ?? .object([:])
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let name = input["Name"]?.string ?? ""
        // Deleting an alias that does not exist succeeds, as on AWS.
        _ = try reference.modify(context) { function in function.aliases[name] = nil }
        return .object([:])
    }

    /// "Lambda function aliases": the version must exist; a weighted alias points at two published versions, at
    /// most one additional, each weight between 0 and 1.
    static func check(_ alias: FunctionAlias, in function: LambdaFunction, _ context: RequestContext) throws {
        guard function.version(alias.functionVersion) != nil else {
            throw LambdaErrors.notFound("Function not found: \(FunctionReference.arn(function.name, context)):\(alias.functionVersion)")
        }
        guard !alias.weights.isEmpty else { return }
        guard alias.weights.count == 1 else {
            throw LambdaErrors.invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1")
        }
        guard alias.functionVersion != "$LATEST" else {
            throw LambdaErrors.invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version")
        }
        for (version, weight) in alias.weights {
            guard version != alias.functionVersion else {
                throw LambdaErrors.invalidParameter("Cannot set alias routing config weight on primary version \(version)")
            }
            guard function.versions.contains(where: { $0.version == version }) else {
                throw LambdaErrors.notFound("Function not found: \(FunctionReference.arn(function.name, context)):\(version)")
            }
            guard (0...1).contains(weight) else {
                throw LambdaErrors.validation("1 validation error detected: Value '{\(version)=\(weight)}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]")
            }
        }
    }

    static func weights(_ input: AWSValue) -> [String: Double] {
        (input["RoutingConfig"]?["AdditionalVersionWeights"]?.object ?? [:]).compactMapValues(\.double)
    }

    static func notFound(_ function: LambdaFunction, _ name: String, _ context: RequestContext) -> AWSError {
        LambdaErrors.notFound("Alias not found: \(FunctionReference.arn(function.name, context)):\(name)")
    }
}

/// Which version a weighted alias sends one invocation to: the additional version with its weight's probability.
enum AliasRouting {
    /// `draw` is uniform in [0, 1).
    static func version(for alias: FunctionAlias, draw: Double) -> String {
        var threshold = 0.0
        for (version, weight) in alias.weights.sorted(by: { $0.key < $1.key }) {
            threshold += weight
            if draw < threshold { return version }
        }
        return alias.functionVersion
    }
}

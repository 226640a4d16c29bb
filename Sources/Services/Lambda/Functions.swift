import AWSWire
import Foundation
import NimbusCore
import State

/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration and DeleteFunction (Lambda API Reference).
struct Functions: Sendable {
    let runner: FunctionRunner
    let s3: (any S3ObjectReading)?

    func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = try FunctionReference(input["FunctionName"]?.string ?? "").name
        if input["PackageType"]?.string == "Image" || input["Code"]?["ImageUri"] != nil {
            throw LambdaErrors.invalidParameter("Nimbus runs zip packages only: PackageType Image is not supported.")
        }
        guard let runtime = input["Runtime"]?.string else {
            throw LambdaErrors.invalidParameter("Runtime and Handler are mandatory parameters for functions created with Zip packages.")
        }
        try FunctionRules.checkRuntime(runtime)
        let timeout = input["Timeout"]?.int ?? 3
        let memory = input["MemorySize"]?.int ?? 128
        try FunctionRules.checkTimeout(timeout)
        try FunctionRules.checkMemory(memory)
        let variables = Self.variables(input["Environment"])
        try FunctionRules.checkEnvironment(variables)
        try Self.checkLayers(input)
        let role = input["Role"]?.string ?? ""
        try Self.checkRole(role, context)
        if context.store.read({ $0.get(LambdaFunction.self, name, in: context.regionalPartition) }) != nil {
            throw LambdaErrors.conflict("Function already exist: \(name)")
        }
        let revision = context.ids.uuid()
        let code = try await codePackage(input["Code"] ?? .object([:]), name: name, revision: revision, context)
        let arn = FunctionReference.arn(name, context)
        let latest = FunctionVersion(
            functionName: name, functionArn: arn, version: "$LATEST", runtime: runtime, role: role,
            handler: input["Handler"]?.string ?? "", description: input["Description"]?.string ?? "", timeout: timeout, memorySize: memory,
            environment: variables, architectures: input["Architectures"]?.strings.nilIfEmpty ?? ["x86_64"],
            ephemeralStorage: input["EphemeralStorage"]?["Size"]?.int ?? 512, codeDirectory: code.directory, codeSha256: code.sha256,
            codeSize: code.size, lastModified: context.now, revisionId: revision,
            logGroup: input["LoggingConfig"]?["LogGroup"]?.string ?? "/aws/lambda/\(name)")
        var function = LambdaFunction(name: name, latest: latest)
        function.tags = (input["Tags"]?.object ?? [:]).compactMapValues(\.string)
        if input["Publish"]?.bool == true { function = Versions.published(function, description: nil, context) }
        let stored = function
        try context.store.write { tx in
            guard tx.get(LambdaFunction.self, name, in: context.regionalPartition) == nil else {
                throw LambdaErrors.conflict("Function already exist: \(name)")
            }
            tx.put(stored, id: name, in: context.regionalPartition)
        }
        // "Lambda function states": a new function is Pending until its environment can be created.
        let shown = stored.versions.last ?? stored.latest
        return shown.configuration(state: "Pending", updateStatus: nil)
    }

    func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let function = try reference.load(context)
        let version = try reference.resolveVersion(function, context)
        return .structure([
            "Configuration": version.configuration(),
            // The code stays on this machine: no download location is offered.
            "Code": .structure(["RepositoryType": "S3"]),
            "Tags": function.tags.isEmpty ? nil : .object(function.tags.mapValues(AWSValue.string)),
            "Concurrency": function.reservedConcurrency.map { .structure(["ReservedConcurrentExecutions": .int($0)]) },
        ])
    }

    func getConfiguration(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        return try reference.resolveVersion(try reference.load(context), context).configuration()
    }

    func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let functions = context.store.read { Array($0.all(LambdaFunction.self, in: context.regionalPartition).values) }
        let all = input["FunctionVersion"]?.string == "ALL"
        let versions = functions.flatMap { all ? [$0.latest] + $0.versions : [$0.latest] }
        let page = Paginator.page(versions, marker: input["Marker"]?.string, maxItems: input["MaxItems"]?.int, defaultMaxItems: 50)
        return .structure([
            "Functions": .list(page.items.map { $0.configuration(qualifiedArn: all) }),
            "NextMarker": page.marker.map(AWSValue.string),
        ])
    }

    func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let partition = context.regionalPartition
        var removedDirectories: [String] = []
        try context.store.write { tx in
            guard var function = tx.get(LambdaFunction.self, reference.name, in: partition) else {
                throw LambdaErrors.functionNotFound(reference.arn(context))
            }
            guard let qualifier = reference.qualifier, qualifier != "$LATEST" else {
                if reference.qualifier == "$LATEST" {
                    throw LambdaErrors.invalidParameter("$LATEST version cannot be deleted without deleting the function.")
                }
                removedDirectories = ([function.latest] + function.versions).map(\.codeDirectory)
                tx.delete(LambdaFunction.self, reference.name, in: partition)
                return
            }
            guard let index = function.versions.firstIndex(where: { $0.version == qualifier }) else {
                throw LambdaErrors.functionNotFound(reference.arn(context))
            }
            if let alias = function.aliases.values.first(where: { $0.functionVersion == qualifier || $0.weights[qualifier] != nil }) {
                throw LambdaErrors.conflict("Unable to delete version because the following aliases reference it: [\(alias.name)]")
            }
            removedDirectories = [function.versions[index].codeDirectory]
            function.versions.remove(at: index)
            tx.put(function, id: function.name, in: partition)
        }
        runner.pool.retire(prefix: "\(context.account)/\(context.region)/\(reference.name)/")
        let stillUsed = context.store.read { view in
            view.get(LambdaFunction.self, reference.name, in: partition).map { ([$0.latest] + $0.versions).map(\.codeDirectory) } ?? []
        }
        for directory in Set(removedDirectories).subtracting(stillUsed) { try? FileManager.default.removeItem(atPath: directory) }
        return .structure(["StatusCode": .int(204)])
    }

    func updateCode(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let current = try reference.load(context)
        try Self.checkRevision(input, current.latest.revisionId)
        let revision = context.ids.uuid()
        let code = try await codePackage(input, name: reference.name, revision: revision, context)
        if input["DryRun"]?.bool == true {
            try? FileManager.default.removeItem(atPath: code.directory)
            return current.latest.configuration()
        }
        let updated = try update(reference, context) { function in
            function.latest.codeDirectory = code.directory
            function.latest.codeSha256 = code.sha256
            function.latest.codeSize = code.size
            function.latest.revisionId = revision
            if let architectures = input["Architectures"]?.strings.nilIfEmpty { function.latest.architectures = architectures }
            if input["Publish"]?.bool == true { function = Versions.published(function, description: nil, context) }
        }
        return (input["Publish"]?.bool == true ? updated.versions.last ?? updated.latest : updated.latest).configuration(updateStatus: "InProgress")
    }

    func updateConfiguration(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let current = try reference.load(context)
        try Self.checkRevision(input, current.latest.revisionId)
        if let runtime = input["Runtime"]?.string { try FunctionRules.checkRuntime(runtime) }
        if let timeout = input["Timeout"]?.int { try FunctionRules.checkTimeout(timeout) }
        if let memory = input["MemorySize"]?.int { try FunctionRules.checkMemory(memory) }
        let variables = input["Environment"].map { Self.variables($0) }
        if let variables { try FunctionRules.checkEnvironment(variables) }
        try Self.checkLayers(input)
        if let role = input["Role"]?.string { try Self.checkRole(role, context) }
        let revision = context.ids.uuid()
        let updated = try update(reference, context) { function in
            var latest = function.latest
            latest.runtime = input["Runtime"]?.string ?? latest.runtime
            latest.role = input["Role"]?.string ?? latest.role
            latest.handler = input["Handler"]?.string ?? latest.handler
            latest.description = input["Description"]?.string ?? latest.description
            latest.timeout = input["Timeout"]?.int ?? latest.timeout
            latest.memorySize = input["MemorySize"]?.int ?? latest.memorySize
            latest.environment = variables ?? latest.environment
            latest.ephemeralStorage = input["EphemeralStorage"]?["Size"]?.int ?? latest.ephemeralStorage
            latest.logGroup = input["LoggingConfig"]?["LogGroup"]?.string ?? latest.logGroup
            latest.revisionId = revision
            function.latest = latest
        }
        // "Lambda function states": LastUpdateStatus is InProgress in the answer, Successful once applied.
        return updated.latest.configuration(updateStatus: "InProgress")
    }

    /// Changes `$LATEST` in one write, stamps it, and retires the environments of the old revision.
    private func update(_ reference: FunctionReference, _ context: RequestContext, _ change: (inout LambdaFunction) throws -> Void) throws -> LambdaFunction {
        let now = context.now
        let updated = try reference.modify(context) { function in
            try change(&function)
            function.latest.lastModified = now
        }
        runner.pool.retire(prefix: "\(context.account)/\(context.region)/\(reference.name)/$LATEST/")
        return updated
    }

    /// The zip from `ZipFile`, or from S3 once a reader is plugged in.
    private func codePackage(_ code: AWSValue, name: String, revision: String, _ context: RequestContext) async throws -> FunctionCode {
        let root = try context.environment.files.directory("lambda/code/\(context.account)/\(context.region)/\(name)")
        if let zip = code["ZipFile"]?.bytes {
            return try FunctionCode.unpack(zip, into: root, id: revision)
        }
        if let bucket = code["S3Bucket"]?.string, let key = code["S3Key"]?.string {
            guard let s3 else {
                throw LambdaErrors.invalidParameter("Nimbus cannot read function code from S3 yet (S3Bucket \(bucket), S3Key \(key)): upload the zip as ZipFile.")
            }
            guard let zip = try await s3.object(bucket: bucket, key: key, version: code["S3ObjectVersion"]?.string,
                                                account: context.account, region: context.region) else {
                throw LambdaErrors.invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.")
            }
            return try FunctionCode.unpack(zip, into: root, id: revision)
        }
        throw LambdaErrors.invalidParameter("Please provide a source for function code.")
    }

    /// Nimbus has no layers yet (PublishLayerVersion is not built), so any layer a function names does not exist.
    static func checkLayers(_ input: AWSValue) throws {
        if let layer = input["Layers"]?.strings.first {
            throw LambdaErrors.invalidParameter("Layer version \(layer) does not exist.")
        }
    }

    static func variables(_ environment: AWSValue?) -> [String: String] {
        (environment?["Variables"]?.object ?? [:]).compactMapValues(\.string)
    }

    /// "Lambda execution role": the role must exist and trust lambda.amazonaws.com, else AWS's one message for both.
    static func checkRole(_ arn: String, _ context: RequestContext) throws {
        guard let role = context.environment.identities.role(arn: arn), FunctionRules.trustsLambda(role) else {
            throw LambdaErrors.invalidParameter("The role defined for the function cannot be assumed by Lambda.")
        }
    }

    /// RevisionId, when given, must be the current one (optimistic locking).
    static func checkRevision(_ input: AWSValue, _ current: String) throws {
        if let revision = input["RevisionId"]?.string, revision != current {
            throw AWSError("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
        }
    }
}

extension Array {
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}

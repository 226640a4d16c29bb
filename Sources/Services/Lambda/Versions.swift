import AWSWire
import NimbusCore
import State

/// PublishVersion and ListVersionsByFunction ("Lambda function versions"): a version is an immutable copy of
/// `$LATEST`'s code and configuration, numbered from 1, never reused.
enum Versions {
    /// `function` with `$LATEST` published, unless the last version already has the same code and configuration
    /// (AWS then returns that version instead of making a new one).
    static func published(_ function: LambdaFunction, description: String?, _ context: RequestContext) -> LambdaFunction {
        var function = function
        if let last = function.versions.last, sameContent(last, function.latest) { return function }
        var version = function.latest
        version.version = String(function.nextVersion)
        version.description = description ?? function.latest.description
        version.lastModified = context.now
        version.revisionId = context.ids.uuid()
        function.versions.append(version)
        function.nextVersion += 1
        return function
    }

    static func sameContent(_ a: FunctionVersion, _ b: FunctionVersion) -> Bool {
        a.codeSha256 == b.codeSha256 && a.runtime == b.runtime && a.handler == b.handler && a.role == b.role
            && a.timeout == b.timeout && a.memorySize == b.memorySize && a.environment == b.environment
    }

    static func publish(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let function = try reference.modify(context) { function in
            try Functions.checkRevision(input, function.latest.revisionId)
            if let sha = input["CodeSha256"]?.string, sha != function.latest.codeSha256 {
                throw LambdaErrors.invalidParameter("CodeSHA256 (\(sha)) is different from current CodeSHA256 in $LATEST (\(function.latest.codeSha256)). Please try again with the CodeSHA256 in $LATEST.")
            }
            function = published(function, description: input["Description"]?.string, context)
        }
        return (function.versions.last ?? function.latest).configuration(qualifiedArn: true)
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let function = try FunctionReference(input["FunctionName"]?.string ?? "").load(context)
        let page = Paginator.page([function.latest] + function.versions, marker: input["Marker"]?.string,
                                  maxItems: input["MaxItems"]?.int, defaultMaxItems: 50)
        return .structure([
            "Versions": .list(page.items.map { $0.configuration(qualifiedArn: true) }),
            "NextMarker": page.marker.map(AWSValue.string),
        ])
    }
}

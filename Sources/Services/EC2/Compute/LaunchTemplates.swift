import AWSWire
import Foundation
import NimbusCore
import State

/// A launch template ("Store instance launch parameters in Amazon EC2 launch templates"): numbered versions of
/// launch parameters, one of them the default; RunInstances takes one and overrides its parameters.
struct LaunchTemplate: EC2Resource {
    static let kind = "ec2.launch-template"
    static let idPrefix = "lt"
    static let resourceType = "launch-template"
    /// "Launch template quotas": 10,000 versions per template.
    static let maxVersions = 10_000

    struct Version: Codable, Hashable, Sendable {
        var number: Int
        var description: String?
        /// The version's `LaunchTemplateData`, as JSON (it has RunInstances' members).
        var data: String
        var created: Date
        var createdBy: String
    }

    var id: String
    var name: String
    var defaultVersion: Int
    var versions: [Version]
    var created: Date
    var createdBy: String
    var tags: [EC2Tag] = []

    var latestVersion: Int { versions.map(\.number).max() ?? 1 }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID \(ids.joined(separator: ", ")), does not exist.")
    }

    static var malformedCode: String { "InvalidLaunchTemplateId.Malformed" }

    static let filterNames: Set<String> = ["create-time", "launch-template-name"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "create-time": return [Timestamp.iso8601(created)]
        case "launch-template-name": return [self.name]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "LaunchTemplateId": .string(id), "LaunchTemplateName": .string(name), "CreateTime": .timestamp(created),
            "CreatedBy": .string(createdBy), "DefaultVersionNumber": .int(defaultVersion),
            "LatestVersionNumber": .int(latestVersion), "Tags": tagsIfAny,
        ])
    }

    func versionOutput(_ version: Version) -> AWSValue {
        .structure([
            "LaunchTemplateId": .string(id), "LaunchTemplateName": .string(name), "VersionNumber": .int(version.number),
            "VersionDescription": version.description.map(AWSValue.string), "CreateTime": .timestamp(version.created),
            "CreatedBy": .string(version.createdBy), "DefaultVersion": .boolean(version.number == defaultVersion),
            "LaunchTemplateData": LaunchTemplates.data(version.data),
        ])
    }

    /// `$Latest`, `$Default` or a number ("Specify the launch template version").
    func version(_ selector: String?) -> Version? {
        switch selector ?? "$Default" {
        case "$Latest": return versions.first { $0.number == latestVersion }
        case "$Default": return versions.first { $0.number == defaultVersion }
        case let text: return Int(text).flatMap { number in versions.first { $0.number == number } }
        }
    }
}

enum LaunchTemplates {
    static func data(_ json: String) -> AWSValue {
        (try? JSONValue.parse(Array(json.utf8))).map(AWSValue.fromJSON) ?? [:]
    }

    static func find(_ input: AWSValue, _ view: StoreView, _ partition: Partition) throws -> LaunchTemplate {
        if let id = input["LaunchTemplateId"]?.string {
            try LaunchTemplate.checkWellFormed(id)
            guard let template = view.get(LaunchTemplate.self, id, in: partition) else { throw LaunchTemplate.notFound([id]) }
            return template
        }
        let name = input["LaunchTemplateName"]?.string ?? ""
        guard !name.isEmpty else { throw EC2Errors.missingParameter("launchTemplateId or launchTemplateName") }
        guard let template = view.all(LaunchTemplate.self, in: partition).values.first(where: { $0.name == name }) else {
            throw AWSError("InvalidLaunchTemplateName.NotFoundException",
                           "The specified launch template, with template name \(name), does not exist.")
        }
        return template
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["LaunchTemplateName"]?.string ?? ""
        guard (3...128).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "()./_-".contains($0)) }) else {
            throw EC2Errors.invalidParameterValue("Launch template name must be 3 to 128 characters of letters, numbers and ()./_-.")
        }
        let partition = context.regionalPartition
        let template = LaunchTemplate(
            id: context.ids.resourceId("lt"), name: name, defaultVersion: 1,
            versions: [.init(number: 1, description: input["VersionDescription"]?.string,
                             data: String(decoding: (input["LaunchTemplateData"] ?? [:]).jsonBytes, as: UTF8.self),
                             created: context.now, createdBy: context.principal.arn)],
            created: context.now, createdBy: context.principal.arn, tags: try Tags.fromSpecifications(input, LaunchTemplate.resourceType))
        try context.store.write { tx in
            guard !tx.every(LaunchTemplate.self, in: partition).contains(where: { $0.name == name }) else {
                throw AWSError("InvalidLaunchTemplateName.AlreadyExistsException",
                               "Launch template name already in use.")
            }
            tx.save(template, in: partition)
        }
        return ["LaunchTemplate": context.store.read { template.output(NetworkView($0, context)) }]
    }

    static func createVersion(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let (template, version) = try context.store.write { tx in
            var template = try find(input, tx.view, partition)
            guard template.versions.count < LaunchTemplate.maxVersions else {
                throw AWSError("VersionLimitExceeded", "The launch template has reached its maximum number of versions.")
            }
            var data = input["LaunchTemplateData"] ?? [:]
            // "Create a launch template version": SourceVersion's data, with the new data's members over it.
            if let source = input["SourceVersion"]?.string {
                guard let base = template.version(source) else {
                    throw AWSError("InvalidLaunchTemplateVersion.NotFound", "Could not find launch template version \(source).")
                }
                var merged = self.data(base.data).object ?? [:]
                for (key, value) in data.object ?? [:] { merged[key] = value }
                data = .object(merged)
            }
            let version = LaunchTemplate.Version(number: template.latestVersion + 1, description: input["VersionDescription"]?.string,
                                                 data: String(decoding: data.jsonBytes, as: UTF8.self), created: context.now,
                                                 createdBy: context.principal.arn)
            template.versions.append(version)
            tx.save(template, in: partition)
            return (template, version)
        }
        return ["LaunchTemplateVersion": template.versionOutput(version)]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let names = input["LaunchTemplateNames"]?.strings ?? []
        let missing = context.store.read { view in
            names.filter { name in !view.all(LaunchTemplate.self, in: context.regionalPartition).values.contains { $0.name == name } }
        }
        guard missing.isEmpty else {
            throw AWSError("InvalidLaunchTemplateName.NotFoundException",
                           "At least one of the launch templates specified in the request does not exist.")
        }
        return try EC2Describe.describe(LaunchTemplate.self, input, context, idsMember: "LaunchTemplateIds",
                                        outputMember: "LaunchTemplates") { template, _ in names.isEmpty || names.contains(template.name) }
    }

    static func describeVersions(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let template = try context.store.read { try find(input, $0, context.regionalPartition) }
        let selectors = input["Versions"]?.strings ?? []
        var versions: [LaunchTemplate.Version]
        if selectors.isEmpty {
            versions = template.versions
        } else {
            versions = try selectors.map { selector in
                guard let version = template.version(selector) else {
                    throw AWSError("InvalidLaunchTemplateVersion.NotFound", "Could not find launch template version \(selector).")
                }
                return version
            }
        }
        if let low = input["MinVersion"]?.string.flatMap(Int.init) { versions = versions.filter { $0.number >= low } }
        if let high = input["MaxVersion"]?.string.flatMap(Int.init) { versions = versions.filter { $0.number <= high } }
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let page = EC2Describe.page(versions.sorted { $0.number > $1.number }, maxResults: maxResults, start: start)
        return .structure(["LaunchTemplateVersions": .list(page.items.map(template.versionOutput)), "NextToken": page.nextToken])
    }

    static func modify(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let template = try context.store.write { tx in
            var template = try find(input, tx.view, partition)
            if let selector = input["DefaultVersion"]?.string ?? input["SetDefaultVersion"]?.string {
                guard let version = template.version(selector) else {
                    throw AWSError("InvalidLaunchTemplateVersion.NotFound", "Could not find launch template version \(selector).")
                }
                template.defaultVersion = version.number
            }
            tx.save(template, in: partition)
            return template
        }
        return ["LaunchTemplate": context.store.read { template.output(NetworkView($0, context)) }]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let template = try context.store.write { tx in
            let template = try find(input, tx.view, partition)
            tx.remove(LaunchTemplate.self, template.id, in: partition)
            return template
        }
        return ["LaunchTemplate": context.store.read { template.output(NetworkView($0, context)) }]
    }

    static func deleteVersions(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let numbers = (input["Versions"]?.strings ?? []).compactMap(Int.init)
        let (template, deleted, refused) = try context.store.write { tx in
            var template = try find(input, tx.view, partition)
            var deleted: [Int] = [], refused: [Int] = []
            for number in numbers {
                // "Delete a launch template version": the default version stays until the template goes.
                if number == template.defaultVersion || !template.versions.contains(where: { $0.number == number }) {
                    refused.append(number)
                } else {
                    template.versions.removeAll { $0.number == number }
                    deleted.append(number)
                }
            }
            tx.save(template, in: partition)
            return (template, deleted, refused)
        }
        return [
            "SuccessfullyDeletedLaunchTemplateVersions": .list(deleted.map { number in
                ["LaunchTemplateId": .string(template.id), "LaunchTemplateName": .string(template.name), "VersionNumber": .int(number)]
            }),
            "UnsuccessfullyDeletedLaunchTemplateVersions": .list(refused.map { number in
                ["LaunchTemplateId": .string(template.id), "LaunchTemplateName": .string(template.name), "VersionNumber": .int(number),
                 "ResponseError": number == template.defaultVersion
                    ? ["Code": "launchTemplateVersionIsDefault", "Message": "Cannot delete the default version of a launch template."]
                    : ["Code": "launchTemplateVersionDoesNotExist", "Message": "Could not find the launch template version."]]
            }),
        ]
    }

    /// RunInstances' input with a launch template's data under it: the request's own members win, tag
    /// specifications add up ("Launch an instance from a launch template").
    static func merged(_ input: AWSValue, _ context: RequestContext) throws -> AWSValue {
        guard let spec = input["LaunchTemplate"] else { return input }
        let template = try context.store.read { try find(spec, $0, context.regionalPartition) }
        guard let version = template.version(spec["Version"]?.string) else {
            throw AWSError("InvalidLaunchTemplateVersion.NotFound", "Could not find launch template version \(spec["Version"]?.string ?? "$Default").")
        }
        var merged = data(version.data).object ?? [:]
        let templateTags = merged["TagSpecifications"]?.list ?? []
        for (key, value) in input.object ?? [:] { merged[key] = value }
        merged["TagSpecifications"] = .list(templateTags + (input["TagSpecifications"]?.list ?? []))
        if merged["ImageId"] == nil {
            throw EC2Errors.missingParameter("ImageId")
        }
        return .object(merged)
    }
}

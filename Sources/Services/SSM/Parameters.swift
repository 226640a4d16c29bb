import AWSWire
import EC2Service
import Foundation
import NimbusCore
import State

/// PutParameter, GetParameter(s), GetParametersByPath, GetParameterHistory, DeleteParameter(s),
/// LabelParameterVersion, DescribeParameters ("AWS Systems Manager Parameter Store"; SSM API Reference), and the
/// public parameters under `/aws/service/` that name EC2's catalogue images.
enum Parameters {
    static let publicPrefix = "/aws/service/"
    static let types: Set<String> = ["String", "StringList", "SecureString"]
    /// "Parameter Store quotas": 4 KB standard, 8 KB advanced; 15 levels of hierarchy.
    static let standardValueLimit = 4096
    static let advancedValueLimit = 8192
    static let maxHierarchyLevels = 15

    static func notFound(_ name: String) -> AWSError { AWSError("ParameterNotFound", "Parameter \(name) not found.") }

    static func validation(_ message: String) -> AWSError { AWSError("ValidationException", message) }

    /// The key a parameter is kept under: `/name` and `name` are the same parameter ("Understanding parameter
    /// name requirements and constraints": uniqueness).
    static func key(_ name: String) -> String { name.hasPrefix("/") ? String(name.dropFirst()) : name }

    /// Names as given, without surrounding spaces (PutParameter: "removes any spaces specified for the beginning
    /// or end of a parameter name"), and an ARN reduced to its name.
    static func normalized(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("arn:"), let range = trimmed.range(of: ":parameter") else { return trimmed }
        let rest = trimmed[range.upperBound...]
        // `...:parameter/a/b` names `/a/b`; `...:parameter/name` names `name`.
        let path = String(rest.dropFirst())
        return path.contains("/") ? "/" + path : path
    }

    /// "Requirements and constraints for parameter names".
    static func checkName(_ name: String) throws {
        if name.contains("/") && !name.hasPrefix("/") {
            throw validation("Parameter name must be a fully qualified name: a name with a hierarchy must begin with a forward slash (/).")
        }
        guard !name.isEmpty, name.count <= 1011 else { throw validation("Parameter name must be 1 to 1011 characters long.") }
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let lowered = bare.lowercased()
        guard !lowered.hasPrefix("aws"), !lowered.hasPrefix("ssm") else {
            throw validation("No access to reserved parameter name: \(name).")
        }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-/".contains($0)) }) else {
            throw validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.")
        }
        guard name.split(separator: "/").count <= maxHierarchyLevels else {
            throw AWSError("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.")
        }
    }

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = normalized(input["Name"]?.string ?? "")
        try checkName(name)
        let value = input["Value"]?.string ?? ""
        let tier = input["Tier"]?.string ?? "Standard"
        let limit = tier == "Advanced" ? advancedValueLimit : standardValueLimit
        guard value.utf8.count <= limit else {
            throw validation("Parameter value exceeds the \(tier) tier limit of \(limit) characters.")
        }
        let overwrite = input["Overwrite"]?.bool ?? false
        if overwrite, input["Tags"] != nil {
            throw validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.")
        }
        if let pattern = input["AllowedPattern"]?.string,
           value.range(of: "^(?:\(pattern))$", options: .regularExpression) == nil {
            throw AWSError("ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: \(pattern)")
        }
        let partition = context.regionalPartition
        let version = try context.store.write { tx in
            var parameter = tx.get(SSMParameter.self, key(name), in: partition)
            if parameter != nil, !overwrite {
                throw AWSError("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")
            }
            let previous = parameter?.latest
            let type = input["Type"]?.string ?? previous?.type ?? ""
            guard types.contains(type) else {
                throw validation(type.isEmpty ? "A parameter type is required when you create a parameter."
                                               : "1 validation error detected: Value '\(type)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]")
            }
            if let previous, previous.type != type, type == "SecureString" || previous.type == "SecureString" {
                throw AWSError("HierarchyTypeMismatchException", "The parameter type can't be changed from \(previous.type) to \(type).")
            }
            let next = SSMParameter.Version(
                version: (previous?.version ?? 0) + 1, value: value, type: type,
                description: input["Description"]?.string ?? previous?.description,
                allowedPattern: input["AllowedPattern"]?.string ?? previous?.allowedPattern,
                dataType: input["DataType"]?.string ?? previous?.dataType ?? "text", tier: tier,
                keyId: type == "SecureString" ? input["KeyId"]?.string ?? "alias/aws/ssm" : nil,
                modified: context.now, modifiedBy: context.principal.arn)
            if var existing = parameter {
                if existing.versions.count >= SSMParameter.maxVersions {
                    // "Parameter Store quotas": the oldest version goes, unless it still carries a label.
                    guard existing.versions[0].labels.isEmpty else {
                        throw AWSError("ParameterMaxVersionLimitExceeded",
                                       "You attempted to create a new version of \(name) by calling the PutParameter API with the overwrite flag. Version \(existing.versions[0].version), the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.")
                    }
                    existing.versions.removeFirst()
                }
                existing.versions.append(next)
                parameter = existing
            } else {
                var tags: [String: String] = [:]
                for tag in input["Tags"]?.list ?? [] { tags[tag["Key"]?.string ?? ""] = tag["Value"]?.string ?? "" }
                parameter = SSMParameter(name: name, versions: [next], tags: tags)
            }
            tx.put(parameter!, id: key(name), in: partition)
            return next.version
        }
        return ["Version": .int(version), "Tier": .string(tier)]
    }

    /// `NAME`, `NAME:VERSION` or `NAME:LABEL` ("Working with parameter labels").
    static func view(_ asked: String, decrypt: Bool, _ view: StoreView, _ context: RequestContext) throws -> ParameterView {
        let requested = normalized(asked)
        var name = requested
        var selector: String?
        if let colon = requested.lastIndex(of: ":") {
            name = String(requested[..<colon])
            selector = String(requested[colon...])
        }
        if name.hasPrefix(publicPrefix) {
            guard selector == nil, let value = PublicImageParameters.imageId(parameter: name, region: context.region) else {
                throw notFound(requested)
            }
            return ParameterView(name: name, type: "String", value: value, version: 1, modified: Date(timeIntervalSince1970: 1_734_000_000),
                                 arn: "arn:aws:ssm:\(context.region)::parameter\(name)", dataType: "aws:ec2:image", selector: nil)
        }
        guard let parameter = view.get(SSMParameter.self, key(name), in: context.regionalPartition) else { throw notFound(requested) }
        var version = parameter.latest
        if let selector {
            let key = String(selector.dropFirst())
            if let number = Int(key) {
                guard let found = parameter.versions.first(where: { $0.version == number }) else {
                    throw AWSError("ParameterVersionNotFound", "Systems Manager could not find version \(number) of \(name). Verify the version and try again.")
                }
                version = found
            } else {
                guard let found = parameter.versions.first(where: { $0.labels.contains(key) }) else {
                    throw AWSError("ParameterVersionNotFound", "Systems Manager could not find label \(key) of \(name). Verify the label and try again.")
                }
                version = found
            }
        }
        return ParameterView(name: name, type: version.type, value: shown(version, decrypt: decrypt), version: version.version,
                             modified: version.modified, arn: parameter.arn(context.region, context.account),
                             dataType: version.dataType, selector: selector)
    }

    /// A SecureString read without decryption shows its ciphertext, never the value.
    static func shown(_ version: SSMParameter.Version, decrypt: Bool) -> String {
        guard version.type == "SecureString", !decrypt else { return version.value }
        return "AQICAH" + Data(("nimbus-kms:" + (version.keyId ?? "") + ":" + String(version.version)).utf8).base64EncodedString()
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let decrypt = input["WithDecryption"]?.bool ?? false
        let parameter = try context.store.read { try view(input["Name"]?.string ?? "", decrypt: decrypt, $0, context) }
        return ["Parameter": parameter.output]
    }

    static func getMany(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let decrypt = input["WithDecryption"]?.bool ?? false
        let names = input["Names"]?.strings ?? []
        guard names.count <= 10 else {
            throw validation("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10")
        }
        let (found, invalid) = context.store.read { store -> ([AWSValue], [String]) in
            var found: [AWSValue] = [], invalid: [String] = []
            for name in names {
                if let parameter = try? view(name, decrypt: decrypt, store, context) { found.append(parameter.output) } else { invalid.append(name) }
            }
            return (found, invalid)
        }
        // "GetParameters": the results are listed in alphabetical order.
        let sorted = found.sorted { ($0["Name"]?.string ?? "") < ($1["Name"]?.string ?? "") }
        return ["Parameters": .list(sorted), "InvalidParameters": .list(invalid.sorted().map(AWSValue.string))]
    }

    static func getByPath(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let path = input["Path"]?.string ?? ""
        guard path.hasPrefix("/") else { throw validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".") }
        let recursive = input["Recursive"]?.bool ?? false
        let decrypt = input["WithDecryption"]?.bool ?? false
        let maxResults = input["MaxResults"]?.int ?? 10
        let prefix = path.hasSuffix("/") ? path : path + "/"
        func under(_ name: String) -> Bool {
            guard name.hasPrefix(prefix) else { return false }
            return recursive || !name.dropFirst(prefix.count).contains("/")
        }
        var rows: [AWSValue] = []
        if prefix.hasPrefix(publicPrefix) || publicPrefix.hasPrefix(prefix) && recursive {
            for (name, value) in PublicImageParameters.parameters(region: context.region) where under(name) {
                rows.append(ParameterView(name: name, type: "String", value: value, version: 1, modified: Date(timeIntervalSince1970: 1_734_000_000),
                                          arn: "arn:aws:ssm:\(context.region)::parameter\(name)", dataType: "aws:ec2:image").output)
            }
        }
        if !prefix.hasPrefix(publicPrefix) {
            let own = context.store.read { $0.all(SSMParameter.self, in: context.regionalPartition).values.filter { under($0.name) } }
            for parameter in own.sorted(by: { $0.name < $1.name }) {
                let version = parameter.latest
                rows.append(ParameterView(name: parameter.name, type: version.type, value: shown(version, decrypt: decrypt),
                                          version: version.version, modified: version.modified,
                                          arn: parameter.arn(context.region, context.account), dataType: version.dataType).output)
            }
        }
        let page = Paginator.page(rows, marker: input["NextToken"]?.string, maxItems: maxResults, defaultMaxItems: 10)
        return .structure(["Parameters": .list(page.items), "NextToken": page.marker.map(AWSValue.string)])
    }

    static func history(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = normalized(input["Name"]?.string ?? "")
        let decrypt = input["WithDecryption"]?.bool ?? false
        guard let parameter = context.store.read({ $0.get(SSMParameter.self, key(name), in: context.regionalPartition) }) else { throw notFound(name) }
        let rows: [AWSValue] = parameter.versions.map { version in
            .structure([
                "Name": .string(name), "Type": .string(version.type), "Value": .string(shown(version, decrypt: decrypt)),
                "Version": .int(version.version), "LastModifiedDate": .timestamp(version.modified),
                "LastModifiedUser": .string(version.modifiedBy), "Description": version.description.map(AWSValue.string),
                "AllowedPattern": version.allowedPattern.map(AWSValue.string), "KeyId": version.keyId.map(AWSValue.string),
                "Labels": .list(version.labels.map(AWSValue.string)), "Tier": .string(version.tier), "Policies": [],
                "DataType": .string(version.dataType),
            ])
        }
        let page = Paginator.page(rows, marker: input["NextToken"]?.string, maxItems: input["MaxResults"]?.int, defaultMaxItems: 50)
        return .structure(["Parameters": .list(page.items), "NextToken": page.marker.map(AWSValue.string)])
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = normalized(input["Name"]?.string ?? "")
        try context.store.write { tx in
            guard tx.get(SSMParameter.self, key(name), in: context.regionalPartition) != nil else { throw notFound(name) }
            tx.delete(SSMParameter.self, key(name), in: context.regionalPartition)
        }
        return [:]
    }

    static func deleteMany(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let names = input["Names"]?.strings ?? []
        let (deleted, invalid) = try context.store.write { tx -> ([String], [String]) in
            var deleted: [String] = [], invalid: [String] = []
            for name in names {
                if tx.get(SSMParameter.self, key(normalized(name)), in: context.regionalPartition) != nil {
                    tx.delete(SSMParameter.self, key(normalized(name)), in: context.regionalPartition)
                    deleted.append(name)
                } else {
                    invalid.append(name)
                }
            }
            return (deleted, invalid)
        }
        return ["DeletedParameters": .list(deleted.map(AWSValue.string)), "InvalidParameters": .list(invalid.map(AWSValue.string))]
    }

    /// "Working with parameter labels": a label names one version at a time; it moves when given to another.
    static func label(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = normalized(input["Name"]?.string ?? "")
        let labels = input["Labels"]?.strings ?? []
        let (version, invalid) = try context.store.write { tx -> (Int, [String]) in
            guard var parameter = tx.get(SSMParameter.self, key(name), in: context.regionalPartition) else { throw notFound(name) }
            let number = input["ParameterVersion"]?.int ?? parameter.latest.version
            guard let index = parameter.versions.firstIndex(where: { $0.version == number }) else {
                throw AWSError("ParameterVersionNotFound", "Systems Manager could not find version \(number) of \(name). Verify the version and try again.")
            }
            // Labels can't begin with a number or with aws/ssm, or hold characters other than letters, digits, . - _.
            let invalid = labels.filter { label in
                label.isEmpty || label.count > 100 || label.first?.isNumber == true || label.lowercased().hasPrefix("aws") || label.lowercased().hasPrefix("ssm")
                    || !label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            }
            let valid = labels.filter { !invalid.contains($0) }
            for other in parameter.versions.indices { parameter.versions[other].labels.removeAll(where: valid.contains) }
            parameter.versions[index].labels.append(contentsOf: valid)
            guard parameter.versions[index].labels.count <= SSMParameter.maxLabelsPerVersion else {
                throw AWSError("ParameterVersionLabelLimitExceeded", "A parameter version can have maximum 10 labels.")
            }
            tx.put(parameter, id: key(name), in: context.regionalPartition)
            return (number, invalid)
        }
        return ["InvalidLabels": .list(invalid.map(AWSValue.string)), "ParameterVersion": .int(version)]
    }

    /// DescribeParameters' `ParameterFilters` (Name Equals/BeginsWith, Type, KeyId, Path OneLevel/Recursive) and
    /// the older `Filters` (Name, Type, KeyId; values OR, filters AND).
    static func passes(_ parameter: SSMParameter, _ input: AWSValue) throws -> Bool {
        let version = parameter.latest
        for filter in input["ParameterFilters"]?.list ?? [] {
            let key = filter["Key"]?.string ?? ""
            let option = filter["Option"]?.string ?? (key == "Path" ? "OneLevel" : "Equals")
            let values = filter["Values"]?.strings ?? []
            let ok: Bool
            switch key {
            case "Name":
                let name = parameter.name
                ok = values.contains { value in
                    option == "BeginsWith" ? name.hasPrefix(value) || Parameters.key(name).hasPrefix(Parameters.key(value))
                        : Parameters.key(name) == Parameters.key(value)
                }
            case "Type": ok = values.contains(version.type)
            case "KeyId": ok = values.contains(version.keyId ?? "")
            case "DataType": ok = values.contains(version.dataType)
            case "Tier": ok = values.contains(version.tier)
            case "Label": ok = values.contains { label in parameter.versions.contains { $0.labels.contains(label) } }
            case "Path":
                ok = values.contains { path in
                    let prefix = path.hasSuffix("/") ? path : path + "/"
                    guard parameter.name.hasPrefix(prefix) else { return false }
                    return option == "Recursive" || !parameter.name.dropFirst(prefix.count).contains("/")
                }
            default:
                if key.hasPrefix("tag:") {
                    ok = values.isEmpty ? parameter.tags[String(key.dropFirst(4))] != nil : values.contains(parameter.tags[String(key.dropFirst(4))] ?? "\u{0}")
                } else {
                    throw AWSError("InvalidFilterKey", "The filter key \(key) is not valid.")
                }
            }
            if !ok { return false }
        }
        for filter in input["Filters"]?.list ?? [] {
            let values = filter["Values"]?.strings ?? []
            switch filter["Key"]?.string ?? "" {
            case "Name": if !values.contains(where: { parameter.name.hasPrefix($0) }) { return false }
            case "Type": if !values.contains(version.type) { return false }
            case "KeyId": if !values.contains(version.keyId ?? "") { return false }
            default: throw AWSError("InvalidFilterKey", "The filter key is not valid.")
            }
        }
        return true
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let own = try context.store.read { $0.all(SSMParameter.self, in: context.regionalPartition).values.sorted { $0.name < $1.name } }
            .filter { try passes($0, input) }
        let rows: [AWSValue] = own.map { parameter in
            let version = parameter.latest
            return .structure([
                "Name": .string(parameter.name), "ARN": .string(parameter.arn(context.region, context.account)), "Type": .string(version.type),
                "KeyId": version.keyId.map(AWSValue.string), "LastModifiedDate": .timestamp(version.modified),
                "LastModifiedUser": .string(version.modifiedBy), "Description": version.description.map(AWSValue.string),
                "AllowedPattern": version.allowedPattern.map(AWSValue.string), "Version": .int(version.version),
                "Tier": .string(version.tier), "Policies": [], "DataType": .string(version.dataType),
            ])
        }
        let page = Paginator.page(rows, marker: input["NextToken"]?.string, maxItems: input["MaxResults"]?.int, defaultMaxItems: 10)
        return .structure(["Parameters": .list(page.items), "NextToken": page.marker.map(AWSValue.string)])
    }
}

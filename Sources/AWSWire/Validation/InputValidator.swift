/// Checks an input against its model's constraints before any handler runs: required
/// members, enums, lengths and ranges. Messages follow AWS's validation text, e.g.
/// "Value 'x' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64".
///
/// Regular-expression patterns are not checked here: the models' patterns are Java regexes
/// and a dialect mismatch must not reject a valid request; services check names themselves.
public struct InputValidator: Sendable {
    public let model: ServiceModel

    public init(model: ServiceModel) {
        self.model = model
    }

    public func validate(_ input: AWSValue, operation: OperationModel) throws(WireFault) {
        guard let shape = model.inputShape(of: operation) else { return }
        var problems: [String] = []
        var missing: String?
        check(input, shape: shape, path: "", problems: &problems, missing: &missing)
        // EC2 reports the first missing parameter on its own, as `MissingParameter`.
        if model.metadata.wireProtocol == .ec2 || model.metadata.wireProtocol == .restXML, let missing {
            throw .missingParameter(missing)
        }
        if !problems.isEmpty { throw .validation(problems) }
    }

    private func check(_ value: AWSValue, shape: Shape, path: String, problems: inout [String], missing: inout String?) {
        let at = WireFault.memberPath(path)
        switch shape.type {
        case .structure:
            guard case .object(let fields) = value else { return }
            for member in shape.members {
                let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
                guard let field = fields[member.name], !field.isNull else {
                    if shape.required.contains(member.name) {
                        // A body-less REST payload or an empty structure still counts as present for AWS.
                        missing = missing ?? (model.metadata.wireProtocol == .ec2 ? ec2Name(member) : memberPath)
                        problems.append("Value null at '\(WireFault.memberPath(memberPath))' failed to satisfy constraint: Member must not be null")
                    }
                    continue
                }
                check(field, shape: model.shape(of: member), path: memberPath, problems: &problems, missing: &missing)
            }
        case .list:
            guard case .list(let items) = value else { return }
            checkSize(items.count, shape: shape, at: at, text: "[\(items.count) items]", problems: &problems)
            if let element = shape.element {
                let elementShape = model.shape(of: element)
                for (i, item) in items.enumerated() {
                    check(item, shape: elementShape, path: "\(path).\(i + 1).member", problems: &problems, missing: &missing)
                }
            }
        case .map:
            guard case .object(let entries) = value else { return }
            checkSize(entries.count, shape: shape, at: at, text: "{\(entries.count) entries}", problems: &problems)
            if let valueMember = shape.mapValue {
                let valueShape = model.shape(of: valueMember)
                for (key, entry) in entries {
                    check(entry, shape: valueShape, path: "\(path).\(key)", problems: &problems, missing: &missing)
                }
            }
        case .string:
            guard case .string(let text) = value else { return }
            // EC2 checks its enums itself, each with its own code and words (`InvalidInstanceType`, "Invalid value
            // 'x' for InstanceType."), and its model's enums trail the service (new instance types), so they are
            // the handlers' to check. S3 (rest-xml) likewise answers its own codes (InvalidStorageClass,
            // InvalidLocationConstraint...).
            if model.metadata.wireProtocol != .ec2, model.metadata.wireProtocol != .restXML, let allowed = shape.enumValues, !allowed.isEmpty, !allowed.contains(text) {
                problems.append("Value '\(text)' at '\(at)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
            }
            checkSize(text.count, shape: shape, at: at, text: "'\(shape.isSensitive ? "***" : text)'", problems: &problems)
        case .blob:
            guard case .blob(let bytes) = value else { return }
            checkSize(bytes.count, shape: shape, at: at, text: "'***'", problems: &problems)
        case .integer, .long, .float, .double:
            guard let number = value.double else { return }
            let text = value.int.map(String.init) ?? String(number)
            if let min = shape.min, number < min {
                problems.append("Value '\(text)' at '\(at)' failed to satisfy constraint: Member must have value greater than or equal to \(Self.format(min))")
            }
            if let max = shape.max, number > max {
                problems.append("Value '\(text)' at '\(at)' failed to satisfy constraint: Member must have value less than or equal to \(Self.format(max))")
            }
        default:
            return
        }
    }

    private func checkSize(_ size: Int, shape: Shape, at: String, text: String, problems: inout [String]) {
        if let min = shape.min, Double(size) < min {
            problems.append("Value \(text) at '\(at)' failed to satisfy constraint: Member must have length greater than or equal to \(Self.format(min))")
        }
        if let max = shape.max, Double(size) > max {
            problems.append("Value \(text) at '\(at)' failed to satisfy constraint: Member must have length less than or equal to \(Self.format(max))")
        }
    }

    private func ec2Name(_ member: Member) -> String {
        if let queryName = member.queryName { return queryName }
        if let name = member.locationName, let first = name.first { return first.uppercased() + name.dropFirst() }
        return member.name
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

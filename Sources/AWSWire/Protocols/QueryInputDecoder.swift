/// Reads `query` and `ec2` protocol input: form parameters such as
/// `Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1` (ec2) or `Tags.member.1.Key=k` (query),
/// turned into the input structure by walking the model.
struct QueryInputDecoder {
    let model: ServiceModel
    let isEC2: Bool

    /// The parameters as a tree split on ".", so each shape looks only at its own children.
    final class Node {
        var value: String?
        var children: [String: Node] = [:]

        func child(_ key: String) -> Node {
            if let existing = children[key] { return existing }
            let node = Node()
            children[key] = node
            return node
        }

        /// Children whose keys are list positions (1, 2, ...), in numeric order.
        var indexed: [Node] {
            children.compactMap { key, node in Int(key).map { ($0, node) } }.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func tree(_ pairs: [(key: String, value: String)]) -> Node {
        let root = Node()
        for (key, value) in pairs where key != "Action" && key != "Version" {
            var node = root
            for part in key.split(separator: ".", omittingEmptySubsequences: false) {
                node = node.child(String(part))
            }
            node.value = value
        }
        return root
    }

    func decode(_ pairs: [(key: String, value: String)], input: Shape) throws(WireFault) -> AWSValue {
        let root = Self.tree(pairs)
        if isEC2 {
            // "Common client error codes" (EC2): a parameter the action does not take is refused, not ignored.
            let known = Set(input.members.map(wireName))
            if let unknown = root.children.keys.sorted().first(where: { !known.contains($0) && !Self.isSignatureParameter($0) }) {
                throw .unknownParameter(unknown)
            }
        }
        return try structure(root, shape: input, path: "")
    }

    /// Presigned SigV4 and legacy SigV2 parameters travel beside an action's own.
    static func isSignatureParameter(_ key: String) -> Bool {
        key.hasPrefix("X-Amz-") || ["AWSAccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp", "Expires", "SecurityToken"].contains(key)
    }

    /// The wire name of a structure member.
    func wireName(_ member: Member) -> String {
        if isEC2 {
            if let queryName = member.queryName { return queryName }
            if let name = member.locationName, let first = name.first { return first.uppercased() + name.dropFirst() }
            return member.name
        }
        // A flattened list is named after its element's locationName when that exists.
        let shape = model.shape(of: member)
        if shape.type == .list, member.flattened || shape.flattened, let elementName = shape.element?.locationName {
            return elementName
        }
        return member.locationName ?? member.name
    }

    func structure(_ node: Node, shape: Shape, path: String) throws(WireFault) -> AWSValue {
        var members: [String: AWSValue] = [:]
        for member in shape.members {
            guard let child = node.children[wireName(member)] else { continue }
            let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
            if let value = try self.value(child, shape: model.shape(of: member), member: member, path: memberPath) {
                members[member.name] = value
            }
        }
        return .object(members)
    }

    func value(_ node: Node, shape: Shape, member: Member?, path: String) throws(WireFault) -> AWSValue? {
        switch shape.type {
        case .structure, .document:
            return try structure(node, shape: shape, path: path)
        case .list:
            guard let element = shape.element else { return nil }
            // `Name=` with no children is how query clients send an empty list.
            if node.children.isEmpty { return node.value != nil ? .list([]) : nil }
            let flattened = isEC2 || shape.flattened || (member?.flattened ?? false)
            let container = flattened ? node : node.children[element.locationName ?? "member"]
            guard let container else { return .list([]) }
            var items: [AWSValue] = []
            for (i, item) in container.indexed.enumerated() {
                if let v = try value(item, shape: model.shape(of: element), member: element, path: "\(path).\(i + 1)") {
                    items.append(v)
                }
            }
            return .list(items)
        case .map:
            guard let keyMember = shape.mapKey, let valueMember = shape.mapValue else { return nil }
            let flattened = shape.flattened || (member?.flattened ?? false)
            guard let container = flattened ? node : node.children["entry"] else { return .object([:]) }
            var entries: [String: AWSValue] = [:]
            for entry in container.indexed {
                guard let key = entry.children[keyMember.locationName ?? "key"]?.value else { continue }
                if let valueNode = entry.children[valueMember.locationName ?? "value"],
                   let v = try value(valueNode, shape: model.shape(of: valueMember), member: valueMember, path: "\(path).\(key)") {
                    entries[key] = v
                }
            }
            return .object(entries)
        default:
            guard let text = node.value else { return nil }
            guard let scalar = ScalarText.read(text, as: shape) else {
                throw .invalidValue(member: path, value: text, expected: ScalarText.typeName(shape))
            }
            return scalar
        }
    }
}

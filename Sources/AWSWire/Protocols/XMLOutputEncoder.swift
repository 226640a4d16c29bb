/// Writes an output structure as XML, the way the `query`, `ec2` and `rest-xml` protocols do:
/// elements named by `locationName` (else the member name), lists wrapped in `member` (query),
/// `item` (ec2) or flattened, maps as `entry`/`key`/`value`.
struct XMLOutputEncoder {
    let model: ServiceModel
    let wireProtocol: WireProtocol

    /// Members of `shape` present in `value`, in model order; REST members bound to headers or status are not in the body.
    func members(of value: AWSValue, shape: Shape, into writer: inout XMLWriter) {
        guard case .object(let fields) = value else { return }
        // Outputs fill a few of a shape's many members (EC2's Instance has 60): look up the fields there are, once
        // each, then write them in model order.
        var present: [(index: Int, field: AWSValue)] = []
        present.reserveCapacity(fields.count)
        for (name, field) in fields where !field.isNull {
            if let index = shape.memberIndex[name] { present.append((index, field)) }
        }
        present.sort { $0.index < $1.index }
        for (index, field) in present {
            let member = shape.members[index]
            guard member.location == nil, !member.xmlAttribute else { continue }
            write(field, shape: model.shape(of: member), member: member, name: member.locationName ?? member.name, into: &writer)
        }
    }

    /// Attributes of `shape` (`xmlAttribute` members, such as S3's `xsi:type`) present in `value`.
    func attributes(of value: AWSValue, shape: Shape) -> [(String, String)] {
        guard shape.hasXMLAttributes, case .object(let fields) = value else { return [] }
        var attributes: [(String, String)] = []
        for member in shape.members where member.xmlAttribute {
            guard let field = fields[member.name], !field.isNull else { continue }
            let text = ScalarText.write(field, shape: model.shape(of: member), member: member, defaultFormat: "iso8601")
            attributes.append((member.locationName ?? member.name, text))
            if let prefix = member.xmlNamespacePrefix, let uri = member.xmlNamespaceURI {
                attributes.append(("xmlns:\(prefix)", uri))
            }
        }
        // A prefix declared by the shape itself (S3's Grantee declares `xsi` for its `xsi:type` attribute).
        if !attributes.isEmpty, let prefix = shape.shapeNamespacePrefix, let uri = shape.xmlNamespaceURI,
           !attributes.contains(where: { $0.0 == "xmlns:\(prefix)" }) {
            attributes.insert(("xmlns:\(prefix)", uri), at: 0)
        }
        return attributes
    }

    func write(_ value: AWSValue, shape: Shape, member: Member?, name: String, into writer: inout XMLWriter) {
        switch shape.type {
        case .structure, .document:
            var attributes = attributes(of: value, shape: shape)
            if let uri = member?.xmlNamespaceURI, member?.xmlNamespacePrefix == nil { attributes.append(("xmlns", uri)) }
            writer.open(name, attributes: attributes)
            members(of: value, shape: shape, into: &writer)
            writer.close(name)
        case .list:
            guard let element = shape.element, case .list(let items) = value else { return }
            let elementShape = model.shape(of: element)
            if wireProtocol != .ec2 && (shape.flattened || (member?.flattened ?? false)) {
                let itemName = element.locationName ?? name
                for item in items { write(item, shape: elementShape, member: element, name: itemName, into: &writer) }
            } else {
                let itemName = element.locationName ?? (wireProtocol == .ec2 ? "item" : "member")
                writer.open(name)
                for item in items { write(item, shape: elementShape, member: element, name: itemName, into: &writer) }
                writer.close(name)
            }
        case .map:
            guard let keyMember = shape.mapKey, let valueMember = shape.mapValue, case .object(let entries) = value else { return }
            let keyName = keyMember.locationName ?? "key"
            let valueName = valueMember.locationName ?? "value"
            let flattened = shape.flattened || (member?.flattened ?? false)
            if !flattened { writer.open(name) }
            for key in entries.keys.sorted() {
                writer.open(flattened ? name : "entry")
                writer.element(keyName, key)
                write(entries[key]!, shape: model.shape(of: valueMember), member: valueMember, name: valueName, into: &writer)
                writer.close(flattened ? name : "entry")
            }
            if !flattened { writer.close(name) }
        default:
            writer.element(name, ScalarText.write(value, shape: shape, member: member, defaultFormat: "iso8601"))
        }
    }
}

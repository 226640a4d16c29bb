import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: enough of XML for AWS request bodies (no mixed content).
final class XMLNode {
    let name: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func children(named name: String) -> [XMLNode] {
        children.filter { $0.localName == name }
    }

    /// The name without a namespace prefix.
    var localName: Substring {
        if let colon = name.firstIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    static func parse(_ bytes: [UInt8]) throws(WireFault) -> XMLNode {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        guard parser.parse(), let root = builder.root else {
            throw .malformedBody(parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node = XMLNode(name: name, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// Reads a `rest-xml` body into the shape of its payload member.
struct XMLInputDecoder {
    let model: ServiceModel

    func read(_ node: XMLNode, shape: Shape, path: String) throws(WireFault) -> AWSValue {
        switch shape.type {
        case .structure, .document:
            var members: [String: AWSValue] = [:]
            for member in shape.members where member.location == nil {
                let memberShape = model.shape(of: member)
                let name = member.locationName ?? member.name
                let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
                if member.xmlAttribute {
                    if let text = node.attributes[name] ?? node.attributes.first(where: { $0.key.hasSuffix(":" + name) })?.value,
                       let value = ScalarText.read(text, as: memberShape) {
                        members[member.name] = value
                    }
                    continue
                }
                if memberShape.type == .list, memberShape.flattened || member.flattened, let element = memberShape.element {
                    let items = node.children(named: element.locationName ?? name)
                    if !items.isEmpty {
                        var values: [AWSValue] = []
                        for (i, item) in items.enumerated() {
                            values.append(try read(item, shape: model.shape(of: element), path: "\(memberPath).\(i + 1)"))
                        }
                        members[member.name] = .list(values)
                    }
                    continue
                }
                if let child = node.children(named: name).first {
                    members[member.name] = try read(child, shape: memberShape, path: memberPath)
                }
            }
            return .object(members)
        case .list:
            guard let element = shape.element else { return .list([]) }
            var values: [AWSValue] = []
            for (i, item) in node.children.enumerated() {
                values.append(try read(item, shape: model.shape(of: element), path: "\(path).\(i + 1)"))
            }
            return .list(values)
        case .map:
            guard let keyMember = shape.mapKey, let valueMember = shape.mapValue else { return .object([:]) }
            var entries: [String: AWSValue] = [:]
            let entryNodes = shape.flattened ? [node] : node.children(named: "entry")
            for entry in entryNodes {
                guard let key = entry.children(named: keyMember.locationName ?? "key").first?.text,
                      let valueNode = entry.children(named: valueMember.locationName ?? "value").first else { continue }
                entries[key] = try read(valueNode, shape: model.shape(of: valueMember), path: "\(path).\(key)")
            }
            return .object(entries)
        default:
            let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value = ScalarText.read(shape.type == .string ? node.text : text, as: shape) else {
                throw .invalidValue(member: path, value: text, expected: ScalarText.typeName(shape))
            }
            return value
        }
    }
}

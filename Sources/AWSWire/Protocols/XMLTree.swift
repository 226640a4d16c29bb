import Foundation

/// A parsed XML element: enough of XML for AWS request bodies (no DTDs, no mixed content).
public final class XMLNode {
    public let name: String
    var attributes: [String: String]
    public internal(set) var children: [XMLNode] = []
    public internal(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    public func children(named name: String) -> [XMLNode] {
        children.filter { $0.localName == name }
    }

    /// The name without a namespace prefix.
    var localName: Substring {
        if let colon = name.firstIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// Parses a document. FoundationXML's parser traps on some malformed input, and request
    /// bodies are untrusted, so this is a small parser of its own that can only throw.
    public static func parse(_ bytes: [UInt8]) throws(WireFault) -> XMLNode {
        var parser = XMLByteParser(bytes: bytes)
        return try parser.document()
    }
}

/// A strict, small XML parser over UTF-8 bytes.
struct XMLByteParser {
    let bytes: [UInt8]
    var i = 0
    static let maxDepth = 64

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws(WireFault) -> XMLNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        try skipMisc()
        guard peek(UInt8(ascii: "<")) else { throw fail("no root element") }
        let root = try element(depth: 0)
        try skipMisc()
        guard i == bytes.count else { throw fail("content after the root element") }
        return root
    }

    private func fail(_ why: String) -> WireFault {
        .malformedBody("\(why) at byte \(i)")
    }

    private func peek(_ byte: UInt8) -> Bool { i < bytes.count && bytes[i] == byte }

    private func starts(_ text: String) -> Bool {
        let t = Array(text.utf8)
        return i + t.count <= bytes.count && Array(bytes[i..<i + t.count]) == t
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    /// Skips until after `terminator`, or fails at the end.
    private mutating func skip(past terminator: String) throws(WireFault) {
        let t = Array(terminator.utf8)
        while i + t.count <= bytes.count {
            if bytes[i] == t[0] && Array(bytes[i..<i + t.count]) == t {
                i += t.count
                return
            }
            i += 1
        }
        throw fail("unterminated construct, expected \(terminator)")
    }

    /// Whitespace, the XML declaration, processing instructions and comments; no DTDs.
    private mutating func skipMisc() throws(WireFault) {
        while true {
            skipSpace()
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<!") {
                throw fail("DTDs are not accepted")
            } else {
                return
            }
        }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    private mutating func name() throws(WireFault) -> String {
        let start = i
        while i < bytes.count, Self.isNameByte(bytes[i]) { i += 1 }
        guard i > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func element(depth: Int) throws(WireFault) -> XMLNode {
        guard depth < Self.maxDepth else { throw fail("elements nested too deeply") }
        i += 1  // "<"
        let tag = try name()
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("unterminated start tag") }
            if bytes[i] == UInt8(ascii: "/") {
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ">") else { throw fail("bad empty-element tag") }
                i += 2
                return XMLNode(name: tag, attributes: attributes)
            }
            if bytes[i] == UInt8(ascii: ">") {
                i += 1
                break
            }
            let key = try name()
            skipSpace()
            guard peek(UInt8(ascii: "=")) else { throw fail("expected = after attribute \(key)") }
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { throw fail("expected a quoted value") }
            let quote = bytes[i]
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != quote {
                guard bytes[i] != UInt8(ascii: "<") else { throw fail("< in attribute value") }
                i += 1
            }
            guard i < bytes.count else { throw fail("unterminated attribute value") }
            attributes[key] = try Self.unescape(bytes[start..<i], at: start)
            i += 1
        }
        let node = XMLNode(name: tag, attributes: attributes)
        var text: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("element <\(tag)> is not closed") }
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
                text += Array(try Self.unescape(bytes[start..<i], at: start).utf8)
            } else if starts("</") {
                i += 2
                let closing = try name()
                skipSpace()
                guard closing == tag, peek(UInt8(ascii: ">")) else { throw fail("</\(closing)> does not close <\(tag)>") }
                i += 1
                node.text = String(decoding: text, as: UTF8.self)
                return node
            } else if starts("<![CDATA[") {
                i += 9
                let start = i
                try skip(past: "]]>")
                text += bytes[start..<(i - 3)]
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<?") {
                try skip(past: "?>")
            } else {
                node.children.append(try element(depth: depth + 1))
            }
        }
    }

    /// Character data with the five predefined entities and character references decoded.
    static func unescape(_ slice: ArraySlice<UInt8>, at offset: Int) throws(WireFault) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        var j = slice.startIndex
        while j < slice.endIndex {
            guard slice[j] == UInt8(ascii: "&") else {
                out.append(slice[j])
                j += 1
                continue
            }
            guard let semi = slice[j...].firstIndex(of: UInt8(ascii: ";")), semi - j <= 10 else {
                throw .malformedBody("bad entity reference at byte \(j)")
            }
            let entity = String(decoding: slice[(j + 1)..<semi], as: UTF8.self)
            switch entity {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let number: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    number = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    number = UInt32(entity.dropFirst())
                } else {
                    number = nil
                }
                guard let number, let scalar = Unicode.Scalar(number) else { throw .malformedBody("unknown entity &\(entity); at byte \(j)") }
                out += Array(String(Character(scalar)).utf8)
            }
            j = semi + 1
        }
        return String(decoding: out, as: UTF8.self)
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

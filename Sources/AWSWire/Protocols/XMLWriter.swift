/// Builds an XML document into UTF-8 bytes, escaping text and attribute values.
public struct XMLWriter {
    public private(set) var bytes: [UInt8] = []

    public init(declaration: Bool = true) {
        bytes.reserveCapacity(512)
        if declaration { append(#"<?xml version="1.0" encoding="UTF-8"?>"#) }
    }

    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func open(_ name: String, attributes: [(String, String)] = []) {
        bytes.append(UInt8(ascii: "<"))
        append(name)
        for (key, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            append(key)
            append("=\"")
            escape(value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func close(_ name: String) {
        append("</")
        append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func element(_ name: String, _ text: String) {
        open(name)
        escape(text, attribute: false)
        close(name)
    }

    public mutating func escape(_ text: String, attribute: Bool) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            case UInt8(ascii: "\"") where attribute: append("&quot;")
            case UInt8(ascii: "\r"): append("&#xD;")
            case UInt8(ascii: "\n") where attribute: append("&#xA;")
            default: bytes.append(byte)
            }
        }
    }
}

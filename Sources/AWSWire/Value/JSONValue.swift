import Foundation

/// A parsed JSON document that keeps `true` apart from `1` (JSONSerialization cannot).
public enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The type name AWS's deserializer errors use.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "list"
        case .object: return "structure"
        }
    }

    var textForError: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .array: return "[...]"
        case .object: return "{...}"
        }
    }
}

/// Writes JSON into UTF-8 bytes; keys in the order given, `/` not escaped.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                bytes.append(Self.hex[Int(b >> 4)])
                bytes.append(Self.hex[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ d: Double) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            append(String(Int64(d)))
        } else if d.isFinite {
            append(String(d))
        } else {
            string(d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"))
        }
    }

    /// `[e1,e2,...]`, each element written by `element`.
    mutating func array<C: Collection>(_ items: C, _ element: (inout JSONWriter, C.Element) -> Void) {
        byte(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        byte(UInt8(ascii: "]"))
    }

    /// `{"k":v,...}` in key order, each value written by `value`.
    mutating func object<V>(_ entries: [String: V], _ value: (inout JSONWriter, V) -> Void) {
        byte(UInt8(ascii: "{"))
        var first = true
        for key in entries.keys.sorted() {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            string(key)
            byte(UInt8(ascii: ":"))
            value(&self, entries[key]!)
        }
        byte(UInt8(ascii: "}"))
    }

    /// A value with no shape to follow (documents, Nimbus's own endpoints): timestamps as epoch seconds.
    mutating func untyped(_ value: AWSValue) {
        switch value {
        case .string(let s): string(s)
        case .integer(let i): append(String(i))
        case .double(let d): number(d)
        case .boolean(let b): append(b ? "true" : "false")
        case .timestamp(let date): number(Timestamp.epochSeconds(date))
        case .blob(let bytes): string(Base64.encode(bytes))
        case .null, .file: append("null")
        case .list(let items): array(items) { $0.untyped($1) }
        case .object(let fields): object(fields) { $0.untyped($1) }
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

extension AWSValue {
    /// JSON read with no model to follow: numbers stay integers or doubles, objects become `.object`.
    public static func fromJSON(_ json: JSONValue) -> AWSValue {
        JSONShapeCodec.untyped(json)
    }

    /// The value as JSON with no model to follow (for Nimbus's own endpoints).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writer.untyped(self)
        return writer.bytes
    }
}

import Foundation

/// Encodes a resource as the JSON body of its journal row, in the form Foundation's `JSONDecoder` reads back with
/// its default strategies (dates as seconds since 2001-01-01, data as base64, non-finite numbers refused), and a few
/// times faster than `JSONEncoder`: every launch writes an instance, an interface and a volume per instance, and a
/// profile put Foundation's encoder at 40 % of the server's time there. The speed comes from writing bytes directly and
/// from telling dates and data apart by their type, not by dynamic casts on every value.
public struct RowEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let node = try RowNodeEncoder.node(for: value, codingPath: [])
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        node.write(to: &bytes)
        return Data(bytes)
    }
}

/// A JSON value being built. Objects and arrays are boxes, so a container handed out by an encoder can be filled
/// after its parent holds it.
enum RowNode {
    case null
    case bool(Bool)
    /// A number, already formatted.
    case number(String)
    case string(String)
    case array(RowArray)
    case object(RowObject)
    /// A value whose encoder is still filling it (`superEncoder`, nested encoders).
    case pending(RowNodeEncoder)

    func write(to bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): RowNode.writeString(text, to: &bytes)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for index in object.keys.indices {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                RowNode.writeString(object.keys[index], to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                object.values[index].write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .pending(let encoder):
            (encoder.storage ?? .object(RowObject())).write(to: &bytes)
        }
    }

    static func writeString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

final class RowArray {
    var items: [RowNode] = []
}

final class RowObject {
    var keys: [String] = []
    var values: [RowNode] = []

    func set(_ key: String, _ value: RowNode) {
        if let index = keys.lastIndex(of: key) { values[index] = value } else {
            keys.append(key)
            values.append(value)
        }
    }
}

/// The `Encoder` each value is encoded with; `storage` is what it produced.
final class RowNodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var storage: RowNode?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    /// The node for any value: primitives, dates and data directly, everything else through its own `encode(to:)`.
    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> RowNode {
        // Metatype comparisons, not `as?` casts: the cast on every value is what makes JSONEncoder slow.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self), codingPath) }
        if T.self == Date.self {
            return try number((value as! Date).timeIntervalSinceReferenceDate, codingPath)
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number("\(value as! Decimal)") }
        let encoder = RowNodeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.storage ?? .object(RowObject())
    }

    static func number(_ value: Double, _ codingPath: [any CodingKey]) throws -> RowNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        // Whole numbers as JSONEncoder writes them ("3.0" would read back the same, but match the old rows).
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }

    static func number(_ value: Float, _ codingPath: [any CodingKey]) throws -> RowNode {
        try number(Double(value), codingPath)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: RowObject
        if case .object(let existing)? = storage { object = existing } else {
            object = RowObject()
            storage = .object(object)
        }
        return KeyedEncodingContainer(RowKeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: RowArray
        if case .array(let existing)? = storage { array = existing } else {
            array = RowArray()
            storage = .array(array)
        }
        return RowUnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { RowSingleValueContainer(encoder: self) }
}

struct RowKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

struct RowKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: RowObject
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(key.stringValue, try RowNodeEncoder.number(value, codingPath + [key])) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(key.stringValue, try RowNodeEncoder.number(value, codingPath + [key])) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try RowNodeEncoder.node(for: value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = RowObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(RowKeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = RowArray()
        object.set(key.stringValue, .array(nested))
        return RowUnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let encoder = RowNodeEncoder(codingPath: codingPath + [key])
        object.set(key.stringValue, .pending(encoder))
        return encoder
    }
}

struct RowUnkeyedContainer: UnkeyedEncodingContainer {
    let array: RowArray
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    private var nextPath: [any CodingKey] { codingPath + [RowKey(intValue: array.items.count)] }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(try RowNodeEncoder.number(value, nextPath)) }
    mutating func encode(_ value: Float) throws { array.items.append(try RowNodeEncoder.number(value, nextPath)) }
    mutating func encode(_ value: Int) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try RowNodeEncoder.node(for: value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = RowObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(RowKeyedContainer<NestedKey>(object: nested, codingPath: nextPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = RowArray()
        array.items.append(.array(nested))
        return RowUnkeyedContainer(array: nested, codingPath: nextPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = RowNodeEncoder(codingPath: nextPath)
        array.items.append(.pending(encoder))
        return encoder
    }
}

struct RowSingleValueContainer: SingleValueEncodingContainer {
    let encoder: RowNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.storage = .null }
    mutating func encode(_ value: Bool) throws { encoder.storage = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.storage = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.storage = try RowNodeEncoder.number(value, codingPath) }
    mutating func encode(_ value: Float) throws { encoder.storage = try RowNodeEncoder.number(value, codingPath) }
    mutating func encode(_ value: Int) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.storage = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.storage = .number(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.storage = try RowNodeEncoder.node(for: value, codingPath: codingPath)
    }
}

import Foundation

/// Encodes a resource as the JSON body of its journal row, in the form Foundation's `JSONDecoder` reads back with
/// its default strategies (dates as seconds since 2001-01-01, data as base64, non-finite numbers refused), and a few
/// times faster than `JSONEncoder`: every launch writes an instance, an interface and a volume per instance, and a
/// profile put Foundation's encoder at 40 % of the server's time there. The speed comes from writing bytes directly and
/// from telling dates and data apart by their type, not by dynamic casts on every value.
public struct RowEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let node = try RowNodeEncoder.node(for: value, path: .root)
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
        // Most strings (ids, names, states) need no escape: copy them whole.
        var text = text
        let copied = text.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !copied { writeEscaped(text, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ text: String, to bytes: inout [UInt8]) {
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
    }
}

final class RowArray {
    var items: [RowNode] = []
}

final class RowObject {
    var keys: [String] = []
    var values: [RowNode] = []

    /// A key set twice keeps its first place and its last value, as JSONEncoder does. Synthesized `Encodable`
    /// never repeats a key, so the check compares lengths first: a full string comparison per earlier key made
    /// encoding an instance's 40 keys quadratic.
    func set(_ key: String, _ value: RowNode) {
        let length = key.utf8.count
        for index in keys.indices.reversed() where keys[index].utf8.count == length && keys[index] == key {
            values[index] = value
            return
        }
        keys.append(key)
        values.append(value)
    }
}

/// Where a value sits, as a list from the value up to the root: a coding path is only read when an error names it,
/// and building an array for every nested value was a fifth of the encoder's time.
indirect enum RowPath: Sendable {
    case root
    case key(String, Int?, parent: RowPath)

    func appending(_ key: any CodingKey) -> RowPath { .key(key.stringValue, key.intValue, parent: self) }
    func appending(index: Int) -> RowPath { .key(String(index), index, parent: self) }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while case .key(let name, let index, let parent) = node {
            keys.append(index.map { RowKey(intValue: $0) } ?? RowKey(stringValue: name))
            node = parent
        }
        return keys.reversed()
    }
}

/// The `Encoder` each value is encoded with; `storage` is what it produced.
final class RowNodeEncoder: Encoder {
    let path: RowPath
    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var storage: RowNode?

    init(path: RowPath) { self.path = path }

    /// The node for any value: primitives, dates and data directly, everything else through its own `encode(to:)`.
    static func node<T: Encodable>(for value: T, path: RowPath) throws -> RowNode {
        // Metatype comparisons, not `as?` casts: the cast on every value is what makes JSONEncoder slow.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self), path) }
        if T.self == Date.self {
            return try number((value as! Date).timeIntervalSinceReferenceDate, path)
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number("\(value as! Decimal)") }
        let encoder = RowNodeEncoder(path: path)
        try value.encode(to: encoder)
        return encoder.storage ?? .object(RowObject())
    }

    static func number(_ value: Double, _ path: RowPath) throws -> RowNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path.codingPath, debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        // Whole numbers as JSONEncoder writes them ("3.0" would read back the same, but match the old rows).
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }

    static func number(_ value: Float, _ path: RowPath) throws -> RowNode {
        try number(Double(value), path)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: RowObject
        if case .object(let existing)? = storage { object = existing } else {
            object = RowObject()
            storage = .object(object)
        }
        return KeyedEncodingContainer(RowKeyedContainer<Key>(object: object, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: RowArray
        if case .array(let existing)? = storage { array = existing } else {
            array = RowArray()
            storage = .array(array)
        }
        return RowUnkeyedContainer(array: array, path: path)
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
    let path: RowPath
    var codingPath: [any CodingKey] { path.codingPath }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(key.stringValue, try RowNodeEncoder.number(value, path.appending(key))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(key.stringValue, try RowNodeEncoder.number(value, path.appending(key))) }
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
        object.set(key.stringValue, try RowNodeEncoder.node(for: value, path: path.appending(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = RowObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(RowKeyedContainer<NestedKey>(object: nested, path: path.appending(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = RowArray()
        object.set(key.stringValue, .array(nested))
        return RowUnkeyedContainer(array: nested, path: path.appending(key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let encoder = RowNodeEncoder(path: path.appending(key))
        object.set(key.stringValue, .pending(encoder))
        return encoder
    }
}

struct RowUnkeyedContainer: UnkeyedEncodingContainer {
    let array: RowArray
    let path: RowPath
    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int { array.items.count }

    private var nextPath: RowPath { path.appending(index: array.items.count) }

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
        array.items.append(try RowNodeEncoder.node(for: value, path: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = RowObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(RowKeyedContainer<NestedKey>(object: nested, path: nextPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = RowArray()
        array.items.append(.array(nested))
        return RowUnkeyedContainer(array: nested, path: nextPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = RowNodeEncoder(path: nextPath)
        array.items.append(.pending(encoder))
        return encoder
    }
}

struct RowSingleValueContainer: SingleValueEncodingContainer {
    let encoder: RowNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var path: RowPath { encoder.path }

    mutating func encodeNil() throws { encoder.storage = .null }
    mutating func encode(_ value: Bool) throws { encoder.storage = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.storage = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.storage = try RowNodeEncoder.number(value, path) }
    mutating func encode(_ value: Float) throws { encoder.storage = try RowNodeEncoder.number(value, path) }
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
        encoder.storage = try RowNodeEncoder.node(for: value, path: path)
    }
}

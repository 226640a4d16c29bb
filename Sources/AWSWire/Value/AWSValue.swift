import Foundation

/// A value of any AWS model shape, as handlers see input and produce output.
///
/// The wire layer turns every protocol's encoding into this tree (keyed by the
/// model's member names, never by wire names) and back, so a service handler
/// never sees a query string, a header or an XML element.
public enum AWSValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case timestamp(Date)
    case blob([UInt8])
    /// A blob in a file (S3's streamed bodies); only a streaming payload member holds one.
    case file(FileBody)
    case list([AWSValue])
    /// A structure's members or a map's entries; the model says which.
    case object([String: AWSValue])
    case null
}

extension AWSValue {
    public subscript(member: String) -> AWSValue? {
        if case .object(let members) = self { return members[member] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var int: Int? {
        switch self {
        case .integer(let i): return Int(i)
        case .double(let d) where d.rounded() == d: return Int(exactly: d)
        default: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .double(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    public var date: Date? {
        if case .timestamp(let d) = self { return d }
        return nil
    }

    public var bytes: [UInt8]? {
        if case .blob(let b) = self { return b }
        return nil
    }

    public var list: [AWSValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var object: [String: AWSValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The strings of a list of strings (empty when absent).
    public var strings: [String] {
        (list ?? []).compactMap(\.string)
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension AWSValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: AWSValue...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, AWSValue)...) {
        var members: [String: AWSValue] = [:]
        members.reserveCapacity(elements.count)
        for (key, value) in elements { members[key] = value }
        self = .object(members)
    }
}

extension AWSValue {
    /// An object without its null members: handlers may write `"Marker": marker.map(AWSValue.string) ?? nil`.
    /// A literal comes here as pairs, so its keys are hashed once, into the object (a dictionary literal of
    /// optionals hashed every key twice: into the literal, then into the filtered copy).
    public static func structure(_ members: KeyValuePairs<String, AWSValue?>) -> AWSValue {
        var object: [String: AWSValue] = [:]
        object.reserveCapacity(members.count)
        for (key, value) in members {
            guard let value, !value.isNull else { continue }
            object[key] = value
        }
        return .object(object)
    }

    /// An object without its null members, from a dictionary built elsewhere.
    @_disfavoredOverload
    public static func structure(_ members: [String: AWSValue?]) -> AWSValue {
        .object(members.compactMapValues { value in
            guard let value, !value.isNull else { return nil }
            return value
        })
    }

    public static func int(_ value: Int) -> AWSValue { .integer(Int64(value)) }
}

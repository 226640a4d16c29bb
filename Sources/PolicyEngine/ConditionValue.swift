import Foundation

/// A value of a context key in a request. Operators convert between kinds where AWS does: a string
/// `"10"` serves `NumericLessThan`, a string `"203.0.113.7"` serves `IpAddress`, `true` serves `Bool` and
/// `StringEquals "true"`. A ``list`` is a multivalued key, for `ForAllValues:` and `ForAnyValue:`.
public enum ConditionValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case date(Date)
    case ip(IPAddress)
    case binary([UInt8])
    case list([ConditionValue])

    /// An IP address value from text; a string value when the text is not an address.
    public static func ip(_ text: String) -> ConditionValue {
        IPAddress(text).map(ConditionValue.ip) ?? .string(text)
    }

    /// A list of strings.
    public static func strings(_ values: [String]) -> ConditionValue {
        .list(values.map(ConditionValue.string))
    }

    /// The text form: what string operators compare and what a policy variable becomes.
    public var text: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): ConditionValue.format(number)
        case .date(let date): DateParsing.iso8601(epochSeconds: date.timeIntervalSince1970)
        case .ip(let address): address.description
        case .binary(let bytes): Base64.encode(bytes)
        case .list(let values): values.map(\.text).joined(separator: ",")
        }
    }

    /// The values a set operator iterates: the list's elements, or the value itself.
    var elements: [ConditionValue] {
        if case .list(let values) = self { return values }
        return [self]
    }

    var numberValue: Double? {
        switch self {
        case .number(let number): number
        case .string(let text): ConditionValue.parseNumber(text)
        case .date(let date): date.timeIntervalSince1970
        default: nil
        }
    }

    var epochSeconds: Double? {
        switch self {
        case .date(let date): date.timeIntervalSince1970
        case .number(let number): number
        case .string(let text): DateParsing.epochSeconds(text)
        default: nil
        }
    }

    var boolValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text): ConditionValue.parseBool(text)
        default: nil
        }
    }

    var ipValue: IPAddress? {
        switch self {
        case .ip(let address): address
        case .string(let text): IPAddress(text)
        default: nil
        }
    }

    var binaryValue: [UInt8]? {
        switch self {
        case .binary(let bytes): bytes
        case .string(let text): Base64.decode(text) ?? Array(text.utf8)
        default: nil
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Decimal numbers as IAM writes them: optional sign, digits, fraction, exponent. (Not Swift's
    /// `Double("0x1p3")` or `"nan"`.)
    static func parseNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }) else { return nil }
        return Double(text)
    }

    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }
}

extension ConditionValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: ConditionValue...) { self = .list(elements) }
}


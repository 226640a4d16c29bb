import Foundation

/// Reading and writing scalar shapes as text: query parameters, headers, URI labels, XML elements.
enum ScalarText {
    /// The value of `text` as `shape`'s type, or nil when it is not one.
    static func read(_ text: String, as shape: Shape, format: String? = nil) -> AWSValue? {
        switch shape.type {
        case .string:
            return .string(text)
        case .integer, .long:
            return Int64(text.trimmingCharacters(in: .whitespaces)).map(AWSValue.integer)
        case .float, .double:
            return Double(text.trimmingCharacters(in: .whitespaces)).map(AWSValue.double)
        case .boolean:
            switch text.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .timestamp:
            return Timestamp.parse(text).map(AWSValue.timestamp)
        case .blob:
            return Base64.decode(text).map(AWSValue.blob)
        case .structure, .list, .map, .document:
            return nil
        }
    }

    /// `value` as text for `shape`, with `defaultFormat` for timestamps unless the model names one.
    static func write(_ value: AWSValue, shape: Shape, member: Member?, defaultFormat: String) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return shape.type == .float || shape.type == .double ? String(d) : String(Int64(d)) }
            return String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .timestamp(let date):
            switch member?.timestampFormat ?? shape.timestampFormat ?? defaultFormat {
            case "rfc822": return Timestamp.rfc822(date)
            case "unixTimestamp": return String(Int64(date.timeIntervalSince1970))
            default: return Timestamp.iso8601(date)
            }
        case .blob(let bytes): return Base64.encode(bytes)
        case .null, .file: return ""
        case .list(let items): return items.map { write($0, shape: shape, member: member, defaultFormat: defaultFormat) }.joined(separator: ",")
        case .object: return ""
        }
    }

    static func typeName(_ shape: Shape) -> String {
        switch shape.type {
        case .integer, .long: return "an integer"
        case .float, .double: return "a number"
        case .boolean: return "a boolean (true or false)"
        case .timestamp: return "a timestamp"
        case .blob: return "base64-encoded data"
        case .string: return "a string"
        case .structure: return "a structure"
        case .list: return "a list"
        case .map: return "a map"
        case .document: return "a document"
        }
    }
}

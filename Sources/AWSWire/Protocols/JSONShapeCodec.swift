import Foundation

/// JSON bodies of the `json` and `rest-json` protocols, read and written by walking the model.
struct JSONShapeCodec {
    let model: ServiceModel

    // MARK: reading

    func read(_ json: JSONValue, shape: Shape, path: String) throws(WireFault) -> AWSValue {
        func mismatch() -> WireFault {
            .invalidValue(member: path.isEmpty ? shape.name : path, value: json.textForError, expected: ScalarText.typeName(shape))
        }
        if case .null = json { return .null }
        switch shape.type {
        case .structure:
            guard case .object(let fields) = json else { throw mismatch() }
            var members: [String: AWSValue] = [:]
            for member in shape.members where member.location == nil {
                guard let field = fields[member.locationName ?? member.name] else { continue }
                let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
                let value = try read(field, shape: model.shape(of: member), path: memberPath)
                if !value.isNull { members[member.name] = value }
            }
            return .object(members)
        case .document:
            return Self.untyped(json)
        case .list:
            guard case .array(let items) = json, let element = shape.element else { throw mismatch() }
            var values: [AWSValue] = []
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                values.append(try read(item, shape: model.shape(of: element), path: "\(path).\(i + 1)"))
            }
            return .list(values)
        case .map:
            guard case .object(let entries) = json, let valueMember = shape.mapValue else { throw mismatch() }
            var values: [String: AWSValue] = [:]
            for (key, item) in entries {
                values[key] = try read(item, shape: model.shape(of: valueMember), path: "\(path).\(key)")
            }
            return .object(values)
        case .string:
            guard case .string(let s) = json else { throw mismatch() }
            return .string(s)
        case .integer, .long:
            switch json {
            case .int(let i): return .integer(i)
            case .double(let d) where d == d.rounded() && abs(d) < 9.2e18: return .integer(Int64(d))
            default: throw mismatch()
            }
        case .float, .double:
            switch json {
            case .int(let i): return .double(Double(i))
            case .double(let d): return .double(d)
            case .string(let s) where ["NaN", "Infinity", "-Infinity"].contains(s): return .double(Double(s) ?? .nan)
            default: throw mismatch()
            }
        case .boolean:
            guard case .bool(let b) = json else { throw mismatch() }
            return .boolean(b)
        case .timestamp:
            switch json {
            case .int(let i): return .timestamp(Date(timeIntervalSince1970: Double(i)))
            case .double(let d): return .timestamp(Date(timeIntervalSince1970: d))
            case .string(let s):
                guard let date = Timestamp.parse(s) else { throw mismatch() }
                return .timestamp(date)
            default: throw mismatch()
            }
        case .blob:
            guard case .string(let s) = json, let bytes = Base64.decode(s) else { throw mismatch() }
            return .blob(bytes)
        }
    }

    static func untyped(_ json: JSONValue) -> AWSValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .int(let i): return .integer(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let a): return .list(a.map(untyped))
        case .object(let o): return .object(o.mapValues(untyped))
        }
    }

    // MARK: writing

    /// Writes the body members of `shape` (REST-bound members are left to headers and status).
    func write(_ value: AWSValue, shape: Shape, into writer: inout JSONWriter) {
        switch shape.type {
        case .structure:
            guard case .object(let fields) = value else { writer.append("{}"); return }
            writer.byte(UInt8(ascii: "{"))
            var first = true
            for member in shape.members where member.location == nil {
                guard let field = fields[member.name], !field.isNull else { continue }
                if !first { writer.byte(UInt8(ascii: ",")) }
                first = false
                writer.string(member.locationName ?? member.name)
                writer.byte(UInt8(ascii: ":"))
                write(field, shape: model.shape(of: member), into: &writer)
            }
            writer.byte(UInt8(ascii: "}"))
        case .list:
            guard case .list(let items) = value, let element = shape.element else { writer.append("[]"); return }
            let elementShape = model.shape(of: element)
            writer.array(items) { writer, item in write(item, shape: elementShape, into: &writer) }
        case .map:
            guard case .object(let entries) = value, let valueMember = shape.mapValue else { writer.append("{}"); return }
            let valueShape = model.shape(of: valueMember)
            writer.object(entries) { writer, entry in write(entry, shape: valueShape, into: &writer) }
        case .timestamp:
            if case .timestamp(let date) = value, shape.timestampFormat == "iso8601" {
                writer.string(Timestamp.iso8601(date))
            } else {
                writer.untyped(value)
            }
        default:
            writer.untyped(value)
        }
    }
}

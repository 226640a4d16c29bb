import Foundation

/// Reads `rest-json` and `rest-xml` input: URI labels, query string, headers and the body.
struct RestInputDecoder {
    let model: ServiceModel

    func decode(_ request: WireRequest, operation: OperationModel, input: Shape) throws(WireFault) -> AWSValue {
        let labels = RestRouting.match(request, model: model)?.1 ?? [:]
        let query = request.queryItems
        var boundQueryKeys = Set(operation.template.queryLiterals.map(\.key))
        var members: [String: AWSValue] = [:]

        for member in input.members {
            let shape = model.shape(of: member)
            let wireName = member.locationName ?? member.name
            switch member.location {
            case .uri:
                guard let raw = labels[wireName] else { continue }
                let text = FormEncoding.percentDecode(raw)
                members[member.name] = try scalar(text, shape: shape, member: member)
            case .querystring where shape.type == .map:
                continue  // filled below from the keys no other member took
            case .querystring:
                boundQueryKeys.insert(wireName)
                let values = query.filter { $0.key == wireName }.map(\.value)
                guard !values.isEmpty else { continue }
                // S3 takes an empty number in the query string (`max-parts=`) as no value at all (an AWS-verified
                // recording of ListParts: LocalStack's snapshot `list-parts-empty-max-parts`).
                if model.metadata.wireProtocol == .restXML, values == [""], [.integer, .long].contains(shape.type) { continue }
                if shape.type == .list, let element = shape.element {
                    var items: [AWSValue] = []
                    for value in values { items.append(try scalar(value, shape: model.shape(of: element), member: element)) }
                    members[member.name] = .list(items)
                } else {
                    members[member.name] = try scalar(values[0], shape: shape, member: member)
                }
            case .header:
                let lower = wireName.lowercased()
                let values = request.headers.filter { $0.name == lower }.map(\.value)
                guard !values.isEmpty else { continue }
                members[member.name] = try header(values, shape: shape, member: member)
            case .headers:
                let prefix = wireName.lowercased()
                var entries: [String: AWSValue] = [:]
                for (name, value) in request.headers where name.hasPrefix(prefix) {
                    entries[String(name.dropFirst(prefix.count))] = .string(value)
                }
                if !entries.isEmpty { members[member.name] = .object(entries) }
            case .statusCode, nil:
                continue
            }
        }
        // A querystring map takes every parameter that no other member is bound to.
        for member in input.members where member.location == .querystring && model.shape(of: member).type == .map {
            var entries: [String: AWSValue] = [:]
            for (key, value) in query where !boundQueryKeys.contains(key) { entries[key] = .string(value) }
            if !entries.isEmpty { members[member.name] = .object(entries) }
        }

        if let payload = input.payloadMember {
            let shape = model.shape(of: payload)
            switch shape.type {
            case .blob:
                if let spooled = request.spooled, let file = OpenFile(path: spooled.path) {
                    members[payload.name] = .file(FileBody([FileSlice(file: file, length: spooled.length)]))
                } else {
                    members[payload.name] = .blob(request.body)
                }
            case .string: if !request.body.isEmpty { members[payload.name] = .string(String(decoding: request.body, as: UTF8.self)) }
            default:
                if let value = try body(request.body, shape: shape, path: payload.name) { members[payload.name] = value }
            }
        } else if input.members.contains(where: { $0.location == nil }),
                  case .object(let fromBody)? = try body(request.body, shape: input, path: "") {
            members.merge(fromBody) { _, new in new }
        }
        return .object(members)
    }

    private func body(_ bytes: [UInt8], shape: Shape, path: String) throws(WireFault) -> AWSValue? {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        if model.metadata.wireProtocol == .restXML {
            return try XMLInputDecoder(model: model).read(XMLNode.parse(bytes), shape: shape, path: path)
        }
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch { throw .malformedBody("Could not parse request body into json: \(Self.describe(error))") }
        return try JSONShapeCodec(model: model).read(json, shape: shape, path: path)
    }

    private func scalar(_ text: String, shape: Shape, member: Member) throws(WireFault) -> AWSValue {
        guard let value = ScalarText.read(text, as: shape) else {
            throw .invalidValue(member: member.name, value: text, expected: ScalarText.typeName(shape))
        }
        return value
    }

    private func header(_ values: [String], shape: Shape, member: Member) throws(WireFault) -> AWSValue {
        if member.jsonValue {
            guard let bytes = Base64.decode(values[0]), let json = try? JSONValue.parse(bytes) else {
                throw .invalidValue(member: member.name, value: values[0], expected: "base64-encoded JSON")
            }
            return JSONShapeCodec.untyped(json)
        }
        if shape.type == .list, let element = shape.element {
            var items: [AWSValue] = []
            for part in values.flatMap({ $0.split(separator: ",") }) {
                items.append(try scalar(part.trimmingCharacters(in: .whitespaces), shape: model.shape(of: element), member: element))
            }
            return .list(items)
        }
        return try scalar(values.joined(separator: ","), shape: shape, member: member)
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return "invalid JSON"
    }
}

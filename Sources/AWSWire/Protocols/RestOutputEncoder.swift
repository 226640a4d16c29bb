import Foundation

/// Writes `rest-json` and `rest-xml` output: status code, headers, and the body or payload.
struct RestOutputEncoder {
    let model: ServiceModel
    let wireProtocol: WireProtocol

    func encode(_ output: AWSValue, shape: Shape?, operation: OperationModel, requestHeaders: [(name: String, value: String)]) -> WireResponse {
        var response = WireResponse(status: operation.responseCode ?? 200, headers: requestHeaders)
        guard let shape, case .object(let fields) = output else {
            // An operation without output may still answer another success code than its model's.
            if let chosen = output[WireResponse.chosenStatusField]?.int { response.status = chosen }
            if wireProtocol == .restJSON { response.body = Array("{}".utf8) }
            return response
        }
        for member in shape.members {
            guard let value = fields[member.name], !value.isNull else { continue }
            let memberShape = model.shape(of: member)
            switch member.location {
            case .statusCode:
                if let code = value.int { response.status = code }
            case .header:
                response.headers.append((member.locationName ?? member.name, headerText(value, shape: memberShape, member: member)))
            case .headers:
                for (key, entry) in value.object ?? [:] {
                    response.headers.append(((member.locationName ?? "") + key, entry.string ?? ""))
                }
            default:
                continue
            }
        }
        if let chosen = fields[WireResponse.chosenStatusField]?.int { response.status = chosen }
        // A partial body is 206 Partial Content, which always carries Content-Range (RFC 9110 §15.3.7).
        if response.status == 200, response.headers.contains(where: { $0.name.lowercased() == "content-range" }) { response.status = 206 }
        if wireProtocol == .restXML, let bare = ModelPatches.bareOutputMember(service: model.name, operation: operation.name) {
            var writer = XMLWriter()
            let namespace = model.metadata.xmlNamespace.map { [("xmlns", $0)] } ?? []
            writer.open(bare, attributes: namespace)
            if let text = fields[bare]?.string { writer.escape(text, attribute: false) }
            writer.close(bare)
            response.body = writer.bytes
            response.headers.append(contentType)
        } else if let payload = shape.payloadMember {
            let payloadShape = model.shape(of: payload)
            switch fields[payload.name] {
            case .blob(let bytes)?:
                response.body = bytes
            case .file(let slice)?:
                response.bodyFile = slice
            case .string(let text)?:
                response.body = Array(text.utf8)
            case let value? where !value.isNull:
                response.body = structureBody(value, shape: payloadShape, rootName: payload.locationName ?? payloadShape.locationName ?? payload.name,
                                              namespace: payload.xmlNamespaceURI)
                response.headers.append(contentType)
            default:
                break
            }
        } else if wireProtocol == .restJSON || shape.members.contains(where: { $0.location == nil }) {
            // An output with body members is a document even when all are empty: S3 answers an unversioned bucket's
            // GetBucketVersioning with `<VersioningConfiguration xmlns="..."/>`.
            response.body = structureBody(output, shape: shape, rootName: shape.locationName
                                          ?? ModelPatches.outputRootName(service: model.name, operation: operation.name) ?? "\(operation.name)Result",
                                          namespace: nil)
            response.headers.append(contentType)
        }
        return response
    }

    private var contentType: (name: String, value: String) {
        ("Content-Type", wireProtocol == .restJSON ? "application/json" : "application/xml")
    }

    private func structureBody(_ value: AWSValue, shape: Shape, rootName: String, namespace: String?) -> [UInt8] {
        if wireProtocol == .restJSON {
            var writer = JSONWriter()
            JSONShapeCodec(model: model).write(value, shape: shape, into: &writer)
            return writer.bytes
        }
        var writer = XMLWriter()
        var attributes = XMLOutputEncoder(model: model, wireProtocol: .restXML).attributes(of: value, shape: shape)
        if let ns = namespace ?? shape.xmlNamespaceURI ?? model.metadata.xmlNamespace { attributes.insert(("xmlns", ns), at: 0) }
        writer.open(rootName, attributes: attributes)
        XMLOutputEncoder(model: model, wireProtocol: .restXML).members(of: value, shape: shape, into: &writer)
        writer.close(rootName)
        return writer.bytes
    }

    private func headerText(_ value: AWSValue, shape: Shape, member: Member) -> String {
        if member.jsonValue {
            return Base64.encode(value.jsonBytes)
        }
        return ScalarText.write(value, shape: shape, member: member, defaultFormat: "rfc822")
    }
}

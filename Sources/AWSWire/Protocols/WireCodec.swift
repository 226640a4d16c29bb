import Foundation

/// Everything a service's protocol does on the wire, driven by its model:
/// which operation a request is, its input, and the HTTP form of an output or an error.
public struct WireCodec: Sendable {
    public let model: ServiceModel
    public var wireProtocol: WireProtocol { model.metadata.wireProtocol }

    public init(model: ServiceModel) {
        self.model = model
    }

    // MARK: operations

    /// The operation a request asks for, or the protocol's error for a missing or unknown one.
    public func operation(for request: WireRequest) throws(WireFault) -> OperationModel {
        switch wireProtocol {
        case .query, .ec2:
            guard let action = Self.formParameters(request).first(where: { $0.key == "Action" })?.value, !action.isEmpty else {
                throw .missingAction
            }
            guard let operation = model.operations[action] else {
                throw .unknownOperation(action, version: model.metadata.apiVersion)
            }
            return operation
        case .json:
            guard let target = request.header("x-amz-target"), let dot = target.lastIndex(of: ".") else {
                throw .unknownOperation("(no X-Amz-Target)", version: model.metadata.apiVersion)
            }
            let name = String(target[target.index(after: dot)...])
            guard String(target[..<dot]) == model.metadata.targetPrefix, let operation = model.operations[name] else {
                throw .unknownOperation(target, version: model.metadata.apiVersion)
            }
            return operation
        case .restJSON, .restXML:
            guard let (operation, _) = RestRouting.match(request, model: model) else {
                throw .unknownOperation("\(request.method) \(request.rawPath)", version: model.metadata.apiVersion)
            }
            return operation
        }
    }

    /// Query and EC2 requests carry parameters in the URL and, for POST, a form body.
    static func formParameters(_ request: WireRequest) -> [(key: String, value: String)] {
        var pairs = request.queryItems
        if request.method == "POST", !request.body.isEmpty, request.isFormEncoded || request.contentType == nil {
            pairs += FormEncoding.decodePairs(String(decoding: request.body, as: UTF8.self))
        }
        return pairs
    }

    // MARK: input

    /// The operation's input as a value keyed by member names; an operation with no input gets an empty structure.
    public func decodeInput(_ request: WireRequest, operation: OperationModel) throws(WireFault) -> AWSValue {
        guard let input = model.inputShape(of: operation) else { return .object([:]) }
        switch wireProtocol {
        case .query, .ec2:
            return try QueryInputDecoder(model: model, isEC2: wireProtocol == .ec2).decode(Self.formParameters(request), input: input)
        case .json:
            let body = request.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            if body.isEmpty { return .object([:]) }
            let json: JSONValue
            do { json = try JSONValue.parse(Array(body)) } catch { throw .malformedBody("Start of structure or map found where not expected.") }
            guard case .object = json else { throw .malformedBody("Start of structure or map found where not expected.") }
            return try JSONShapeCodec(model: model).read(json, shape: input, path: "")
        case .restJSON, .restXML:
            return try RestInputDecoder(model: model).decode(request, operation: operation, input: input)
        }
    }

    // MARK: output

    public func encodeOutput(_ output: AWSValue, operation: OperationModel, requestId: String) -> WireResponse {
        let shape = model.outputShape(of: operation)
        switch wireProtocol {
        case .query:
            var writer = XMLWriter(declaration: false)
            let root = "\(operation.name)Response"
            writer.open(root, attributes: namespaceAttribute)
            if let shape {
                let wrapper = operation.resultWrapper ?? "\(operation.name)Result"
                writer.open(wrapper)
                XMLOutputEncoder(model: model, wireProtocol: .query).members(of: output, shape: shape, into: &writer)
                writer.close(wrapper)
            }
            writer.open("ResponseMetadata")
            writer.element("RequestId", requestId)
            writer.close("ResponseMetadata")
            writer.close(root)
            return WireResponse(status: 200, headers: xmlHeaders(requestId), body: writer.bytes)
        case .ec2:
            var writer = XMLWriter()
            let root = "\(operation.name)Response"
            writer.open(root, attributes: namespaceAttribute)
            writer.element("requestId", requestId)
            if let shape {
                XMLOutputEncoder(model: model, wireProtocol: .ec2).members(of: output, shape: shape, into: &writer)
            }
            writer.close(root)
            return WireResponse(status: 200, headers: xmlHeaders(requestId), body: writer.bytes)
        case .json:
            var writer = JSONWriter()
            if let shape { JSONShapeCodec(model: model).write(output, shape: shape, into: &writer) } else { writer.append("{}") }
            return WireResponse(status: 200, headers: jsonHeaders(requestId), body: writer.bytes)
        case .restJSON, .restXML:
            return RestOutputEncoder(model: model, wireProtocol: wireProtocol)
                .encode(output, shape: shape, operation: operation, requestHeaders: requestHeaders(requestId))
        }
    }

    // MARK: errors

    public func encodeError(_ error: AWSError, requestId: String) -> WireResponse {
        Self.encodeError(error, wireProtocol: wireProtocol, model: model, requestId: requestId)
    }

    public static func encodeError(_ error: AWSError, wireProtocol: WireProtocol, model: ServiceModel?, requestId: String) -> WireResponse {
        var response = errorDocument(error, wireProtocol: wireProtocol, model: model, requestId: requestId)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    private static func errorDocument(_ error: AWSError, wireProtocol: WireProtocol, model: ServiceModel?, requestId: String) -> WireResponse {
        let status = error.status ?? model?.errorShape(code: error.code)?.errorStatus ?? (error.senderFault ? 400 : 500)
        let namespace = model?.metadata.xmlNamespace
        switch wireProtocol {
        case .query:
            var writer = XMLWriter(declaration: false)
            writer.open("ErrorResponse", attributes: namespace.map { [("xmlns", $0)] } ?? [])
            writer.open("Error")
            writer.element("Type", error.senderFault ? "Sender" : "Receiver")
            writer.element("Code", error.code)
            writer.element("Message", error.message)
            for field in error.fields { writer.element(field.name, field.value) }
            writer.close("Error")
            writer.element("RequestId", requestId)
            writer.close("ErrorResponse")
            return WireResponse(status: status, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestId)], body: writer.bytes)
        case .ec2:
            var writer = XMLWriter()
            writer.open("Response")
            writer.open("Errors")
            writer.open("Error")
            writer.element("Code", error.code)
            writer.element("Message", error.message)
            writer.close("Error")
            writer.close("Errors")
            writer.element("RequestID", requestId)
            writer.close("Response")
            return WireResponse(status: status, headers: [("Content-Type", "text/xml;charset=UTF-8"), ("x-amzn-RequestId", requestId)], body: writer.bytes)
        case .json, .restJSON:
            var writer = JSONWriter()
            writer.append("{\"__type\":")
            writer.string(error.code)
            writer.append(",\"message\":")
            writer.string(error.message)
            for field in error.fields {
                writer.byte(UInt8(ascii: ","))
                writer.string(field.name)
                writer.byte(UInt8(ascii: ":"))
                writer.string(field.value)
            }
            writer.byte(UInt8(ascii: "}"))
            let contentType = wireProtocol == .json ? "application/x-amz-json-\(model?.metadata.jsonVersion ?? "1.0")" : "application/json"
            return WireResponse(status: status, headers: [("Content-Type", contentType), ("x-amzn-RequestId", requestId), ("x-amzn-ErrorType", error.code)], body: writer.bytes)
        case .restXML:
            var writer = XMLWriter()
            writer.open("Error")
            writer.element("Code", error.code)
            writer.element("Message", error.message)
            for field in error.fields { writer.element(field.name, field.value) }
            writer.element("RequestId", requestId)
            writer.element("HostId", Self.hostId(requestId))
            writer.close("Error")
            return WireResponse(status: status, headers: [("Content-Type", "application/xml"), ("x-amz-request-id", requestId), ("x-amz-id-2", Self.hostId(requestId))], body: writer.bytes)
        }
    }

    /// S3's second request id (`x-amz-id-2`); any opaque base64 does.
    static func hostId(_ requestId: String) -> String {
        Base64.encode(Array(requestId.utf8))
    }

    private var namespaceAttribute: [(String, String)] {
        model.metadata.xmlNamespace.map { [("xmlns", $0)] } ?? []
    }

    private func xmlHeaders(_ requestId: String) -> [(name: String, value: String)] {
        [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestId)]
    }

    private func jsonHeaders(_ requestId: String) -> [(name: String, value: String)] {
        [("Content-Type", "application/x-amz-json-\(model.metadata.jsonVersion ?? "1.0")"), ("x-amzn-RequestId", requestId)]
    }

    private func requestHeaders(_ requestId: String) -> [(name: String, value: String)] {
        if wireProtocol == .restXML {
            return [("x-amz-request-id", requestId), ("x-amz-id-2", Self.hostId(requestId))]
        }
        return [("x-amzn-RequestId", requestId)]
    }
}

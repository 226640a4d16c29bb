import AWSModels
import Foundation
import Synchronization

public enum ModelError: Error, CustomStringConvertible {
    case unknownService(String)
    case undecodable(String, String)

    public var description: String {
        switch self {
        case .unknownService(let name): return "no model for service '\(name)'"
        case .undecodable(let name, let why): return "the model of '\(name)' cannot be read: \(why)"
        }
    }
}

/// The service models, parsed on first use and kept: start-up parses none of them.
public final class ModelRegistry: Sendable {
    public static let shared = ModelRegistry()

    private let cache = Mutex<[String: ServiceModel]>([:])

    public init() {}

    /// Names of every service Nimbus has a model of.
    public var serviceNames: [String] { EmbeddedModels.serviceNames }

    public func model(_ service: String) throws(ModelError) -> ServiceModel {
        if let cached = cache.withLock({ $0[service] }) { return cached }
        let model = try Self.load(service)
        return cache.withLock { cache in
            if let raced = cache[service] { return raced }
            cache[service] = model
            return model
        }
    }

    static func load(_ service: String) throws(ModelError) -> ServiceModel {
        guard let text = EmbeddedModels.json(for: service) else { throw .unknownService(service) }
        let data = text.withUTF8Buffer { Data($0) }
        let raw: RawModel
        do {
            raw = try JSONDecoder().decode(RawModel.self, from: data)
        } catch {
            throw .undecodable(service, "\(error)")
        }
        return build(service, raw)
    }

    static func build(_ service: String, _ raw: RawModel) -> ServiceModel {
        // Shapes get stable indices (sorted by name) so members can refer to them by position.
        let names = raw.shapes.keys.sorted()
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        let resolve: (String) -> Int = { index[$0] ?? 0 }
        let shapes = names.map { Shape(name: $0, raw: raw.shapes[$0]!, resolve: resolve) }
        var operations: [String: OperationModel] = [:]
        for (name, op) in raw.operations {
            operations[name] = OperationModel(
                name: name,
                httpMethod: op.http.method,
                requestUri: ModelPatches.requestUri(service: service, operation: name, default: op.http.requestUri),
                responseCode: op.http.responseCode,
                inputIndex: op.input.flatMap { index[$0.shape] },
                outputIndex: op.output.flatMap { index[$0.shape] },
                resultWrapper: op.output?.resultWrapper,
                errorNames: (op.errors ?? []).map(\.shape),
                unsigned: op.authtype == "none",
                requestChecksumRequired: op.httpChecksum?.requestChecksumRequired == true || op.httpChecksumRequired == true,
                hasRequestChecksum: op.httpChecksum != nil
            )
        }
        let m = raw.metadata
        let metadata = ServiceMetadata(
            apiVersion: m.apiVersion,
            endpointPrefix: m.endpointPrefix,
            signingName: m.signingName ?? m.endpointPrefix,
            wireProtocol: WireProtocol(rawValue: m.protocol) ?? .json,
            jsonVersion: m.jsonVersion,
            targetPrefix: m.targetPrefix,
            xmlNamespace: m.xmlNamespace ?? ModelPatches.xmlNamespaces[service],
            serviceId: m.serviceId ?? service
        )
        return ServiceModel(name: service, metadata: metadata, operations: operations, shapes: shapes)
    }
}

import Foundation

// The trimmed botocore JSON, decoded as it is; `ModelLoader` turns it into the resolved runtime model.

struct RawModel: Decodable {
    let metadata: RawMetadata
    let operations: [String: RawOperation]
    let shapes: [String: RawShape]
}

struct RawMetadata: Decodable {
    let apiVersion: String
    let endpointPrefix: String
    let signingName: String?
    let `protocol`: String
    let jsonVersion: String?
    let targetPrefix: String?
    let xmlNamespace: String?
    let serviceId: String?
}

struct RawOperation: Decodable {
    struct HTTP: Decodable {
        let method: String
        let requestUri: String
        let responseCode: Int?
    }
    struct Ref: Decodable {
        let shape: String
        let resultWrapper: String?
    }
    let name: String
    let http: HTTP
    let input: Ref?
    let output: Ref?
    let errors: [Ref]?
    let authtype: String?
    struct HTTPChecksum: Decodable {
        let requestChecksumRequired: Bool?
    }
    let httpChecksum: HTTPChecksum?
    let httpChecksumRequired: Bool?
}

struct RawXMLNamespace: Decodable {
    let uri: String?
    let prefix: String?

    init(from decoder: any Decoder) throws {
        // botocore writes either {"uri": ..., "prefix": ...} or a bare URI string.
        if let single = try? decoder.singleValueContainer().decode(String.self) {
            uri = single
            prefix = nil
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uri = try container.decodeIfPresent(String.self, forKey: .uri)
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
    }

    enum CodingKeys: String, CodingKey { case uri, prefix }
}

struct RawMember: Decodable {
    let name: String?
    let shape: String
    let location: String?
    let locationName: String?
    let queryName: String?
    let flattened: Bool?
    let xmlAttribute: Bool?
    let xmlNamespace: RawXMLNamespace?
    let timestampFormat: String?
    let jsonvalue: Bool?
    let eventpayload: Bool?
    let streaming: Bool?
}

struct RawShape: Decodable {
    struct ErrorTrait: Decodable {
        let code: String?
        let httpStatusCode: Int?
        let senderFault: Bool?
    }
    let type: String
    let members: [RawMember]?
    let required: [String]?
    let member: RawMember?
    let key: RawMember?
    let value: RawMember?
    let `enum`: [String]?
    let min: Double?
    let max: Double?
    let pattern: String?
    let flattened: Bool?
    let timestampFormat: String?
    let payload: String?
    let locationName: String?
    let xmlNamespace: RawXMLNamespace?
    let exception: Bool?
    let fault: Bool?
    let error: ErrorTrait?
    let streaming: Bool?
    let sensitive: Bool?
    let union: Bool?
    let eventstream: Bool?
    let document: Bool?
}

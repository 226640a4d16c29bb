import AWSWire
import Foundation
import NimbusCore
import State

/// An EC2 key pair ("Amazon EC2 key pairs and Amazon EC2 instances"): Nimbus keeps the public key and AWS's
/// fingerprint, never the private key (CreateKeyPair hands it out once).
struct KeyPair: EC2Resource {
    static let kind = "ec2.key-pair"
    static let idPrefix = "key"
    static let resourceType = "key-pair"

    var id: String
    var name: String
    var keyType: String
    var fingerprint: String
    var publicKey: String
    var created: Date
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidKeyPair.NotFound", ids.count > 1
            ? "The key pairs '\(ids.joined(separator: ", "))' do not exist"
            : "The key pair '\(ids.first ?? "")' does not exist")
    }

    static var malformedCode: String { "InvalidKeyPair.NotFound" }

    static let filterNames: Set<String> = ["key-pair-id", "fingerprint", "key-name", "key-type"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "key-pair-id": return [id]
        case "fingerprint": return [fingerprint]
        case "key-name": return [self.name]
        case "key-type": return [keyType]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue { output(includePublicKey: false) }

    func output(includePublicKey: Bool) -> AWSValue {
        .structure([
            "KeyPairId": .string(id), "KeyName": .string(name), "KeyFingerprint": .string(fingerprint),
            "KeyType": .string(keyType), "CreateTime": .timestamp(created), "Tags": tagsOutput,
            "PublicKey": includePublicKey ? .string(publicKey) : nil,
        ])
    }
}

/// CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair (EC2 API Reference).
enum KeyPairs {
    static func find(name: String, _ view: StoreView, _ partition: Partition) -> KeyPair? {
        view.all(KeyPair.self, in: partition).values.first { $0.name == name }
    }

    /// "CreateKeyPair": up to 255 ASCII characters.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty else { throw EC2Errors.missingParameter("KeyName") }
        guard name.count <= 255, name.allSatisfy(\.isASCII) else {
            throw EC2Errors.invalidParameterValue("Value (\(name)) for parameter keyName is invalid. Key names may contain up to 255 ASCII characters.")
        }
    }

    private static func store(_ pair: KeyPair, _ context: RequestContext) throws {
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard find(name: pair.name, tx.view, partition) == nil else {
                throw AWSError("InvalidKeyPair.Duplicate", "The keypair '\(pair.name)' already exists.")
            }
            tx.save(pair, in: partition)
        }
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["KeyName"]?.string ?? ""
        try checkName(name)
        let type = input["KeyType"]?.string ?? "rsa"
        let format = input["KeyFormat"]?.string ?? "pem"
        let tags = try Tags.fromSpecifications(input, KeyPair.resourceType)
        if context.store.read({ find(name: name, $0, context.regionalPartition) }) != nil {
            throw AWSError("InvalidKeyPair.Duplicate", "The keypair '\(name)' already exists.")
        }
        let generated: (privateKey: String, fingerprint: String, publicKey: String)
        do {
            generated = try KeyMaterial.generate(type: type, format: format)
        } catch {
            throw EC2Errors.invalidParameterValue("Cannot create a key pair of type '\(type)' in format '\(format)'.")
        }
        let pair = KeyPair(id: context.ids.resourceId("key"), name: name, keyType: type, fingerprint: generated.fingerprint,
                           publicKey: generated.publicKey, created: context.now, tags: tags)
        try store(pair, context)
        return .structure([
            "KeyPairId": .string(pair.id), "KeyName": .string(name), "KeyFingerprint": .string(pair.fingerprint),
            "KeyMaterial": .string(generated.privateKey), "Tags": pair.tagsIfAny,
        ])
    }

    static func importKey(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["KeyName"]?.string ?? ""
        try checkName(name)
        let material = input["PublicKeyMaterial"]?.bytes ?? Array((input["PublicKeyMaterial"]?.string ?? "").utf8)
        let imported: (type: String, fingerprint: String, publicKey: String)
        do {
            imported = try KeyMaterial.importPublicKey(material)
        } catch {
            throw AWSError("InvalidKey.Format", "Key is not in valid OpenSSH public key format")
        }
        let pair = KeyPair(id: context.ids.resourceId("key"), name: name, keyType: imported.type, fingerprint: imported.fingerprint,
                           publicKey: imported.publicKey, created: context.now,
                           tags: try Tags.fromSpecifications(input, KeyPair.resourceType))
        try store(pair, context)
        return .structure(["KeyPairId": .string(pair.id), "KeyName": .string(name), "KeyFingerprint": .string(pair.fingerprint),
                           "Tags": pair.tagsIfAny])
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let names = input["KeyNames"]?.strings ?? []
        let includePublicKey = input["IncludePublicKey"]?.bool ?? false
        let filters = try EC2Filters(input["Filters"], allowed: KeyPair.filterNames.union(EC2Describe.tagFilterNames))
        let ids = input["KeyPairIds"]?.strings ?? []
        return try context.store.read { view in
            let network = NetworkView(view, context)
            let pairs = Array(network.all(KeyPair.self))
            let missingNames = names.filter { name in !pairs.contains { $0.name == name } }
            guard missingNames.isEmpty else { throw KeyPair.notFound(missingNames) }
            let missingIds = ids.filter { id in !pairs.contains { $0.id == id } }
            guard missingIds.isEmpty else {
                throw AWSError("InvalidKeyPair.NotFound", "The key pair ID '\(missingIds.joined(separator: ", "))' does not exist")
            }
            let selected = pairs.filter { pair in
                (names.isEmpty || names.contains(pair.name)) && (ids.isEmpty || ids.contains(pair.id))
                    && filters.matches(pair, { $0.tagValues($1) ?? $0.filterValues($1, network) })
            }
            return ["KeyPairs": .list(selected.map { $0.output(includePublicKey: includePublicKey) })]
        }
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        // "DeleteKeyPair": deleting a key pair that does not exist is not an error.
        let id = try context.store.write { tx -> String? in
            let pair = input["KeyPairId"]?.string.flatMap { tx.get(KeyPair.self, $0, in: partition) }
                ?? input["KeyName"]?.string.flatMap { find(name: $0, tx.view, partition) }
            if let pair { tx.remove(KeyPair.self, pair.id, in: partition) }
            return pair?.id
        }
        return .structure(["Return": true, "KeyPairId": id.map(AWSValue.string)])
    }
}

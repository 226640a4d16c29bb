// TEMPORARY stub until KeyMaterial.swift lands.
enum KeyMaterial {
    static func generate(type: String, format: String) throws -> (privateKey: String, fingerprint: String, publicKey: String) {
        throw KeyMaterialError.invalidFormat("stub")
    }
    static func importPublicKey(_ material: [UInt8]) throws -> (type: String, fingerprint: String, publicKey: String) {
        throw KeyMaterialError.invalidFormat("stub")
    }
}
enum KeyMaterialError: Error { case invalidFormat(String) }

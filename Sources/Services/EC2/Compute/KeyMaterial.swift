import Crypto
import Foundation
import _CryptoExtras

/// Why key material was refused.
enum KeyMaterialError: Error, Equatable, Sendable {
    /// ImportKeyPair: not a key EC2 accepts (the caller answers `InvalidKey.Format`).
    case invalidFormat(String)
    /// CreateKeyPair: a KeyType or KeyFormat EC2 does not offer (the caller answers `InvalidParameterValue`).
    case invalidParameter(String)
}

/// Real SSH key material for CreateKeyPair and ImportKeyPair, with the fingerprints EC2 shows.
///
/// EC2 fingerprints a key in three ways ("Verify the fingerprint of your key pair", Amazon EC2 User Guide):
/// - RSA it created: SHA-1 of the DER PKCS#8 private key, colon-separated hex;
/// - RSA imported: MD5 of the DER SubjectPublicKeyInfo, colon-separated hex, as the guide's `openssl md5 -c`
///   computes it; not the MD5 of the SSH blob (`ssh-keygen -E md5`) that the API reference's "RFC 4716 section 4"
///   suggests, which is not what EC2 returns;
/// - ED25519, created or imported: base64 SHA-256 of the OpenSSH public key blob, keeping the `=` that
///   `ssh-keygen` drops.
enum KeyMaterial {
    /// CreateKeyPair: a 2048-bit RSA or an ED25519 key pair ("Create a key pair for your Amazon EC2 instance").
    /// The private key is PKCS#1 PEM (RSA), the OpenSSH format (ED25519, as `ssh-keygen` writes it), or a PuTTY
    /// key file (`ppk`); `publicKey` is the one-line OpenSSH public key.
    static func generate(type: String, format: String) throws -> (privateKey: String, fingerprint: String, publicKey: String) {
        switch type {
        case "rsa": return try material(for: _RSA.Signing.PrivateKey(keySize: .bits2048), format: format)
        case "ed25519": return try material(for: Curve25519.Signing.PrivateKey(), format: format)
        default: throw KeyMaterialError.invalidParameter("Invalid key type '\(type)'. Valid values: rsa, ed25519")
        }
    }

    /// What CreateKeyPair returns for a given RSA key (separate from `generate` so that tests can fix the key).
    static func material(for key: _RSA.Signing.PrivateKey, format: String) throws
        -> (privateKey: String, fingerprint: String, publicKey: String) {
        try checkFormat(format)
        let blob = try rsaBlob(key.publicKey)
        let privateKey = format == "pem" ? key.pemRepresentation : try puttyKeyFile(
            algorithm: "ssh-rsa", publicBlob: blob, privateBlob: rsaPuTTYPrivateBlob(pkcs1: Array(key.derRepresentation)))
        return (privateKey, hex(Insecure.SHA1.hash(data: key.pkcs8DERRepresentation)), "ssh-rsa " + base64(blob))
    }

    /// What CreateKeyPair returns for a given ED25519 key; `checkint` is random in real use, fixed in tests.
    static func material(for key: Curve25519.Signing.PrivateKey, format: String, checkint: UInt32 = .random(in: .min ... .max)) throws
        -> (privateKey: String, fingerprint: String, publicKey: String) {
        try checkFormat(format)
        let seed = Array(key.rawRepresentation), publicKey = Array(key.publicKey.rawRepresentation)
        let blob = sshString("ssh-ed25519") + sshString(publicKey)
        let privateKey = format == "pem"
            ? openSSHPrivateKey(publicBlob: blob, seed: seed, publicKey: publicKey, checkint: checkint)
            : puttyKeyFile(algorithm: "ssh-ed25519", publicBlob: blob, privateBlob: sshString(seed))  // As puttygen writes it.
        return (privateKey, ed25519Fingerprint(blob), "ssh-ed25519 " + base64(blob))
    }

    private static func checkFormat(_ format: String) throws {
        guard format == "pem" || format == "ppk" else {
            throw KeyMaterialError.invalidParameter("Invalid key format '\(format)'. Valid values: pem, ppk")
        }
    }

    /// ImportKeyPair: the decoded `PublicKeyMaterial` ("Create a key pair using a third-party tool and import the
    /// public key to Amazon EC2"). EC2 takes RSA (1024 to 4096 bits) and ED25519 keys only, no DSA and no ECDSA,
    /// in the OpenSSH one-line format; RSA also as base64 DER or an RFC 4716 SSH2 public key file.
    static func importPublicKey(_ material: [UInt8]) throws -> (type: String, fingerprint: String, publicKey: String) {
        guard let text = String(validating: material, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw invalid("not UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first else { throw invalid("empty") }

        if first == "---- BEGIN SSH2 PUBLIC KEY ----" {
            return try sshBlob(rfc4716Body(lines), rsaOnly: true)
        }
        if first.hasPrefix("-----BEGIN ") {
            // PEM is base64 DER with armour; `openssl rsa -pubout` writes it that way.
            guard first == "-----BEGIN PUBLIC KEY-----" || first == "-----BEGIN RSA PUBLIC KEY-----",
                  lines.count >= 3, lines.last == first.replacingOccurrences(of: "BEGIN", with: "END") else {
                throw invalid("unsupported PEM block")
            }
            return try rsaDER(decodeBase64(lines.dropFirst().dropLast().joined()))
        }
        let fields = first.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let keyType = fields.first, keyType.contains("-") {  // A key type such as ssh-rsa; base64 has no '-'.
            guard lines.count == 1, fields.count >= 2 else { throw invalid("expected one line: type, key, comment") }
            return try sshBlob(decodeBase64(String(fields[1])), declaredType: String(keyType))
        }
        return try rsaDER(decodeBase64(lines.joined()))
    }

    // MARK: - Reading public keys

    private static func invalid(_ reason: String) -> KeyMaterialError {
        .invalidFormat("Key is not in valid OpenSSH public key format: \(reason)")
    }

    /// An RFC 4716 body: headers ("Tag: value", a trailing '\' continues one) and then the base64 SSH blob.
    private static func rfc4716Body(_ lines: [String]) throws -> [UInt8] {
        guard lines.count >= 3, lines.last == "---- END SSH2 PUBLIC KEY ----" else { throw invalid("unterminated SSH2 key") }
        var body = "", continues = false
        for line in lines.dropFirst().dropLast() {
            if continues || line.contains(":") {
                continues = line.hasSuffix("\\")
            } else {
                body += line
            }
        }
        return try decodeBase64(body)
    }

    /// The SSH wire encoding of a public key (RFC 4253 section 6.6; RFC 8709 for ED25519).
    private static func sshBlob(_ blob: [UInt8], declaredType: String? = nil, rsaOnly: Bool = false) throws
        -> (type: String, fingerprint: String, publicKey: String) {
        var reader = SSHReader(blob[...])
        let name = String(decoding: try reader.string(), as: UTF8.self)
        if let declaredType, declaredType != name { throw invalid("type \(declaredType) but the key is \(name)") }
        switch name {
        case "ssh-rsa":
            let e = try reader.mpint(), n = try reader.mpint()
            guard reader.isAtEnd else { throw invalid("trailing bytes") }
            return try rsaDER(derSequence(derInteger(n) + derInteger(e)))
        case "ssh-ed25519" where !rsaOnly:
            guard try reader.string().count == 32, reader.isAtEnd else { throw invalid("an ED25519 key is 32 bytes") }
            return ("ed25519", ed25519Fingerprint(blob), "ssh-ed25519 " + base64(blob))
        case "ssh-ed25519":
            throw invalid("only RSA keys are accepted in this format")
        default:
            // ssh-dss, ecdsa-sha2-nistp256/384/521, sk-* and certificates: EC2 imports RSA and ED25519 only.
            throw invalid("unsupported key type \(name); EC2 accepts RSA and ED25519 keys")
        }
    }

    /// An RSA public key as DER, SubjectPublicKeyInfo or PKCS#1 RSAPublicKey, which swift-crypto (BoringSSL) parses
    /// and so validates. Every RSA import ends here, since its fingerprint is over the SubjectPublicKeyInfo.
    private static func rsaDER(_ der: [UInt8]) throws -> (type: String, fingerprint: String, publicKey: String) {
        // `unsafe`: swift-crypto's safe initializer refuses keys under 2048 bits, and EC2 still imports 1024.
        guard let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: der),
              Array(key.derRepresentation) == der || Array(key.pkcs1DERRepresentation) == der else {
            throw invalid("not an RSA public key")
        }
        // "Supported lengths: 1024, 2048, and 4096": read as a range, so that ssh-keygen's default 3072 passes.
        guard (1024...4096).contains(key.keySizeInBits) else {
            throw invalid("RSA keys must be 1024 to 4096 bits, not \(key.keySizeInBits)")
        }
        return ("rsa", hex(Insecure.MD5.hash(data: key.derRepresentation)), "ssh-rsa " + base64(try rsaBlob(key)))
    }

    private static func decodeBase64(_ text: String) throws -> [UInt8] {
        guard !text.isEmpty, let data = Data(base64Encoded: text) else { throw invalid("bad base64") }
        return Array(data)
    }

    // MARK: - Writing private keys

    /// The OpenSSH private key format (PROTOCOL.key in OpenSSH), unencrypted, as `ssh-keygen -t ed25519` writes it.
    private static func openSSHPrivateKey(publicBlob: [UInt8], seed: [UInt8], publicKey: [UInt8], checkint: UInt32) -> String {
        // Two equal check integers show a correct decryption; OpenSSH draws them at random, even unencrypted.
        let check = uint32(checkint)
        var secret = check + check + sshString("ssh-ed25519") + sshString(publicKey) + sshString(seed + publicKey) + sshString("")
        for pad in UInt8(1)...8 where secret.count % 8 != 0 { secret.append(pad) }  // 1, 2, 3... up to the block size.
        let file = Array("openssh-key-v1".utf8) + [0] + sshString("none") + sshString("none") + sshString("")
            + uint32(1) + sshString(publicBlob) + sshString(secret)
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrap(base64(file), width: 70)
            + "\n-----END OPENSSH PRIVATE KEY-----\n"
    }

    /// A PuTTY-User-Key-File-2, unencrypted: every PuTTY (and puttygen since 0.52) reads version 2, while version 3
    /// needs 0.75 or later. The MAC is HMAC-SHA-1 keyed with SHA-1 of a fixed string plus the (empty) passphrase.
    private static func puttyKeyFile(algorithm: String, publicBlob: [UInt8], privateBlob: [UInt8]) -> String {
        let comment = ""
        let macKey = SymmetricKey(data: Insecure.SHA1.hash(data: Array("putty-private-key-file-mac-key".utf8)))
        let signed = sshString(algorithm) + sshString("none") + sshString(comment) + sshString(publicBlob) + sshString(privateBlob)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: signed, using: macKey)
        let publicLines = wrap(base64(publicBlob), width: 64), privateLines = wrap(base64(privateBlob), width: 64)
        return """
            PuTTY-User-Key-File-2: \(algorithm)
            Encryption: none
            Comment: \(comment)
            Public-Lines: \(publicLines.split(separator: "\n").count)
            \(publicLines)
            Private-Lines: \(privateLines.split(separator: "\n").count)
            \(privateLines)
            Private-MAC: \(hex(mac, separator: ""))

            """
    }

    /// PuTTY's RSA private part: mpints d, p, q and iqmp (q⁻¹ mod p), read from the PKCS#1 RSAPrivateKey
    /// (version, n, e, d, p, q, dp, dq, qinv). A DER INTEGER's content is already an SSH mpint's.
    private static func rsaPuTTYPrivateBlob(pkcs1: [UInt8]) throws -> [UInt8] {
        var outer = DERReader(pkcs1[...])
        var fields = DERReader(try outer.read(tag: 0x30))
        var integers: [ArraySlice<UInt8>] = []
        for _ in 0..<9 { integers.append(try fields.read(tag: 0x02)) }
        return [3, 4, 5, 8].flatMap { sshString(integers[$0]) }
    }

    // MARK: - Encodings

    /// `ssh-rsa`, e, n: the SSH blob, rebuilt from the key so that the stored public key is canonical.
    private static func rsaBlob(_ key: _RSA.Signing.PublicKey) throws -> [UInt8] {
        let primitives = try key.getKeyPrimitives()
        return sshString("ssh-rsa") + sshString(twosComplement(Array(primitives.publicExponent)))
            + sshString(twosComplement(Array(primitives.modulus)))
    }

    private static func ed25519Fingerprint(_ blob: [UInt8]) -> String {
        base64(Array(SHA256.hash(data: blob)))
    }

    private static func hex(_ bytes: some Sequence<UInt8>, separator: String = ":") -> String {
        bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xf, radix: 16) }.joined(separator: separator)
    }

    private static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    private static func wrap(_ text: String, width: Int) -> String {
        var lines: [Substring] = [], rest = text[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(width))
            rest = rest.dropFirst(width)
        }
        return lines.joined(separator: "\n")
    }

    private static func uint32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    private static func sshString(_ bytes: some Collection<UInt8>) -> [UInt8] { uint32(UInt32(bytes.count)) + bytes }
    private static func sshString(_ text: String) -> [UInt8] { sshString(Array(text.utf8)) }

    /// An unsigned big-endian number as an mpint or DER INTEGER content: no leading zeros, but one before a high bit.
    private static func twosComplement(_ unsigned: some Collection<UInt8>) -> [UInt8] {
        let digits = Array(unsigned.drop(while: { $0 == 0 }))
        return (digits.first ?? 0) >= 0x80 ? [0] + digits : digits
    }

    private static func derInteger(_ unsigned: [UInt8]) -> [UInt8] {
        let content = twosComplement(unsigned)
        return derTLV(0x02, content.isEmpty ? [0] : content)
    }

    private static func derSequence(_ content: [UInt8]) -> [UInt8] { derTLV(0x30, content) }

    private static func derTLV(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        guard content.count >= 0x80 else { return [tag, UInt8(content.count)] + content }
        let length = Array(uint32(UInt32(content.count)).drop(while: { $0 == 0 }))
        return [tag, 0x80 | UInt8(length.count)] + length + content
    }

    /// Reads the SSH wire types (RFC 4251 section 5); every length is checked against what is left.
    private struct SSHReader {
        var bytes: ArraySlice<UInt8>
        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

        var isAtEnd: Bool { bytes.isEmpty }

        mutating func string() throws -> ArraySlice<UInt8> {
            guard bytes.count >= 4 else { throw KeyMaterial.invalid("truncated key blob") }
            let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            bytes = bytes.dropFirst(4)
            guard length <= bytes.count else { throw KeyMaterial.invalid("truncated key blob") }
            defer { bytes = bytes.dropFirst(length) }
            return bytes.prefix(length)
        }

        /// A non-negative mpint, as unsigned big-endian bytes.
        mutating func mpint() throws -> [UInt8] {
            let value = try string()
            guard (value.first ?? 0) < 0x80 else { throw KeyMaterial.invalid("negative integer") }
            return Array(value.drop(while: { $0 == 0 }))
        }
    }

    /// Just enough DER to take apart the PKCS#1 key swift-crypto wrote.
    private struct DERReader {
        var bytes: ArraySlice<UInt8>
        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

        mutating func read(tag: UInt8) throws -> ArraySlice<UInt8> {
            guard bytes.popFirst() == tag, let first = bytes.popFirst() else { throw KeyMaterial.invalid("bad DER") }
            var length = Int(first)
            if first >= 0x80 {
                guard (1...3).contains(first & 0x7f), bytes.count >= Int(first & 0x7f) else { throw KeyMaterial.invalid("bad DER") }
                length = bytes.prefix(Int(first & 0x7f)).reduce(0) { $0 << 8 | Int($1) }
                bytes = bytes.dropFirst(Int(first & 0x7f))
            }
            guard length <= bytes.count else { throw KeyMaterial.invalid("bad DER") }
            defer { bytes = bytes.dropFirst(length) }
            return bytes.prefix(length)
        }
    }
}

import Crypto
import Foundation
import Testing
import _CryptoExtras
@testable import EC2Service

/// Key material for CreateKeyPair and ImportKeyPair. The vectors were made with ssh-keygen (OpenSSH 9.2),
/// OpenSSL 3.0 and puttygen 0.78, and their fingerprints computed as the EC2 User Guide says; these tests run no
/// tools. The private keys below are throwaway keys made for these tests only.
@Suite struct KeyMaterialTests {
    // "Verify the fingerprint of your key pair": a key EC2 created is fingerprinted by the SHA-1 of its DER PKCS#8
    // private key (`openssl pkcs8 -topk8 -nocrypt -outform DER | openssl sha1 -c`).
    @Test func createdRSAFingerprintIsSHA1OfPKCS8() throws {
        let created = try KeyMaterial.material(for: _RSA.Signing.PrivateKey(pemRepresentation: KeyVectors.rsaPEM), format: "pem")
        #expect(created.fingerprint == KeyVectors.rsaFingerprint)
        #expect(created.publicKey == KeyVectors.rsaPublicKey)
        // "CreateKeyPair": an unencrypted PEM encoded PKCS#1 private key.
        #expect(created.privateKey == KeyVectors.rsaPEM + "\n")
    }

    // "Create a key pair for your Amazon EC2 instance": ppk is the private key file format PuTTY uses.
    @Test func createdRSAPPKIsWhatPuttygenWrites() throws {
        let created = try KeyMaterial.material(for: _RSA.Signing.PrivateKey(pemRepresentation: KeyVectors.rsaPEM), format: "ppk")
        #expect(created.privateKey == KeyVectors.rsaPPK)
        #expect(created.fingerprint == KeyVectors.rsaFingerprint)
    }

    // "Create a key pair for your Amazon EC2 instance": an ED25519 private key, byte for byte as ssh-keygen writes
    // it; "Verify the fingerprint of your key pair": base64 SHA-256, as OpenSSH 6.8 and later, padding kept.
    @Test func createdEd25519IsWhatSshKeygenAndPuttygenWrite() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: bytes(hex: KeyVectors.ed25519Seed))
        let pem = try KeyMaterial.material(for: key, format: "pem", checkint: KeyVectors.ed25519Checkint)
        #expect(pem.privateKey == KeyVectors.ed25519OpenSSH)
        #expect(pem.publicKey == KeyVectors.ed25519PublicKey)
        #expect(pem.fingerprint == KeyVectors.ed25519Fingerprint)
        let ppk = try KeyMaterial.material(for: key, format: "ppk")
        #expect(ppk.privateKey == KeyVectors.ed25519PPK)
        #expect(ppk.fingerprint == KeyVectors.ed25519Fingerprint)
    }

    // "CreateKeyPair": a 2048-bit RSA key; its PEM reads back, and its fingerprint is over that key's PKCS#8.
    @Test func generatedRSARoundTrips() throws {
        let created = try KeyMaterial.generate(type: "rsa", format: "pem")
        #expect(created.privateKey.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: created.privateKey)
        #expect(key.keySizeInBits == 2048)
        #expect(created.fingerprint == colonHex(Insecure.SHA1.hash(data: key.pkcs8DERRepresentation)))
        // "KeyPairInfo": the same public key imported is fingerprinted differently (MD5 of the public key).
        let imported = try KeyMaterial.importPublicKey(Array(created.publicKey.utf8))
        #expect(imported.type == "rsa" && imported.publicKey == created.publicKey)
        #expect(imported.fingerprint == colonHex(Insecure.MD5.hash(data: key.publicKey.derRepresentation)))
    }

    // "CreateKeyPair": an ED25519 key in the OpenSSH format: magic, no cipher, one key, equal check integers,
    // the seed and public key, padding 1, 2, 3... to 8 bytes.
    @Test func generatedEd25519RoundTrips() throws {
        let created = try KeyMaterial.generate(type: "ed25519", format: "pem")
        let lines = created.privateKey.split(separator: "\n")
        #expect(lines.first == "-----BEGIN OPENSSH PRIVATE KEY-----" && lines.last == "-----END OPENSSH PRIVATE KEY-----")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.count <= 70 })
        let file = try #require(Data(base64Encoded: lines.dropFirst().dropLast().joined()))
        var reader = Reader(Array(file))
        #expect(try reader.take(15) == Array("openssh-key-v1\0".utf8))
        #expect(try reader.string() == Array("none".utf8) && reader.string() == Array("none".utf8) && reader.string() == [])
        #expect(try reader.uint32() == 1)
        let publicBlob = try reader.string()
        #expect(created.publicKey == "ssh-ed25519 " + Data(publicBlob).base64EncodedString())
        var secret = Reader(try reader.string())
        #expect(reader.isAtEnd && secret.bytes.count % 8 == 0)
        #expect(try secret.uint32() == secret.uint32())
        #expect(try secret.string() == Array("ssh-ed25519".utf8))
        let publicKey = try secret.string(), pair = try secret.string()
        #expect(pair.count == 64 && Array(pair.suffix(32)) == publicKey)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: pair.prefix(32))
        #expect(Array(key.publicKey.rawRepresentation) == publicKey)
        #expect(try secret.string() == [])  // No comment.
        #expect(secret.bytes == (0..<secret.bytes.count).map { UInt8($0 + 1) })
        // "KeyPairInfo": created or imported, an ED25519 fingerprint is the same.
        #expect(try KeyMaterial.importPublicKey(Array(created.publicKey.utf8)).fingerprint == created.fingerprint)
        #expect(created.fingerprint.count == 44 && created.fingerprint.hasSuffix("="))
    }

    // "CreateKeyPair": KeyFormat ppk gives a PuTTY key file, for RSA and ED25519 alike.
    @Test(arguments: ["rsa", "ed25519"]) func generatedPPKCarriesThePublicKey(type: String) throws {
        let created = try KeyMaterial.generate(type: type, format: "ppk")
        let lines = created.privateKey.split(separator: "\n", omittingEmptySubsequences: false)
        let algorithm = type == "rsa" ? "ssh-rsa" : "ssh-ed25519"
        #expect(Array(lines.prefix(3)) == ["PuTTY-User-Key-File-2: \(algorithm)", "Encryption: none", "Comment: "])
        let count = try #require(Int(lines[3].dropFirst("Public-Lines: ".count)))
        #expect(algorithm + " " + lines[4..<(4 + count)].joined() == created.publicKey)
        #expect(lines[4 + count].hasPrefix("Private-Lines: ") && lines[lines.count - 2].hasPrefix("Private-MAC: "))
    }

    // "CreateKeyPair": KeyType is rsa or ed25519 and KeyFormat pem or ppk; anything else is a bad parameter.
    @Test func generateRefusesUnknownTypesAndFormats() {
        #expect(throws: KeyMaterialError.self) { try KeyMaterial.generate(type: "dsa", format: "pem") }
        #expect(throws: KeyMaterialError.self) { try KeyMaterial.generate(type: "rsa", format: "der") }
        #expect(throws: KeyMaterialError.self) { try KeyMaterial.generate(type: "ed25519", format: "PEM") }
    }

    // "Verify the fingerprint of your key pair": an imported RSA key is fingerprinted by the MD5 of its DER public
    // key (`openssl md5 -c`); "ImportKeyPair" takes the OpenSSH format, base64 DER and RFC 4716, all the same key.
    @Test(arguments: [KeyVectors.importedRSA, KeyVectors.importedRSA4716, KeyVectors.importedRSASPKI, KeyVectors.importedRSAPKCS1PEM,
                      KeyVectors.importedRSAPKCS1PEM.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n"),
                      "  " + KeyVectors.importedRSA + "\r\n"])
    func importedRSAFingerprintIsMD5OfThePublicKey(material: String) throws {
        let imported = try KeyMaterial.importPublicKey(Array(material.utf8))
        #expect(imported.type == "rsa")
        #expect(imported.fingerprint == KeyVectors.importedRSAFingerprint)
        // The stored public key is the OpenSSH one, without the comment.
        #expect(imported.publicKey == KeyVectors.importedRSA.split(separator: " ").prefix(2).joined(separator: " "))
    }

    // "Create a key pair using a third-party tool and import the public key": lengths 1024 to 4096.
    @Test func importedRSALengths() throws {
        #expect(try KeyMaterial.importPublicKey(Array(KeyVectors.importedRSA1024.utf8)).fingerprint == KeyVectors.importedRSA1024Fingerprint)
        #expect(try KeyMaterial.importPublicKey(openSSHLine("ssh-rsa", rsaBlob(bits: 3072))).type == "rsa")
        #expect(try KeyMaterial.importPublicKey(openSSHLine("ssh-rsa", rsaBlob(bits: 4096))).type == "rsa")
        #expect(refusedAsInvalidFormat(openSSHLine("ssh-rsa", rsaBlob(bits: 768))))
        #expect(refusedAsInvalidFormat(openSSHLine("ssh-rsa", rsaBlob(bits: 8192))))
    }

    // "Verify the fingerprint of your key pair": an imported ED25519 key, base64 SHA-256 with its padding.
    @Test func importedEd25519Fingerprint() throws {
        let imported = try KeyMaterial.importPublicKey(Array(KeyVectors.importedEd25519.utf8))
        #expect(imported.type == "ed25519")
        #expect(imported.fingerprint == KeyVectors.importedEd25519Fingerprint)
        #expect(imported.publicKey == KeyVectors.importedEd25519.split(separator: " ").prefix(2).joined(separator: " "))
        // A comment is any UTF-8 text, and is not kept.
        #expect(try KeyMaterial.importPublicKey(Array((imported.publicKey + " José's laptop").utf8)) == imported)
    }

    // "Create a key pair using a third-party tool and import the public key": RSA and ED25519 only (no DSA, and no
    // ECDSA: EC2 answers InvalidKey.Format), DER and RFC 4716 for RSA only; anything malformed is refused, not a crash.
    @Test(arguments: MalformedKeys.cases) func refusesWhatEC2Refuses(label: String, material: [UInt8]) {
        #expect(refusedAsInvalidFormat(material), "\(label)")
    }
}

// MARK: - MalformedKeys input

enum MalformedKeys {
    static let ed25519Blob: [UInt8] = {
        let line = KeyVectors.importedEd25519.split(separator: " ")
        return Array(Data(base64Encoded: String(line[1])) ?? Data())
    }()
    static let rsaSPKI = Array(Data(base64Encoded: KeyVectors.importedRSASPKI.filter { !$0.isNewline }) ?? Data())

    static let cases: [(String, [UInt8])] = [
        ("empty", []),
        ("blank", Array(" \n\t".utf8)),
        ("not UTF-8", [0xff, 0xfe, 0x00]),
        ("type only", Array("ssh-rsa".utf8)),
        ("bad base64", Array("ssh-rsa !!!!".utf8)),
        ("ECDSA P-256", Array(KeyVectors.ecdsaP256.utf8)),
        ("DSA", openSSHLine("ssh-dss", sshString("ssh-dss") + sshString([1]) + sshString([1]) + sshString([1]) + sshString([1]))),
        ("type and blob disagree", openSSHLine("ssh-rsa", ed25519Blob)),
        ("short ED25519 key", openSSHLine("ssh-ed25519", sshString("ssh-ed25519") + sshString([UInt8](repeating: 7, count: 31)))),
        ("truncated blob", openSSHLine("ssh-ed25519", Array(ed25519Blob.dropLast()))),
        ("trailing bytes", openSSHLine("ssh-ed25519", ed25519Blob + [0])),
        ("length past the end", openSSHLine("ssh-rsa", [0xff, 0xff, 0xff, 0xff] + Array("ssh-rsa".utf8))),
        ("negative modulus", openSSHLine("ssh-rsa", sshString("ssh-rsa") + sshString([1, 0, 1]) + sshString([0x80] + [UInt8](repeating: 1, count: 255)))),
        ("zero modulus", openSSHLine("ssh-rsa", sshString("ssh-rsa") + sshString([1, 0, 1]) + sshString([]))),
        ("two keys", Array((KeyVectors.importedEd25519 + "\n" + KeyVectors.importedEd25519).utf8)),
        ("authorized_keys options", Array(("no-pty " + KeyVectors.importedEd25519).utf8)),
        ("ED25519 as RFC 4716", Array(("---- BEGIN SSH2 PUBLIC KEY ----\n" + Data(ed25519Blob).base64EncodedString() + "\n---- END SSH2 PUBLIC KEY ----").utf8)),
        ("RFC 4716 without its end", Array(KeyVectors.importedRSA4716.split(separator: "\n").dropLast().joined(separator: "\n").utf8)),
        ("ED25519 as DER", Array(Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00] + Array(ed25519Blob.suffix(32))).base64EncodedString().utf8)),
        ("DER with trailing bytes", Array(Data(rsaSPKI + [0]).base64EncodedString().utf8)),
        ("DER garbage", Array("AAAA".utf8)),
        ("private key PEM", Array(KeyVectors.rsaPEM.utf8)),
    ]
}

// MARK: - Helpers

private func refusedAsInvalidFormat(_ material: [UInt8]) -> Bool {
    do {
        _ = try KeyMaterial.importPublicKey(material)
        return false
    } catch KeyMaterialError.invalidFormat {
        return true
    } catch {
        return false
    }
}

private func sshString(_ bytes: [UInt8]) -> [UInt8] {
    let n = UInt32(bytes.count)
    return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
}

private func sshString(_ text: String) -> [UInt8] { sshString(Array(text.utf8)) }

private func openSSHLine(_ type: String, _ blob: [UInt8]) -> [UInt8] {
    Array((type + " " + Data(blob).base64EncodedString()).utf8)
}

/// An RSA public key blob with a random odd modulus of exactly `bits` bits and e = 65537.
private func rsaBlob(bits: Int) -> [UInt8] {
    var modulus = (0..<(bits / 8)).map { _ in UInt8.random(in: 0...255) }
    modulus[0] |= 0x80
    modulus[modulus.count - 1] |= 1
    return sshString("ssh-rsa") + sshString([1, 0, 1]) + sshString([0] + modulus)
}

private func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = [], rest = hex[...]
    while !rest.isEmpty {
        out.append(UInt8(rest.prefix(2), radix: 16) ?? 0)
        rest = rest.dropFirst(2)
    }
    return out
}

private func colonHex(_ digest: some Sequence<UInt8>) -> String {
    digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
}

/// Reads the SSH wire encoding back, for checking the OpenSSH private key format.
private struct Reader {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var isAtEnd: Bool { bytes.isEmpty }

    mutating func take(_ count: Int) throws -> [UInt8] {
        try #require(bytes.count >= count)
        defer { bytes.removeFirst(count) }
        return Array(bytes.prefix(count))
    }

    mutating func uint32() throws -> UInt32 { try take(4).reduce(0) { $0 << 8 | UInt32($1) } }
    mutating func string() throws -> [UInt8] { try take(Int(uint32())) }
}

// MARK: - KeyVectors

enum KeyVectors {
    /// `openssl genrsa -traditional 2048`; its fingerprint by `openssl pkcs8 -topk8 -nocrypt -outform DER | openssl sha1 -c`.
    static let rsaPEM = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpQIBAAKCAQEA3CzmS6iB/rT1y5D2nuWeujgoMWYG8qoOFIum9uC12SC5kPdK
        UHpZkAGTKhRg9vHfgIBvcHtReitdRwzkHPyxP9sjI0dFC7sN9uIdyERybJ4KmHqi
        b5Atork5YJdQiPqbB0s9oc/5cfsSlKe735bIgShfVSIwiHh5Swue2LuH8Nk4So7u
        SKLETA2iDGXDEt/ICYinWaZ94oB5M70+RCCKAdDBu+5BsSJQf0Adv2u3tLon+cny
        y5GHjfc2Y4670lp4Vh/QZbmyLXATU0ocHwMe7yJyPAIFdv/WPBD18K6w4rhBPKcA
        +RZpU9UsD+QL0TOgNrCG/vIov85rnBbx1kR/CQIDAQABAoIBABVyijx0fbVCC294
        /40a8QtSzReCyMp6pkR6FhmWaiBsf6cPb73HLVJJ1PwUYB2uEgeCe1iJqrYr4zo4
        lz/7nYiK4DFfj+pEnmeePyhzAnJyMrYHvCsB8HAZeu1d0AqH3vIm8ioBCFuCCZ1R
        eYueNIngVOkGG5QvqCEXULHsEqHzWK6VVxow7Cn9d9WfF9s+z0HNBFzo+RyxL2U4
        C6bjThvwpuZ+J2vqh/tDoOwtqzEc6NaLIHTydoe4btmjTGXzy1nD3VDbbUradDXF
        sCoRj8XNOL3D2m4sjmFCgUdqyA+G6G0X/vtiq4QE4W3UrgjXR4Hx39lGyEDdjZ4q
        wFprg8ECgYEA9sc610BxnS+cmIF9XPuDIv/Uhv5Mep8urWf4ocpMlBpmVMDugegY
        q2at44hsshzm6XM8r3Fq+H8fI4T07MrvJOUVs7NNNfcsfqOtU5O2dqGUaueeRwGZ
        UIoEq0ybn2fGGOWIQhtrVeUKlj84oiwBkRyPdZCpMbHsz9iM0za51eMCgYEA5Gct
        XaCSa/d73xKmair7+6FFhflLA61psTvAFcglPm98Rtbd0+muYX7DJGh0yAxFsTv3
        fRfyxS+bf9vyv+awkSInV4kCsdrYeHJDXMOw/p/M9tlWlVCMg9u3f38E+VPZdSwd
        nqZskEb++nAvG3gR9v4p+ocKqwnMfxAyR3p+iyMCgYEAxZngLs3ma6PdM2y0ckje
        x56ske98U8+0s5uGRh7T1N+Swxi9on2zi0Orx37M8o4cBCCHHkCmFBbOW0WyTQ1u
        Ek/xYbQYBjdGhJ0RQ9QKjdFyI2wVm+vW1Nu/Q18TWb/hqrvYsH5+IwhEwuwasBim
        pIiHAu9z21wKMJ/Im7O9eFsCgYEAtazAMAYGEa0UMbbi+fXg4yE/bLaDjZRFSr2N
        J4ZA4a3J+4rzfZkVpOUwkWgo4+qnELfzPuRqraAVnxkzuKLldTvmcUFBDHlX0E6K
        +GGMCqzPWtY7gZ9FdaiyB87gBPZGNWZ21PfpyMVAEbJkNgRGveEjQOxjdvLfX35h
        j+uGdmMCgYEA3bD+a/1tOgTT2vH2dO3CNC6EmZcKj2BVRLtiyyaJd7FwxD+CMhVa
        Pfqo1e44MyOPkTEq1MyEkHwqxHh9kiUX4JHeQ8qEdxEAfrRuqsmKL+LEuU2zZPvi
        UZhH3bonZDWyKSXjXgrnz/YPltVEzFLGlfTr+ce83nqBYb1HS34KV9I=
        -----END RSA PRIVATE KEY-----
        """
    static let rsaFingerprint = "db:9d:40:a2:3e:ef:53:04:fc:a9:28:52:6c:a5:32:f5:70:8d:2d:fd"
    /// `ssh-keygen -y -f` of that key.
    static let rsaPublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDcLOZLqIH+tPXLkPae5Z66OCgxZgbyqg4Ui6b24LXZILmQ90pQelmQAZMqFGD28d+AgG9we1F6K11HDOQc/LE/2yMjR0ULuw324h3IRHJsngqYeqJvkC2iuTlgl1CI+psHSz2hz/lx+xKUp7vflsiBKF9VIjCIeHlLC57Yu4fw2ThKju5IosRMDaIMZcMS38gJiKdZpn3igHkzvT5EIIoB0MG77kGxIlB/QB2/a7e0uif5yfLLkYeN9zZjjrvSWnhWH9BlubItcBNTShwfAx7vInI8AgV2/9Y8EPXwrrDiuEE8pwD5FmlT1SwP5AvRM6A2sIb+8ii/zmucFvHWRH8J"
    /// `puttygen key.pem -C '' -O private --ppk-param version=2`.
    static let rsaPPK = """
        PuTTY-User-Key-File-2: ssh-rsa
        Encryption: none
        Comment:\u{20}
        Public-Lines: 6
        AAAAB3NzaC1yc2EAAAADAQABAAABAQDcLOZLqIH+tPXLkPae5Z66OCgxZgbyqg4U
        i6b24LXZILmQ90pQelmQAZMqFGD28d+AgG9we1F6K11HDOQc/LE/2yMjR0ULuw32
        4h3IRHJsngqYeqJvkC2iuTlgl1CI+psHSz2hz/lx+xKUp7vflsiBKF9VIjCIeHlL
        C57Yu4fw2ThKju5IosRMDaIMZcMS38gJiKdZpn3igHkzvT5EIIoB0MG77kGxIlB/
        QB2/a7e0uif5yfLLkYeN9zZjjrvSWnhWH9BlubItcBNTShwfAx7vInI8AgV2/9Y8
        EPXwrrDiuEE8pwD5FmlT1SwP5AvRM6A2sIb+8ii/zmucFvHWRH8J
        Private-Lines: 14
        AAABABVyijx0fbVCC294/40a8QtSzReCyMp6pkR6FhmWaiBsf6cPb73HLVJJ1PwU
        YB2uEgeCe1iJqrYr4zo4lz/7nYiK4DFfj+pEnmeePyhzAnJyMrYHvCsB8HAZeu1d
        0AqH3vIm8ioBCFuCCZ1ReYueNIngVOkGG5QvqCEXULHsEqHzWK6VVxow7Cn9d9Wf
        F9s+z0HNBFzo+RyxL2U4C6bjThvwpuZ+J2vqh/tDoOwtqzEc6NaLIHTydoe4btmj
        TGXzy1nD3VDbbUradDXFsCoRj8XNOL3D2m4sjmFCgUdqyA+G6G0X/vtiq4QE4W3U
        rgjXR4Hx39lGyEDdjZ4qwFprg8EAAACBAPbHOtdAcZ0vnJiBfVz7gyL/1Ib+THqf
        Lq1n+KHKTJQaZlTA7oHoGKtmreOIbLIc5ulzPK9xavh/HyOE9OzK7yTlFbOzTTX3
        LH6jrVOTtnahlGrnnkcBmVCKBKtMm59nxhjliEIba1XlCpY/OKIsAZEcj3WQqTGx
        7M/YjNM2udXjAAAAgQDkZy1doJJr93vfEqZqKvv7oUWF+UsDrWmxO8AVyCU+b3xG
        1t3T6a5hfsMkaHTIDEWxO/d9F/LFL5t/2/K/5rCRIidXiQKx2th4ckNcw7D+n8z2
        2VaVUIyD27d/fwT5U9l1LB2epmyQRv76cC8beBH2/in6hwqrCcx/EDJHen6LIwAA
        AIEA3bD+a/1tOgTT2vH2dO3CNC6EmZcKj2BVRLtiyyaJd7FwxD+CMhVaPfqo1e44
        MyOPkTEq1MyEkHwqxHh9kiUX4JHeQ8qEdxEAfrRuqsmKL+LEuU2zZPviUZhH3bon
        ZDWyKSXjXgrnz/YPltVEzFLGlfTr+ce83nqBYb1HS34KV9I=
        Private-MAC: 223f3b04275e1df1746945b2bbba0d244869f353

        """

    /// `ssh-keygen -t ed25519 -N '' -C ''`: its seed and check integer, the file itself, and puttygen's PPK v2 of it.
    static let ed25519Seed = "38ff6704ee84cca4141b37bb846de893d6148c366647808456539745b2863b16"
    static let ed25519Checkint: UInt32 = 3_323_768_405
    static let ed25519OpenSSH = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACDHU0sSc+jKyt7repVOCpGOfjYLGKbN4SjYrLRRiCdqkQAAAIjGHK5Vxhyu
        VQAAAAtzc2gtZWQyNTUxOQAAACDHU0sSc+jKyt7repVOCpGOfjYLGKbN4SjYrLRRiCdqkQ
        AAAEA4/2cE7oTMpBQbN7uEbeiT1hSMNmZHgIRWU5dFsoY7FsdTSxJz6MrK3ut6lU4KkY5+
        NgsYps3hKNistFGIJ2qRAAAAAAECAwQF
        -----END OPENSSH PRIVATE KEY-----

        """
    static let ed25519PPK = """
        PuTTY-User-Key-File-2: ssh-ed25519
        Encryption: none
        Comment:\u{20}
        Public-Lines: 2
        AAAAC3NzaC1lZDI1NTE5AAAAIMdTSxJz6MrK3ut6lU4KkY5+NgsYps3hKNistFGI
        J2qR
        Private-Lines: 1
        AAAAIDj/ZwTuhMykFBs3u4Rt6JPWFIw2ZkeAhFZTl0WyhjsW
        Private-MAC: 33e5501d6a198571eec4f81f0f13476b27f6d345

        """
    static let ed25519PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdTSxJz6MrK3ut6lU4KkY5+NgsYps3hKNistFGIJ2qR"
    /// `ssh-keygen -lf` prints SHA256:5AD7IXCy0psRoCNa2i8jJ8Qxs+JSKjX83vE03xAKT2U; EC2 keeps the base64 padding.
    static let ed25519Fingerprint = "5AD7IXCy0psRoCNa2i8jJ8Qxs+JSKjX83vE03xAKT2U="

    /// `ssh-keygen -t rsa -b 2048`, and its fingerprint as the EC2 User Guide computes an imported key's:
    /// `ssh-keygen -ef key -m PEM | openssl rsa -RSAPublicKey_in -outform DER | openssl md5 -c`.
    static let importedRSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC+c1ibJYLfqSnQgeWBfnqJbIU9OgPcDslXUWc2gaLE8Je2xOW2u95U1A+a8Gu1+rITHY8utuABsOrhkBq6GqQNsdDm7aCKrMzHc8mxOjiF8ylbX8h+YULJD/u9Vw25hLY+GtnqIqg9WcKwnYrJmJ81Uyona5dJpObey0Vpk8rAkJoCbjAqstaZti8SlH0HTQCDfNrs8B0xCXpHfDbV93907xrPfCs8JBQyuk4bQCaXxfS8uLuhP7NPwjvsMx0MY+pus5jgQeLgFgbz0+LWtX4ly2ZnYoBx84+F+zqoPXy71DpQm+htKU5rxyOyC2FF6iOCm1Xkfg5ylbDoDPHsRezh alice@example"
    static let importedRSAFingerprint = "6d:f1:51:02:43:4b:f7:cd:dc:2d:43:00:e7:e6:0e:88"
    /// The same key by `ssh-keygen -e` (RFC 4716), as base64 SubjectPublicKeyInfo DER, and by `ssh-keygen -e -m PEM`.
    static let importedRSA4716 = """
        ---- BEGIN SSH2 PUBLIC KEY ----
        Comment: "2048-bit RSA, converted by root@vm from OpenSSH"
        AAAAB3NzaC1yc2EAAAADAQABAAABAQC+c1ibJYLfqSnQgeWBfnqJbIU9OgPcDslXUWc2ga
        LE8Je2xOW2u95U1A+a8Gu1+rITHY8utuABsOrhkBq6GqQNsdDm7aCKrMzHc8mxOjiF8ylb
        X8h+YULJD/u9Vw25hLY+GtnqIqg9WcKwnYrJmJ81Uyona5dJpObey0Vpk8rAkJoCbjAqst
        aZti8SlH0HTQCDfNrs8B0xCXpHfDbV93907xrPfCs8JBQyuk4bQCaXxfS8uLuhP7NPwjvs
        Mx0MY+pus5jgQeLgFgbz0+LWtX4ly2ZnYoBx84+F+zqoPXy71DpQm+htKU5rxyOyC2FF6i
        OCm1Xkfg5ylbDoDPHsRezh
        ---- END SSH2 PUBLIC KEY ----
        """
    static let importedRSASPKI = """
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvnNYmyWC36kp0IHlgX56
        iWyFPToD3A7JV1FnNoGixPCXtsTltrveVNQPmvBrtfqyEx2PLrbgAbDq4ZAauhqk
        DbHQ5u2giqzMx3PJsTo4hfMpW1/IfmFCyQ/7vVcNuYS2PhrZ6iKoPVnCsJ2KyZif
        NVMqJ2uXSaTm3stFaZPKwJCaAm4wKrLWmbYvEpR9B00Ag3za7PAdMQl6R3w21fd/
        dO8az3wrPCQUMrpOG0Aml8X0vLi7oT+zT8I77DMdDGPqbrOY4EHi4BYG89Pi1rV+
        JctmZ2KAcfOPhfs6qD18u9Q6UJvobSlOa8cjsgthReojgptV5H4OcpWw6Azx7EXs
        4QIDAQAB
        """
    static let importedRSAPKCS1PEM = """
        -----BEGIN RSA PUBLIC KEY-----
        MIIBCgKCAQEAvnNYmyWC36kp0IHlgX56iWyFPToD3A7JV1FnNoGixPCXtsTltrve
        VNQPmvBrtfqyEx2PLrbgAbDq4ZAauhqkDbHQ5u2giqzMx3PJsTo4hfMpW1/IfmFC
        yQ/7vVcNuYS2PhrZ6iKoPVnCsJ2KyZifNVMqJ2uXSaTm3stFaZPKwJCaAm4wKrLW
        mbYvEpR9B00Ag3za7PAdMQl6R3w21fd/dO8az3wrPCQUMrpOG0Aml8X0vLi7oT+z
        T8I77DMdDGPqbrOY4EHi4BYG89Pi1rV+JctmZ2KAcfOPhfs6qD18u9Q6UJvobSlO
        a8cjsgthReojgptV5H4OcpWw6Azx7EXs4QIDAQAB
        -----END RSA PUBLIC KEY-----
        """
    /// `ssh-keygen -t rsa -b 1024`, the shortest length EC2 lists.
    static let importedRSA1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC6rCNk4xcPkc0nb9dCuBEKhse8znJ9bpDC5tIm/G+srQlkHpQ/040008loMjl6hOYD5bXmuXggiYH7snAr093vC9+Ot++V2+uY7OOskTr9YEMf5HFMqQTZVGxWnZXDfWq4usYsCeQNmzrAgcViDDPU92qs+hfUYQpjw1oMNsfP7Q=="
    static let importedRSA1024Fingerprint = "92:a2:11:2e:5e:c6:44:8c:e7:ca:80:05:b7:a1:22:ff"
    /// `ssh-keygen -t ed25519`; `ssh-keygen -lf` prints SHA256:lHC1+YOsBY1so0q7EJqKxpvtSTBEr4/oMi0LKB1Wu70.
    static let importedEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICNMFOihVKJMzdH7FtPlQ1RcXg/toKsFCSN/r2cfu/1a bob@example"
    static let importedEd25519Fingerprint = "lHC1+YOsBY1so0q7EJqKxpvtSTBEr4/oMi0LKB1Wu70="
    /// `ssh-keygen -t ecdsa -b 256`.
    static let ecdsaP256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDE7nOtnhghVdLj7enstiAZpvhBDiGa4feK7VHW+rdSPCSsTqR3vxdTwvc1W4KP1A3bitXKS145x7GU7jJreN1o="
}

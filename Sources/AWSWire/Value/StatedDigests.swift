/// The digests a request states for its body ("Checking object integrity in Amazon S3"): `Content-MD5` and at most
/// one `x-amz-checksum-*` header, each base64 of the algorithm's digest, checked against the body S3 received.
public enum StatedDigests {
    /// Bytes of each algorithm's digest: a stated value of another length is malformed, not a mismatch.
    static func digestLength(_ algorithm: ChecksumAlgorithm) -> Int {
        switch algorithm {
        case .crc32, .crc32c: return 4
        case .crc64nvme: return 8
        case .sha1: return 20
        case .sha256: return 32
        }
    }

    /// The checksums a request states, by algorithm, from a lookup by algorithm (its headers or its input members).
    public static func stated(_ value: (ChecksumAlgorithm) -> String?) -> [ChecksumAlgorithm: String] {
        var stated: [ChecksumAlgorithm: String] = [:]
        for algorithm in ChecksumAlgorithm.allCases { if let text = value(algorithm) { stated[algorithm] = text } }
        return stated
    }

    /// One checksum at most, each well formed: S3 refuses the request before looking at the body otherwise.
    public static func checkForm(_ stated: [ChecksumAlgorithm: String]) throws(AWSError) {
        guard stated.count <= 1 else {
            throw AWSError("InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.", status: 400)
        }
        for (algorithm, value) in stated where Base64.decode(value)?.count != digestLength(algorithm) {
            throw AWSError("InvalidRequest", "Value for \(algorithm.headerName) header is invalid.", status: 400)
        }
    }

    /// The checksum algorithm a request names (`x-amz-checksum-algorithm`, `x-amz-sdk-checksum-algorithm`), or S3's
    /// refusal of a name it does not know.
    public static func algorithm(named name: String?) throws(AWSError) -> ChecksumAlgorithm? {
        guard let name else { return nil }
        guard let algorithm = ChecksumAlgorithm(rawValue: name) else {
            throw AWSError("InvalidRequest", "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                + "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]", status: 400)
        }
        return algorithm
    }

    /// A `Content-MD5` that is not the base64 of 16 bytes.
    public static func invalidMD5(_ stated: String) -> AWSError {
        AWSError("InvalidDigest", "The Content-MD5 you specified was invalid.", status: 400, fields: [("Content-MD5", stated)])
    }

    public static let md5Mismatch = AWSError("BadDigest", "The Content-MD5 you specified did not match what we received.", status: 400)

    public static func checksumMismatch(_ algorithm: ChecksumAlgorithm) -> AWSError {
        AWSError("BadDigest", "The \(algorithm.rawValue) you specified did not match the calculated checksum.", status: 400)
    }

    /// Checks a body held in memory (a configuration document, DeleteObjects' list) against the digests its
    /// headers state. `required`: the operation must state one (the model's `requestChecksumRequired`);
    /// `checksumsDescribeBody`: its checksum headers are about the body (otherwise only Content-MD5 is).
    public static func verify(_ body: [UInt8], header: (String) -> String?, required: Bool, checksumsDescribeBody: Bool = true) throws(AWSError) {
        let stated = checksumsDescribeBody ? stated { header($0.headerName) } : [:]
        let md5 = header("content-md5")
        if required, md5 == nil, stated.isEmpty {
            throw AWSError("InvalidRequest", "Missing required header for this request: Content-MD5", status: 400)
        }
        try checkForm(stated)
        if let md5 {
            guard let bytes = Base64.decode(md5), bytes.count == 16 else { throw invalidMD5(md5) }
            var digest = RunningDigest.md5()
            digest.update(body)
            guard digest.finalize() == bytes else { throw md5Mismatch }
        }
        for (algorithm, value) in stated {
            var digest = RunningDigest(algorithm)
            digest.update(body)
            guard Base64.encode(digest.finalize()) == value else { throw checksumMismatch(algorithm) }
        }
    }
}

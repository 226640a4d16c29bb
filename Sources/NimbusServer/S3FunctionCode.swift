import LambdaService
import S3Service

/// Lambda's function code from S3 (`S3Bucket`/`S3Key`), read by S3's own reader: the two services meet here, in the
/// server that holds both, so neither depends on the other.
struct S3FunctionCode: S3ObjectReading {
    let reader: S3ObjectReader

    func object(bucket: String, key: String, version: String?, account: String, region: String) async throws -> [UInt8]? {
        try reader.object(bucket: bucket, key: key, version: version)
    }
}

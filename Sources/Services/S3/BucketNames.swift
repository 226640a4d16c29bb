/// "General purpose bucket naming rules" (Amazon S3 User Guide).
enum BucketNames {
    /// Nil when `name` is a valid bucket name, else why not.
    static func problem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (3 ... 63).contains(bytes.count) else { return "Bucket names must be between 3 and 63 characters long." }
        let allowed = bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }
        guard allowed else { return "Bucket names can consist only of lowercase letters, numbers, periods, and hyphens." }
        func alphanumeric(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        guard alphanumeric(bytes.first!), alphanumeric(bytes.last!) else { return "Bucket names must begin and end with a letter or number." }
        guard !name.contains("..") else { return "Bucket names must not contain two adjacent periods." }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            return "Bucket names must not be formatted as an IP address."
        }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where name.hasPrefix(prefix) {
            return "Bucket names must not start with the prefix \(prefix)."
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] where name.hasSuffix(suffix) {
            return "Bucket names must not end with the suffix \(suffix)."
        }
        return nil
    }
}

/// Where a resource lives: an AWS account and a region.
///
/// - `region == ""`: a global service (IAM, Organizations) of that account.
/// - `account == ""`: a Nimbus-wide index that belongs to no account (e.g. the access-key registry);
///   ``Partition/nimbus`` is the partition with both empty.
public struct Partition: Hashable, Sendable, Codable, CustomStringConvertible {
    public let account: String
    public let region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    /// Nimbus-wide state that belongs to no account and no region.
    public static let nimbus = Partition(account: "", region: "")

    public var description: String {
        "\(account.isEmpty ? "(nimbus)" : account)/\(region.isEmpty ? "(global)" : region)"
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// A Parameter Store parameter ("AWS Systems Manager Parameter Store"): every version kept (up to 100), each
/// with its labels.
struct SSMParameter: Resource {
    static let kind = "ssm.parameter"
    /// "Parameter Store quotas": versions kept per parameter, labels per version.
    static let maxVersions = 100
    static let maxLabelsPerVersion = 10

    struct Version: Codable, Hashable, Sendable {
        var version: Int
        var value: String
        var type: String
        var description: String?
        var allowedPattern: String?
        var dataType: String
        var tier: String
        var keyId: String?
        var modified: Date
        var modifiedBy: String
        var labels: [String] = []
    }

    var name: String
    var versions: [Version]
    var tags: [String: String] = [:]

    var latest: Version { versions[versions.count - 1] }

    func arn(_ region: String, _ account: String) -> String {
        "arn:aws:ssm:\(region):\(account):parameter" + (name.hasPrefix("/") ? name : "/" + name)
    }
}

/// A parameter (or one version of it) as GetParameter and its siblings show it.
struct ParameterView {
    var name: String
    var type: String
    var value: String
    var version: Int
    var modified: Date
    var arn: String
    var dataType: String
    var selector: String?

    var output: AWSValue {
        .structure([
            "Name": .string(name), "Type": .string(type), "Value": .string(value), "Version": .int(version),
            "LastModifiedDate": .timestamp(modified), "ARN": .string(arn), "DataType": .string(dataType),
            "Selector": selector.map(AWSValue.string),
        ])
    }
}

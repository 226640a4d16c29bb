import AWSWire
import NimbusCore
import State

/// Amazon EC2. The region and zone catalogue so far; networking and compute are their issues' work.
public struct EC2Provider: ServiceProvider {
    public init() {}

    public let serviceName = "ec2"
    public var resourceTypes: [any Resource.Type] { [] }

    public var handlers: [String: OperationHandler] {
        [
            "DescribeRegions": Regions.describeRegions,
            "DescribeAvailabilityZones": Regions.describeAvailabilityZones,
        ]
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// An EC2 instance ("Amazon EC2 instance state changes"): its launch settings, its primary network interface
/// (which holds its private and public addresses), its volumes and its life-cycle state.
struct Instance: EC2Resource {
    static let kind = "ec2.instance"
    static let idPrefix = "i"
    static let resourceType = "instance"
    /// "Terminated instances remain visible in the console for a while": about an hour.
    static let terminatedVisibility: TimeInterval = 3600

    struct BlockDevice: Codable, Hashable, Sendable {
        var deviceName: String
        var volumeId: String
        var deleteOnTermination: Bool
        var attachTime: Date
    }

    struct MetadataOptions: Codable, Hashable, Sendable {
        /// `required` (IMDSv2 only) or `optional` (IMDSv1 too).
        var httpTokens = "optional"
        var httpPutResponseHopLimit = 1
        var httpEndpoint = "enabled"
        var instanceMetadataTags = "disabled"
    }

    var id: String
    var reservationId: String
    var ownerId: String
    var imageId: String
    var instanceType: String
    var architecture: String
    var platform: String?
    var platformDetails: String
    var keyName: String?
    var launchTime: Date
    var amiLaunchIndex: Int
    var subnetId: String
    var vpcId: String
    var availabilityZone: String
    var tenancy = "default"
    var placementGroup: String?
    var partitionNumber: Int?
    /// The primary interface (device index 0); `attachedInterfaces` are the others.
    var primaryInterfaceId: String
    var attachedInterfaces: [String] = []
    /// Whether the instance gets a public address when it starts (the subnet's setting or the launch's choice).
    var wantsPublicIp: Bool
    var rootDeviceName: String
    var blockDevices: [BlockDevice] = []
    var iamInstanceProfileArn: String?
    var iamInstanceProfileId: String?
    /// Base64 text, as given.
    var userData: String?
    var metadataOptions = MetadataOptions()
    var disableApiTermination = false
    var shutdownBehavior = "stop"
    var ebsOptimized = false
    var monitoring = false
    var clientToken: String?
    var creditSpecification: String?
    /// Instance-store volumes mapped at launch, device by virtual name (`ephemeral0`: `/dev/sdb`); nil when none.
    var instanceStore: [String: String]?
    var coreCount: Int
    var threadsPerCore: Int
    /// `spot` for Spot Instances ("InstanceLifecycle"); nil for On-Demand.
    var instanceLifecycle: String?
    var spotInstanceRequestId: String?
    var state: InstanceState
    var stateChanged: Date
    var stateTransitionReason = ""
    var stateReason: InstanceState.Reason?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidInstanceID.NotFound", ids.count > 1
            ? "The instance IDs '\(ids.joined(separator: ", "))' do not exist"
            : "The instance ID '\(ids.first ?? "")' does not exist")
    }

    static var malformedCode: String { "InvalidInstanceID.Malformed" }

    /// The state now: pending, stopping and shutting-down end after the configured transition time.
    func currentState(_ now: Date) -> InstanceState {
        guard now.timeIntervalSince(stateChanged) >= InstanceLifecycle.transitionSeconds else { return state }
        return state.settled
    }

    func isVisible(_ now: Date) -> Bool {
        currentState(now) != .terminated || now.timeIntervalSince(stateChanged) < Self.terminatedVisibility
    }

    static let filterNames: Set<String> = [
        "affinity", "architecture", "availability-zone", "block-device-mapping.device-name",
        "block-device-mapping.delete-on-termination", "block-device-mapping.status", "block-device-mapping.volume-id",
        "client-token", "dns-name", "iam-instance-profile.arn", "image-id", "instance-id", "instance-lifecycle",
        "instance-state-code", "instance-state-name", "instance-type", "ip-address", "key-name", "launch-index",
        "launch-time", "metadata-options.http-tokens", "metadata-options.http-endpoint", "monitoring-state",
        "network-interface.network-interface-id", "network-interface.subnet-id", "network-interface.vpc-id",
        "network-interface.addresses.private-ip-address", "owner-id", "placement-group-name", "platform",
        "platform-details", "private-dns-name", "private-ip-address", "reservation-id", "root-device-name",
        "root-device-type", "subnet-id", "tenancy", "vpc-id", "instance.group-id", "instance.group-name",
        "group-id", "group-name", "virtualization-type", "hypervisor", "placement-partition-number", "spot-instance-request-id",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        // Looked up only by the filters that need them: a filter scans every instance of the Region.
        var interface: NetworkInterface? { network.get(NetworkInterface.self, primaryInterfaceId) }
        var publicIp: String? { InstanceNetwork.publicIp(of: self, interface, network) }
        switch name {
        case "architecture": return [architecture]
        case "availability-zone": return [availabilityZone]
        case "block-device-mapping.device-name": return blockDevices.map(\.deviceName)
        case "block-device-mapping.volume-id": return blockDevices.map(\.volumeId)
        case "block-device-mapping.delete-on-termination": return blockDevices.map { String($0.deleteOnTermination) }
        case "block-device-mapping.status": return blockDevices.map { _ in "attached" }
        case "client-token": return clientToken.map { [$0] } ?? []
        case "dns-name": return publicIp.map { [NetworkInterface.publicDnsName($0, region: network.partition.region)] } ?? []
        case "iam-instance-profile.arn": return iamInstanceProfileArn.map { [$0] } ?? []
        case "image-id": return [imageId]
        case "instance-id": return [id]
        case "instance-state-code": return [String(currentState(network.now).code)]
        case "instance-state-name": return [currentState(network.now).rawValue]
        case "instance-type": return [instanceType]
        case "ip-address": return publicIp.map { [$0] } ?? []
        case "key-name": return keyName.map { [$0] } ?? []
        case "launch-index": return [String(amiLaunchIndex)]
        case "launch-time": return [Timestamp.iso8601(launchTime)]
        case "metadata-options.http-tokens": return [metadataOptions.httpTokens]
        case "metadata-options.http-endpoint": return [metadataOptions.httpEndpoint]
        case "monitoring-state": return [monitoring ? "enabled" : "disabled"]
        case "network-interface.network-interface-id": return [primaryInterfaceId] + attachedInterfaces
        case "network-interface.subnet-id", "subnet-id": return interface == nil ? [] : [subnetId]
        case "network-interface.vpc-id", "vpc-id": return interface == nil ? [] : [vpcId]
        case "network-interface.addresses.private-ip-address": return interface?.privateIps.map(\.address) ?? []
        case "owner-id": return [ownerId]
        case "placement-group-name": return placementGroup.map { [$0] } ?? []
        case "placement-partition-number": return partitionNumber.map { [String($0)] } ?? []
        case "platform": return platform.map { [$0] } ?? []
        case "platform-details": return [platformDetails]
        case "private-dns-name": return interface.map { [NetworkInterface.privateDnsName($0.primaryPrivateIp, region: network.partition.region)] } ?? []
        case "private-ip-address": return interface.map { [$0.primaryPrivateIp] } ?? []
        case "reservation-id": return [reservationId]
        case "root-device-name": return [rootDeviceName]
        case "root-device-type": return ["ebs"]
        case "tenancy": return [tenancy]
        case "instance.group-id", "group-id": return interface?.groups ?? []
        case "instance.group-name", "group-name":
            return (interface?.groups ?? []).compactMap { network.get(SecurityGroup.self, $0)?.name }
        case "virtualization-type": return ["hvm"]
        case "hypervisor": return ["xen"]
        case "instance-lifecycle": return instanceLifecycle.map { [$0] } ?? []
        case "spot-instance-request-id": return spotInstanceRequestId.map { [$0] } ?? []
        case "affinity": return []
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue { InstanceOutput.instance(self, network) }
}

/// The states of "Amazon EC2 instance state changes", with their codes.
enum InstanceState: String, Codable, Sendable {
    case pending, running, stopping, stopped
    case shuttingDown = "shutting-down"
    case terminated

    struct Reason: Codable, Hashable, Sendable {
        var code: String
        var message: String
    }

    var code: Int {
        switch self {
        case .pending: return 0
        case .running: return 16
        case .shuttingDown: return 32
        case .terminated: return 48
        case .stopping: return 64
        case .stopped: return 80
        }
    }

    /// Where a transitional state ends.
    var settled: InstanceState {
        switch self {
        case .pending: return .running
        case .stopping: return .stopped
        case .shuttingDown: return .terminated
        default: return self
        }
    }

    var output: AWSValue { ["Code": .int(code), "Name": .string(rawValue)] }
}

/// How long transitional states last. AWS takes seconds to minutes; Nimbus is instant by default (a waiter's
/// first poll sees the settled state) and `NIMBUS_EC2_TRANSITION_SECONDS` slows it down for tests of the states.
enum InstanceLifecycle {
    static let transitionSeconds: TimeInterval = {
        ProcessInfo.processInfo.environment["NIMBUS_EC2_TRANSITION_SECONDS"].flatMap(TimeInterval.init) ?? 0
    }()
}

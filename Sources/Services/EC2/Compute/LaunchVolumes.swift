import AWSWire
import Foundation
import NimbusCore
import State

/// The volumes a launch makes ("Block device mappings for volumes on Amazon EC2 instances"): the root volume
/// from the image's snapshot (at least the snapshot's size), and each EBS mapping given.
enum LaunchVolumes {
    /// "Amazon EBS volume types": sizes in GiB by type.
    static let sizeRanges: [String: ClosedRange<Int>] = [
        "gp2": 1...16_384, "gp3": 1...16_384, "io1": 4...16_384, "io2": 4...65_536, "st1": 125...16_384,
        "sc1": 125...16_384, "standard": 1...1_024,
    ]
    /// Throughput-optimized and cold HDD volumes cannot be boot volumes.
    static let notBootable: Set<String> = ["st1", "sc1"]

    static func create(_ mappings: AWSValue?, image: LaunchImage, instanceId: String, zone: String, tags: [EC2Tag],
                       _ tx: inout StoreTransaction, _ context: RequestContext) throws -> [Instance.BlockDevice] {
        let given = mappings?.list ?? []
        var devices: [Instance.BlockDevice] = []
        let rootSpec = given.first { $0["DeviceName"]?.string == image.rootDeviceName }
        devices.append(try volume(device: image.rootDeviceName, ebs: rootSpec?["Ebs"], root: image, instanceId: instanceId,
                                  zone: zone, tags: tags, &tx, context))
        for mapping in given where mapping["DeviceName"]?.string != image.rootDeviceName {
            guard let device = mapping["DeviceName"]?.string else { throw EC2Errors.missingParameter("BlockDeviceMapping.DeviceName") }
            // Instance store (VirtualName) and suppressed devices (NoDevice) make no EBS volume.
            guard let ebs = mapping["Ebs"], mapping["NoDevice"] == nil else { continue }
            devices.append(try volume(device: device, ebs: ebs, root: nil, instanceId: instanceId, zone: zone, tags: tags, &tx, context))
        }
        return devices
    }

    /// The instance-store slots a launch maps ("Instance store volumes": `ephemeral0` to `ephemeral23`), kept up to
    /// the type's number of local disks; a type without them gets none, as on AWS.
    static func instanceStore(_ mappings: AWSValue?, disks: Int) throws -> [String: String]? {
        var slots: [String: String] = [:]
        for mapping in mappings?.list ?? [] {
            guard let virtualName = mapping["VirtualName"]?.string else { continue }
            guard virtualName.hasPrefix("ephemeral"), let index = Int(virtualName.dropFirst("ephemeral".count)), (0...23).contains(index),
                  virtualName == "ephemeral\(index)" else {
                throw EC2Errors.invalidParameterValue("Value (\(virtualName)) for parameter virtualName is invalid. Expected ephemeral0 to ephemeral23.")
            }
            guard let device = mapping["DeviceName"]?.string else { throw EC2Errors.missingParameter("BlockDeviceMapping.DeviceName") }
            if index < disks { slots[virtualName] = device }
        }
        return slots.isEmpty ? nil : slots
    }

    private static func volume(device: String, ebs: AWSValue?, root: LaunchImage?, instanceId: String, zone: String,
                               tags: [EC2Tag], _ tx: inout StoreTransaction, _ context: RequestContext) throws -> Instance.BlockDevice {
        let type = ebs?["VolumeType"]?.string ?? root?.rootVolumeType ?? "gp2"
        guard let range = sizeRanges[type] else {
            throw EC2Errors.invalidParameterValue("Value (\(type)) for parameter volumeType is invalid.")
        }
        if root != nil, notBootable.contains(type) {
            throw AWSError("InvalidBlockDeviceMapping", "Volume type \(type) is not supported for boot volumes.")
        }
        let minimum = root?.rootVolumeSize ?? range.lowerBound
        guard let size = ebs?["VolumeSize"]?.int ?? root?.rootVolumeSize else {
            throw AWSError("InvalidBlockDeviceMapping", "The volume size must be specified for \(device).")
        }
        if let root, size < root.rootVolumeSize {
            throw AWSError("InvalidBlockDeviceMapping",
                           "Volume of size \(size)GB is smaller than snapshot '\(root.rootSnapshotId)', expect size >= \(root.rootVolumeSize)GB")
        }
        guard range.contains(size), size >= minimum else {
            throw EC2Errors.invalidParameterValue("Volume size \(size) GiB is outside \(range.lowerBound)-\(range.upperBound) GiB for \(type).")
        }
        let defaults = Volume.defaults(type: type, size: size)
        let deleteOnTermination = ebs?["DeleteOnTermination"]?.bool ?? true
        let volume = Volume(id: context.ids.resourceId("vol"), size: size, volumeType: type,
                            iops: ebs?["Iops"]?.int ?? defaults.iops, throughput: ebs?["Throughput"]?.int ?? defaults.throughput,
                            availabilityZone: zone, encrypted: ebs?["Encrypted"]?.bool ?? false, kmsKeyId: ebs?["KmsKeyId"]?.string,
                            snapshotId: root?.rootSnapshotId ?? ebs?["SnapshotId"]?.string, created: context.now,
                            attachment: .init(instanceId: instanceId, device: device, deleteOnTermination: deleteOnTermination,
                                              attachTime: context.now),
                            tags: tags)
        tx.save(volume, in: context.regionalPartition)
        return Instance.BlockDevice(deviceName: device, volumeId: volume.id, deleteOnTermination: deleteOnTermination,
                                    attachTime: context.now)
    }
}

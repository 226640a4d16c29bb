import AWSWire
import Foundation
import NimbusCore
import State

/// CreateImage, RegisterImage, CopyImage, DeregisterImage and launch permissions (EC2 API Reference;
/// "Create an Amazon EBS-backed AMI", "Copy an Amazon EC2 AMI", "Share an AMI with specific AWS accounts").
enum ImageOperations {
    /// "CreateImage": 3 to 128 characters of letters, numbers, ( ) [ ] space . / - ' @ _.
    static func checkName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789()[] ./-'@_")
        guard (3...128).contains(name.count), name.allSatisfy(allowed.contains) else {
            throw AWSError("InvalidAMIName.Malformed",
                           "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '_', '[', ']', ' ', '@' and '''.")
        }
    }

    static func checkUnique(_ name: String, _ tx: StoreTransaction, _ partition: Partition) throws {
        if let existing = tx.every(UserImage.self, in: partition).first(where: { $0.name == name }) {
            throw AWSError("InvalidAMIName.Duplicate", "AMI name \(name) is already in use by AMI \(existing.id)")
        }
    }

    /// Every user image `account` may see in `region`: its own, and others' that are public or shared with it.
    static func visibleImages(_ view: StoreView, account: String, region: String) -> [UserImage] {
        view.partitions(holding: UserImage.self).filter { $0.region == region }.flatMap { partition in
            view.all(UserImage.self, in: partition).values.filter { $0.isVisible(to: account) }
        }
    }

    static func find(_ id: String, _ view: StoreView, account: String, region: String) -> UserImage? {
        visibleImages(view, account: account, region: region).first { $0.id == id }
    }

    static func createImage(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["Name"]?.string ?? ""
        try checkName(name)
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, UserImage.resourceType, ignoringOthers: true)
        let snapshotTags = try Tags.fromSpecifications(input, Snapshot.resourceType, ignoringOthers: true)
        let id = try context.store.write { tx in
            try checkUnique(name, tx, partition)
            let instance = try tx.load(Instance.self, input["InstanceId"]?.string ?? "", in: partition)
            guard [.running, .stopped].contains(instance.currentState(context.now)) else {
                throw AWSError("IncorrectState", "Instance '\(instance.id)' is not in a state from which an image can be created.")
            }
            let imageId = context.ids.resourceId("ami")
            var devices: [UserImage.Device] = []
            for device in instance.blockDevices {
                guard let volume = tx.get(Volume.self, device.volumeId, in: partition) else { continue }
                let snapshot = Snapshot(id: context.ids.resourceId("snap"), volumeId: volume.id, volumeSize: volume.size,
                                        description: "Created by CreateImage(\(instance.id)) for \(imageId)", ownerId: context.account,
                                        started: context.now, encrypted: volume.encrypted, kmsKeyId: volume.kmsKeyId, tags: snapshotTags)
                tx.save(snapshot, in: partition)
                devices.append(.init(deviceName: device.deviceName, snapshotId: snapshot.id, volumeSize: volume.size,
                                     volumeType: volume.volumeType, deleteOnTermination: device.deleteOnTermination,
                                     encrypted: volume.encrypted))
            }
            let source = LaunchCatalog.catalogImage(instance.imageId, tx.view, context)
            let image = UserImage(id: imageId, name: name, description: input["Description"]?.string, ownerId: context.account,
                                  architecture: instance.architecture, platform: instance.platform,
                                  platformDetails: instance.platformDetails, rootDeviceName: instance.rootDeviceName,
                                  devices: devices, created: context.now, bootMode: source?.bootMode, imdsSupport: source?.imdsSupport,
                                  tags: tags)
            tx.save(image, in: partition)
            return imageId
        }
        return ["ImageId": .string(id)]
    }

    static func register(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["Name"]?.string ?? ""
        try checkName(name)
        let partition = context.regionalPartition
        let architecture = input["Architecture"]?.string ?? "x86_64"
        guard ["i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac"].contains(architecture) else {
            throw EC2Errors.invalidParameterValue("Value (\(architecture)) for parameter architecture is invalid.")
        }
        let rootDevice = input["RootDeviceName"]?.string ?? "/dev/xvda"
        let id = try context.store.write { tx in
            try checkUnique(name, tx, partition)
            var devices: [UserImage.Device] = []
            for mapping in input["BlockDeviceMappings"]?.list ?? [] {
                guard let device = mapping["DeviceName"]?.string, let ebs = mapping["Ebs"] else { continue }
                let snapshot = try ebs["SnapshotId"]?.string.map { try tx.load(Snapshot.self, $0, in: partition) }
                guard let size = ebs["VolumeSize"]?.int ?? snapshot?.volumeSize else {
                    throw AWSError("InvalidBlockDeviceMapping", "The volume size must be specified for \(device).")
                }
                devices.append(.init(deviceName: device, snapshotId: snapshot?.id ?? "", volumeSize: size,
                                     volumeType: ebs["VolumeType"]?.string ?? "gp2", deleteOnTermination: ebs["DeleteOnTermination"]?.bool ?? true,
                                     encrypted: ebs["Encrypted"]?.bool ?? snapshot?.encrypted ?? false))
            }
            // "RegisterImage": an EBS-backed image needs a snapshot for its root device.
            guard devices.contains(where: { $0.deviceName == rootDevice && !$0.snapshotId.isEmpty }) else {
                throw AWSError("InvalidBlockDeviceMapping", "The root device \(rootDevice) must have an EBS snapshot in the block device mapping.")
            }
            let image = UserImage(id: context.ids.resourceId("ami"), name: name, description: input["Description"]?.string,
                                  ownerId: context.account, architecture: architecture, platform: nil, platformDetails: "Linux/UNIX",
                                  rootDeviceName: rootDevice, devices: devices, created: context.now,
                                  bootMode: input["BootMode"]?.string, imdsSupport: input["ImdsSupport"]?.string,
                                  tags: try Tags.fromSpecifications(input, UserImage.resourceType))
            tx.save(image, in: partition)
            return image.id
        }
        return ["ImageId": .string(id)]
    }

    static func copy(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["Name"]?.string ?? ""
        try checkName(name)
        let sourceRegion = input["SourceRegion"]?.string ?? ""
        guard RegionCatalog.isRegion(sourceRegion) else {
            throw EC2Errors.invalidParameterValue("Value (\(sourceRegion)) for parameter sourceRegion is invalid.")
        }
        let sourceId = input["SourceImageId"]?.string ?? ""
        let partition = context.regionalPartition
        let id = try context.store.write { tx in
            try checkUnique(name, tx, partition)
            let source: CatalogImage
            if let own = find(sourceId, tx.view, account: context.account, region: sourceRegion) {
                source = own.asCatalogImage
            } else if let catalogued = ImageCatalog.image(id: sourceId, region: sourceRegion) {
                source = catalogued
            } else {
                throw UserImage.notFound([sourceId])
            }
            let encrypted = input["Encrypted"]?.bool ?? false
            let imageId = context.ids.resourceId("ami")
            var devices: [UserImage.Device] = []
            for mapping in source.blockDeviceMappings {
                guard let ebs = mapping.ebs else { continue }
                let snapshot = Snapshot(id: context.ids.resourceId("snap"), volumeId: "vol-ffffffff", volumeSize: ebs.volumeSize,
                                        description: "Copied for DestinationAmi \(imageId) from SourceAmi \(sourceId) for SourceSnapshot \(ebs.snapshotId).",
                                        ownerId: context.account, started: context.now, encrypted: encrypted || ebs.encrypted,
                                        kmsKeyId: encrypted || ebs.encrypted ? input["KmsKeyId"]?.string ?? "alias/aws/ebs" : nil)
                tx.save(snapshot, in: partition)
                devices.append(.init(deviceName: mapping.deviceName, snapshotId: snapshot.id, volumeSize: ebs.volumeSize,
                                     volumeType: ebs.volumeType, deleteOnTermination: ebs.deleteOnTermination,
                                     encrypted: encrypted || ebs.encrypted))
            }
            let image = UserImage(id: imageId, name: name, description: input["Description"]?.string ?? source.description,
                                  ownerId: context.account, architecture: source.architecture, platform: source.platform,
                                  platformDetails: source.platformDetails, rootDeviceName: source.rootDeviceName, devices: devices,
                                  created: context.now, bootMode: source.bootMode, imdsSupport: source.imdsSupport,
                                  sourceImageId: sourceId, sourceRegion: sourceRegion,
                                  tags: try Tags.fromSpecifications(input, UserImage.resourceType))
            tx.save(image, in: partition)
            return imageId
        }
        return ["ImageId": .string(id)]
    }

    static func deregister(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            let image = try tx.load(UserImage.self, input["ImageId"]?.string ?? "", in: partition)
            // "Deregister an AMI": its snapshots stay, to be deleted on their own.
            tx.remove(UserImage.self, image.id, in: partition)
        }
        return ["Return": true]
    }

    static func modifyAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            try tx.update(UserImage.self, input["ImageId"]?.string ?? "", in: partition) { image in
                if let description = input["Description"]?["Value"]?.string { image.description = description }
                var add = input["LaunchPermission"]?["Add"]?.list ?? []
                var remove = input["LaunchPermission"]?["Remove"]?.list ?? []
                // The older form: Attribute=launchPermission, OperationType=add|remove, UserIds / UserGroups.
                if input["Attribute"]?.string == "launchPermission" {
                    let entries = (input["UserIds"]?.strings ?? []).map { AWSValue.object(["UserId": .string($0)]) }
                        + (input["UserGroups"]?.strings ?? []).map { AWSValue.object(["Group": .string($0)]) }
                    if input["OperationType"]?.string == "remove" { remove += entries } else { add += entries }
                }
                for entry in add {
                    if entry["Group"]?.string == "all" { image.isPublic = true }
                    if let account = entry["UserId"]?.string {
                        guard AccountResolver.isAccountId(account) else {
                            throw AWSError("InvalidUserID.Malformed", "User ID '\(account)' is invalid")
                        }
                        if !image.sharedWith.contains(account) { image.sharedWith.append(account) }
                    }
                }
                for entry in remove {
                    if entry["Group"]?.string == "all" { image.isPublic = false }
                    if let account = entry["UserId"]?.string { image.sharedWith.removeAll { $0 == account } }
                }
            }
        }
        return [:]
    }

    static func describeAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let attribute = input["Attribute"]?.string ?? ""
        let image = try context.store.read { try NetworkView($0, context).load(UserImage.self, input["ImageId"]?.string ?? "") }
        switch attribute {
        case "launchPermission":
            let permissions: [AWSValue] = (image.isPublic ? [["Group": "all"]] : []) + image.sharedWith.map { ["UserId": .string($0)] }
            return ["ImageId": .string(image.id), "LaunchPermissions": .list(permissions)]
        case "description":
            return .structure(["ImageId": .string(image.id), "Description": .structure(["Value": image.description.map(AWSValue.string)])])
        case "blockDeviceMapping":
            guard case .object(let full) = image.asCatalogImage.output(region: context.region) else { return [:] }
            return ["ImageId": .string(image.id), "BlockDeviceMappings": full["BlockDeviceMappings"] ?? []]
        case "bootMode":
            return .structure(["ImageId": .string(image.id), "BootMode": .structure(["Value": image.bootMode.map(AWSValue.string)])])
        default:
            throw EC2Errors.invalidParameterValue("Value (\(attribute)) for parameter attribute is invalid.")
        }
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// CreateVolume, AttachVolume, DetachVolume, DeleteVolume, ModifyVolume, the volume Describe calls and snapshots
/// ("Amazon EBS volumes", "Attach an Amazon EBS volume to an instance", "Modify a volume using Amazon EBS
/// Elastic Volumes", "Amazon EBS snapshots"; EC2 API Reference).
/// "Amazon EBS encryption": without a key, EBS uses the account's AWS managed key `aws/ebs` in the Region,
/// shown by its ARN (a stable key id per account and Region).
enum EBSEncryption {
    static func defaultKey(_ context: RequestContext) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(context.account)/\(context.region)/aws/ebs".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(format: "%016llx", hash)
        let a = hex.prefix(8), b = hex.dropFirst(8).prefix(4), c = hex.suffix(4)
        return "arn:aws:kms:\(context.region):\(context.account):key/\(a)-\(b)-4\(c.dropFirst())-8\(b.dropFirst())-\(hex.suffix(12))"
    }
}

enum Volumes {
    /// "Device names on Linux instances": /dev/sd[a-z], /dev/sd[a-z][1-15], /dev/xvd[a-z] and /dev/xvd[a-z][a-z].
    static func isDeviceName(_ name: String) -> Bool {
        name.range(of: #"^/dev/(sd[a-z]([1-9]|1[0-5])?|xvd[a-z]{1,2}|xvd[a-z][1-9]?)$"#, options: .regularExpression) != nil
            || name.range(of: #"^xvd[a-z]{1,2}$"#, options: .regularExpression) != nil
    }
    /// "Modify a volume using Amazon EBS Elastic Volumes" (since January 2026): at most four modifications of
    /// a volume in any 24 hours, each after the previous one completes.
    static let modificationsPerDay = 4

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(Volume.self, input, context, idsMember: "VolumeIds", outputMember: "Volumes")
    }

    static func zone(_ input: AWSValue, _ context: RequestContext) throws -> String {
        let zones = (RegionCatalog.region(named: context.region)?.zones ?? [])
        if let name = input["AvailabilityZone"]?.string ?? input["AvailabilityZoneId"]?.string {
            guard let zone = zones.first(where: { $0.name == name || $0.id == name }) else {
                throw EC2Errors.invalidParameterValue("Invalid availability zone: [\(name)]")
            }
            return zone.name
        }
        throw EC2Errors.missingParameter("AvailabilityZone")
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let zone = try zone(input, context)
        let type = input["VolumeType"]?.string ?? "gp2"
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, Volume.resourceType)
        let volume = try context.store.write { tx in
            var size = input["Size"]?.int
            var encrypted = input["Encrypted"]?.bool ?? false
            var snapshotKey: String?
            let snapshotId = input["SnapshotId"]?.string
            if let snapshotId {
                let snapshot = try tx.load(Snapshot.self, snapshotId, in: partition)
                let requested = size ?? snapshot.volumeSize
                guard requested >= snapshot.volumeSize else {
                    throw EC2Errors.invalidParameterValue(
                        "Volume of \(requested)GiB is smaller than snapshot '\(snapshotId)', expect size >= \(snapshot.volumeSize)GiB")
                }
                size = requested
                // "Amazon EBS encryption": a volume from an encrypted snapshot is encrypted, with the snapshot's key.
                encrypted = encrypted || snapshot.encrypted
                snapshotKey = snapshot.kmsKeyId
            }
            guard let size else { throw EC2Errors.missingParameter("size or snapshotId") }
            let performance = try VolumeTypeRules.check(type: type, size: size, iops: input["Iops"]?.int, throughput: input["Throughput"]?.int)
            let volume = Volume(id: context.ids.resourceId("vol"), size: size, volumeType: type, iops: performance.iops,
                                throughput: performance.throughput, availabilityZone: zone, encrypted: encrypted,
                                kmsKeyId: encrypted ? input["KmsKeyId"]?.string ?? snapshotKey ?? EBSEncryption.defaultKey(context) : nil,
                                snapshotId: snapshotId,
                                created: context.now, tags: tags)
            tx.save(volume, in: partition)
            return volume
        }
        return context.store.read { view in
            guard case .object(var members) = volume.output(NetworkView(view, context)) else { return .null }
            members["State"] = "creating"
            return .object(members)
        }
    }

    static func attachmentOutput(_ volume: Volume, _ attachment: Volume.Attachment, state: String) -> AWSValue {
        ["VolumeId": .string(volume.id), "InstanceId": .string(attachment.instanceId), "Device": .string(attachment.device),
         "State": .string(state), "AttachTime": .timestamp(attachment.attachTime),
         "DeleteOnTermination": .boolean(attachment.deleteOnTermination)]
    }

    static func attach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let device = input["Device"]?.string ?? ""
        let partition = context.regionalPartition
        guard isDeviceName(device) else {
            throw EC2Errors.invalidParameterValue("Value (\(device)) for parameter device is invalid. \(device) is not a valid EBS device name.")
        }
        let (volume, attachment) = try context.store.write { tx in
            var volume = try tx.load(Volume.self, input["VolumeId"]?.string ?? "", in: partition)
            var instance = try tx.load(Instance.self, input["InstanceId"]?.string ?? "", in: partition)
            let state = instance.currentState(context.now)
            guard state == .running || state == .stopped else {
                throw AWSError("IncorrectState", "Instance '\(instance.id)' is not 'running'.")
            }
            if let existing = volume.attachment {
                throw AWSError("VolumeInUse", "\(volume.id) is already attached to an instance (\(existing.instanceId))")
            }
            guard volume.availabilityZone == instance.availabilityZone else {
                throw AWSError("InvalidVolume.ZoneMismatch",
                               "The volume '\(volume.id)' is not in the same availability zone as instance '\(instance.id)'")
            }
            guard !instance.blockDevices.contains(where: { $0.deviceName == device }) else {
                throw EC2Errors.invalidParameterValue("Attachment point \(device) is already in use")
            }
            let attachment = Volume.Attachment(instanceId: instance.id, device: device, deleteOnTermination: false, attachTime: context.now)
            volume.attachment = attachment
            instance.blockDevices.append(.init(deviceName: device, volumeId: volume.id, deleteOnTermination: false, attachTime: context.now))
            tx.save(volume, in: partition)
            tx.save(instance, in: partition)
            return (volume, attachment)
        }
        return attachmentOutput(volume, attachment, state: "attaching")
    }

    static func detach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let (volume, attachment) = try context.store.write { tx in
            var volume = try tx.load(Volume.self, input["VolumeId"]?.string ?? "", in: partition)
            guard let attachment = volume.attachment else {
                throw AWSError("IncorrectState", "Volume '\(volume.id)' is in the 'available' state.")
            }
            if let named = input["InstanceId"]?.string, named != attachment.instanceId {
                throw AWSError("InvalidAttachment.NotFound", "Volume '\(volume.id)' is not attached to instance '\(named)'.")
            }
            if var instance = tx.get(Instance.self, attachment.instanceId, in: partition) {
                // "Detach an Amazon EBS volume": the root volume of a running instance stays.
                if attachment.device == instance.rootDeviceName, instance.currentState(context.now) != .stopped {
                    throw AWSError("IncorrectState", "Unable to detach root volume '\(volume.id)' from instance '\(instance.id)'")
                }
                instance.blockDevices.removeAll { $0.volumeId == volume.id }
                tx.save(instance, in: partition)
            }
            volume.attachment = nil
            tx.save(volume, in: partition)
            return (volume, attachment)
        }
        return attachmentOutput(volume, attachment, state: "detaching")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            let volume = try tx.load(Volume.self, input["VolumeId"]?.string ?? "", in: partition)
            if let attachment = volume.attachment {
                throw AWSError("VolumeInUse", "Volume \(volume.id) is currently attached to \(attachment.instanceId)")
            }
            tx.remove(Volume.self, volume.id, in: partition)
        }
        return [:]
    }

    // MARK: Elastic Volumes

    static func modificationOutput(_ volume: Volume, _ modification: Volume.Modification, state: String) -> AWSValue {
        .structure([
            "VolumeId": .string(volume.id), "ModificationState": .string(state),
            "TargetSize": .int(modification.targetSize), "TargetVolumeType": .string(modification.targetType),
            "TargetIops": modification.targetIops.map { .int($0) }, "TargetThroughput": modification.targetThroughput.map { .int($0) },
            "OriginalSize": .int(modification.originalSize), "OriginalVolumeType": .string(modification.originalType),
            "OriginalIops": modification.originalIops.map { .int($0) },
            "OriginalThroughput": modification.originalThroughput.map { .int($0) },
            "TargetMultiAttachEnabled": false, "OriginalMultiAttachEnabled": false,
            "Progress": .int(state == "completed" ? 100 : 0), "StartTime": .timestamp(modification.started),
            "EndTime": state == "completed" ? .timestamp(modification.started) : nil,
        ])
    }

    static func modify(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let (volume, modification) = try context.store.write { tx in
            var volume = try tx.load(Volume.self, input["VolumeId"]?.string ?? "", in: partition)
            let recent = volume.modifications.filter { context.now.timeIntervalSince($0.started) < 24 * 3600 }
            guard recent.count < modificationsPerDay else {
                throw AWSError("VolumeModificationRateExceeded",
                               "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.")
            }
            let size = input["Size"]?.int ?? volume.size
            guard size >= volume.size else {
                throw EC2Errors.invalidParameterValue("New size cannot be smaller than existing size")
            }
            let type = input["VolumeType"]?.string ?? volume.volumeType
            // Keep the volume's IOPS and throughput where the new type takes them and none are asked for.
            // "ModifyVolume": changing to io1, io2 or gp3 without Iops gives 3,000.
            let iops = input["Iops"]?.int ?? (type == volume.volumeType && type != "gp2" ? volume.iops
                                              : (["io1", "io2", "gp3"].contains(type) ? 3_000 : nil))
            let throughput = input["Throughput"]?.int ?? (type == "gp3" && volume.volumeType == "gp3" ? volume.throughput : nil)
            let performance = try VolumeTypeRules.check(type: type, size: size, iops: iops, throughput: throughput)
            if VolumeTypeRules.all[type]?.bootable == false,
               let attachment = volume.attachment, let instance = tx.get(Instance.self, attachment.instanceId, in: partition),
               instance.rootDeviceName == attachment.device {
                throw EC2Errors.invalidParameterValue("Volume type \(type) is not supported for boot volumes.")
            }
            let modification = Volume.Modification(
                started: context.now, originalSize: volume.size, originalType: volume.volumeType, originalIops: volume.iops,
                originalThroughput: volume.throughput, targetSize: size, targetType: type, targetIops: performance.iops,
                targetThroughput: performance.throughput)
            volume.modifications.append(modification)
            volume.size = size
            volume.volumeType = type
            volume.iops = performance.iops
            volume.throughput = performance.throughput
            tx.save(volume, in: partition)
            return (volume, modification)
        }
        return ["VolumeModification": modificationOutput(volume, modification, state: "modifying")]
    }

    static func describeModifications(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["VolumeIds"]?.strings ?? []
        let filters = try EC2Filters(input["Filters"], allowed: ["modification-state", "volume-id", "target-size", "target-volume-type",
                                                                  "original-size", "original-volume-type", "start-time"])
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let rows: [AWSValue] = try context.store.read { view in
            let network = NetworkView(view, context)
            for id in ids where try network.load(Volume.self, id).modifications.isEmpty {
                throw AWSError("InvalidVolumeModification.NotFound", "Modification for volume '\(id)' does not exist.")
            }
            var rows: [AWSValue] = []
            network.forEach(Volume.self) { volume in
                guard ids.isEmpty || ids.contains(volume.id), let last = volume.modifications.last else { return true }
                // Size changes apply at once; Nimbus has no performance to optimize, so a change is complete when described.
                let matches = filters.matches { name in
                    switch name {
                    case "modification-state": return ["completed"]
                    case "volume-id": return [volume.id]
                    case "target-size": return [String(last.targetSize)]
                    case "target-volume-type": return [last.targetType]
                    case "original-size": return [String(last.originalSize)]
                    case "original-volume-type": return [last.originalType]
                    case "start-time": return [Timestamp.iso8601(last.started)]
                    default: return []
                    }
                }
                if matches { rows.append(modificationOutput(volume, last, state: "completed")) }
                return true
            }
            return rows
        }
        let page = EC2Describe.page(rows, maxResults: maxResults, start: start)
        return .structure(["VolumesModifications": .list(Array(page.items)), "NextToken": page.nextToken])
    }

    static func describeStatus(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["VolumeIds"]?.strings ?? []
        let rows: [AWSValue] = try context.store.read { view in
            let network = NetworkView(view, context)
            for id in ids { _ = try network.load(Volume.self, id) }
            return network.all(Volume.self).filter { ids.isEmpty || ids.contains($0.id) }.map { volume in
                .structure([
                    "VolumeId": .string(volume.id), "AvailabilityZone": .string(volume.availabilityZone),
                    "VolumeStatus": ["Status": "ok", "Details": [["Name": "io-enabled", "Status": "passed"], ["Name": "io-performance", "Status": "not-applicable"]]],
                    "Actions": [], "Events": [],
                ])
            }
        }
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let page = EC2Describe.page(rows, maxResults: maxResults, start: start)
        return .structure(["VolumeStatuses": .list(Array(page.items)), "NextToken": page.nextToken])
    }

    // MARK: Snapshots

    static func createSnapshot(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, Snapshot.resourceType)
        let snapshot = try context.store.write { tx in
            let volume = try tx.load(Volume.self, input["VolumeId"]?.string ?? "", in: partition)
            let snapshot = Snapshot(id: context.ids.resourceId("snap"), volumeId: volume.id, volumeSize: volume.size,
                                    description: input["Description"]?.string ?? "", ownerId: context.account, started: context.now,
                                    encrypted: volume.encrypted, kmsKeyId: volume.kmsKeyId, tags: tags)
            tx.save(snapshot, in: partition)
            return snapshot
        }
        return snapshot.output(state: "pending")
    }

    static func describeSnapshots(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let owners = input["OwnerIds"]?.strings ?? []
        let account = context.account
        // Only the account's own snapshots exist in Nimbus; asking for other owners finds none.
        return try EC2Describe.describe(Snapshot.self, input, context, idsMember: "SnapshotIds", outputMember: "Snapshots") { snapshot, _ in
            owners.isEmpty || owners.contains("self") && snapshot.ownerId == account || owners.contains(snapshot.ownerId)
        }
    }

    static func copySnapshot(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let sourceRegion = input["SourceRegion"]?.string ?? context.region
        guard RegionCatalog.isRegion(sourceRegion) else {
            throw EC2Errors.invalidParameterValue("Value (\(sourceRegion)) for parameter sourceRegion is invalid.")
        }
        let tags = try Tags.fromSpecifications(input, Snapshot.resourceType)
        let copy = try context.store.write { tx in
            let source = try tx.load(Snapshot.self, input["SourceSnapshotId"]?.string ?? "",
                                     in: Partition(account: context.account, region: sourceRegion))
            let encrypted = source.encrypted || (input["Encrypted"]?.bool ?? false)
            let copy = Snapshot(id: context.ids.resourceId("snap"), volumeId: "vol-ffffffff", volumeSize: source.volumeSize,
                                description: input["Description"]?.string ?? "[Copied \(source.id) from \(sourceRegion)]",
                                ownerId: context.account, started: context.now, encrypted: encrypted,
                                kmsKeyId: encrypted ? input["KmsKeyId"]?.string ?? source.kmsKeyId ?? "alias/aws/ebs" : nil, tags: tags)
            tx.save(copy, in: context.regionalPartition)
            return copy
        }
        return .structure(["SnapshotId": .string(copy.id), "Tags": copy.tagsIfAny])
    }

    static func deleteSnapshot(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            let snapshot = try tx.load(Snapshot.self, input["SnapshotId"]?.string ?? "", in: partition)
            // "Delete an Amazon EBS snapshot": not while a registered AMI uses it.
            if let image = tx.every(UserImage.self, in: partition).first(where: { $0.devices.contains { $0.snapshotId == snapshot.id } }) {
                throw AWSError("InvalidSnapshot.InUse", "The snapshot \(snapshot.id) is currently in use by \(image.id)")
            }
            tx.remove(Snapshot.self, snapshot.id, in: partition)
        }
        return [:]
    }
}

import AWSWire
import Foundation
import NimbusCore
import State

/// AttachNetworkInterface and DetachNetworkInterface ("Elastic network interfaces", "Attach a network interface
/// to your instance"): an interface moves between instances with its addresses, Elastic IPs and MAC address.
enum InterfaceAttachments {
    static func attach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let deviceIndex = input["DeviceIndex"]?.int ?? 0
        let attachmentId = try context.store.write { tx in
            var interface = try tx.load(NetworkInterface.self, input["NetworkInterfaceId"]?.string ?? "", in: partition)
            var instance = try tx.load(Instance.self, input["InstanceId"]?.string ?? "", in: partition)
            let state = instance.currentState(context.now)
            guard state == .running || state == .stopped else {
                throw AWSError("IncorrectInstanceState", "The instance '\(instance.id)' is not in a valid state for this operation.")
            }
            guard interface.attachment == nil else {
                throw AWSError("InvalidNetworkInterface.InUse", "Interface: [\(interface.id)] in use.")
            }
            guard interface.availabilityZone == instance.availabilityZone else {
                throw EC2Errors.invalidParameterCombination("You may not attach a network interface to an instance if they are not in the same availability zone")
            }
            let attached = ([instance.primaryInterfaceId] + instance.attachedInterfaces).compactMap { tx.get(NetworkInterface.self, $0, in: partition) }
            guard deviceIndex > 0 else {
                throw EC2Errors.invalidParameterValue("Instance '\(instance.id)' already has an interface attached at device index '0'.")
            }
            guard !attached.contains(where: { $0.attachment?.deviceIndex == deviceIndex }) else {
                throw EC2Errors.invalidParameterValue("Instance '\(instance.id)' already has an interface attached at device index '\(deviceIndex)'.")
            }
            // "Maximum IP addresses per network interface": each type has an interface limit.
            if let type = LaunchCatalog.instanceType(instance.instanceType), attached.count + 1 > type.maximumInterfaces {
                throw AWSError("AttachmentLimitExceeded",
                               "Interface count \(attached.count + 1) exceeds the limit for \(instance.instanceType)")
            }
            let attachment = NetworkInterface.Attachment(id: context.ids.resourceId("eni-attach"), instanceId: instance.id,
                                                         deviceIndex: deviceIndex, deleteOnTermination: false, attachTime: context.now)
            interface.attachment = attachment
            instance.attachedInterfaces.append(interface.id)
            tx.save(interface, in: partition)
            tx.save(instance, in: partition)
            return attachment.id
        }
        return ["AttachmentId": .string(attachmentId), "NetworkCardIndex": 0]
    }

    static func detach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let attachmentId = input["AttachmentId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard var interface = tx.every(NetworkInterface.self, in: partition).first(where: { $0.attachment?.id == attachmentId }),
                  let attachment = interface.attachment else {
                throw AWSError("InvalidAttachmentID.NotFound", "The attachment ID '\(attachmentId)' does not exist")
            }
            guard attachment.deviceIndex != 0 else {
                throw AWSError("OperationNotPermitted", "The network interface at device index 0 cannot be detached.")
            }
            if let instanceId = attachment.instanceId, var instance = tx.get(Instance.self, instanceId, in: partition) {
                instance.attachedInterfaces.removeAll { $0 == interface.id }
                tx.save(instance, in: partition)
            }
            interface.attachment = nil
            tx.save(interface, in: partition)
        }
        return [:]
    }
}

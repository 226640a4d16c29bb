import AWSWire
import Foundation
import NimbusCore
import State

/// ModifyInstanceAttribute and DescribeInstanceAttribute ("Modify a stopped instance", EC2 User Guide): the
/// type and user data change only while stopped; termination protection, shutdown behaviour, source/dest
/// check and security groups change at any time.
enum InstanceAttributes {
    static func modify(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        // The older form names the attribute and its value separately.
        var given = input.object ?? [:]
        if let attribute = input["Attribute"]?.string, let value = input["Value"]?.string {
            let member = attribute.prefix(1).uppercased() + attribute.dropFirst()
            given[member] = member == "DisableApiTermination" || member == "SourceDestCheck" || member == "EbsOptimized"
                ? ["Value": .boolean(value == "true")] : ["Value": .string(value)]
        }
        try context.store.write { tx in
            var instance = try tx.load(Instance.self, input["InstanceId"]?.string ?? "", in: partition)
            let state = instance.currentState(context.now)
            func requireStopped(_ attribute: String) throws {
                guard state == .stopped else {
                    throw AWSError("IncorrectInstanceState", "The instance '\(instance.id)' is not in the 'stopped' state.")
                }
            }
            if let type = given["InstanceType"]?["Value"]?.string {
                try requireStopped("instanceType")
                guard let info = LaunchCatalog.instanceType(type) else {
                    throw AWSError("InvalidInstanceAttributeValue", "The instanceType '\(type)' is invalid.")
                }
                guard info.architectures.contains(instance.architecture) else {
                    throw EC2Errors.invalidParameterValue("The instance type '\(type)' does not support the architecture '\(instance.architecture)' of the instance's image.")
                }
                instance.instanceType = type
            }
            if let data = given["UserData"]?["Value"] {
                try requireStopped("userData")
                let text = data.bytes.map { Data($0).base64EncodedString() } ?? data.string ?? ""
                instance.userData = try RunInstances.checkedUserData(text)
            }
            if let flag = given["DisableApiTermination"]?["Value"]?.bool { instance.disableApiTermination = flag }
            if let behavior = given["InstanceInitiatedShutdownBehavior"]?["Value"]?.string {
                guard ["stop", "terminate"].contains(behavior) else {
                    throw EC2Errors.invalidParameterValue("Value (\(behavior)) for parameter instanceInitiatedShutdownBehavior is invalid.")
                }
                instance.shutdownBehavior = behavior
            }
            if let flag = given["EbsOptimized"]?["Value"]?.bool { instance.ebsOptimized = flag }
            // "Preserve data when an instance is terminated": DeleteOnTermination of attached volumes.
            for mapping in given["BlockDeviceMappings"]?.list ?? [] {
                let device = mapping["DeviceName"]?.string ?? ""
                guard let index = instance.blockDevices.firstIndex(where: { $0.deviceName == device }) else {
                    throw EC2Errors.invalidParameterValue("No device is attached at \(device) on instance \(instance.id).")
                }
                if let flag = mapping["Ebs"]?["DeleteOnTermination"]?.bool {
                    instance.blockDevices[index].deleteOnTermination = flag
                    try tx.update(Volume.self, instance.blockDevices[index].volumeId, in: partition) { $0.attachment?.deleteOnTermination = flag }
                }
            }
            if let flag = given["SourceDestCheck"]?["Value"]?.bool {
                try tx.update(NetworkInterface.self, instance.primaryInterfaceId, in: partition) { $0.sourceDestCheck = flag }
            }
            if let groups = given["Groups"]?.strings, !groups.isEmpty {
                let checked = try NetworkInterfaces.groups(groups, vpcId: instance.vpcId, NetworkView(tx.view, context))
                try tx.update(NetworkInterface.self, instance.primaryInterfaceId, in: partition) { $0.groups = checked }
            }
            tx.save(instance, in: partition)
        }
        return [:]
    }

    /// ModifyInstanceMetadataOptions ("Configure the instance metadata options"): tokens, hop limit, endpoint, tags.
    static func modifyMetadataOptions(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let instance = try context.store.write { tx in
            try tx.update(Instance.self, input["InstanceId"]?.string ?? "", in: partition) { instance in
                var options = instance.metadataOptions
                if let tokens = input["HttpTokens"]?.string { options.httpTokens = tokens }
                if let endpoint = input["HttpEndpoint"]?.string { options.httpEndpoint = endpoint }
                if let tags = input["InstanceMetadataTags"]?.string { options.instanceMetadataTags = tags }
                if let limit = input["HttpPutResponseHopLimit"]?.int {
                    guard (1...64).contains(limit) else {
                        throw EC2Errors.invalidParameterValue("Value (\(limit)) for parameter httpPutResponseHopLimit is invalid. It must be between 1 and 64.")
                    }
                    options.httpPutResponseHopLimit = limit
                }
                instance.metadataOptions = options
            }
        }
        let options = instance.metadataOptions
        return ["InstanceId": .string(instance.id), "InstanceMetadataOptions": [
            "State": "pending", "HttpTokens": .string(options.httpTokens),
            "HttpPutResponseHopLimit": .int(options.httpPutResponseHopLimit), "HttpEndpoint": .string(options.httpEndpoint),
            "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": .string(options.instanceMetadataTags),
        ]]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let attribute = input["Attribute"]?.string ?? ""
        return try context.store.read { view in
            let network = NetworkView(view, context)
            let instance = try network.load(Instance.self, input["InstanceId"]?.string ?? "")
            let interface = network.get(NetworkInterface.self, instance.primaryInterfaceId)
            let value: (member: String, value: AWSValue)
            switch attribute {
            case "instanceType": value = ("InstanceType", ["Value": .string(instance.instanceType)])
            case "userData": value = ("UserData", .structure(["Value": instance.userData.map(AWSValue.string)]))
            case "disableApiTermination": value = ("DisableApiTermination", ["Value": .boolean(instance.disableApiTermination)])
            case "instanceInitiatedShutdownBehavior":
                value = ("InstanceInitiatedShutdownBehavior", ["Value": .string(instance.shutdownBehavior)])
            case "rootDeviceName": value = ("RootDeviceName", ["Value": .string(instance.rootDeviceName)])
            case "ebsOptimized": value = ("EbsOptimized", ["Value": .boolean(instance.ebsOptimized)])
            case "sourceDestCheck": value = ("SourceDestCheck", ["Value": .boolean(interface?.sourceDestCheck ?? true)])
            case "groupSet":
                value = ("Groups", .list((interface?.groups ?? []).map { id in
                    .structure(["GroupId": .string(id), "GroupName": network.get(SecurityGroup.self, id).map { AWSValue.string($0.name) }])
                }))
            case "blockDeviceMapping":
                guard case .object(let full) = instance.output(network) else { return [:] }
                value = ("BlockDeviceMappings", full["BlockDeviceMappings"] ?? [])
            default:
                throw EC2Errors.invalidParameterValue("Value (\(attribute)) for parameter attribute is invalid. Unknown attribute.")
            }
            return ["InstanceId": .string(instance.id), value.member: value.value]
        }
    }
}

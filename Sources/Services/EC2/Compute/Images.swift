import AWSWire
import NimbusCore

/// DescribeImages over the public catalogue ("DescribeImages", EC2 API Reference; "Find an AMI"). Registering
/// and copying images is the compute issue's later work.
enum Images {
    static let filterNames: Set<String> = [
        "architecture", "block-device-mapping.delete-on-termination", "block-device-mapping.device-name",
        "block-device-mapping.snapshot-id", "block-device-mapping.volume-size", "block-device-mapping.volume-type",
        "block-device-mapping.encrypted", "creation-date", "description", "ena-support", "hypervisor", "image-id",
        "image-type", "imds-support", "is-public", "manifest-location", "name", "owner-alias", "owner-id", "platform",
        "platform-details", "product-code", "root-device-name", "root-device-type", "state", "usage-operation",
        "virtualization-type", "boot-mode", "deprecation-time", "source-image-id", "source-image-region",
    ]

    static func values(_ image: CatalogImage, _ name: String) -> [String] {
        let ebs = image.blockDeviceMappings.compactMap(\.ebs)
        switch name {
        case "architecture": return [image.architecture]
        case "block-device-mapping.delete-on-termination": return ebs.map { String($0.deleteOnTermination) }
        case "block-device-mapping.device-name": return image.blockDeviceMappings.map(\.deviceName)
        case "block-device-mapping.snapshot-id": return ebs.map(\.snapshotId)
        case "block-device-mapping.volume-size": return ebs.map { String($0.volumeSize) }
        case "block-device-mapping.volume-type": return ebs.map(\.volumeType)
        case "block-device-mapping.encrypted": return ebs.map { String($0.encrypted) }
        case "creation-date": return [image.creationDate]
        case "description": return [image.description]
        case "ena-support": return [String(image.enaSupport)]
        case "hypervisor": return [image.hypervisor]
        case "image-id": return [image.id]
        case "image-type": return [image.imageType]
        case "imds-support": return image.imdsSupport.map { [$0] } ?? []
        case "is-public": return [String(image.isPublic)]
        case "manifest-location": return [image.imageLocation]
        case "name": return [image.name]
        case "owner-alias": return image.ownerAlias.map { [$0] } ?? []
        case "owner-id": return [image.ownerId]
        case "platform": return image.platform.map { [$0] } ?? []
        case "platform-details": return [image.platformDetails]
        case "root-device-name": return [image.rootDeviceName]
        case "root-device-type": return [image.rootDeviceType]
        case "state": return [image.state]
        case "usage-operation": return [image.usageOperation]
        case "virtualization-type": return [image.virtualizationType]
        case "boot-mode": return image.bootMode.map { [$0] } ?? []
        case "deprecation-time": return [image.deprecationTime]
        default: return []
        }
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: filterNames.union(EC2Describe.tagFilterNames))
        let ids = input["ImageIds"]?.strings ?? []
        let owners = input["Owners"]?.strings ?? []
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let owned = context.store.read { ImageOperations.visibleImages($0, account: context.account, region: context.region) }
        let catalogue = ImageCatalog.images(region: context.region) + owned.map(\.asCatalogImage)
        let tagsById = Dictionary(owned.map { ($0.id, $0.tags) }) { first, _ in first }
        let executableBy = input["ExecutableUsers"]?.strings ?? []
        let sharedWith = Dictionary(owned.map { ($0.id, $0.sharedWith) }) { first, _ in first }
        for id in ids {
            guard id.hasPrefix("ami-"), id.dropFirst(4).allSatisfy(\.isHexDigit) else {
                throw AWSError("InvalidAMIID.Malformed", "Invalid id: \"\(id)\" (expecting \"ami-...\")")
            }
        }
        let missing = ids.filter { id in !catalogue.contains { $0.id == id } }
        guard missing.isEmpty else {
            throw AWSError("InvalidAMIID.NotFound", "The image id '[\(missing.joined(separator: ", "))]' does not exist")
        }
        // "DescribeImages": Owners takes account IDs, `self`, `amazon`, `aws-marketplace` and `aws-backup-vault`.
        let selected = catalogue.filter { image in
            (ids.isEmpty || ids.contains(image.id))
                && (owners.isEmpty || owners.contains(image.ownerId) || image.ownerAlias.map(owners.contains) == true
                    || (owners.contains("self") && image.ownerId == context.account))
                && (executableBy.isEmpty || executableBy.contains { user in
                    image.isPublic && user == "all" || (sharedWith[image.id] ?? []).contains(user == "self" ? context.account : user)
                        || image.ownerId == (user == "self" ? context.account : user)
                })
                && filters.matches(image, { image, name in
                    EC2Tag.filterValues(tagsById[image.id] ?? [], name) ?? values(image, name)
                })
        }
        let page = EC2Describe.page(selected, maxResults: maxResults, start: start)
        return .structure(["Images": .list(page.items.map { image in
            guard let tags = tagsById[image.id], !tags.isEmpty, case .object(var members) = image.output(region: context.region) else {
                return image.output(region: context.region)
            }
            members["Tags"] = .list(tags.map(\.output))
            return .object(members)
        }), "NextToken": page.nextToken])
    }
}

import AWSWire
import NimbusCore
import Testing
@testable import EC2Service

/// The public AMI catalogue and the SSM public parameters that name its images.
@Suite struct ImageCatalogTests {
    static let regions = RegionCatalog.regions.map(\.name)
    static let imagesPerRegion = 13

    // "Find an AMI that meets the requirements for your EC2 instance" (EC2 User Guide): a public AMI has its own
    // id in each Region, and that id never changes.
    @Test func idsAreStable() {
        let ids = ImageCatalog.images(region: "us-east-1").map(\.id)
        #expect(ids == ImageCatalog.images(region: "us-east-1").map(\.id))
        // Pinned: a change to the hash would move every id that users have written into templates.
        #expect(ImageCatalog.stableId("ami", "us-east-1/al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64")
            == "ami-0c863377fc33a5514")
        #expect(ImageCatalog.image(named: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64", region: "us-east-1")?.id
            == "ami-0c863377fc33a5514")
    }

    @Test func idsAreDistinctAcrossRegionsAndImages() {
        var seen = Set<String>()
        for region in Self.regions {
            let images = ImageCatalog.images(region: region)
            #expect(images.count == Self.imagesPerRegion, "\(region)")
            for image in images {
                let snapshotId = image.rootMapping?.ebs?.snapshotId ?? ""
                #expect(seen.insert(image.id).inserted, "\(region) \(image.name)")
                #expect(seen.insert(snapshotId).inserted, "\(region) \(image.name)")
            }
        }
        #expect(seen.count == Self.regions.count * Self.imagesPerRegion * 2)
    }

    // "Resource IDs" (EC2 User Guide): 17 hexadecimal characters after the prefix.
    @Test func idsHaveAWSsShape() {
        func isLongId(_ id: String, _ prefix: String) -> Bool {
            let digits = id.dropFirst(prefix.count + 1)
            return id.hasPrefix(prefix + "-") && digits.count == 17 && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        }
        for image in ImageCatalog.images(region: "eu-west-1") {
            #expect(isLongId(image.id, "ami"), "\(image.id)")
            #expect(isLongId(image.rootMapping?.ebs?.snapshotId ?? "", "snap"))
        }
    }

    @Test func lookupsStayInTheirRegion() throws {
        let image = try #require(ImageCatalog.images(region: "ap-southeast-2").first)
        #expect(ImageCatalog.image(id: image.id, region: "ap-southeast-2") == image)
        #expect(ImageCatalog.image(id: image.id, region: "us-east-1") == nil)
        #expect(ImageCatalog.images(region: "mars-north-1").isEmpty)
        #expect(ImageCatalog.image(id: image.id, region: "mars-north-1") == nil)
    }

    // "Block device mappings for volumes on Amazon EC2 instances" (EC2 User Guide): the root device of an
    // EBS-backed AMI is an EBS volume made from the image's snapshot.
    @Test func everyImageHasARootMapping() throws {
        for region in Self.regions {
            for image in ImageCatalog.images(region: region) {
                let ebs = try #require(image.rootMapping?.ebs, "\(region) \(image.name)")
                #expect(ebs.volumeSize >= 2 && ebs.deleteOnTermination && !ebs.encrypted)
                #expect(["gp2", "gp3"].contains(ebs.volumeType))
                #expect(image.rootDeviceType == "ebs")
            }
        }
    }

    // "Calling AMI public parameters in Parameter Store" (Systems Manager User Guide), "Query for the latest
    // Amazon Linux AMI IDs using Systems Manager Parameter Store" (EC2 User Guide), Canonical's "Find Ubuntu
    // images with SSM", and the Debian Cloud Team's parameters (wiki page "Cloud/AmazonEC2Image").
    @Test(arguments: [
        ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
         "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64"),
        ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64", "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64"),
        ("/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64",
         "al2023-ami-minimal-2023.6.20241212.0-kernel-6.1-arm64"),
        ("/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-6.1-x86_64",
         "al2023-ami-minimal-2023.6.20241212.0-kernel-6.1-x86_64"),
        ("/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "amzn2-ami-hvm-2.0.20241217.0-x86_64-gp2"),
        ("/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2", "amzn2-ami-hvm-2.0.20241217.0-arm64-gp2"),
        ("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
         "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241218"),
        ("/aws/service/canonical/ubuntu/server/noble/stable/current/arm64/hvm/ebs-gp3/ami-id",
         "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241218"),
        ("/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
         "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250112"),
        ("/aws/service/canonical/ubuntu/server/jammy/stable/current/arm64/hvm/ebs-gp2/ami-id",
         "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20250112"),
        ("/aws/service/debian/release/12/latest/amd64", "debian-12-amd64-20241201-1948"),
        ("/aws/service/debian/release/bookworm/latest/arm64", "debian-12-arm64-20241201-1948"),
        ("/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
         "Windows_Server-2022-English-Full-Base-2024.12.13"),
    ])
    func publicParametersNameTheirImages(_ parameter: String, _ imageName: String) throws {
        for region in ["us-east-1", "eu-central-1", "ap-southeast-7"] {
            let id = try #require(PublicImageParameters.imageId(parameter: parameter, region: region))
            #expect(ImageCatalog.image(id: id, region: region)?.name == imageName)
        }
    }

    @Test func everyParameterResolvesInEveryRegion() {
        for region in Self.regions {
            let parameters = PublicImageParameters.parameters(region: region)
            #expect(parameters.count == 23, "\(region)")
            #expect(parameters.map(\.name) == parameters.map(\.name).sorted())
            for parameter in parameters {
                #expect(parameter.name.hasPrefix("/aws/service/"))
                #expect(ImageCatalog.image(id: parameter.value, region: region) != nil, "\(parameter.name)")
            }
        }
        #expect(PublicImageParameters.parameters(region: "mars-north-1").isEmpty)
        #expect(PublicImageParameters.imageId(parameter: "/aws/service/ami-amazon-linux-latest/nope", region: "us-east-1") == nil)
    }

    // DescribeImages ("DescribeImages", EC2 API Reference): members of the `Image` shape by their model names.
    @Test func outputUsesTheModelsMemberNames() throws {
        let windows = try #require(ImageCatalog.image(named: "Windows_Server-2022-English-Full-Base-2024.12.13",
                                                      region: "us-west-2"))
        let out = windows.output(region: "us-west-2")
        #expect(out["ImageId"]?.string == windows.id)
        #expect(out["ImageLocation"]?.string == "amazon/Windows_Server-2022-English-Full-Base-2024.12.13")
        #expect(out["OwnerId"]?.string == "801119661308" && out["ImageOwnerAlias"]?.string == "amazon")
        #expect(out["Platform"]?.string == "windows" && out["PlatformDetails"]?.string == "Windows")
        #expect(out["UsageOperation"]?.string == "RunInstances:0002" && out["Public"]?.bool == true)
        #expect(out["DeprecationTime"]?.string == "2026-12-13T00:00:00.000Z")
        let root = try #require(out["BlockDeviceMappings"]?.list?.first)
        #expect(root["DeviceName"]?.string == "/dev/sda1" && root["Ebs"]?["VolumeSize"]?.int == 30)
        #expect(out["BlockDeviceMappings"]?.list?.count == 27)

        let al2023 = try #require(ImageCatalog.image(named: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
                                                     region: "us-west-2")).output(region: "us-west-2")
        #expect(al2023["BootMode"]?.string == "uefi-preferred" && al2023["ImdsSupport"]?.string == "v2.0")
        #expect(al2023["Platform"] == nil && al2023["PlatformDetails"]?.string == "Linux/UNIX")
        #expect(al2023["BlockDeviceMappings"]?.list?.first?["Ebs"]?["VolumeType"]?.string == "gp3")
    }
}

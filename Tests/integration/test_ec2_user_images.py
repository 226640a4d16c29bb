"""AMIs an account makes: CreateImage from an instance (with snapshots of its volumes), RegisterImage from a
snapshot, CopyImage across Regions, DeregisterImage, launch permissions ("Create an Amazon EBS-backed AMI",
"Copy an Amazon EC2 AMI", "Share an AMI with specific AWS accounts", "Deregister an AMI", EC2 User Guide)."""
from ec2support import acct, al2023, fails, account_for, run_instance  # noqa: F401  (acct is a fixture)


# CreateImage: "Amazon EC2 creates a snapshot of each volume attached to the instance"
def test_create_image_from_an_instance_and_launch_it(acct):
    ec2 = acct.ec2
    instance = run_instance(ec2, al2023(ec2)["ImageId"])
    image = ec2.create_image(InstanceId=instance, Name="web-golden", Description="golden")["ImageId"]
    [described] = ec2.describe_images(ImageIds=[image])["Images"]
    assert described["Name"] == "web-golden" and described["OwnerId"] == acct.id and described["Public"] is False
    [root] = described["BlockDeviceMappings"]
    snapshot = root["Ebs"]["SnapshotId"]
    [snap] = ec2.describe_snapshots(SnapshotIds=[snapshot])["Snapshots"]
    assert image in snap["Description"]
    assert [i["ImageId"] for i in ec2.describe_images(Owners=["self"])["Images"]] == [image]
    assert fails(ec2.create_image, InstanceId=instance, Name="web-golden") == "InvalidAMIName.Duplicate"
    assert fails(ec2.create_image, InstanceId=instance, Name="bad*name") == "InvalidAMIName.Malformed"
    # An image launches like a catalogue image; its snapshot cannot go while the image is registered.
    second = run_instance(ec2, image)
    assert ec2.describe_instances(InstanceIds=[second])["Reservations"][0]["Instances"][0]["ImageId"] == image
    assert fails(ec2.delete_snapshot, SnapshotId=snapshot) == "InvalidSnapshot.InUse"
    ec2.deregister_image(ImageId=image)
    assert fails(ec2.describe_images, ImageIds=[image]) == "InvalidAMIID.NotFound"
    ec2.delete_snapshot(SnapshotId=snapshot)


# RegisterImage from a snapshot; CopyImage (the copy lives in the destination Region with its own snapshots)
def test_register_and_copy(acct, nimbus):
    ec2 = acct.ec2
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3")["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    image = ec2.register_image(Name="from-snap", Architecture="x86_64", RootDeviceName="/dev/xvda",
                               BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot}}])["ImageId"]
    west = nimbus.client("ec2", region="us-west-2", access_key=acct.id)
    copied = west.copy_image(SourceImageId=image, SourceRegion="us-east-1", Name="copied")["ImageId"]
    [copy] = west.describe_images(ImageIds=[copied])["Images"]
    assert copy["Name"] == "copied" and copy["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"] != snapshot
    assert fails(west.copy_image, SourceImageId="ami-0123456789abcdef0", SourceRegion="us-east-1", Name="nope") == "InvalidAMIID.NotFound"


# "Share an AMI with specific AWS accounts": the account named sees and launches it; others do not
def test_launch_permissions(acct, nimbus):
    ec2 = acct.ec2
    instance = run_instance(ec2, al2023(ec2)["ImageId"])
    image = ec2.create_image(InstanceId=instance, Name="shared")["ImageId"]
    friend_id = account_for("friend-of-" + acct.id)
    friend = nimbus.client("ec2", access_key=friend_id)
    assert fails(friend.describe_images, ImageIds=[image]) == "InvalidAMIID.NotFound"
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": friend_id}]})
    assert ec2.describe_image_attribute(ImageId=image, Attribute="launchPermission")["LaunchPermissions"] == [{"UserId": friend_id}]
    assert [i["ImageId"] for i in friend.describe_images(ExecutableUsers=["self"])["Images"]] == [image]
    run_instance(friend, image)
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Remove": [{"UserId": friend_id}]})
    assert fails(friend.describe_images, ImageIds=[image]) == "InvalidAMIID.NotFound"

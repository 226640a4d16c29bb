"""EBS volumes and snapshots: CreateVolume for every volume type within AWS's size, IOPS and throughput limits,
DescribeVolumes and its filters, AttachVolume / DetachVolume, DeleteVolume, the root volume a launch makes,
ModifyVolume (Elastic Volumes) with DescribeVolumesModifications, and snapshots (CreateSnapshot, DescribeSnapshots,
volumes from snapshots, CopySnapshot across Regions, DeleteSnapshot), as the Amazon EC2 API Reference (CreateVolume,
DescribeVolumes, AttachVolume, DetachVolume, DeleteVolume, ModifyVolume, DescribeVolumesModifications, CreateSnapshot,
DescribeSnapshots, CopySnapshot, DeleteSnapshot, "Error codes for the Amazon EC2 API") and the Amazon EBS User Guide
("Amazon EBS volume types", "Attach an Amazon EBS volume to an instance", "Device names on Linux instances", "Detach
an Amazon EBS volume from an instance", "Modify a volume using Amazon EBS Elastic Volumes", "Requirements for EBS
volume modifications", "Monitor the progress of Amazon EBS volume modifications", "Amazon EBS snapshots", "Copy an
Amazon EBS snapshot", "Amazon EBS encryption") describe them.

Every test works in an account of its own (ec2support's `acct`). The one test that moves Nimbus's clock (the six
hours between two modifications of a volume) does so on a server of its own (`fresh_nimbus`), so the shared
server's clock never jumps under another test.

Where AWS's documented limits moved over time, these tests hold Nimbus to the limits of "Amazon EBS volume types" as
the brief states them: gp3 1-16,384 GiB, 3,000-16,000 IOPS (at most 500 per GiB), 125-1,000 MiB/s (at most 0.25 MiB/s
per IOPS); gp2 3 IOPS per GiB between 100 and 16,000; io1 4-16,384 GiB, 100-64,000 IOPS, at most 50 per GiB; io2 at
most 1,000 IOPS per GiB; st1 and sc1 125-16,384 GiB; standard 1-1,024 GiB.
UNSURE: AWS raised gp3's limits in 2025 (64 TiB, 80,000 IOPS, 2,000 MiB/s); the boundaries below follow the older
figures the brief gives."""
import json
import re

import pytest

from ec2support import (FAST_WAIT, ClientError, TwoZoneNet, account_id, code, fails, filters, instance, new_instance,
                        new_two_zone_net, only, wait_instances, zone_names)
from ec2support import acct, image  # noqa: F401  (fixtures: the test's own account, the AL2023 image)

VOLUME_ID = re.compile(r"vol-[0-9a-f]{17}")
SNAPSHOT_ID = re.compile(r"snap-[0-9a-f]{17}")
MISSING_VOLUME = "vol-0123456789abcdef0"
MISSING_SNAPSHOT = "snap-0123456789abcdef0"
MISSING_INSTANCE = "i-0123456789abcdef0"
OTHER_REGION = "us-west-2"


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

def volume(ec2, volume_id: str) -> dict:
    return only(ec2.describe_volumes(VolumeIds=[volume_id])["Volumes"])


def new_volume(ec2, zone: str, size: int = 10, volume_type: str = "gp3", **kwargs) -> str:
    """A new volume, waited for until it is available; answers its id."""
    volume_id = ec2.create_volume(AvailabilityZone=zone, Size=size, VolumeType=volume_type, **kwargs)["VolumeId"]
    wait_volumes(ec2, "volume_available", volume_id)
    return volume_id


def wait_volumes(ec2, waiter: str, *volume_ids: str) -> None:
    ec2.get_waiter(waiter).wait(VolumeIds=list(volume_ids), WaiterConfig=FAST_WAIT)


def volume_ids(ec2, **filter_values) -> set[str]:
    return {v["VolumeId"] for v in ec2.describe_volumes(Filters=filters(**filter_values))["Volumes"]}


def snapshot(ec2, snapshot_id: str) -> dict:
    return only(ec2.describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"])


def new_snapshot(ec2, volume_id: str, **kwargs) -> str:
    """A snapshot of the volume, waited for until it is completed; answers its id."""
    snapshot_id = ec2.create_snapshot(VolumeId=volume_id, **kwargs)["SnapshotId"]
    ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snapshot_id], WaiterConfig=FAST_WAIT)
    return snapshot_id


def new_volume_from(ec2, zone: str, snapshot_id: str, **kwargs) -> str:
    """A new volume from the snapshot, waited for until it is available; answers its id."""
    kwargs.setdefault("VolumeType", "gp3")
    volume_id = ec2.create_volume(AvailabilityZone=zone, SnapshotId=snapshot_id, **kwargs)["VolumeId"]
    wait_volumes(ec2, "volume_available", volume_id)
    return volume_id


def mappings(ec2, instance_id: str) -> dict[str, dict]:
    """The instance's block device mappings, by device name."""
    return {m["DeviceName"]: m["Ebs"] for m in instance(ec2, instance_id)["BlockDeviceMappings"]}


def root_volume_id(ec2, instance_id: str) -> str:
    described = instance(ec2, instance_id)
    return mappings(ec2, instance_id)[described["RootDeviceName"]]["VolumeId"]


@pytest.fixture
def place(acct) -> TwoZoneNet:
    """A VPC with one subnet in each of the Region's first two zones."""
    return new_two_zone_net(acct.ec2)


@pytest.fixture
def zone(acct) -> str:
    return zone_names(acct.ec2)[0]


@pytest.fixture
def server(acct, place, image) -> str:
    """A running t3.micro in the first zone."""
    return new_instance(acct.ec2, image["ImageId"], place.subnet)


# ---------------------------------------------------------------------------------------------------------------
# CreateVolume: types, sizes, IOPS, throughput
# ---------------------------------------------------------------------------------------------------------------

# CreateVolume (Volume: VolumeId, Size, VolumeType, Iops, Throughput, AvailabilityZone, Encrypted, State,
# MultiAttachEnabled, CreateTime), Amazon EC2 API Reference; "Amazon EBS volume types" (gp3: "a consistent baseline
# IOPS performance of 3,000 IOPS ... baseline throughput performance of 125 MiB/s"), Amazon EBS User Guide
def test_create_gp3_volume(acct, zone):
    answered = acct.ec2.create_volume(AvailabilityZone=zone, Size=10, VolumeType="gp3")
    volume_id = answered["VolumeId"]
    assert VOLUME_ID.fullmatch(volume_id)
    assert (answered["Size"], answered["VolumeType"], answered["AvailabilityZone"]) == (10, "gp3", zone)
    assert (answered["Iops"], answered["Throughput"]) == (3000, 125)
    assert answered["Encrypted"] is False and answered["MultiAttachEnabled"] is False
    assert answered["State"] in ("creating", "available")  # AWS answers "creating"; Nimbus may be done at once
    assert "CreateTime" in answered and not answered.get("SnapshotId")
    wait_volumes(acct.ec2, "volume_available", volume_id)
    described = volume(acct.ec2, volume_id)
    assert described["State"] == "available" and described["Attachments"] == []
    assert (described["Size"], described["VolumeType"], described["Iops"], described["Throughput"]) == (10, "gp3", 3000, 125)
    assert described["AvailabilityZone"] == zone


# "Amazon EBS volume types" (gp3: 3,000-16,000 IOPS, "The maximum ratio of provisioned IOPS to provisioned volume size
# is 500 IOPS per GiB"; throughput 125-1,000 MiB/s, "The maximum ratio of provisioned throughput to provisioned IOPS
# is .25 MiB/s per IOPS"; size 1 GiB - 16 TiB), Amazon EBS User Guide; CreateVolume (Iops, Throughput), EC2 API Reference
@pytest.mark.parametrize("size,iops,throughput", [
    (1, None, None),          # the smallest gp3 volume still gets the 3,000 IOPS baseline
    (16384, None, None),      # the largest
    (8, 4000, None),          # exactly 500 IOPS per GiB
    (100, 16000, 1000),       # the most IOPS and the most throughput
    (10, 3000, 750),          # exactly 0.25 MiB/s per IOPS
])
def test_gp3_within_limits(acct, zone, size, iops, throughput):
    extra = {k: v for k, v in (("Iops", iops), ("Throughput", throughput)) if v is not None}
    volume_id = new_volume(acct.ec2, zone, size, "gp3", **extra)
    described = volume(acct.ec2, volume_id)
    assert described["Size"] == size
    assert described["Iops"] == (iops or 3000)
    assert described["Throughput"] == (throughput or 125)


# "Amazon EBS volume types" (the gp3 limits above), Amazon EBS User Guide; "Error codes for the Amazon EC2 API"
# (InvalidParameterValue: "A value specified in a parameter is not valid"). AWS's messages: "Volume of 16385GiB is too
# large for volume type gp3; maximum is 16384GiB", "Volume iops of 16001 is too high; maximum is 16000.", "Iops to
# volume size ratio of 600.000000 is too high; maximum is 500", "Throughput (MiBps) to iops ratio of 0.250333 is too
# high; maximum is 0.250000 MiBps per iops"
@pytest.mark.parametrize("size,iops,throughput", [
    (0, None, None),
    (16385, None, None),
    (100, 2999, None),        # UNSURE: below gp3's 3,000 IOPS floor (AWS may raise it to 3,000 instead of refusing)
    (100, 16001, None),
    (10, 6000, None),         # 600 IOPS per GiB
    (100, 16000, 1001),
    (100, 3000, 124),         # UNSURE: below 125 MiB/s (the API's valid range starts at 125)
    (100, 3000, 751),         # 0.2503 MiB/s per IOPS
])
def test_gp3_outside_limits(acct, zone, size, iops, throughput):
    extra = {k: v for k, v in (("Iops", iops), ("Throughput", throughput)) if v is not None}
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=size, VolumeType="gp3",
                 **extra) == "InvalidParameterValue"
    assert acct.ec2.describe_volumes()["Volumes"] == []


# "Amazon EBS volume types" (gp2: "Baseline performance scales linearly at 3 IOPS per GiB of volume size ... a
# minimum of 100 IOPS (at 33.33 GiB and below) and a maximum of 16,000 IOPS (at 5,334 GiB and above)"), Amazon EBS
# User Guide; CreateVolume (Iops: "For gp2 volumes, this represents the baseline performance"), EC2 API Reference
@pytest.mark.parametrize("size,iops", [(1, 100), (33, 100), (34, 102), (100, 300), (5333, 15999), (5334, 16000),
                                       (16384, 16000)])
def test_gp2_iops_follow_size(acct, zone, size, iops):
    described = volume(acct.ec2, new_volume(acct.ec2, zone, size, "gp2"))
    assert (described["VolumeType"], described["Size"], described["Iops"]) == ("gp2", size, iops)


# CreateVolume (VolumeType: "Default: gp2"), Amazon EC2 API Reference
def test_default_volume_type_is_gp2(acct, zone):
    volume_id = acct.ec2.create_volume(AvailabilityZone=zone, Size=50)["VolumeId"]
    described = volume(acct.ec2, volume_id)
    assert (described["VolumeType"], described["Iops"]) == ("gp2", 150)


# CreateVolume (Iops: "This parameter is not supported for gp2, st1, sc1, or standard volumes"), EC2 API Reference;
# "Error codes for the Amazon EC2 API" (InvalidParameterCombination); AWS answers "The parameter iops is not
# supported for gp2 volumes."
@pytest.mark.parametrize("volume_type,size", [("gp2", 100), ("st1", 500), ("sc1", 500), ("standard", 100)])
def test_iops_not_allowed(acct, zone, volume_type, size):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_volume(AvailabilityZone=zone, Size=size, VolumeType=volume_type, Iops=300)
    assert code(excinfo) == "InvalidParameterCombination"
    assert volume_type in excinfo.value.response["Error"]["Message"]
    assert acct.ec2.describe_volumes()["Volumes"] == []


# CreateVolume (Throughput: "This parameter is valid only for gp3 volumes"), EC2 API Reference
# UNSURE: the code for Throughput on another type (InvalidParameterCombination assumed, as for Iops on gp2: "The
# throughput parameter is not supported for io1 volumes.").
@pytest.mark.parametrize("volume_type,extra", [("gp2", {}), ("io1", {"Iops": 500}), ("st1", {})])
def test_throughput_only_for_gp3(acct, zone, volume_type, extra):
    size = 500 if volume_type == "st1" else 100
    assert fails(acct.ec2.create_volume, AvailabilityZone=zone, Size=size, VolumeType=volume_type, Throughput=250,
                 **extra) == "InvalidParameterCombination"


# "Amazon EBS volume types" (io1: 4 GiB - 16 TiB, 100-64,000 IOPS, "The maximum ratio of provisioned IOPS to
# requested volume size (in GiB) is 50:1"), Amazon EBS User Guide; CreateVolume (Iops: "io1: 100 - 64,000 IOPS ...
# This parameter is required for io1 and io2 volumes"), EC2 API Reference
@pytest.mark.parametrize("size,iops", [(4, 100), (4, 200), (10, 500), (1280, 64000), (16384, 64000)])
def test_io1_within_limits(acct, zone, size, iops):
    described = volume(acct.ec2, new_volume(acct.ec2, zone, size, "io1", Iops=iops))
    assert (described["VolumeType"], described["Size"], described["Iops"]) == ("io1", size, iops)
    assert described.get("Throughput") is None  # UNSURE: AWS leaves Throughput out for io1


# "Amazon EBS volume types" (io1 limits above), Amazon EBS User Guide; AWS's messages: "Volume iops of 99 is too low;
# minimum is 100.", "Volume iops of 64001 is too high; maximum is 64000.", "Iops to volume size ratio of 50.100000 is
# too high; maximum is 50", "Volume of 16385GiB is too large for volume type io1; maximum is 16384GiB"
@pytest.mark.parametrize("size,iops", [(3, 100), (16385, 64000), (100, 99), (2000, 64001), (10, 501)])
def test_io1_outside_limits(acct, zone, size, iops):
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=size, VolumeType="io1",
                 Iops=iops) == "InvalidParameterValue"


# CreateVolume (Iops: "This parameter is required for io1 and io2 volumes"), EC2 API Reference
# UNSURE: the brief expects MissingParameter; AWS answers InvalidParameterCombination "The parameter iops must be
# specified for io1 volumes." (the code EC2's own clients and other emulators record), and these tests use AWS's.
@pytest.mark.parametrize("volume_type", ["io1", "io2"])
def test_provisioned_iops_volume_needs_iops(acct, zone, volume_type):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_volume(AvailabilityZone=zone, Size=100, VolumeType=volume_type)
    assert code(excinfo) == "InvalidParameterCombination"
    assert "iops" in excinfo.value.response["Error"]["Message"].lower()


# "Amazon EBS volume types" (io2: "The maximum ratio of provisioned IOPS to requested volume size (in GiB) is 1000:1";
# 100 IOPS at least), Amazon EBS User Guide; CreateVolume (Iops: "io2: 100 - 256,000 IOPS"), EC2 API Reference
def test_io2_limits(acct, zone):
    described = volume(acct.ec2, new_volume(acct.ec2, zone, 10, "io2", Iops=10000))
    assert (described["VolumeType"], described["Size"], described["Iops"]) == ("io2", 10, 10000)
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=10, VolumeType="io2",
                 Iops=10001) == "InvalidParameterValue"
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=10, VolumeType="io2",
                 Iops=99) == "InvalidParameterValue"
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=3, VolumeType="io2",
                 Iops=100) == "InvalidParameterValue"


# "Amazon EBS volume types" (st1 and sc1: 125 GiB - 16 TiB; "Magnetic (standard)": 1 GiB - 1 TiB), Amazon EBS User
# Guide; CreateVolume (Size: "st1 and sc1: 125 - 16,384 GiB; standard: 1 - 1024 GiB"), EC2 API Reference; AWS's
# message for a small one: "The volume size is invalid for st1 volumes: 124 GiB. st1 volumes must be at least 125 GiB
# in size. Please specify a volume size above the minimum limit."
@pytest.mark.parametrize("volume_type,size,ok", [
    ("st1", 125, True), ("st1", 16384, True), ("st1", 124, False), ("st1", 16385, False),
    ("sc1", 125, True), ("sc1", 16384, True), ("sc1", 124, False), ("sc1", 16385, False),
    ("standard", 1, True), ("standard", 1024, True), ("standard", 1025, False),
    ("gp2", 16384, True), ("gp2", 16385, False), ("gp2", 0, False),
])
def test_size_limits_of_the_other_types(acct, zone, volume_type, size, ok):
    if ok:
        described = volume(acct.ec2, new_volume(acct.ec2, zone, size, volume_type))
        assert (described["VolumeType"], described["Size"]) == (volume_type, size)
    else:
        assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=size,
                     VolumeType=volume_type) == "InvalidParameterValue"


# CreateVolume (VolumeType valid values: standard | io1 | io2 | gp2 | sc1 | st1 | gp3), EC2 API Reference
# UNSURE: AWS's code for an unknown type (InvalidParameterValue "Value (gp9) for parameter volumeType is invalid."
# assumed; "Error codes for the Amazon EC2 API" also lists UnknownVolumeType).
def test_unknown_volume_type(acct, zone):
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, Size=10, VolumeType="gp9") == "InvalidParameterValue"


# CreateVolume (Size: "You must specify either a snapshot ID or a volume size"), EC2 API Reference; "Error codes for
# the Amazon EC2 API" (MissingParameter); AWS answers "The request must contain the parameter size/snapshot"
def test_size_or_snapshot_required(acct, zone):
    assert fails(acct.raw.create_volume, AvailabilityZone=zone, VolumeType="gp3") == "MissingParameter"


# CreateVolume (AvailabilityZone: "The ID of the Availability Zone in which to create the volume"; required unless
# AvailabilityZoneId is given), EC2 API Reference; AWS answers InvalidParameterValue "Invalid availability zone:
# [us-east-1z]" for a zone that does not exist
# UNSURE: the code for no zone at all (MissingParameter assumed); and "Error codes for the Amazon EC2 API" also lists
# InvalidZone.NotFound, which AWS's CreateVolume is not seen to send.
def test_availability_zone_required_and_must_exist(acct):
    assert fails(acct.raw.create_volume, Size=10, VolumeType="gp3") == "MissingParameter"
    for bogus in ("us-east-1z", "us-west-2a", "nowhere"):
        assert fails(acct.raw.create_volume, AvailabilityZone=bogus, Size=10,
                     VolumeType="gp3") == "InvalidParameterValue", bogus
    assert acct.ec2.describe_volumes()["Volumes"] == []


# CreateVolume (Encrypted; KmsKeyId: "The identifier of the KMS key to use for Amazon EBS encryption. If this
# parameter is not specified, your KMS key for Amazon EBS is used"), EC2 API Reference; "Amazon EBS encryption",
# Amazon EBS User Guide
def test_encrypted_volume(acct, zone):
    key_arn = f"arn:aws:kms:us-east-1:{acct.id}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    chosen = volume(acct.ec2, new_volume(acct.ec2, zone, Encrypted=True, KmsKeyId=key_arn))
    assert chosen["Encrypted"] is True and chosen["KmsKeyId"] == key_arn
    default = volume(acct.ec2, new_volume(acct.ec2, zone, Encrypted=True))
    assert default["Encrypted"] is True
    # UNSURE: AWS names the account's aws/ebs key by its key ARN; Nimbus is held to an ARN in the account and Region.
    assert default["KmsKeyId"].startswith(f"arn:aws:kms:us-east-1:{acct.id}:key/")
    plain = volume(acct.ec2, new_volume(acct.ec2, zone))
    assert plain["Encrypted"] is False and "KmsKeyId" not in plain
    assert volume_ids(acct.ec2, encrypted="true") == {chosen["VolumeId"], default["VolumeId"]}


# CreateVolume (TagSpecifications, ResourceType volume), EC2 API Reference; "Tag your Amazon EC2 resources"
def test_tags_on_create(acct, zone):
    volume_id = new_volume(acct.ec2, zone, TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}, {"Key": "team", "Value": "blue"}]}])
    assert {t["Key"]: t["Value"] for t in volume(acct.ec2, volume_id)["Tags"]} == {"Name": "data", "team": "blue"}


# ---------------------------------------------------------------------------------------------------------------
# DescribeVolumes
# ---------------------------------------------------------------------------------------------------------------

# DescribeVolumes (Filter.N: attachment.device, attachment.instance-id, attachment.status, availability-zone,
# encrypted, size, status, tag:<key>, tag-key, volume-id, volume-type), Amazon EC2 API Reference
def test_describe_volumes_filters(acct, place, server):
    root = root_volume_id(acct.ec2, server)
    alpha = new_volume(acct.ec2, place.zone, 10, "gp3",
                       TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "alpha"}]}])
    beta = new_volume(acct.ec2, place.other_zone, 20, "io1", Iops=500,
                      TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "beta"}]}])
    gamma = new_volume(acct.ec2, place.zone, 500, "st1")
    acct.ec2.attach_volume(VolumeId=alpha, InstanceId=server, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", alpha)

    assert volume_ids(acct.ec2) == {root, alpha, beta, gamma}
    assert volume_ids(acct.ec2, status="available") == {beta, gamma}
    assert volume_ids(acct.ec2, status="in-use") == {root, alpha}
    assert volume_ids(acct.ec2, **{"volume-type": "io1"}) == {beta}
    assert volume_ids(acct.ec2, **{"volume-type": ["st1", "io1"]}) == {beta, gamma}
    assert volume_ids(acct.ec2, **{"availability-zone": place.other_zone}) == {beta}
    assert volume_ids(acct.ec2, **{"availability-zone": place.zone}) == {root, alpha, gamma}
    assert volume_ids(acct.ec2, **{"attachment.instance-id": server}) == {root, alpha}
    assert volume_ids(acct.ec2, **{"attachment.device": "/dev/sdf"}) == {alpha}
    assert volume_ids(acct.ec2, **{"attachment.status": "attached"}) == {root, alpha}
    assert volume_ids(acct.ec2, **{"tag:Name": "alpha"}) == {alpha}
    assert volume_ids(acct.ec2, **{"tag:Name": ["alpha", "beta"]}) == {alpha, beta}
    assert volume_ids(acct.ec2, **{"tag-key": "Name"}) == {alpha, beta}
    assert volume_ids(acct.ec2, size="500") == {gamma}
    assert volume_ids(acct.ec2, **{"volume-id": [alpha, gamma]}) == {alpha, gamma}
    # filters AND together
    assert volume_ids(acct.ec2, status="available", **{"availability-zone": place.zone}) == {gamma}
    assert volume_ids(acct.ec2, **{"tag:Name": "beta", "volume-type": "gp3"}) == set()


# "Error codes for the Amazon EC2 API" (InvalidVolume.NotFound: "The specified volume does not exist";
# InvalidVolumeID.Malformed: "The specified volume ID is not valid")
def test_volume_id_errors(nimbus, request, acct, zone):
    volume_id = new_volume(acct.ec2, zone)
    assert fails(acct.ec2.describe_volumes, VolumeIds=[MISSING_VOLUME]) == "InvalidVolume.NotFound"
    assert fails(acct.ec2.describe_volumes, VolumeIds=[volume_id, MISSING_VOLUME]) == "InvalidVolume.NotFound"
    for bad in ("vol-nothex", "bogus"):
        assert fails(acct.ec2.describe_volumes, VolumeIds=[bad]) == "InvalidVolumeID.Malformed", bad
    assert fails(acct.ec2.delete_volume, VolumeId=MISSING_VOLUME) == "InvalidVolume.NotFound"
    assert fails(acct.ec2.modify_volume, VolumeId=MISSING_VOLUME, Size=20) == "InvalidVolume.NotFound"
    assert fails(acct.ec2.create_snapshot, VolumeId=MISSING_VOLUME) == "InvalidVolume.NotFound"
    # a volume is its account's own
    stranger = nimbus.client("ec2", access_key=account_id(request, "stranger"))
    assert fails(stranger.describe_volumes, VolumeIds=[volume_id]) == "InvalidVolume.NotFound"
    assert fails(stranger.delete_volume, VolumeId=volume_id) == "InvalidVolume.NotFound"
    assert stranger.describe_volumes()["Volumes"] == []


# ---------------------------------------------------------------------------------------------------------------
# AttachVolume / DetachVolume / DeleteVolume
# ---------------------------------------------------------------------------------------------------------------

# AttachVolume (VolumeAttachment: AttachTime, Device, InstanceId, State attaching, VolumeId), DetachVolume (State
# detaching), Amazon EC2 API Reference; "Attach an Amazon EBS volume to an instance" ("You can attach an available EBS
# volume to one or more of your instances that is in the same Availability Zone as the volume"), "Device names on
# Linux instances" (/dev/sd[f-p] recommended for EBS volumes), Amazon EBS User Guide
def test_attach_and_detach(acct, place, server):
    volume_id = new_volume(acct.ec2, place.zone, 20)
    attachment = acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdf")
    assert (attachment["VolumeId"], attachment["InstanceId"], attachment["Device"]) == (volume_id, server, "/dev/sdf")
    assert attachment["State"] in ("attaching", "attached")  # AWS answers "attaching"
    assert "AttachTime" in attachment
    wait_volumes(acct.ec2, "volume_in_use", volume_id)

    described = volume(acct.ec2, volume_id)
    assert described["State"] == "in-use"
    [attached] = described["Attachments"]
    assert (attached["InstanceId"], attached["Device"], attached["State"]) == (server, "/dev/sdf", "attached")
    assert attached["DeleteOnTermination"] is False  # volumes attached after launch survive termination by default
    devices = mappings(acct.ec2, server)
    assert devices["/dev/sdf"]["VolumeId"] == volume_id and devices["/dev/sdf"]["Status"] == "attached"
    assert devices["/dev/sdf"]["DeleteOnTermination"] is False

    detached = acct.ec2.detach_volume(VolumeId=volume_id)
    assert (detached["VolumeId"], detached["InstanceId"], detached["Device"]) == (volume_id, server, "/dev/sdf")
    assert detached["State"] in ("detaching", "detached")  # AWS answers "detaching"
    wait_volumes(acct.ec2, "volume_available", volume_id)
    assert volume(acct.ec2, volume_id)["Attachments"] == []
    assert "/dev/sdf" not in mappings(acct.ec2, server)
    # the device is free again, and the volume can go back
    acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", volume_id)


# "Attach an Amazon EBS volume to an instance" ("The volume must be attached to an instance in the same
# Availability Zone"), Amazon EBS User Guide; "Error codes for the Amazon EC2 API" (InvalidVolume.ZoneMismatch); AWS
# answers "The volume 'vol-...' is not in the same availability zone as instance 'i-...'"
def test_attach_across_zones(acct, place, server):
    elsewhere = new_volume(acct.ec2, place.other_zone)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.attach_volume(VolumeId=elsewhere, InstanceId=server, Device="/dev/sdf")
    assert code(excinfo) == "InvalidVolume.ZoneMismatch"
    assert excinfo.value.response["Error"]["Message"] == (
        f"The volume '{elsewhere}' is not in the same availability zone as instance '{server}'")
    assert volume(acct.ec2, elsewhere)["State"] == "available"


# "Error codes for the Amazon EC2 API" (VolumeInUse: "The specified Amazon EBS volume is attached to an instance.
# Ensure that the specified volume is in an 'available' state"); AWS answers "vol-... is already attached to an
# instance" (Multi-Attach is not modelled)
def test_attach_an_attached_volume(acct, place, image, server):
    volume_id = new_volume(acct.ec2, place.zone)
    acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", volume_id)
    assert fails(acct.ec2.attach_volume, VolumeId=volume_id, InstanceId=server, Device="/dev/sdg") == "VolumeInUse"
    other = new_instance(acct.ec2, image["ImageId"], place.subnet)
    assert fails(acct.ec2.attach_volume, VolumeId=volume_id, InstanceId=other, Device="/dev/sdf") == "VolumeInUse"
    assert only(volume(acct.ec2, volume_id)["Attachments"])["InstanceId"] == server
    # "Error codes for the Amazon EC2 API" (InvalidAttachment.NotFound: "Indicates an attempt to detach a volume from
    # an instance to which it is not attached")
    assert fails(acct.ec2.detach_volume, VolumeId=volume_id, InstanceId=other) == "InvalidAttachment.NotFound"
    assert volume(acct.ec2, volume_id)["State"] == "in-use"


# AttachVolume (Device), Amazon EC2 API Reference; "Device names on Linux instances" (/dev/xvda is the root device of
# the Amazon Linux image), Amazon EBS User Guide; AWS answers InvalidParameterValue "Invalid value '/dev/xvda' for
# unixDevice. Attachment point /dev/xvda is already in use"
# UNSURE: "Error codes for the Amazon EC2 API" also lists InvalidDevice.InUse for this case; AWS is seen to send
# InvalidParameterValue, which the brief asks for too.
def test_device_already_in_use(acct, place, server):
    first, second = new_volume(acct.ec2, place.zone), new_volume(acct.ec2, place.zone)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.attach_volume(VolumeId=first, InstanceId=server, Device="/dev/xvda")
    assert code(excinfo) == "InvalidParameterValue"
    assert "Attachment point /dev/xvda is already in use" in excinfo.value.response["Error"]["Message"]
    acct.ec2.attach_volume(VolumeId=first, InstanceId=server, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", first)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.attach_volume(VolumeId=second, InstanceId=server, Device="/dev/sdf")
    assert code(excinfo) == "InvalidParameterValue"
    assert "Attachment point /dev/sdf is already in use" in excinfo.value.response["Error"]["Message"]
    assert volume(acct.ec2, second)["State"] == "available"


# "Device names on Linux instances", Amazon EBS User Guide; AWS answers InvalidParameterValue "Value (Disk_D) for
# parameter device is invalid. Disk_D is not a valid EBS device name."
@pytest.mark.parametrize("device", ["Disk_D", "/dev/nvme1n1", "/dev/sdZZ"])
def test_invalid_device_name(acct, place, server, device):
    volume_id = new_volume(acct.ec2, place.zone)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device=device)
    assert code(excinfo) == "InvalidParameterValue"
    assert f"{device} is not a valid EBS device name" in excinfo.value.response["Error"]["Message"]


# AttachVolume, Amazon EC2 API Reference ("Error codes": InvalidVolume.NotFound, InvalidInstanceID.NotFound)
def test_attach_unknown_volume_or_instance(acct, place, server):
    volume_id = new_volume(acct.ec2, place.zone)
    assert fails(acct.ec2.attach_volume, VolumeId=MISSING_VOLUME, InstanceId=server,
                 Device="/dev/sdf") == "InvalidVolume.NotFound"
    assert fails(acct.ec2.attach_volume, VolumeId=volume_id, InstanceId=MISSING_INSTANCE,
                 Device="/dev/sdf") == "InvalidInstanceID.NotFound"


# "Detach an Amazon EBS volume from an instance" ("You can't detach the root volume of a running instance"; a stopped
# instance's root volume can be detached), Amazon EBS User Guide; "Error codes for the Amazon EC2 API"
# (IncorrectState); AWS answers "Unable to detach root volume 'vol-...' from instance 'i-...'"
def test_detach_root_volume(acct, server):
    root = root_volume_id(acct.ec2, server)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.detach_volume(VolumeId=root)
    assert code(excinfo) == "IncorrectState"
    assert "Unable to detach root volume" in excinfo.value.response["Error"]["Message"]
    # UNSURE: Force does not get a running instance's root volume off either (IncorrectState assumed)
    assert fails(acct.ec2.detach_volume, VolumeId=root, Force=True) == "IncorrectState"
    assert volume(acct.ec2, root)["State"] == "in-use"
    acct.ec2.stop_instances(InstanceIds=[server])
    wait_instances(acct.ec2, "instance_stopped", server)
    acct.ec2.detach_volume(VolumeId=root)
    wait_volumes(acct.ec2, "volume_available", root)
    assert volume(acct.ec2, root)["Attachments"] == []


# DetachVolume, Amazon EC2 API Reference; "Error codes for the Amazon EC2 API" (IncorrectState: "The resource is in an
# incorrect state for the request"); AWS answers "Volume 'vol-...' is in the 'available' state." (the error-code list's
# InvalidAttachment.NotFound is for a volume attached to another instance than the one named)
def test_detach_an_available_volume(acct, zone):
    volume_id = new_volume(acct.ec2, zone)
    assert fails(acct.ec2.detach_volume, VolumeId=volume_id) == "IncorrectState"


# DetachVolume (Force: "Forces detachment if the previous detachment attempt did not occur cleanly ... This option
# can lead to data loss"; InstanceId, Device), Amazon EC2 API Reference
def test_force_detach(acct, place, server):
    volume_id = new_volume(acct.ec2, place.zone)
    acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdg")
    wait_volumes(acct.ec2, "volume_in_use", volume_id)
    detached = acct.ec2.detach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdg", Force=True)
    assert detached["VolumeId"] == volume_id
    wait_volumes(acct.ec2, "volume_available", volume_id)
    assert "/dev/sdg" not in mappings(acct.ec2, server)


# DeleteVolume ("The volume must be in the available state (not attached to an instance)"), Amazon EC2 API
# Reference; "Error codes for the Amazon EC2 API" (VolumeInUse); AWS answers "Volume vol-... is currently attached to
# i-..."
def test_delete_volume(acct, place, server):
    volume_id = new_volume(acct.ec2, place.zone)
    acct.ec2.attach_volume(VolumeId=volume_id, InstanceId=server, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", volume_id)
    assert fails(acct.ec2.delete_volume, VolumeId=volume_id) == "VolumeInUse"
    assert fails(acct.ec2.delete_volume, VolumeId=root_volume_id(acct.ec2, server)) == "VolumeInUse"
    acct.ec2.detach_volume(VolumeId=volume_id)
    wait_volumes(acct.ec2, "volume_available", volume_id)
    acct.ec2.delete_volume(VolumeId=volume_id)
    wait_volumes(acct.ec2, "volume_deleted", volume_id)
    assert fails(acct.ec2.describe_volumes, VolumeIds=[volume_id]) == "InvalidVolume.NotFound"
    assert fails(acct.ec2.delete_volume, VolumeId=volume_id) == "InvalidVolume.NotFound"


# ---------------------------------------------------------------------------------------------------------------
# The root volume and DeleteOnTermination
# ---------------------------------------------------------------------------------------------------------------

# RunInstances (the root volume from the image's block device mapping), ModifyInstanceAttribute (BlockDeviceMappings:
# "To modify the DeleteOnTermination attribute for volumes that are currently attached"), Amazon EC2 API Reference;
# "Preserve data when an instance is terminated" ("By default, the DeleteOnTermination attribute for the root volume
# of an instance is set to true ... set to false for all other volume types"), Amazon EC2 User Guide
def test_root_volume_and_delete_on_termination(acct, place, image):
    [root_mapping] = [m for m in image["BlockDeviceMappings"] if m["DeviceName"] == image["RootDeviceName"]]
    plain = new_instance(acct.ec2, image["ImageId"], place.subnet)
    root = volume(acct.ec2, root_volume_id(acct.ec2, plain))
    assert root["SnapshotId"] == root_mapping["Ebs"]["SnapshotId"]
    assert (root["Size"], root["VolumeType"]) == (root_mapping["Ebs"]["VolumeSize"], root_mapping["Ebs"]["VolumeType"])
    assert (root["Size"], root["VolumeType"], root["Iops"], root["Throughput"]) == (8, "gp3", 3000, 125)
    assert root["AvailabilityZone"] == place.zone and root["State"] == "in-use"
    [attached] = root["Attachments"]
    assert (attached["InstanceId"], attached["Device"]) == (plain, image["RootDeviceName"])
    assert attached["DeleteOnTermination"] is True
    data = new_volume(acct.ec2, place.zone)
    acct.ec2.attach_volume(VolumeId=data, InstanceId=plain, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", data)

    kept = new_instance(acct.ec2, image["ImageId"], place.subnet)
    kept_root = root_volume_id(acct.ec2, kept)
    kept_data = new_volume(acct.ec2, place.zone)
    acct.ec2.attach_volume(VolumeId=kept_data, InstanceId=kept, Device="/dev/sdf")
    wait_volumes(acct.ec2, "volume_in_use", kept_data)
    acct.ec2.modify_instance_attribute(InstanceId=kept, BlockDeviceMappings=[
        {"DeviceName": image["RootDeviceName"], "Ebs": {"DeleteOnTermination": False}},
        {"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": True}}])
    devices = mappings(acct.ec2, kept)
    assert devices[image["RootDeviceName"]]["DeleteOnTermination"] is False
    assert devices["/dev/sdf"]["DeleteOnTermination"] is True
    assert only(volume(acct.ec2, kept_root)["Attachments"])["DeleteOnTermination"] is False
    assert volume_ids(acct.ec2, **{"attachment.delete-on-termination": "true"}) == {root["VolumeId"], kept_data}

    acct.ec2.terminate_instances(InstanceIds=[plain, kept])
    wait_instances(acct.ec2, "instance_terminated", plain, kept)
    for gone in (root["VolumeId"], kept_data):
        wait_volumes(acct.ec2, "volume_deleted", gone)
    assert fails(acct.ec2.describe_volumes, VolumeIds=[root["VolumeId"]]) == "InvalidVolume.NotFound"
    assert fails(acct.ec2.describe_volumes, VolumeIds=[kept_data]) == "InvalidVolume.NotFound"
    survivors = {v["VolumeId"]: v for v in acct.ec2.describe_volumes(VolumeIds=[data, kept_root])["Volumes"]}
    assert {v["State"] for v in survivors.values()} == {"available"}
    assert all(v["Attachments"] == [] for v in survivors.values())


# ---------------------------------------------------------------------------------------------------------------
# ModifyVolume / DescribeVolumesModifications
# ---------------------------------------------------------------------------------------------------------------

def modification(ec2, volume_id: str) -> dict:
    return only(ec2.describe_volumes_modifications(VolumeIds=[volume_id])["VolumesModifications"])


# ModifyVolume (VolumeModification: ModificationState modifying, Original*/Target* Size, VolumeType, Iops,
# Throughput; Iops "If you change the volume type to io1, io2, or gp3, the default is 3,000"; Throughput "If you
# change the volume type to gp3, the default is 125"), DescribeVolumesModifications (Filter.N: modification-state,
# volume-id, target-volume-type), Amazon EC2 API Reference; "Monitor the progress of Amazon EBS volume
# modifications" ("The volume enters the modifying state, the optimizing state, and finally the completed state");
# "Requirements for EBS volume modifications": since January 2026 a volume takes at most four modifications in a
# rolling 24 hours, each once the previous one has completed (the six-hour cooldown it replaced answered
# VolumeModificationRateExceeded, and so does the new limit).
def test_modify_gp2_to_gp3_and_the_daily_limit(fresh_nimbus, request):
    server = fresh_nimbus()
    account = account_id(request)
    ec2 = server.client("ec2", access_key=account)

    def advance(seconds: int) -> None:
        status, _, body = server.http("POST", "/_nimbus/clock", json.dumps({"advanceSeconds": seconds}).encode())
        assert status == 200, body

    zone = zone_names(ec2)[0]
    volume_id = new_volume(ec2, zone, 10, "gp2")
    # a volume never modified: AWS answers "Modification for volume 'vol-...' does not exist."
    assert fails(ec2.describe_volumes_modifications, VolumeIds=[volume_id]) == "InvalidVolumeModification.NotFound"
    answered = ec2.modify_volume(VolumeId=volume_id, Size=20, VolumeType="gp3")["VolumeModification"]
    assert answered["VolumeId"] == volume_id
    assert answered["ModificationState"] == "modifying"
    assert (answered["OriginalSize"], answered["OriginalVolumeType"], answered["OriginalIops"]) == (10, "gp2", 100)
    assert (answered["TargetSize"], answered["TargetVolumeType"]) == (20, "gp3")
    assert (answered["TargetIops"], answered["TargetThroughput"]) == (3000, 125)
    assert "StartTime" in answered

    done = modification(ec2, volume_id)
    assert done["ModificationState"] == "completed" and done["Progress"] == 100 and "EndTime" in done
    assert {m["VolumeId"] for m in ec2.describe_volumes_modifications(
        Filters=filters(**{"modification-state": "completed"}))["VolumesModifications"]} == {volume_id}
    grown = volume(ec2, volume_id)
    assert (grown["Size"], grown["VolumeType"], grown["Iops"], grown["Throughput"]) == (20, "gp3", 3000, 125)

    again = ec2.modify_volume(VolumeId=volume_id, Size=30, Iops=4000)["VolumeModification"]
    assert (again["OriginalSize"], again["TargetSize"], again["TargetIops"]) == (20, 30, 4000)
    for size in (40, 50):
        ec2.modify_volume(VolumeId=volume_id, Size=size)
    assert fails(ec2.modify_volume, VolumeId=volume_id, Size=60) == "VolumeModificationRateExceeded"
    assert volume(ec2, volume_id)["Size"] == 50
    advance(24 * 3600 + 60)
    assert ec2.modify_volume(VolumeId=volume_id, Size=60)["VolumeModification"]["TargetSize"] == 60


# "Requirements for EBS volume modifications" ("You can't decrease the size of an EBS volume"; "If you modify the
# volume type of a volume, the size and performance must be within the limits of the target volume type"), Amazon
# EBS User Guide; AWS answers InvalidParameterValue "New size cannot be smaller than existing size"
def test_modify_volume_refusals(acct, zone):
    volume_id = new_volume(acct.ec2, zone, 20, "gp3")
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.modify_volume(VolumeId=volume_id, Size=10)
    assert code(excinfo) == "InvalidParameterValue"
    assert "New size cannot be smaller than existing size" in excinfo.value.response["Error"]["Message"]
    assert fails(acct.raw.modify_volume, VolumeId=volume_id, Iops=12000) == "InvalidParameterValue"   # 600 per GiB
    assert fails(acct.raw.modify_volume, VolumeId=volume_id, Size=16385) == "InvalidParameterValue"
    assert fails(acct.raw.modify_volume, VolumeId=volume_id, VolumeType="st1") == "InvalidParameterValue"  # < 125 GiB
    # io1 with ModifyVolume's default of 3,000 IOPS: 150 per GiB on 20 GiB, above io1's 50
    assert fails(acct.raw.modify_volume, VolumeId=volume_id, VolumeType="io1") == "InvalidParameterValue"
    described = volume(acct.ec2, volume_id)
    assert (described["Size"], described["VolumeType"], described["Iops"]) == (20, "gp3", 3000)
    assert acct.ec2.describe_volumes_modifications(
        Filters=filters(**{"volume-id": volume_id}))["VolumesModifications"] == []
    assert fails(acct.ec2.describe_volumes_modifications, VolumeIds=[volume_id]) == "InvalidVolumeModification.NotFound"


# "Modify a volume using Amazon EBS Elastic Volumes" ("you can increase the volume size, change the volume type, or
# adjust the performance of your EBS volumes ... without detaching the volume or restarting the instance"), Amazon
# EBS User Guide; ModifyVolume, Amazon EC2 API Reference
def test_modify_an_attached_volume(acct, place, server):
    root = root_volume_id(acct.ec2, server)
    answered = acct.ec2.modify_volume(VolumeId=root, Size=16, Throughput=250)["VolumeModification"]
    assert answered["ModificationState"] == "modifying"
    assert (answered["OriginalSize"], answered["TargetSize"]) == (8, 16)
    assert (answered["OriginalThroughput"], answered["TargetThroughput"]) == (125, 250)
    assert modification(acct.ec2, root)["VolumeId"] == root
    assert volume(acct.ec2, root)["State"] == "in-use"


# ---------------------------------------------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------------------------------------------

# CreateSnapshot (Snapshot: SnapshotId, VolumeId, VolumeSize, Description, OwnerId, State pending, StartTime,
# Progress, Encrypted), DescribeSnapshots (State completed, Progress "100%"), Amazon EC2 API Reference; "Amazon EBS
# snapshots", "Create Amazon EBS snapshots" ("Snapshots occur asynchronously ... the snapshot status is pending until
# the snapshot is complete"), Amazon EBS User Guide
def test_create_snapshot(acct, zone):
    volume_id = new_volume(acct.ec2, zone, 12)
    answered = acct.ec2.create_snapshot(VolumeId=volume_id, Description="nightly", TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "nightly-1"}]}])
    snapshot_id = answered["SnapshotId"]
    assert SNAPSHOT_ID.fullmatch(snapshot_id)
    assert (answered["VolumeId"], answered["VolumeSize"], answered["Description"]) == (volume_id, 12, "nightly")
    assert answered["OwnerId"] == acct.id and answered["Encrypted"] is False
    assert answered["State"] in ("pending", "completed")  # AWS answers "pending"
    assert "StartTime" in answered
    acct.ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snapshot_id], WaiterConfig=FAST_WAIT)
    described = snapshot(acct.ec2, snapshot_id)
    assert described["State"] == "completed" and described["Progress"] == "100%"
    assert (described["VolumeId"], described["VolumeSize"], described["OwnerId"]) == (volume_id, 12, acct.id)
    assert {t["Key"]: t["Value"] for t in described["Tags"]} == {"Name": "nightly-1"}
    assert fails(acct.ec2.create_snapshot, VolumeId=MISSING_VOLUME) == "InvalidVolume.NotFound"


# DescribeSnapshots (OwnerIds: "Scopes the results to snapshots with the specified owners ... self"; SnapshotIds;
# Filter.N: description, owner-id, snapshot-id, status, tag:<key>, volume-id, volume-size), Amazon EC2 API Reference;
# "Error codes for the Amazon EC2 API" (InvalidSnapshot.NotFound, InvalidSnapshotID.Malformed)
def test_describe_snapshots(nimbus, request, acct, zone):
    small = new_volume(acct.ec2, zone, 10)
    large = new_volume(acct.ec2, zone, 30)
    first = new_snapshot(acct.ec2, small, Description="first",
                         TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "env", "Value": "prod"}]}])
    second = new_snapshot(acct.ec2, small, Description="second")
    third = new_snapshot(acct.ec2, large, Description="third")

    def mine(**filter_values) -> set[str]:
        return {s["SnapshotId"] for s in acct.ec2.describe_snapshots(
            OwnerIds=["self"], Filters=filters(**filter_values))["Snapshots"]}

    assert mine() == {first, second, third}
    assert {s["SnapshotId"] for s in acct.ec2.describe_snapshots(OwnerIds=[acct.id])["Snapshots"]} == {first, second, third}
    assert {s["SnapshotId"] for s in acct.ec2.describe_snapshots(SnapshotIds=[first, third])["Snapshots"]} == {first, third}
    assert mine(**{"volume-id": small}) == {first, second}
    assert mine(**{"volume-size": "30"}) == {third}
    assert mine(description="second") == {second}
    assert mine(status="completed") == {first, second, third}
    assert mine(status="pending") == set()
    assert mine(**{"tag:env": "prod"}) == {first}
    assert mine(**{"owner-id": acct.id}) == {first, second, third}
    assert mine(**{"snapshot-id": second}) == {second}

    assert fails(acct.ec2.describe_snapshots, SnapshotIds=[MISSING_SNAPSHOT]) == "InvalidSnapshot.NotFound"
    assert fails(acct.ec2.describe_snapshots, SnapshotIds=[first, MISSING_SNAPSHOT]) == "InvalidSnapshot.NotFound"
    # UNSURE: InvalidSnapshotID.Malformed (the error-code list's) rather than InvalidParameterValue for a bad id
    assert fails(acct.ec2.describe_snapshots, SnapshotIds=["snap-nothex"]) == "InvalidSnapshotID.Malformed"
    stranger = nimbus.client("ec2", access_key=account_id(request, "stranger"))
    assert stranger.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
    assert fails(stranger.describe_snapshots, SnapshotIds=[first]) == "InvalidSnapshot.NotFound"


# CreateVolume (SnapshotId; Size: "If you specify a snapshot, the default is the snapshot size. You can specify a
# volume size that is equal to or larger than the snapshot size"), Amazon EC2 API Reference; "Create a volume from a
# snapshot" (a snapshot is regional: a volume from it can go to any zone of the Region), Amazon EBS User Guide; AWS
# answers InvalidParameterValue "Volume of 5GiB is too small; minimum is 10GiB." for a size below the snapshot's
def test_volume_from_snapshot(acct, place):
    source = new_volume(acct.ec2, place.zone, 10)
    snapshot_id = new_snapshot(acct.ec2, source)
    same = volume(acct.ec2, new_volume_from(acct.ec2, place.zone, snapshot_id))
    assert (same["Size"], same["SnapshotId"], same["VolumeType"]) == (10, snapshot_id, "gp3")
    larger = volume(acct.ec2, new_volume_from(acct.ec2, place.other_zone, snapshot_id, Size=25, VolumeType="gp2"))
    assert (larger["Size"], larger["SnapshotId"], larger["AvailabilityZone"]) == (25, snapshot_id, place.other_zone)
    assert larger["Iops"] == 100  # gp2's 3 IOPS per GiB, at least 100
    assert volume_ids(acct.ec2, **{"snapshot-id": snapshot_id}) == {same["VolumeId"], larger["VolumeId"]}
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_volume(AvailabilityZone=place.zone, SnapshotId=snapshot_id, Size=5, VolumeType="gp3")
    assert code(excinfo) == "InvalidParameterValue"
    assert fails(acct.ec2.create_volume, AvailabilityZone=place.zone, SnapshotId=MISSING_SNAPSHOT,
                 VolumeType="gp3") == "InvalidSnapshot.NotFound"
    assert volume_ids(acct.ec2) == {source, same["VolumeId"], larger["VolumeId"]}


# "Amazon EBS encryption" ("Snapshots that are created from encrypted volumes are automatically encrypted. Volumes
# that you create from encrypted snapshots are also automatically encrypted"), Amazon EBS User Guide; CreateSnapshot
# (Encrypted, KmsKeyId), Amazon EC2 API Reference
def test_snapshot_of_an_encrypted_volume(acct, zone):
    key_arn = f"arn:aws:kms:us-east-1:{acct.id}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    source = new_volume(acct.ec2, zone, 10, Encrypted=True, KmsKeyId=key_arn)
    snapshot_id = new_snapshot(acct.ec2, source)
    described = snapshot(acct.ec2, snapshot_id)
    assert described["Encrypted"] is True and described["KmsKeyId"] == key_arn
    restored = volume(acct.ec2, new_volume_from(acct.ec2, zone, snapshot_id))
    assert restored["Encrypted"] is True and restored["KmsKeyId"] == key_arn


# CopySnapshot ("Copies a point-in-time snapshot of an EBS volume and stores it in Amazon S3. You can copy a snapshot
# within the same Region, from one Region to another ... SourceRegion: The ID of the Region that contains the
# snapshot to be copied"; the request goes to the destination Region), Amazon EC2 API Reference; "Copy an Amazon EBS
# snapshot", Amazon EBS User Guide
def test_copy_snapshot_to_another_region(nimbus, acct, zone):
    source_volume = new_volume(acct.ec2, zone, 10)
    source = new_snapshot(acct.ec2, source_volume, Description="original")
    west = nimbus.client("ec2", region=OTHER_REGION, access_key=acct.id)
    copy_id = west.copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=source, Description="dr copy")["SnapshotId"]
    assert SNAPSHOT_ID.fullmatch(copy_id) and copy_id != source
    west.get_waiter("snapshot_completed").wait(SnapshotIds=[copy_id], WaiterConfig=FAST_WAIT)
    copied = snapshot(west, copy_id)
    assert (copied["VolumeSize"], copied["Description"], copied["OwnerId"]) == (10, "dr copy", acct.id)
    assert copied["State"] == "completed"
    # each Region holds its own
    assert {s["SnapshotId"] for s in west.describe_snapshots(OwnerIds=["self"])["Snapshots"]} == {copy_id}
    assert fails(acct.ec2.describe_snapshots, SnapshotIds=[copy_id]) == "InvalidSnapshot.NotFound"
    assert snapshot(acct.ec2, source)["State"] == "completed"
    # the copy makes volumes in its Region
    west_zone = zone_names(west)[0]
    restored = volume(west, new_volume_from(west, west_zone, copy_id))
    assert (restored["Size"], restored["SnapshotId"], restored["AvailabilityZone"]) == (10, copy_id, west_zone)
    # a snapshot that is not in the source Region
    assert fails(west.copy_snapshot, SourceRegion="us-east-1",
                 SourceSnapshotId=MISSING_SNAPSHOT) == "InvalidSnapshot.NotFound"
    assert fails(west.copy_snapshot, SourceRegion=OTHER_REGION,
                 SourceSnapshotId=source) == "InvalidSnapshot.NotFound"


# DeleteSnapshot, Amazon EC2 API Reference ("Error codes": InvalidSnapshot.NotFound); deleting a snapshot leaves
# the volumes made from it
def test_delete_snapshot(acct, zone):
    source = new_volume(acct.ec2, zone, 10)
    snapshot_id = new_snapshot(acct.ec2, source)
    restored = new_volume_from(acct.ec2, zone, snapshot_id)
    acct.ec2.delete_snapshot(SnapshotId=snapshot_id)
    assert fails(acct.ec2.describe_snapshots, SnapshotIds=[snapshot_id]) == "InvalidSnapshot.NotFound"
    assert acct.ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
    assert fails(acct.ec2.delete_snapshot, SnapshotId=snapshot_id) == "InvalidSnapshot.NotFound"
    assert volume(acct.ec2, restored)["State"] == "available"
    assert volume(acct.ec2, source)["State"] == "available"


# DeleteSnapshot ("You cannot delete a snapshot of the root device of an EBS volume used by a registered AMI. You
# must first deregister the AMI before you can delete the snapshot"), RegisterImage (BlockDeviceMappings with a
# SnapshotId, RootDeviceName), DeregisterImage, Amazon EC2 API Reference; "Error codes for the Amazon EC2 API"
# (InvalidSnapshot.InUse: "The snapshot that you are trying to delete is in use by one or more AMIs")
def test_snapshot_used_by_an_image(acct, zone):
    source = new_volume(acct.ec2, zone, 8)
    snapshot_id = new_snapshot(acct.ec2, source)
    try:
        image_id = acct.ec2.register_image(
            Name="from-snapshot", Architecture="x86_64", RootDeviceName="/dev/xvda", VirtualizationType="hvm",
            EnaSupport=True, BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot_id}}],
        )["ImageId"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "NotImplemented":
            pytest.skip("RegisterImage is not implemented in Nimbus yet")
        raise
    assert fails(acct.ec2.delete_snapshot, SnapshotId=snapshot_id) == "InvalidSnapshot.InUse"
    assert snapshot(acct.ec2, snapshot_id)["State"] == "completed"
    acct.ec2.deregister_image(ImageId=image_id)
    acct.ec2.delete_snapshot(SnapshotId=snapshot_id)
    assert fails(acct.ec2.describe_snapshots, SnapshotIds=[snapshot_id]) == "InvalidSnapshot.NotFound"


# DescribeVolumeStatus ("Amazon EBS volume status checks"): a healthy volume reports ok with io-enabled passed
def test_volume_status(acct):
    zone = sorted(z["ZoneName"] for z in acct.ec2.describe_availability_zones()["AvailabilityZones"])[0]
    volume_id = acct.ec2.create_volume(AvailabilityZone=zone, Size=8, VolumeType="gp3")["VolumeId"]
    [status] = acct.ec2.describe_volume_status(VolumeIds=[volume_id])["VolumeStatuses"]
    assert status["VolumeId"] == volume_id and status["AvailabilityZone"] == zone
    assert status["VolumeStatus"]["Status"] == "ok"
    assert {"Name": "io-enabled", "Status": "passed"} in status["VolumeStatus"]["Details"]
    assert fails(acct.ec2.describe_volume_status, VolumeIds=["vol-0123456789abcdef0"]) == "InvalidVolume.NotFound"

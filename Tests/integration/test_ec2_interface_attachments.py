"""Network interfaces on instances: AttachNetworkInterface and DetachNetworkInterface, the limits of an instance type,
moving an interface (with its private address, Elastic IP and MAC address) from one instance to another, and the
attachment's DeleteOnTermination, as the Amazon EC2 API Reference (AttachNetworkInterface, DetachNetworkInterface,
ModifyNetworkInterfaceAttribute, DescribeNetworkInterfaces, "Error codes for the Amazon EC2 API") and the Amazon EC2
User Guide ("Elastic network interfaces", "Attach a network interface to an instance", "Detach a network interface
from an instance", "Maximum IP addresses per network interface") describe them.

Every test works in an account of its own (ec2support's `acct`). Instances are t3.micro (two network interfaces
at most) unless a test needs room for a third, then t3.medium (three)."""
import re

import pytest

from ec2support import (FAST_WAIT, ClientError, TwoZoneNet, code, fails, filters, instance, new_igw, new_instance,
                        new_two_zone_net, only, wait_instances)
from ec2support import acct, image  # noqa: F401  (fixtures: the test's own account, the AL2023 image)

ATTACHMENT_ID = re.compile(r"eni-attach-[0-9a-f]{17}")
MISSING_ENI = "eni-0123456789abcdef0"
MISSING_INSTANCE = "i-0123456789abcdef0"
MISSING_ATTACHMENT = "eni-attach-0123456789abcdef0"


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture
def net(acct) -> TwoZoneNet:
    """A VPC with an internet gateway (so Elastic IPs can be associated) and a subnet in each of two zones."""
    net = new_two_zone_net(acct.ec2)
    new_igw(acct.ec2, net.vpc)
    return net


def interfaces(ec2, instance_id: str) -> dict[int, dict]:
    """The instance's network interfaces, by device index."""
    return {i["Attachment"]["DeviceIndex"]: i for i in instance(ec2, instance_id)["NetworkInterfaces"]}


def new_eni(ec2, subnet_id: str, **kwargs) -> dict:
    return ec2.create_network_interface(SubnetId=subnet_id, **kwargs)["NetworkInterface"]


def eni(ec2, eni_id: str) -> dict:
    return only(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"])


def attach(ec2, eni_id: str, instance_id: str, index: int = 1) -> str:
    return ec2.attach_network_interface(NetworkInterfaceId=eni_id, InstanceId=instance_id, DeviceIndex=index)["AttachmentId"]


def wait_available(ec2, eni_id: str) -> None:
    ec2.get_waiter("network_interface_available").wait(NetworkInterfaceIds=[eni_id], WaiterConfig=FAST_WAIT)


# ---------------------------------------------------------------------------------------------------------------
# AttachNetworkInterface
# ---------------------------------------------------------------------------------------------------------------

# AttachNetworkInterface (AttachmentId, NetworkCardIndex), DescribeNetworkInterfaces (Attachment: AttachmentId,
# InstanceId, InstanceOwnerId, DeviceIndex, Status attached, DeleteOnTermination; Status in-use; Filter.N:
# attachment.instance-id, attachment.device-index, attachment.status), DescribeInstances (NetworkInterfaces),
# Amazon EC2 API Reference; "Attach a network interface to an instance" ("You can attach a network interface to any
# instance in the same Availability Zone as the network interface"), Amazon EC2 User Guide
def test_attach_a_second_interface(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    primary = interfaces(acct.ec2, server)[0]["NetworkInterfaceId"]
    created = new_eni(acct.ec2, net.subnet, Description="backend")
    before = eni(acct.ec2, created["NetworkInterfaceId"])
    assert before["Status"] == "available" and "Attachment" not in before
    attachment_id = attach(acct.ec2, created["NetworkInterfaceId"], server, 1)
    assert ATTACHMENT_ID.fullmatch(attachment_id)

    described = eni(acct.ec2, created["NetworkInterfaceId"])
    assert described["Status"] == "in-use"
    attached = described["Attachment"]
    assert (attached["AttachmentId"], attached["InstanceId"], attached["DeviceIndex"]) == (attachment_id, server, 1)
    assert attached["Status"] == "attached"
    assert attached["DeleteOnTermination"] is False  # an interface attached after launch is kept by default
    assert attached["InstanceOwnerId"] == acct.id

    by_index = interfaces(acct.ec2, server)
    assert sorted(by_index) == [0, 1]
    assert by_index[0]["NetworkInterfaceId"] == primary
    second = by_index[1]
    assert second["NetworkInterfaceId"] == created["NetworkInterfaceId"]
    assert second["PrivateIpAddress"] == created["PrivateIpAddress"]
    assert second["MacAddress"] == created["MacAddress"]
    assert second["Attachment"]["AttachmentId"] == attachment_id and second["Attachment"]["Status"] == "attached"
    assert second["Description"] == "backend"

    assert {i["NetworkInterfaceId"] for i in acct.ec2.describe_network_interfaces(
        Filters=filters(**{"attachment.instance-id": server}))["NetworkInterfaces"]} == {primary, created["NetworkInterfaceId"]}
    assert {i["NetworkInterfaceId"] for i in acct.ec2.describe_network_interfaces(
        Filters=filters(**{"attachment.instance-id": server, "attachment.device-index": "1"}))["NetworkInterfaces"]} == {
        created["NetworkInterfaceId"]}
    assert {i["InstanceId"] for r in acct.ec2.describe_instances(Filters=filters(**{
        "network-interface.network-interface-id": created["NetworkInterfaceId"]}))["Reservations"]
        for i in r["Instances"]} == {server}


# "Attach a network interface to an instance" ("You can attach a network interface to an instance when it's
# running (hot attach), when it's stopped (warm attach)"), Amazon EC2 User Guide
def test_attach_to_a_stopped_instance(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    acct.ec2.stop_instances(InstanceIds=[server])
    wait_instances(acct.ec2, "instance_stopped", server)
    created = new_eni(acct.ec2, net.subnet)
    attach(acct.ec2, created["NetworkInterfaceId"], server, 1)
    acct.ec2.start_instances(InstanceIds=[server])
    wait_instances(acct.ec2, "instance_running", server)
    assert interfaces(acct.ec2, server)[1]["NetworkInterfaceId"] == created["NetworkInterfaceId"]


# "Attach a network interface to an instance" (same Availability Zone), Amazon EC2 User Guide; "Error codes for the
# Amazon EC2 API" (InvalidParameterCombination); AWS answers "You may not attach a network interface to an instance if
# they are not in the same availability zone"
def test_attach_across_zones(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    elsewhere = new_eni(acct.ec2, net.other_subnet)["NetworkInterfaceId"]
    with pytest.raises(ClientError) as excinfo:
        attach(acct.ec2, elsewhere, server, 1)
    assert code(excinfo) == "InvalidParameterCombination"
    assert "same availability zone" in excinfo.value.response["Error"]["Message"]
    assert eni(acct.ec2, elsewhere)["Status"] == "available"
    assert sorted(interfaces(acct.ec2, server)) == [0]


# AttachNetworkInterface (DeviceIndex: "The index of the device for the network interface attachment"), Amazon EC2
# API Reference; "Error codes for the Amazon EC2 API" (InvalidParameterValue); AWS answers "Instance 'i-...' already
# has an interface attached at device index '1'."
def test_device_index_taken(acct, net, image):
    roomy = new_instance(acct.ec2, image["ImageId"], net.subnet, "t3.medium")  # three interfaces: no limit in the way
    first, second = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"], new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attach(acct.ec2, first, roomy, 1)
    for index in (0, 1):
        with pytest.raises(ClientError) as excinfo:
            attach(acct.ec2, second, roomy, index)
        assert code(excinfo) == "InvalidParameterValue", index
        assert f"already has an interface attached at device index '{index}'" in excinfo.value.response["Error"]["Message"]
    assert eni(acct.ec2, second)["Status"] == "available"
    attach(acct.ec2, second, roomy, 2)
    assert sorted(interfaces(acct.ec2, roomy)) == [0, 1, 2]


# "Elastic network interfaces" > "Maximum IP addresses per network interface" (t3.micro: 2 network interfaces),
# Amazon EC2 User Guide; DescribeInstanceTypes (NetworkInfo.MaximumNetworkInterfaces), Amazon EC2 API Reference;
# "Error codes for the Amazon EC2 API" (AttachmentLimitExceeded: "You've reached the limit on the number of Amazon EBS
# volumes or network interfaces that can be attached to a single instance")
def test_attachment_limit(acct, net, image):
    [info] = acct.ec2.describe_instance_types(InstanceTypes=["t3.micro"])["InstanceTypes"]
    assert info["NetworkInfo"]["MaximumNetworkInterfaces"] == 2
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    first, second = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"], new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attach(acct.ec2, first, server, 1)
    assert fails(acct.ec2.attach_network_interface, NetworkInterfaceId=second, InstanceId=server,
                 DeviceIndex=2) == "AttachmentLimitExceeded"
    assert eni(acct.ec2, second)["Status"] == "available"
    assert sorted(interfaces(acct.ec2, server)) == [0, 1]


# "Error codes for the Amazon EC2 API" (InvalidNetworkInterface.InUse: "The specified interface is currently in use
# and cannot be deleted or attached to another instance. Ensure that you have detached the network interface first")
# UNSURE: the list adds "you may also receive the InvalidParameterValue error"; InvalidNetworkInterface.InUse assumed.
def test_attach_an_attached_interface(acct, net, image):
    first = new_instance(acct.ec2, image["ImageId"], net.subnet)
    second = new_instance(acct.ec2, image["ImageId"], net.subnet)
    moving = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attach(acct.ec2, moving, first, 1)
    assert fails(acct.ec2.attach_network_interface, NetworkInterfaceId=moving, InstanceId=second,
                 DeviceIndex=1) == "InvalidNetworkInterface.InUse"
    primary_of_first = interfaces(acct.ec2, first)[0]["NetworkInterfaceId"]
    assert fails(acct.ec2.attach_network_interface, NetworkInterfaceId=primary_of_first, InstanceId=second,
                 DeviceIndex=1) == "InvalidNetworkInterface.InUse"
    assert eni(acct.ec2, moving)["Attachment"]["InstanceId"] == first
    assert sorted(interfaces(acct.ec2, second)) == [0]


# DeleteNetworkInterface ("You must detach the network interface before you can delete it"), Amazon EC2 API
# Reference; "Error codes for the Amazon EC2 API" (InvalidNetworkInterface.InUse)
def test_delete_an_attached_interface(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    created = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attach(acct.ec2, created, server, 1)
    assert fails(acct.ec2.delete_network_interface, NetworkInterfaceId=created) == "InvalidNetworkInterface.InUse"
    primary = interfaces(acct.ec2, server)[0]["NetworkInterfaceId"]
    assert fails(acct.ec2.delete_network_interface, NetworkInterfaceId=primary) == "InvalidNetworkInterface.InUse"


# AttachNetworkInterface / DetachNetworkInterface, Amazon EC2 API Reference ("Error codes":
# InvalidNetworkInterfaceID.NotFound, InvalidInstanceID.NotFound, InvalidAttachmentID.NotFound: "The specified
# network interface attachment does not exist")
def test_unknown_interface_instance_or_attachment(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    created = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    assert fails(acct.ec2.attach_network_interface, NetworkInterfaceId=MISSING_ENI, InstanceId=server,
                 DeviceIndex=1) == "InvalidNetworkInterfaceID.NotFound"
    assert fails(acct.ec2.attach_network_interface, NetworkInterfaceId=created, InstanceId=MISSING_INSTANCE,
                 DeviceIndex=1) == "InvalidInstanceID.NotFound"
    assert fails(acct.ec2.detach_network_interface, AttachmentId=MISSING_ATTACHMENT) == "InvalidAttachmentID.NotFound"


# ---------------------------------------------------------------------------------------------------------------
# DetachNetworkInterface, and moving an interface
# ---------------------------------------------------------------------------------------------------------------

# "Detach a network interface from an instance" ("You can't detach the primary network interface from an instance"),
# Amazon EC2 User Guide; "Error codes for the Amazon EC2 API" (OperationNotPermitted: "... trying to detach the
# primary network interface (eth0) from an instance"); AWS answers "The network interface at device index 0 cannot be
# detached."
def test_primary_interface_cannot_be_detached(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    primary = interfaces(acct.ec2, server)[0]
    for force in (False, True):
        with pytest.raises(ClientError) as excinfo:
            acct.ec2.detach_network_interface(AttachmentId=primary["Attachment"]["AttachmentId"], Force=force)
        assert code(excinfo) == "OperationNotPermitted"
        assert excinfo.value.response["Error"]["Message"] == "The network interface at device index 0 cannot be detached."
    assert eni(acct.ec2, primary["NetworkInterfaceId"])["Status"] == "in-use"


# "Elastic network interfaces" ("You can detach a network interface from one instance and attach it to another
# instance. The attributes of a network interface follow it as it's attached or detached from an instance ... primary
# private IPv4 address ... One Elastic IP address (IPv4) per private IPv4 address ... A MAC address"), "Detach a
# network interface from an instance", Amazon EC2 User Guide; DetachNetworkInterface, AssociateAddress
# (NetworkInterfaceId), Amazon EC2 API Reference
def test_move_an_interface_to_another_instance(acct, net, image):
    first = new_instance(acct.ec2, image["ImageId"], net.subnet)
    second = new_instance(acct.ec2, image["ImageId"], net.subnet)
    moving = new_eni(acct.ec2, net.subnet, PrivateIpAddress="10.0.1.50")
    eni_id = moving["NetworkInterfaceId"]
    eip = acct.ec2.allocate_address(Domain="vpc")
    association = acct.ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni_id)["AssociationId"]
    attachment_id = attach(acct.ec2, eni_id, first, 1)
    on_first = interfaces(acct.ec2, first)[1]
    assert on_first["Association"]["PublicIp"] == eip["PublicIp"]

    assert acct.ec2.detach_network_interface(AttachmentId=attachment_id)["ResponseMetadata"]["HTTPStatusCode"] == 200
    wait_available(acct.ec2, eni_id)
    detached = eni(acct.ec2, eni_id)
    assert detached["Status"] == "available" and "Attachment" not in detached
    assert sorted(interfaces(acct.ec2, first)) == [0]
    # the Elastic IP stays with the interface while it is attached nowhere
    [address] = acct.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert (address["NetworkInterfaceId"], address["AssociationId"], address["PrivateIpAddress"]) == (
        eni_id, association, "10.0.1.50")
    assert "InstanceId" not in address
    # the attachment is gone
    assert fails(acct.ec2.detach_network_interface, AttachmentId=attachment_id) == "InvalidAttachmentID.NotFound"

    new_attachment = attach(acct.ec2, eni_id, second, 1)
    assert new_attachment != attachment_id
    on_second = interfaces(acct.ec2, second)[1]
    assert on_second["NetworkInterfaceId"] == eni_id
    assert on_second["PrivateIpAddress"] == "10.0.1.50" == moving["PrivateIpAddress"]
    assert on_second["MacAddress"] == moving["MacAddress"] == on_first["MacAddress"]
    assert on_second["Association"]["PublicIp"] == eip["PublicIp"]
    [address] = acct.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    # UNSURE: DescribeAddresses names the instance an associated interface is attached to (Address.InstanceId: "The
    # ID of the instance that the address is associated with (if any)")
    assert (address["NetworkInterfaceId"], address["InstanceId"], address["AssociationId"]) == (eni_id, second, association)


# DetachNetworkInterface (Force: "Specifies whether to force a detachment"), Amazon EC2 API Reference
def test_force_detach(acct, net, image):
    server = new_instance(acct.ec2, image["ImageId"], net.subnet)
    created = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attachment_id = attach(acct.ec2, created, server, 1)
    acct.ec2.detach_network_interface(AttachmentId=attachment_id, Force=True)
    wait_available(acct.ec2, created)
    assert sorted(interfaces(acct.ec2, server)) == [0]


# ---------------------------------------------------------------------------------------------------------------
# DeleteOnTermination
# ---------------------------------------------------------------------------------------------------------------

# ModifyNetworkInterfaceAttribute (Attachment: NetworkInterfaceAttachmentChanges AttachmentId, DeleteOnTermination),
# Amazon EC2 API Reference; "Elastic network interfaces" ("You can set the termination behavior for a network
# interface that's attached to an instance. You can specify whether the network interface should be automatically
# deleted when you terminate the instance"; the primary interface made at launch is deleted with the instance by
# default, one attached later is not), "Terminate Amazon EC2 instances", Amazon EC2 User Guide
def test_delete_on_termination(acct, net, image):
    plain = new_instance(acct.ec2, image["ImageId"], net.subnet)
    plain_primary = interfaces(acct.ec2, plain)[0]["NetworkInterfaceId"]
    plain_extra = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    attach(acct.ec2, plain_extra, plain, 1)

    changed = new_instance(acct.ec2, image["ImageId"], net.subnet)
    changed_primary = interfaces(acct.ec2, changed)[0]
    changed_extra = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    extra_attachment = attach(acct.ec2, changed_extra, changed, 1)
    acct.ec2.modify_network_interface_attribute(
        NetworkInterfaceId=changed_extra, Attachment={"AttachmentId": extra_attachment, "DeleteOnTermination": True})
    acct.ec2.modify_network_interface_attribute(
        NetworkInterfaceId=changed_primary["NetworkInterfaceId"],
        Attachment={"AttachmentId": changed_primary["Attachment"]["AttachmentId"], "DeleteOnTermination": False})
    assert eni(acct.ec2, changed_extra)["Attachment"]["DeleteOnTermination"] is True
    assert eni(acct.ec2, changed_primary["NetworkInterfaceId"])["Attachment"]["DeleteOnTermination"] is False
    by_index = interfaces(acct.ec2, changed)
    assert (by_index[0]["Attachment"]["DeleteOnTermination"], by_index[1]["Attachment"]["DeleteOnTermination"]) == (
        False, True)
    assert {i["NetworkInterfaceId"] for i in acct.ec2.describe_network_interfaces(
        Filters=filters(**{"attachment.instance-id": [plain, changed], "attachment.delete-on-termination": "true"})
    )["NetworkInterfaces"]} == {plain_primary, changed_extra}

    acct.ec2.terminate_instances(InstanceIds=[plain, changed])
    wait_instances(acct.ec2, "instance_terminated", plain, changed)
    for gone in (plain_primary, changed_extra):
        assert fails(acct.ec2.describe_network_interfaces, NetworkInterfaceIds=[gone]) == "InvalidNetworkInterfaceID.NotFound"
    for kept in (plain_extra, changed_primary["NetworkInterfaceId"]):
        wait_available(acct.ec2, kept)
        described = eni(acct.ec2, kept)
        assert described["Status"] == "available" and "Attachment" not in described

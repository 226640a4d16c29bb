"""CPU credit options of burstable instances ("Burstable performance instances": "Unlimited mode for burstable
performance instances", "Standard mode"; EC2 API Reference: DescribeInstanceCreditSpecifications,
ModifyInstanceCreditSpecification, GetDefaultCreditSpecification, ModifyDefaultCreditSpecification) and instance-store
mappings at launch ("Instance store volumes for EC2 instances", "Block device mappings")."""
import pytest

from ec2support import account_id, al2023, fails, instance, run_instance
from test_ec2_metadata import get, token


@pytest.fixture
def account(request) -> str:
    return account_id(request)


@pytest.fixture
def ec2(nimbus, account):
    return nimbus.client("ec2", access_key=account)


def credits(ec2, *ids: str) -> dict[str, str]:
    answer = ec2.describe_instance_credit_specifications(InstanceIds=list(ids))["InstanceCreditSpecifications"]
    return {item["InstanceId"]: item["CpuCredits"] for item in answer}


def test_launch_defaults_and_modification(ec2):
    image = al2023(ec2)["ImageId"]
    t2 = run_instance(ec2, image, instance_type="t2.micro")
    t3 = run_instance(ec2, image, instance_type="t3.micro")
    asked = run_instance(ec2, image, instance_type="t3.micro", CreditSpecification={"CpuCredits": "standard"})
    assert credits(ec2, t2, t3, asked) == {t2: "standard", t3: "unlimited", asked: "standard"}
    # Without IDs, the burstable instances that run unlimited.
    listed = ec2.describe_instance_credit_specifications()["InstanceCreditSpecifications"]
    assert {item["InstanceId"] for item in listed} == {t3}
    m5 = run_instance(ec2, image, instance_type="m5.large")
    answer = ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[
        {"InstanceId": t2, "CpuCredits": "unlimited"}, {"InstanceId": m5, "CpuCredits": "unlimited"},
        {"InstanceId": "i-0123456789abcdef0", "CpuCredits": "unlimited"}])
    assert [item["InstanceId"] for item in answer["SuccessfulInstanceCreditSpecifications"]] == [t2]
    errors = {item["InstanceId"]: item["Error"]["Code"] for item in answer["UnsuccessfulInstanceCreditSpecifications"]}
    assert errors == {m5: "InstanceCreditSpecification.NotSupported", "i-0123456789abcdef0": "InvalidInstanceID.NotFound"}
    assert credits(ec2, t2) == {t2: "unlimited"}
    assert fails(ec2.run_instances, ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                 CreditSpecification={"CpuCredits": "fast"}) == "InvalidParameterValue"


def test_account_default_per_family(ec2):
    assert ec2.get_default_credit_specification(InstanceFamily="t3")["InstanceFamilyCreditSpecification"] == \
        {"InstanceFamily": "t3", "CpuCredits": "unlimited"}
    assert ec2.get_default_credit_specification(InstanceFamily="t2")["InstanceFamilyCreditSpecification"]["CpuCredits"] == "standard"
    changed = ec2.modify_default_credit_specification(InstanceFamily="t3", CpuCredits="standard")
    assert changed["InstanceFamilyCreditSpecification"] == {"InstanceFamily": "t3", "CpuCredits": "standard"}
    launched = run_instance(ec2, al2023(ec2)["ImageId"], instance_type="t3.small")
    assert credits(ec2, launched) == {launched: "standard"}
    assert fails(ec2.get_default_credit_specification, InstanceFamily="m5") == "InvalidParameterValue"


def test_instance_store_mappings(nimbus, ec2):
    image = al2023(ec2)["ImageId"]
    mappings = [{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}, {"DeviceName": "/dev/sdc", "VirtualName": "ephemeral1"}]
    # i3.large has one local NVMe disk: ephemeral0 is kept, ephemeral1 has no disk behind it.
    store = run_instance(ec2, image, instance_type="i3.large", BlockDeviceMappings=mappings)
    ec2.get_waiter("instance_running").wait(InstanceIds=[store], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    session = token(nimbus, store)
    listing = get(nimbus, store, "latest/meta-data/block-device-mapping/", session).split("\n")
    assert "ephemeral0" in listing and "ephemeral1" not in listing
    assert get(nimbus, store, "latest/meta-data/block-device-mapping/ephemeral0", session) == "/dev/sdb"
    # Instance store makes no EBS volume.
    assert len(instance(ec2, store)["BlockDeviceMappings"]) == 1
    ebs_only = run_instance(ec2, image, instance_type="t3.micro", BlockDeviceMappings=mappings)
    ec2.get_waiter("instance_running").wait(InstanceIds=[ebs_only], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert "ephemeral0" not in get(nimbus, ebs_only, "latest/meta-data/block-device-mapping/", token(nimbus, ebs_only))
    assert fails(ec2.run_instances, ImageId=image, InstanceType="i3.large", MinCount=1, MaxCount=1,
                 BlockDeviceMappings=[{"DeviceName": "/dev/sdb", "VirtualName": "scratch"}]) == "InvalidParameterValue"

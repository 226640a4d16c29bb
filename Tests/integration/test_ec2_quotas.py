"""On-Demand instance quotas, counted in vCPUs per bucket ("On-Demand Instance quotas", Amazon EC2 User Guide):
pending and running On-Demand instances of a bucket may not hold more vCPUs than its quota; a launch gets as many
instances as fit when that is at least MinCount, else VcpuLimitExceeded. Nimbus's quota is NIMBUS_EC2_VCPU_QUOTA."""
from ec2support import al2023, fails, wait_instances


def test_vcpu_quota_per_bucket(fresh_nimbus):
    server = fresh_nimbus(env={"NIMBUS_EC2_VCPU_QUOTA": "8"})
    ec2 = server.client("ec2")
    image = al2023(ec2)["ImageId"]

    def launch(instance_type: str = "t3.micro", minimum: int = 1, maximum: int = 1, **kwargs) -> list[str]:
        answer = ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=minimum, MaxCount=maximum, **kwargs)
        return [i["InstanceId"] for i in answer["Instances"]]

    three = launch(maximum=3)                                   # 3 x 2 vCPUs = 6 of 8
    assert len(three) == 3
    assert fails(ec2.run_instances, ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2) == "VcpuLimitExceeded"
    assert len(launch(minimum=1, maximum=5)) == 1               # only one more fits: 8 of 8
    assert fails(ec2.run_instances, ImageId=image, InstanceType="m5.large", MinCount=1, MaxCount=1) == "VcpuLimitExceeded"
    # Another bucket (G and VT) has a quota of its own; Spot instances count against Spot quotas instead.
    assert len(launch("g5.xlarge")) == 1
    assert len(launch(InstanceMarketOptions={"MarketType": "spot"})) == 1
    # A stopped instance frees its vCPUs; starting it again needs them back.
    ec2.stop_instances(InstanceIds=[three[0]])
    wait_instances(ec2, "instance_stopped", three[0])
    replacement = launch()
    assert fails(ec2.start_instances, InstanceIds=[three[0]]) == "VcpuLimitExceeded"
    ec2.terminate_instances(InstanceIds=replacement)
    wait_instances(ec2, "instance_terminated", *replacement)
    ec2.start_instances(InstanceIds=[three[0]])
    wait_instances(ec2, "instance_running", three[0])

"""Transitional states, observed with a slowed-down life cycle (NIMBUS_EC2_TRANSITION_SECONDS): instances go
pending -> running -> stopping -> stopped -> pending ... shutting-down -> terminated ("Amazon EC2 instance state
changes", EC2 User Guide), NAT gateways pending -> available -> deleting -> deleted ("NAT gateways", Amazon VPC
User Guide). Nimbus's clock is moved forward instead of waiting."""
import json

from ec2support import al2023


def advance(server, seconds):
    status, _, body = server.http("POST", "/_nimbus/clock", json.dumps({"advanceSeconds": seconds}).encode())
    assert status == 200, body


def test_instance_and_nat_gateway_states(fresh_nimbus):
    server = fresh_nimbus(env={"NIMBUS_EC2_TRANSITION_SECONDS": "30"})
    ec2 = server.client("ec2")
    image = al2023(ec2)["ImageId"]
    instance_id = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]

    def state():
        return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]["Name"]

    assert state() == "pending"
    advance(server, 31)
    assert state() == "running"
    ec2.stop_instances(InstanceIds=[instance_id])
    assert state() == "stopping"
    advance(server, 31)
    assert state() == "stopped"
    ec2.start_instances(InstanceIds=[instance_id])
    assert state() == "pending"
    advance(server, 31)
    ec2.terminate_instances(InstanceIds=[instance_id])
    assert state() == "shutting-down"
    advance(server, 31)
    assert state() == "terminated"

    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24")["Subnet"]["SubnetId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, ConnectivityType="private")["NatGateway"]["NatGatewayId"]

    def nat_state():
        return ec2.describe_nat_gateways(NatGatewayIds=[nat])["NatGateways"][0]["State"]

    assert nat_state() == "pending"
    advance(server, 31)
    assert nat_state() == "available"
    ec2.delete_nat_gateway(NatGatewayId=nat)
    assert nat_state() == "deleting"
    advance(server, 31)
    assert nat_state() == "deleted"

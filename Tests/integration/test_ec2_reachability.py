"""Reachability Analyzer on the course's lab network ("How Reachability Analyzer works", "Getting started with
Reachability Analyzer using the AWS CLI", "Reachability Analyzer explanation codes", EC2 API Reference:
CreateNetworkInsightsPath, StartNetworkInsightsAnalysis, DescribeNetworkInsightsAnalyses...).

The lab (labnet.py): a bastion in public-a (bastion-sg: SSH from the office), an app server in private-a (app-sg: SSH
and HTTP from bastion-sg), private subnets behind a NAT gateway and a custom network ACL whose inbound rule 110 lets
the answers of internet servers (tcp 1024-65535) back in."""
import subprocess

import pytest

from ec2support import FAST_WAIT, account_for, al2023, fails, filters, new_instance, only
from labnet import build_lab


@pytest.fixture(scope="module")
def ec2(nimbus):
    return nimbus.client("ec2", access_key=account_for(__name__ + "::lab"))


@pytest.fixture(scope="module")
def lab(ec2):
    lab = build_lab(ec2)
    ec2.authorize_security_group_ingress(GroupId=lab.app, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": lab.bastion}]}])
    image = al2023(ec2)["ImageId"]
    lab.bastion_instance = new_instance(ec2, image, lab.subnets["public-a"], SecurityGroupIds=[lab.bastion])
    lab.app_instance = new_instance(ec2, image, lab.subnets["private-a"], SecurityGroupIds=[lab.app])
    return lab


def analyze(ec2, **path) -> dict:
    """Creates the path, runs an analysis, and answers the analysis as Describe shows it once it has finished."""
    path.setdefault("Protocol", "tcp")
    path_id = ec2.create_network_insights_path(**path)["NetworkInsightsPath"]["NetworkInsightsPathId"]
    started = ec2.start_network_insights_analysis(NetworkInsightsPathId=path_id)["NetworkInsightsAnalysis"]
    assert started["Status"] == "running" and "NetworkPathFound" not in started
    [analysis] = ec2.describe_network_insights_analyses(
        NetworkInsightsAnalysisIds=[started["NetworkInsightsAnalysisId"]])["NetworkInsightsAnalyses"]
    assert analysis["Status"] == "succeeded", analysis.get("StatusMessage")
    assert analysis["NetworkInsightsPathId"] == path_id
    return analysis


def component_ids(components: list[dict]) -> list[str]:
    return [c["Component"]["Id"] for c in components]


def codes(analysis: dict) -> set[str]:
    return {e["ExplanationCode"] for e in analysis.get("Explanations", [])}


# "How Reachability Analyzer works": instance to instance, hop by hop; the return path crosses the ACLs again
def test_bastion_reaches_app_server_on_ssh(lab, ec2):
    analysis = analyze(ec2, Source=lab.bastion_instance, Destination=lab.app_instance, DestinationPort=22)
    assert analysis["NetworkPathFound"] is True and analysis["Explanations"] == []
    forward = analysis["ForwardPathComponents"]
    ids = component_ids(forward)
    assert ids[0] == lab.bastion_instance and ids[-1] == lab.app_instance
    assert [c["SequenceNumber"] for c in forward] == list(range(1, len(forward) + 1))
    assert lab.bastion in ids and lab.app in ids and lab.nacl in ids
    [egress_rule] = [c["SecurityGroupRule"] for c in forward if c["Component"]["Id"] == lab.bastion]
    [ingress_rule] = [c["SecurityGroupRule"] for c in forward if c["Component"]["Id"] == lab.app]
    assert (ingress_rule["Direction"], ingress_rule["Protocol"], ingress_rule["PortRange"]) == ("ingress", "tcp", {"From": 22, "To": 22})
    assert egress_rule["Direction"] == "egress"
    [route] = [c["RouteTableRoute"] for c in forward if "RouteTableRoute" in c]
    assert (route["DestinationCidr"], route["GatewayId"], route["State"]) == ("10.0.0.0/16", "local", "active")
    header = forward[0]["OutboundHeader"]
    assert header["Protocol"] == "6" and header["DestinationPortRanges"] == [{"From": 22, "To": 22}]
    assert forward[0]["Component"]["Arn"].endswith(f":instance/{lab.bastion_instance}")
    back = component_ids(analysis["ReturnPathComponents"])
    assert back[0] == lab.app_instance and back[-1] == lab.bastion_instance and lab.nacl in back


# "Reachability Analyzer explanation codes": every component that blocks is named: no public address
# (IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS), the private ACL admits only answers from the internet
# (SUBNET_ACL_RESTRICTION), app-sg admits only the bastion (ENI_SG_RULES_MISMATCH)
def test_internet_to_app_server_is_refused_with_the_reason(lab, ec2):
    analysis = analyze(ec2, Source=lab.igw, Destination=lab.app_instance, DestinationPort=22)
    assert analysis["NetworkPathFound"] is False
    assert codes(analysis) == {"IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "SUBNET_ACL_RESTRICTION", "ENI_SG_RULES_MISMATCH"}
    [acl] = [e for e in analysis["Explanations"] if e["ExplanationCode"] == "SUBNET_ACL_RESTRICTION"]
    assert (acl["Acl"]["Id"], acl["Direction"], acl["AclRule"]["RuleNumber"]) == (lab.nacl, "ingress", 32767)
    [sg] = [e for e in analysis["Explanations"] if e["ExplanationCode"] == "ENI_SG_RULES_MISMATCH"]
    assert sg["Direction"] == "ingress"
    assert [g["Id"] for g in sg["SecurityGroups"]] == [lab.app]
    assert sg["NetworkInterface"]["Id"].startswith("eni-") and sg["Vpc"]["Id"] == lab.vpc
    assert analysis["ReturnPathComponents"] == []


# "How Reachability Analyzer works": from an internet gateway to an instance with a public address
def test_office_reaches_bastion_but_the_rest_of_the_internet_does_not(lab, ec2):
    from_office = analyze(ec2, Source=lab.igw, Destination=lab.bastion_instance,
                          FilterAtSource={"SourceAddress": "203.0.113.10", "DestinationPortRange": {"FromPort": 22, "ToPort": 22}})
    assert from_office["NetworkPathFound"] is True, from_office["Explanations"]
    igw = from_office["ForwardPathComponents"][0]
    assert igw["Component"]["Id"] == lab.igw
    assert igw["InboundHeader"]["DestinationAddresses"] != igw["OutboundHeader"]["DestinationAddresses"]  # public -> private
    elsewhere = analyze(ec2, Source=lab.igw, Destination=lab.bastion_instance,
                        FilterAtSource={"SourceAddress": "198.51.100.77", "DestinationPortRange": {"FromPort": 22, "ToPort": 22}})
    assert codes(elsewhere) == {"ENI_SG_RULES_MISMATCH"}


# "NAT gateways": a private instance reaches the internet through the NAT gateway in its zone's public subnet
def test_app_server_reaches_the_internet_through_the_nat_gateway(lab, ec2):
    analysis = analyze(ec2, Source=lab.app_instance, Destination=lab.igw, DestinationPort=443)
    assert analysis["NetworkPathFound"] is True, analysis["Explanations"]
    ids = component_ids(analysis["ForwardPathComponents"])
    assert ids.index(lab.nats["a"]) < ids.index(lab.igw) == len(ids) - 1
    by_address = analyze(ec2, Source=lab.app_instance, DestinationIp="93.184.216.34", DestinationPort=443)
    assert by_address["NetworkPathFound"] is True
    nat = next(c for c in by_address["ForwardPathComponents"] if c["Component"]["Id"] == lab.nats["a"])
    [eip] = [lab.eips["a"]["PublicIp"]]
    igw = by_address["ForwardPathComponents"][-1]
    assert igw["OutboundHeader"]["SourceAddresses"] == [f"{eip}/32"]
    assert nat["OutboundHeader"]["SourceAddresses"] != nat["InboundHeader"]["SourceAddresses"]


# The endpoints beyond AWS's own list: a NAT gateway as source (to the internet) and as destination
def test_nat_gateway_as_source_and_destination(lab, ec2):
    out = analyze(ec2, Source=lab.nats["a"], DestinationIp="93.184.216.34", DestinationPort=443)
    assert out["NetworkPathFound"] is True
    assert component_ids(out["ForwardPathComponents"])[-1] == lab.igw
    to_nat = analyze(ec2, Source=lab.app_instance, Destination=lab.nats["a"], DestinationPort=443)
    assert to_nat["NetworkPathFound"] is True
    assert component_ids(to_nat["ForwardPathComponents"])[-1] == lab.nats["a"]


# StartNetworkInsightsAnalysis FilterInArns / FilterOutArns ("Reachability Analyzer explanation codes": search filters)
def test_analysis_filters_in_and_out(lab, ec2):
    account = account_for(__name__ + "::lab")
    nat_arn = f"arn:aws:ec2:us-east-1:{account}:natgateway/{lab.nats['a']}"
    path_id = ec2.create_network_insights_path(Source=lab.app_instance, Destination=lab.igw, Protocol="tcp",
                                               DestinationPort=443)["NetworkInsightsPath"]["NetworkInsightsPathId"]

    def run(**filters_) -> dict:
        started = ec2.start_network_insights_analysis(NetworkInsightsPathId=path_id, **filters_)["NetworkInsightsAnalysis"]
        return only(ec2.describe_network_insights_analyses(
            NetworkInsightsAnalysisIds=[started["NetworkInsightsAnalysisId"]])["NetworkInsightsAnalyses"])

    through_nat = run(FilterInArns=[nat_arn])
    assert through_nat["NetworkPathFound"] is True and through_nat["FilterInArns"] == [nat_arn]
    without_nat = run(FilterOutArns=[nat_arn])
    assert without_nat["NetworkPathFound"] is False
    assert codes(without_nat) == {"COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT"}


# "Control subnet traffic with network ACLs" / "Ephemeral ports": an ACL is stateless, so the answers need their rule
def test_network_acl_without_the_ephemeral_return_rule_blocks_the_path_and_says_so(lab, ec2):
    ec2.delete_network_acl_entry(NetworkAclId=lab.nacl, RuleNumber=110, Egress=False)
    try:
        blocked = analyze(ec2, Source=lab.app_instance, Destination=lab.igw, DestinationPort=443)
        assert blocked["NetworkPathFound"] is False
        [explanation] = blocked["Explanations"]
        assert explanation["ExplanationCode"] == "SUBNET_ACL_RESTRICTION"
        assert (explanation["Direction"], explanation["Acl"]["Id"]) == ("ingress", lab.nacl)
        assert explanation["AclRule"]["RuleNumber"] == 32767 and explanation["AclRule"]["RuleAction"] == "deny"
        assert explanation["Subnet"]["Id"] == lab.subnets["private-a"]
    finally:
        ec2.create_network_acl_entry(NetworkAclId=lab.nacl, RuleNumber=110, Egress=False, Protocol="6", RuleAction="allow",
                                     CidrBlock="0.0.0.0/0", PortRange={"From": 1024, "To": 65535})
    assert analyze(ec2, Source=lab.app_instance, Destination=lab.igw, DestinationPort=443)["NetworkPathFound"] is True


# "Reachability Analyzer explanation codes": NO_ROUTE_TO_DESTINATION names the route table and where the route should go
def test_missing_route_and_stopped_instance(lab, ec2):
    ec2.delete_route(RouteTableId=lab.private_rts["a"], DestinationCidrBlock="0.0.0.0/0")
    try:
        blocked = analyze(ec2, Source=lab.app_instance, Destination=lab.igw, DestinationPort=443)
        [explanation] = blocked["Explanations"]
        assert explanation["ExplanationCode"] == "NO_ROUTE_TO_DESTINATION"
        assert explanation["RouteTable"]["Id"] == lab.private_rts["a"]
        assert explanation["Destination"]["Id"] == lab.igw
    finally:
        ec2.create_route(RouteTableId=lab.private_rts["a"], DestinationCidrBlock="0.0.0.0/0", NatGatewayId=lab.nats["a"])
    ec2.stop_instances(InstanceIds=[lab.app_instance])
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[lab.app_instance], WaiterConfig=FAST_WAIT)
    try:
        stopped = analyze(ec2, Source=lab.bastion_instance, Destination=lab.app_instance, DestinationPort=22)
        [explanation] = stopped["Explanations"]
        assert (explanation["ExplanationCode"], explanation["State"]) == ("BAD_STATE", "stopped")
        assert explanation["Component"]["Id"] == lab.app_instance
    finally:
        ec2.start_instances(InstanceIds=[lab.app_instance])
        ec2.get_waiter("instance_running").wait(InstanceIds=[lab.app_instance], WaiterConfig=FAST_WAIT)


# DescribeNetworkInsightsPaths / DescribeNetworkInsightsAnalyses filters, tags, DeleteNetworkInsightsPath /
# DeleteNetworkInsightsAnalysis ("Delete a path": its analyses first)
def test_paths_and_analyses_are_described_filtered_and_deleted(lab, ec2):
    path = ec2.create_network_insights_path(
        Source=lab.bastion_instance, Destination=lab.app_instance, Protocol="tcp", DestinationPort=80,
        TagSpecifications=[{"ResourceType": "network-insights-path", "Tags": [{"Key": "Name", "Value": "web"}]}])["NetworkInsightsPath"]
    path_id = path["NetworkInsightsPathId"]
    assert path["NetworkInsightsPathArn"].endswith(f":network-insights-path/{path_id}")
    assert path["SourceArn"].endswith(f":instance/{lab.bastion_instance}") and path["DestinationPort"] == 80
    tagged = ec2.describe_network_insights_paths(Filters=filters(**{"tag:Name": "web"}))["NetworkInsightsPaths"]
    assert [p["NetworkInsightsPathId"] for p in tagged] == [path_id]
    by_source = ec2.describe_network_insights_paths(Filters=filters(source=lab.bastion_instance, protocol="tcp"))["NetworkInsightsPaths"]
    assert path_id in {p["NetworkInsightsPathId"] for p in by_source}
    analysis_id = ec2.start_network_insights_analysis(NetworkInsightsPathId=path_id)["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]
    of_path = ec2.describe_network_insights_analyses(NetworkInsightsPathId=path_id)["NetworkInsightsAnalyses"]
    assert [a["NetworkInsightsAnalysisId"] for a in of_path] == [analysis_id]
    found = ec2.describe_network_insights_analyses(
        NetworkInsightsPathId=path_id, Filters=filters(**{"path-found": "true", "status": "succeeded"}))["NetworkInsightsAnalyses"]
    assert [a["NetworkInsightsAnalysisId"] for a in found] == [analysis_id]
    assert fails(ec2.delete_network_insights_path, NetworkInsightsPathId=path_id) == "AnalysisExistsForNetworkInsightsPath"
    ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId=analysis_id)
    assert ec2.delete_network_insights_path(NetworkInsightsPathId=path_id)["NetworkInsightsPathId"] == path_id
    assert fails(ec2.describe_network_insights_paths, NetworkInsightsPathIds=[path_id]) == "InvalidNetworkInsightsPathId.NotFound"
    assert fails(ec2.describe_network_insights_analyses,
                 NetworkInsightsAnalysisIds=[analysis_id]) == "InvalidNetworkInsightsAnalysisId.NotFound"


# CreateNetworkInsightsPath / StartNetworkInsightsAnalysis errors
def test_bad_paths_answer_as_ec2_does(lab, ec2, nimbus):
    raw = nimbus.raw_client("ec2", access_key=account_for(__name__ + "::lab"))
    assert fails(ec2.start_network_insights_analysis, NetworkInsightsPathId="nip-0123456789abcdef0") == "InvalidNetworkInsightsPathId.NotFound"
    assert fails(ec2.create_network_insights_path, Source="i-0123456789abcdef0", Destination=lab.app_instance,
                 Protocol="tcp") == "InvalidInstanceID.NotFound"
    assert fails(raw.create_network_insights_path, Source=lab.bastion_instance, Destination=lab.app_instance,
                 Protocol="icmp") == "InvalidParameterValue"
    assert fails(raw.create_network_insights_path, Source=lab.bastion_instance, Destination=lab.app_instance,
                 Protocol="tcp", DestinationPort=70000) == "InvalidParameterValue"
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Destination=lab.app_instance, Protocol="tcp",
                 DestinationPort=22, FilterAtSource={"SourceAddress": "10.0.0.9"}) == "InvalidParameterCombination"
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Protocol="tcp") == "MissingParameter"
    other_region = f"arn:aws:ec2:eu-west-1:{account_for(__name__ + '::lab')}:instance/{lab.app_instance}"
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Destination=other_region,
                 Protocol="tcp") == "InvalidParameterValue"
    wrong_type = f"arn:aws:ec2:us-east-1:{account_for(__name__ + '::lab')}:vpc/{lab.app_instance}"
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Destination=wrong_type,
                 Protocol="tcp") == "InvalidParameterValue"
    assert fails(raw.create_network_insights_path, Source=lab.bastion_instance, Destination=lab.app_instance) == "MissingParameter"
    assert fails(raw.start_network_insights_analysis, NetworkInsightsPathId="") == "MissingParameter"
    other_account = f"arn:aws:ec2:us-east-1:111122223333:instance/{lab.app_instance}"
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Destination=other_account,
                 Protocol="tcp") == "InvalidParameterValue"


# "Getting started with Reachability Analyzer using the AWS CLI": the four lab cases from the AWS CLI
def test_reachability_with_the_aws_cli(lab, nimbus):
    env = {"AWS_ACCESS_KEY_ID": account_for(__name__ + "::lab")}

    def cli(*args):
        return nimbus.cli_json("ec2", *args, env_extra=env)

    def analyze_cli(*path_args) -> dict:
        path = cli("create-network-insights-path", *path_args)["NetworkInsightsPath"]
        cli("start-network-insights-analysis", "--network-insights-path-id", path["NetworkInsightsPathId"])
        [analysis] = cli("describe-network-insights-analyses", "--network-insights-path-id",
                         path["NetworkInsightsPathId"])["NetworkInsightsAnalyses"]
        assert analysis["Status"] == "succeeded"
        return analysis

    ssh = analyze_cli("--source", lab.bastion_instance, "--destination", lab.app_instance, "--protocol", "TCP",
                      "--destination-port", "22")
    assert ssh["NetworkPathFound"] is True
    refused = analyze_cli("--source", lab.igw, "--destination", lab.app_instance, "--protocol", "tcp", "--destination-port", "22")
    assert refused["NetworkPathFound"] is False
    assert "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS" in {e["ExplanationCode"] for e in refused["Explanations"]}
    out = analyze_cli("--source", lab.app_instance, "--destination", lab.igw, "--protocol", "tcp", "--destination-port", "443")
    assert out["NetworkPathFound"] is True and lab.nats["a"] in component_ids(out["ForwardPathComponents"])
    cli("delete-network-acl-entry", "--network-acl-id", lab.nacl, "--rule-number", "110", "--ingress")
    try:
        blocked = analyze_cli("--source", lab.app_instance, "--destination", lab.igw, "--protocol", "tcp", "--destination-port", "443")
        assert blocked["NetworkPathFound"] is False
        [explanation] = blocked["Explanations"]
        assert (explanation["ExplanationCode"], explanation["Acl"]["Id"]) == ("SUBNET_ACL_RESTRICTION", lab.nacl)
    finally:
        cli("create-network-acl-entry", "--network-acl-id", lab.nacl, "--rule-number", "110", "--ingress", "--protocol", "6",
            "--rule-action", "allow", "--cidr-block", "0.0.0.0/0", "--port-range", "From=1024,To=65535")


# "Ensuring idempotency in Amazon EC2 API requests": a ClientToken answers the same path or analysis again, and is
# refused with other parameters
def test_client_tokens(lab, ec2):
    made = ec2.create_network_insights_path(Source=lab.bastion_instance, Destination=lab.app_instance, Protocol="tcp",
                                            DestinationPort=22, ClientToken="path-token")["NetworkInsightsPath"]
    again = ec2.create_network_insights_path(Source=lab.bastion_instance, Destination=lab.app_instance, Protocol="tcp",
                                             DestinationPort=22, ClientToken="path-token")["NetworkInsightsPath"]
    assert again["NetworkInsightsPathId"] == made["NetworkInsightsPathId"]
    assert fails(ec2.create_network_insights_path, Source=lab.bastion_instance, Destination=lab.app_instance, Protocol="tcp",
                 DestinationPort=80, ClientToken="path-token") == "IdempotentParameterMismatch"
    first = ec2.start_network_insights_analysis(NetworkInsightsPathId=made["NetworkInsightsPathId"],
                                                ClientToken="analysis-token")["NetworkInsightsAnalysis"]
    second = ec2.start_network_insights_analysis(NetworkInsightsPathId=made["NetworkInsightsPathId"],
                                                 ClientToken="analysis-token")["NetworkInsightsAnalysis"]
    assert second["NetworkInsightsAnalysisId"] == first["NetworkInsightsAnalysisId"]


# `nimbus reach` (the command line): the path hop by hop and exit 0, or what blocks it and exit 1
def test_nimbus_reach_command(lab, nimbus, nimbus_bin):
    account = account_for(__name__ + "::lab")

    def reach(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(nimbus_bin), "reach", "--endpoint", nimbus.endpoint, "--account", account, *args],
                              capture_output=True, text=True, timeout=60)

    ok = reach("--from", lab.bastion_instance, "--to", lab.app_instance, "--protocol", "tcp", "--port", "22")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"Reachable: {lab.bastion_instance} -> {lab.app_instance} tcp/22")
    assert f"security-group {lab.app}: ingress rule" in ok.stdout and "Return path:" in ok.stdout
    refused = reach("--from", lab.igw, "--to", lab.app_instance, "--port", "22")
    assert refused.returncode == 1, refused.stderr
    assert "Not reachable" in refused.stdout and "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS" in refused.stdout
    assert "Add an inbound rule to one of" in refused.stdout
    icmp = reach("--from", lab.bastion_instance, "--to", lab.app_instance, "--protocol", "icmp")
    assert icmp.returncode == 1 and "ENI_SG_RULES_MISMATCH" in icmp.stdout  # app-sg admits tcp only
    # Allow ping (echo request, type 8) from the bastion: the echo reply goes back through the stateful group.
    ec2 = nimbus.client("ec2", access_key=account)
    ec2.authorize_security_group_ingress(GroupId=lab.app, IpPermissions=[
        {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": lab.bastion}]}])
    try:
        ping = reach("--from", lab.bastion_instance, "--to", lab.app_instance, "--protocol", "icmp")
        assert ping.returncode == 0, ping.stdout
    finally:
        ec2.revoke_security_group_ingress(GroupId=lab.app, IpPermissions=[
            {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": lab.bastion}]}])
    unknown = reach("--from", "i-0123456789abcdef0", "--to", lab.app_instance, "--port", "22")
    assert unknown.returncode == 2 and "InvalidInstanceID.NotFound" in unknown.stderr


# An acknowledged analysis survives a kill -9 and a restart, with the components and explanations it found
def test_paths_and_analyses_survive_kill_9(fresh_nimbus):
    server = fresh_nimbus()
    ec2 = server.client("ec2")
    image = al2023(ec2)["ImageId"]
    vpc = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"][0]["VpcId"]
    igw = only(ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc}))["InternetGateways"])
    instance = new_instance(ec2, image)
    before = analyze(ec2, Source=igw["InternetGatewayId"], Destination=instance, DestinationPort=22)
    assert before["NetworkPathFound"] is False  # the default group admits only itself
    server.kill9()
    server.start()
    ec2 = server.client("ec2")
    [after] = ec2.describe_network_insights_analyses(
        NetworkInsightsAnalysisIds=[before["NetworkInsightsAnalysisId"]])["NetworkInsightsAnalyses"]
    assert after == before
    assert ec2.describe_network_insights_paths(NetworkInsightsPathIds=[before["NetworkInsightsPathId"]])["NetworkInsightsPaths"]

"""Launch templates: versions, the default version, RunInstances from a template with overrides ("Store instance
launch parameters in Amazon EC2 launch templates", "Modify a launch template (manage launch template versions)",
"Launch an instance from a launch template", EC2 User Guide; EC2 API Reference)."""
import base64

from ec2support import acct, al2023, fails  # noqa: F401  (acct is a fixture)


# CreateLaunchTemplate / CreateLaunchTemplateVersion / ModifyLaunchTemplate, EC2 API Reference
def test_versions_and_default(acct):
    ec2 = acct.ec2
    image = al2023(ec2)["ImageId"]
    created = ec2.create_launch_template(LaunchTemplateName="web", VersionDescription="first",
                                         LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"})["LaunchTemplate"]
    assert created["LaunchTemplateId"].startswith("lt-") and created["DefaultVersionNumber"] == 1 and created["LatestVersionNumber"] == 1
    second = ec2.create_launch_template_version(LaunchTemplateName="web", SourceVersion="1", VersionDescription="bigger",
                                                LaunchTemplateData={"InstanceType": "t3.small"})["LaunchTemplateVersion"]
    assert second["VersionNumber"] == 2 and second["DefaultVersion"] is False
    # SourceVersion's data stays under the new version's ("Create a launch template version").
    assert second["LaunchTemplateData"]["ImageId"] == image and second["LaunchTemplateData"]["InstanceType"] == "t3.small"
    latest = ec2.describe_launch_template_versions(LaunchTemplateId=created["LaunchTemplateId"], Versions=["$Latest"])
    assert [v["VersionNumber"] for v in latest["LaunchTemplateVersions"]] == [2]
    ec2.modify_launch_template(LaunchTemplateName="web", DefaultVersion="2")
    [template] = ec2.describe_launch_templates(LaunchTemplateNames=["web"])["LaunchTemplates"]
    assert template["DefaultVersionNumber"] == 2 and template["LatestVersionNumber"] == 2
    # The default version cannot be deleted on its own ("Delete a launch template version").
    result = ec2.delete_launch_template_versions(LaunchTemplateName="web", Versions=["2", "1"])
    assert [v["VersionNumber"] for v in result["SuccessfullyDeletedLaunchTemplateVersions"]] == [1]
    assert [v["VersionNumber"] for v in result["UnsuccessfullyDeletedLaunchTemplateVersions"]] == [2]


# CreateLaunchTemplate ("Launch template name already in use"), DescribeLaunchTemplates, EC2 API Reference
def test_names_are_unique_and_unknown_names_fail(acct):
    ec2 = acct.ec2
    ec2.create_launch_template(LaunchTemplateName="dup", LaunchTemplateData={"InstanceType": "t3.micro"})
    assert fails(ec2.create_launch_template, LaunchTemplateName="dup",
                 LaunchTemplateData={"InstanceType": "t3.nano"}) == "InvalidLaunchTemplateName.AlreadyExistsException"
    assert fails(ec2.describe_launch_templates, LaunchTemplateNames=["nope"]) == "InvalidLaunchTemplateName.NotFoundException"
    assert fails(ec2.describe_launch_templates, LaunchTemplateIds=["lt-0123456789abcdef0"]) == "InvalidLaunchTemplateId.NotFound"


# "Launch an instance from a launch template": parameters given to RunInstances override the template's
def test_run_instances_from_a_template_with_overrides(acct):
    ec2 = acct.ec2
    image = al2023(ec2)["ImageId"]
    user_data = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    ec2.create_launch_template(LaunchTemplateName="app", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro", "UserData": user_data,
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Team", "Value": "blue"}]}]})
    [instance] = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "app"})["Instances"]
    assert instance["ImageId"] == image and instance["InstanceType"] == "t3.micro"
    assert {"Key": "Team", "Value": "blue"} in instance["Tags"]
    [bigger] = ec2.run_instances(MinCount=1, MaxCount=1, InstanceType="t3.small",
                                 LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"})["Instances"]
    assert bigger["InstanceType"] == "t3.small"
    attribute = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="userData")
    assert base64.b64decode(attribute["UserData"]["Value"]) == b"#!/bin/sh\necho hi\n"


# "Spot Instance requests" and "Spot Instance pricing history" (EC2 User Guide): a request at or above the Spot
# price is fulfilled with an instance whose lifecycle is spot; below it, it stays open (price-too-low); prices are
# below On-Demand; cancelling a request leaves its instance running.
def test_spot_requests_and_prices(acct):
    ec2 = acct.ec2
    image = al2023(ec2)["ImageId"]
    history = ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"])["SpotPriceHistory"]
    assert history and all(0 < float(row["SpotPrice"]) < 0.096 for row in history)
    [request] = ec2.request_spot_instances(InstanceCount=1, LaunchSpecification={"ImageId": image, "InstanceType": "m5.large"})["SpotInstanceRequests"]
    assert request["SpotInstanceRequestId"].startswith("sir-") and request["State"] == "active"
    assert request["Status"]["Code"] == "fulfilled"
    [instance] = ec2.describe_instances(InstanceIds=[request["InstanceId"]])["Reservations"][0]["Instances"]
    assert instance["InstanceLifecycle"] == "spot" and instance["SpotInstanceRequestId"] == request["SpotInstanceRequestId"]
    [cheap] = ec2.request_spot_instances(SpotPrice="0.000001", LaunchSpecification={"ImageId": image, "InstanceType": "m5.large"})["SpotInstanceRequests"]
    assert cheap["State"] == "open" and cheap["Status"]["Code"] == "price-too-low" and "InstanceId" not in cheap
    cancelled = ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[request["SpotInstanceRequestId"]])["CancelledSpotInstanceRequests"]
    assert cancelled == [{"SpotInstanceRequestId": request["SpotInstanceRequestId"], "State": "cancelled"}]
    [after] = ec2.describe_spot_instance_requests(SpotInstanceRequestIds=[request["SpotInstanceRequestId"]])["SpotInstanceRequests"]
    assert after["State"] == "cancelled" and after["Status"]["Code"] == "request-canceled-and-instance-running"
    [still] = ec2.describe_instances(InstanceIds=[request["InstanceId"]])["Reservations"][0]["Instances"]
    assert still["State"]["Name"] == "running"
    # RunInstances with InstanceMarketOptions makes a Spot Instance too.
    [market] = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                 InstanceMarketOptions={"MarketType": "spot"})["Instances"]
    assert market["InstanceLifecycle"] == "spot"

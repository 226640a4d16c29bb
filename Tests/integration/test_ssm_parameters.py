"""SSM Parameter Store with AWS's rules: the SSM API Reference for each action (PutParameter, GetParameter,
GetParameters, GetParametersByPath, GetParameterHistory, DeleteParameter(s), LabelParameterVersion,
DescribeParameters), and the Systems Manager User Guide pages "AWS Systems Manager Parameter Store",
"Understanding parameter name requirements and constraints", "Working with parameter versions in Parameter Store",
"Working with parameter labels", "Parameter Store quotas" and "Discovering public parameters in Parameter Store"
(the public AMI parameters under /aws/service/, whose values are the ids DescribeImages lists in the same Region).

Every test works in an account of its own (the access key is a 12-digit account id derived from the test's name)."""
import re
import zlib

import botocore.exceptions
import pytest

ClientError = botocore.exceptions.ClientError
AMI_ID = re.compile(r"ami-[0-9a-f]{17}")

# Public parameter name -> (DescribeImages name pattern, architecture, platform) of the image it names.
PUBLIC_IMAGES = {
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64":
        (re.compile(r"al2023-ami-2023\.[\d.]+-kernel-6\.1-x86_64"), "x86_64", None),
    "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id":
        (re.compile(r"ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24\.04-amd64-server-\d+(\.\d+)?"), "x86_64", None),
    "/aws/service/debian/release/12/latest/amd64":
        (re.compile(r"debian-12-amd64-\d+-\d+"), "x86_64", None),
    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base":
        (re.compile(r"Windows_Server-2022-English-Full-Base-\d{4}\.\d{2}\.\d{2}"), "x86_64", "windows"),
}


def code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def fails(call, **kwargs) -> str:
    """The AWS error code that call(**kwargs) answers with (the call must fail)."""
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return code(excinfo)


def account_for(key: str) -> str:
    return str(100000000000 + zlib.crc32(key.encode()) % 899999999999)


@pytest.fixture
def account(request) -> str:
    # Each test works in an account of its own, so names never collide.
    return account_for("ssm:" + request.node.name)


@pytest.fixture
def ssm(nimbus, account):
    return nimbus.client("ssm", region="us-east-1", access_key=account)


def history(ssm, name, **kwargs):
    """Every GetParameterHistory row, following NextToken."""
    rows, token = [], None
    while True:
        page = ssm.get_parameter_history(Name=name, **kwargs, **({"NextToken": token} if token else {}))
        rows += page["Parameters"]
        token = page.get("NextToken")
        if not token:
            return rows


def by_path(ssm, path, page_size=None, **kwargs):
    """(every row, every page's size) of GetParametersByPath, following NextToken."""
    rows, sizes, token = [], [], None
    extra = {"MaxResults": page_size} if page_size else {}
    while True:
        page = ssm.get_parameters_by_path(Path=path, **extra, **kwargs, **({"NextToken": token} if token else {}))
        rows += page["Parameters"]
        sizes.append(len(page["Parameters"]))
        token = page.get("NextToken")
        if not token:
            return rows, sizes


# ---------------------------------------------------------------------------------------------------------------
# Types and values
# ---------------------------------------------------------------------------------------------------------------

# PutParameter / GetParameter (SSM API Reference); "AWS Systems Manager Parameter Store" (Parameter type: String,
# StringList, SecureString)
def test_string_and_string_list(ssm, account):
    assert ssm.put_parameter(Name="/app/greeting", Value="Veni", Type="String")["Version"] == 1
    assert ssm.put_parameter(Name="/app/letters", Value="alpha,beta,gamma", Type="StringList")["Version"] == 1
    got = ssm.get_parameter(Name="/app/greeting")["Parameter"]
    assert (got["Name"], got["Type"], got["Value"], got["Version"]) == ("/app/greeting", "String", "Veni", 1)
    assert got["ARN"] == f"arn:aws:ssm:us-east-1:{account}:parameter/app/greeting"
    assert got["DataType"] == "text"  # Parameter.DataType: "The default is text."
    listed = ssm.get_parameter(Name="/app/letters")["Parameter"]
    assert (listed["Type"], listed["Value"]) == ("StringList", "alpha,beta,gamma")
    # "WithDecryption ... This flag is ignored for String and StringList parameter types."
    assert ssm.get_parameter(Name="/app/letters", WithDecryption=True)["Parameter"]["Value"] == "alpha,beta,gamma"
    # A name without a leading slash is a root-level parameter; its ARN still reads parameter/NAME.
    ssm.put_parameter(Name="MyStringParameter", Value="Vici", Type="String")
    assert ssm.get_parameter(Name="MyStringParameter")["Parameter"]["ARN"] == \
        f"arn:aws:ssm:us-east-1:{account}:parameter/MyStringParameter"


# GetParameter, GetParameters, GetParametersByPath, GetParameterHistory: "WithDecryption: Return decrypted values for
# secure string parameters" (SSM API Reference); "AWS Systems Manager Parameter Store" (SecureString)
def test_secure_string_hidden_unless_decrypted(ssm):
    secret = "16679b88-310b-4895-a943-e0764EXAMPLE"
    ssm.put_parameter(Name="/app/db/password", Value=secret, Type="SecureString")
    hidden = ssm.get_parameter(Name="/app/db/password")["Parameter"]
    assert hidden["Type"] == "SecureString" and hidden["Value"] != secret and secret not in hidden["Value"]
    assert ssm.get_parameter(Name="/app/db/password", WithDecryption=True)["Parameter"]["Value"] == secret
    many = ssm.get_parameters(Names=["/app/db/password"])["Parameters"]
    assert [p["Value"] == secret for p in many] == [False]
    many = ssm.get_parameters(Names=["/app/db/password"], WithDecryption=True)["Parameters"]
    assert [p["Value"] for p in many] == [secret]
    rows, _ = by_path(ssm, "/app/db")
    assert [r["Name"] for r in rows] == ["/app/db/password"] and rows[0]["Value"] != secret
    rows, _ = by_path(ssm, "/app/db", WithDecryption=True)
    assert [r["Value"] for r in rows] == [secret]
    assert [r["Value"] == secret for r in history(ssm, "/app/db/password")] == [False]
    assert [r["Value"] for r in history(ssm, "/app/db/password", WithDecryption=True)] == [secret]
    # No KeyId given: the AWS managed key aws/ssm encrypts it.
    assert history(ssm, "/app/db/password")[0]["KeyId"] == "alias/aws/ssm"


# "Parameter Store quotas" (parameter value: 4 KB standard, 8 KB advanced); PutParameter Value and Tier
def test_value_size_by_tier(ssm):
    assert ssm.put_parameter(Name="/big/standard", Value="x" * 4096, Type="String")["Tier"] == "Standard"
    assert fails(ssm.put_parameter, Name="/big/too-big", Value="x" * 4097, Type="String") == "ValidationException"
    put = ssm.put_parameter(Name="/big/advanced", Value="y" * 8192, Type="String", Tier="Advanced")
    assert put["Tier"] == "Advanced"
    assert len(ssm.get_parameter(Name="/big/advanced")["Parameter"]["Value"]) == 8192
    assert fails(ssm.put_parameter, Name="/big/advanced-too-big", Value="y" * 8193, Type="String",
                 Tier="Advanced") == "ValidationException"


# PutParameter AllowedPattern ("for String types with values restricted to numbers ... AllowedPattern=^\d+$");
# ParameterPatternMismatchException (SSM API Reference)
def test_allowed_pattern(ssm):
    assert fails(ssm.put_parameter, Name="/limits/max", Value="ten", Type="String",
                 AllowedPattern=r"^\d+$") == "ParameterPatternMismatchException"
    assert fails(ssm.get_parameter, Name="/limits/max") == "ParameterNotFound"
    ssm.put_parameter(Name="/limits/max", Value="10", Type="String", AllowedPattern=r"^\d+$")
    assert ssm.get_parameter(Name="/limits/max")["Parameter"]["Value"] == "10"


# ---------------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------------

# "Understanding parameter name requirements and constraints" (Prefixes: awsTestParameter, SSM-testparameter and
# /aws/testparam1 fail); PutParameter Name ("can't be prefixed with aws or ssm (case-insensitive)")
@pytest.mark.parametrize("name", ["awsTestParameter", "SSM-testparameter", "/aws/testparam1", "/Ssm/config",
                                  "/aws/service/ami-amazon-linux-latest/mine"])
def test_reserved_prefixes(ssm, name):
    assert fails(ssm.put_parameter, Name=name, Value="v", Type="String") == "ValidationException"


# "Understanding parameter name requirements and constraints" (Hierarchy depth: the 15-level example is valid, the
# 17-level one fails with HierarchyLevelLimitExceededException)
def test_hierarchy_depth(ssm):
    fifteen = "/Level-1/L2/L3/L4/L5/L6/L7/L8/L9/L10/L11/L12/L13/L14/parameter-name"
    assert ssm.put_parameter(Name=fifteen, Value="deep", Type="String")["Version"] == 1
    assert ssm.get_parameter(Name=fifteen)["Parameter"]["Value"] == "deep"
    seventeen = "/Level-1/L2/L3/L4/L5/L6/L7/L8/L9/L10/L11/L12/L13/L14/L15/L16/parameter-name"
    assert fails(ssm.put_parameter, Name=seventeen, Value="deeper", Type="String") == \
        "HierarchyLevelLimitExceededException"


# "Understanding parameter name requirements and constraints" (Uniqueness: "/TestParam1" and "TestParam1", in the
# same Region, are not unique)
def test_leading_slash_names_the_same_parameter(ssm):
    ssm.put_parameter(Name="TestParam1", Value="first", Type="String")
    assert fails(ssm.put_parameter, Name="/TestParam1", Value="second", Type="String") == "ParameterAlreadyExists"
    assert ssm.get_parameter(Name="/TestParam1")["Parameter"]["Value"] == "first"


# "Understanding parameter name requirements and constraints" (Fully qualified: "MyParameter3/L1" is not a fully
# qualified name); PutParameter Name
def test_hierarchy_names_must_be_fully_qualified(ssm):
    assert fails(ssm.put_parameter, Name="MyParameter3/L1", Value="v", Type="String") == "ValidationException"


# PutParameter / GetParameter ("Parameter names can't contain spaces. The service removes any spaces specified for
# the beginning or end of a parameter name. If the specified name for a parameter contains spaces between
# characters, the request fails with a ValidationException error.")
def test_spaces_around_names_are_removed(ssm):
    assert fails(ssm.put_parameter, Name="/has space/x", Value="v", Type="String") == "ValidationException"
    ssm.put_parameter(Name=" /trim/me ", Value="trimmed", Type="String")
    assert ssm.get_parameter(Name="/trim/me")["Parameter"]["Name"] == "/trim/me"
    assert ssm.get_parameter(Name="  /trim/me")["Parameter"]["Value"] == "trimmed"


# GetParameter Name ("The name or Amazon Resource Name (ARN) of the parameter that you want to query");
# GetParameterHistory Name (likewise)
def test_get_by_arn(ssm):
    ssm.put_parameter(Name="/app/region", Value="us-east-1", Type="String")
    arn = ssm.get_parameter(Name="/app/region")["Parameter"]["ARN"]
    got = ssm.get_parameter(Name=arn)["Parameter"]
    assert (got["Value"], got["Version"]) == ("us-east-1", 1)
    assert [r["Value"] for r in history(ssm, arn)] == ["us-east-1"]


# "Understanding parameter name requirements and constraints" ("A parameter name must be unique within an AWS
# Region"): each Region, and each account, has its own parameters
def test_parameters_are_regional_and_per_account(nimbus, ssm, account):
    ssm.put_parameter(Name="/app/where", Value="virginia", Type="String")
    ireland = nimbus.client("ssm", region="eu-west-1", access_key=account)
    assert fails(ireland.get_parameter, Name="/app/where") == "ParameterNotFound"
    ireland.put_parameter(Name="/app/where", Value="ireland", Type="String")
    assert ssm.get_parameter(Name="/app/where")["Parameter"]["Value"] == "virginia"
    other = nimbus.client("ssm", region="us-east-1", access_key=account_for("ssm:other:" + account))
    assert fails(other.get_parameter, Name="/app/where") == "ParameterNotFound"


# ---------------------------------------------------------------------------------------------------------------
# Versions and overwrite
# ---------------------------------------------------------------------------------------------------------------

# PutParameter (Overwrite: "The default value is false"; ParameterAlreadyExists; Type "isn't required when updating
# a parameter"); "Working with parameter versions in Parameter Store" (each edit increments the version by one)
def test_overwrite_increments_version(ssm):
    assert ssm.put_parameter(Name="/app/mode", Value="v1", Type="String", Description="run mode")["Version"] == 1
    assert fails(ssm.put_parameter, Name="/app/mode", Value="v2", Type="String") == "ParameterAlreadyExists"
    assert ssm.get_parameter(Name="/app/mode")["Parameter"]["Version"] == 1
    assert ssm.put_parameter(Name="/app/mode", Value="v2", Type="String", Overwrite=True)["Version"] == 2
    assert ssm.put_parameter(Name="/app/mode", Value="v3", Overwrite=True)["Version"] == 3  # no Type on update
    got = ssm.get_parameter(Name="/app/mode")["Parameter"]
    assert (got["Value"], got["Version"], got["Type"]) == ("v3", 3, "String")


# PutParameter Tags ("To add tags to an existing Systems Manager parameter, use the AddTagsToResource operation"):
# tags together with Overwrite are a ValidationException
def test_tags_with_overwrite_rejected(ssm):
    ssm.put_parameter(Name="/app/owner", Value="ana", Type="String", Tags=[{"Key": "team", "Value": "core"}])
    assert fails(ssm.put_parameter, Name="/app/owner", Value="bo", Type="String", Overwrite=True,
                 Tags=[{"Key": "team", "Value": "edge"}]) == "ValidationException"
    got = ssm.get_parameter(Name="/app/owner")["Parameter"]
    assert (got["Value"], got["Version"]) == ("ana", 1)


# HierarchyTypeMismatchException ("you can't change a parameter from a String type to a SecureString type"),
# PutParameter errors, SSM API Reference
def test_string_cannot_become_secure_string(ssm):
    ssm.put_parameter(Name="/app/token", Value="plain", Type="String")
    assert fails(ssm.put_parameter, Name="/app/token", Value="secret", Type="SecureString",
                 Overwrite=True) == "HierarchyTypeMismatchException"
    assert ssm.get_parameter(Name="/app/token")["Parameter"]["Version"] == 1


# GetParameterHistory (SSM API Reference); "Working with parameter versions in Parameter Store"
def test_history_lists_every_version(ssm):
    for value in ("red", "green", "blue"):
        ssm.put_parameter(Name="/ui/colour", Value=value, Type="String", Overwrite=True,
                          Description=f"colour {value}")
    rows = history(ssm, "/ui/colour")
    assert [(r["Version"], r["Value"]) for r in rows] == [(1, "red"), (2, "green"), (3, "blue")]
    assert all(r["Name"] == "/ui/colour" and r["Type"] == "String" and r["Tier"] == "Standard" for r in rows)
    assert [r["Description"] for r in rows] == ["colour red", "colour green", "colour blue"]
    assert all(r["LastModifiedUser"].startswith("arn:aws:") for r in rows)
    # MaxResults 1..50 with NextToken pages through the same rows.
    first = ssm.get_parameter_history(Name="/ui/colour", MaxResults=2)
    assert len(first["Parameters"]) <= 2 and first.get("NextToken")
    assert [(r["Version"], r["Value"]) for r in history(ssm, "/ui/colour", MaxResults=1)] == \
        [(1, "red"), (2, "green"), (3, "blue")]
    assert fails(ssm.get_parameter_history, Name="/ui/missing") == "ParameterNotFound"


# GetParameter ("To query by parameter version, use "Name": "name:version""; ParameterVersionNotFound); "Working with
# parameter versions in Parameter Store" ("If you specify the number for a version that doesn't exist, the system
# returns an error rather than falling back to the latest")
def test_version_selector(ssm):
    for value in ("one", "two", "three"):
        ssm.put_parameter(Name="/app/counter", Value=value, Type="String", Overwrite=True)
    got = ssm.get_parameter(Name="/app/counter:2")["Parameter"]
    assert (got["Name"], got["Value"], got["Version"], got["Selector"]) == ("/app/counter", "two", 2, ":2")
    assert ssm.get_parameter(Name="/app/counter")["Parameter"]["Value"] == "three"
    assert fails(ssm.get_parameter, Name="/app/counter:9") == "ParameterVersionNotFound"
    assert fails(ssm.get_parameter, Name="/app/missing:1") == "ParameterNotFound"


# "Working with parameter versions in Parameter Store" and "Parameter Store quotas" (100 versions kept; the oldest
# goes unless it carries a label: ParameterMaxVersionLimitExceeded)
def test_hundred_versions_and_labelled_oldest(ssm):
    for i in range(1, 101):
        ssm.put_parameter(Name="/app/rolling", Value=f"v{i}", Type="String", Overwrite=True)
    ssm.label_parameter_version(Name="/app/rolling", ParameterVersion=1, Labels=["Genesis"])
    assert fails(ssm.put_parameter, Name="/app/rolling", Value="v101", Type="String",
                 Overwrite=True) == "ParameterMaxVersionLimitExceeded"
    ssm.label_parameter_version(Name="/app/rolling", ParameterVersion=50, Labels=["Genesis"])  # move it away
    assert ssm.put_parameter(Name="/app/rolling", Value="v101", Type="String", Overwrite=True)["Version"] == 101
    versions = [r["Version"] for r in history(ssm, "/app/rolling", MaxResults=50)]
    assert versions == list(range(2, 102))
    assert fails(ssm.get_parameter, Name="/app/rolling:1") == "ParameterVersionNotFound"
    assert ssm.get_parameter(Name="/app/rolling:Genesis")["Parameter"]["Value"] == "v50"


# ---------------------------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------------------------

# "Working with parameter labels" (labels on versions; moving a label; "name:label" selector); LabelParameterVersion
# ("If no version is specified, the system attaches the label to the latest version")
def test_labels_move_between_versions(ssm):
    name = "/MyApp/DB/ConnectionString"
    for value in ("mysql://test", "mysql://prod-a", "mysql://prod-b"):
        ssm.put_parameter(Name=name, Value=value, Type="String", Overwrite=True)
    assert ssm.label_parameter_version(Name=name, ParameterVersion=1, Labels=["Test"])["ParameterVersion"] == 1
    labelled = ssm.label_parameter_version(Name=name, ParameterVersion=2, Labels=["Production"])
    assert labelled["ParameterVersion"] == 2 and labelled.get("InvalidLabels", []) == []
    got = ssm.get_parameter(Name=f"{name}:Production")["Parameter"]
    assert (got["Name"], got["Value"], got["Version"], got["Selector"]) == (name, "mysql://prod-a", 2, ":Production")
    assert ssm.get_parameter(Name=f"{name}:Test")["Parameter"]["Value"] == "mysql://test"
    # No ParameterVersion: the latest (3) gets it, and Production leaves version 2.
    assert ssm.label_parameter_version(Name=name, Labels=["Production"])["ParameterVersion"] == 3
    assert ssm.get_parameter(Name=f"{name}:Production")["Parameter"]["Version"] == 3
    labels = {r["Version"]: r.get("Labels", []) for r in history(ssm, name)}
    assert labels == {1: ["Test"], 2: [], 3: ["Production"]}
    # GetParameters takes selectors too.
    values = {p["Value"] for p in ssm.get_parameters(Names=[f"{name}:Test", f"{name}:2"])["Parameters"]}
    assert values == {"mysql://test", "mysql://prod-a"}


# LabelParameterVersion (ParameterNotFound, ParameterVersionNotFound, ParameterVersionLabelLimitExceeded: "A version
# of a parameter can have a maximum of 10 labels"); "Working with parameter labels"
def test_label_errors_and_limit(ssm):
    assert fails(ssm.label_parameter_version, Name="/nope", Labels=["x"]) == "ParameterNotFound"
    ssm.put_parameter(Name="/app/lbl", Value="v1", Type="String")
    assert fails(ssm.label_parameter_version, Name="/app/lbl", ParameterVersion=7,
                 Labels=["x"]) == "ParameterVersionNotFound"
    ssm.label_parameter_version(Name="/app/lbl", ParameterVersion=1, Labels=[f"L{i}" for i in range(10)])
    assert sorted(history(ssm, "/app/lbl")[0]["Labels"]) == sorted(f"L{i}" for i in range(10))
    assert fails(ssm.label_parameter_version, Name="/app/lbl", ParameterVersion=1,
                 Labels=["Eleventh"]) == "ParameterVersionLabelLimitExceeded"


# "Working with parameter labels" ("Labels can't begin with a number, aws or ssm (not case sensitive)"; "Labels can
# contain letters (case sensitive), numbers, periods (.), hyphens (-), or underscores (_)"; such labels are listed in
# InvalidLabels and not attached to the version)
def test_invalid_labels_are_reported_not_attached(ssm):
    ssm.put_parameter(Name="/app/lbl", Value="v1", Type="String")
    bad = ["1st", "2024-release", "awsLabel", "SSM-label", "has space"]
    answer = ssm.label_parameter_version(Name="/app/lbl", ParameterVersion=1, Labels=bad + ["ok_label.v-1"])
    assert sorted(answer["InvalidLabels"]) == sorted(bad)
    assert history(ssm, "/app/lbl")[0]["Labels"] == ["ok_label.v-1"]


# ---------------------------------------------------------------------------------------------------------------
# GetParameters, GetParametersByPath, DescribeParameters
# ---------------------------------------------------------------------------------------------------------------

# GetParameters (InvalidParameters; "The results for GetParameters requests are listed in alphabetical order";
# Names: 1 to 10 items)
def test_get_parameters(ssm):
    ssm.put_parameter(Name="MyStringParameter", Value="Vici", Type="String")
    ssm.put_parameter(Name="MyStringListParameter", Value="alpha,beta,gamma", Type="StringList")
    answer = ssm.get_parameters(Names=["MyStringParameter", "MyStringListParameter", "MyInvalidParameterName"])
    assert [p["Name"] for p in answer["Parameters"]] == ["MyStringListParameter", "MyStringParameter"]
    assert [p["Value"] for p in answer["Parameters"]] == ["alpha,beta,gamma", "Vici"]
    assert answer["InvalidParameters"] == ["MyInvalidParameterName"]
    assert fails(ssm.get_parameters, Names=[f"/p{i}" for i in range(11)]) == "ValidationException"


# GetParametersByPath (Path: "The hierarchy is the parameter name except the last part"; Recursive: "Retrieve all
# parameters within a hierarchy")
def test_by_path_recursive_and_one_level(ssm):
    for name in ("/app/name", "/app/db/host", "/app/db/port", "/app/web/url", "/application/other", "/zzz/app"):
        ssm.put_parameter(Name=name, Value=name.rsplit("/", 1)[1], Type="String")
    one_level, _ = by_path(ssm, "/app")
    assert [r["Name"] for r in one_level] == ["/app/name"]
    every, _ = by_path(ssm, "/app", Recursive=True)
    assert sorted(r["Name"] for r in every) == ["/app/db/host", "/app/db/port", "/app/name", "/app/web/url"]
    db, _ = by_path(ssm, "/app/db")
    assert {r["Name"]: r["Value"] for r in db} == {"/app/db/host": "host", "/app/db/port": "port"}
    assert all(r["Type"] == "String" and r["Version"] == 1 and r["ARN"].endswith(r["Name"]) for r in every)
    assert by_path(ssm, "/nothing/here", Recursive=True)[0] == []


# GetParametersByPath (MaxResults 1 to 10, NextToken: "The number of items returned ... can be between zero and the
# value of MaxResults"); "Parameter Store quotas"
def test_by_path_pagination(ssm):
    names = sorted(f"/page/p{i:02d}" for i in range(13))
    for name in names:
        ssm.put_parameter(Name=name, Value=name[-3:], Type="String")
    rows, sizes = by_path(ssm, "/page", page_size=3)
    assert sorted(r["Name"] for r in rows) == names and len(rows) == len(set(r["Name"] for r in rows))
    assert max(sizes) <= 3 and len(sizes) >= 5
    rows, sizes = by_path(ssm, "/page", Recursive=True)  # no MaxResults: pages of at most 10
    assert sorted(r["Name"] for r in rows) == names and max(sizes) <= 10
    assert fails(ssm.get_parameters_by_path, Path="/page", MaxResults=11) == "ValidationException"


# DescribeParameters (MaxResults 1 to 50, NextToken; ParameterMetadata); public parameters are not the account's
def test_describe_parameters(ssm, account):
    assert ssm.describe_parameters()["Parameters"] == []
    for i in range(5):
        ssm.put_parameter(Name=f"/desc/p{i}", Value=str(i), Type="String", Description=f"number {i}")
    ssm.put_parameter(Name="/desc/secret", Value="s", Type="SecureString")
    rows, token = [], None
    while True:
        page = ssm.describe_parameters(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["Parameters"]) <= 2
        rows += page["Parameters"]
        token = page.get("NextToken")
        if not token:
            break
    meta = {r["Name"]: r for r in rows}
    assert sorted(meta) == [f"/desc/p{i}" for i in range(5)] + ["/desc/secret"]
    assert meta["/desc/p3"]["Description"] == "number 3" and meta["/desc/p3"]["Type"] == "String"
    assert meta["/desc/p3"]["ARN"] == f"arn:aws:ssm:us-east-1:{account}:parameter/desc/p3"
    assert meta["/desc/secret"]["KeyId"] == "alias/aws/ssm" and "Value" not in meta["/desc/secret"]


# DescribeParameters ParameterFilters (ParameterStringFilter: Name with Equals/BeginsWith, Type, Path with
# Recursive/OneLevel)
def test_describe_parameters_filters(ssm):
    for name, kind in (("/svc/a", "String"), ("/svc/b", "SecureString"), ("/svc/deep/c", "String"),
                       ("/other/d", "String")):
        ssm.put_parameter(Name=name, Value="v", Type=kind)

    def names(*filters):
        return sorted(p["Name"] for p in ssm.describe_parameters(ParameterFilters=list(filters))["Parameters"])

    assert names({"Key": "Name", "Option": "Equals", "Values": ["/svc/a"]}) == ["/svc/a"]
    assert names({"Key": "Name", "Option": "BeginsWith", "Values": ["/svc/"]}) == ["/svc/a", "/svc/b", "/svc/deep/c"]
    assert names({"Key": "Type", "Option": "Equals", "Values": ["SecureString"]}) == ["/svc/b"]
    assert names({"Key": "Path", "Option": "OneLevel", "Values": ["/svc"]}) == ["/svc/a", "/svc/b"]
    assert names({"Key": "Path", "Option": "Recursive", "Values": ["/svc"]}) == ["/svc/a", "/svc/b", "/svc/deep/c"]


# ---------------------------------------------------------------------------------------------------------------
# Deleting
# ---------------------------------------------------------------------------------------------------------------

# DeleteParameter (ParameterNotFound), DeleteParameters (DeletedParameters, InvalidParameters), SSM API Reference
def test_delete_parameter_and_parameters(ssm):
    ssm.put_parameter(Name="/del/one", Value="1", Type="String")
    ssm.put_parameter(Name="/del/one", Value="1b", Type="String", Overwrite=True)
    ssm.delete_parameter(Name="/del/one")
    assert fails(ssm.get_parameter, Name="/del/one") == "ParameterNotFound"
    assert fails(ssm.get_parameter_history, Name="/del/one") == "ParameterNotFound"
    assert fails(ssm.delete_parameter, Name="/del/one") == "ParameterNotFound"
    for name in ("/del/a", "/del/b"):
        ssm.put_parameter(Name=name, Value="x", Type="String")
    answer = ssm.delete_parameters(Names=["/del/a", "/del/unknown", "/del/b"])
    assert sorted(answer["DeletedParameters"]) == ["/del/a", "/del/b"]
    assert answer["InvalidParameters"] == ["/del/unknown"]
    assert ssm.get_parameters(Names=["/del/a", "/del/b"])["InvalidParameters"] in (["/del/a", "/del/b"],
                                                                                    ["/del/b", "/del/a"])
    # DeleteParameters Names: 1 to 10 items.
    assert fails(ssm.delete_parameters, Names=[f"/del/n{i}" for i in range(11)]) == "ValidationException"


# ---------------------------------------------------------------------------------------------------------------
# Public AMI parameters
# ---------------------------------------------------------------------------------------------------------------

def resolve_and_describe(nimbus, account, region):
    """{public parameter: image id} in `region`, each checked against DescribeImages in that Region."""
    ssm = nimbus.client("ssm", region=region, access_key=account)
    ec2 = nimbus.client("ec2", region=region, access_key=account)
    ids = {}
    for name, (pattern, arch, platform) in PUBLIC_IMAGES.items():
        got = ssm.get_parameter(Name=name)["Parameter"]
        assert got["Name"] == name and got["Type"] == "String" and AMI_ID.fullmatch(got["Value"]), got
        assert got["ARN"].startswith(f"arn:aws:ssm:{region}:") and got["ARN"].endswith(f":parameter{name}")
        images = ec2.describe_images(ImageIds=[got["Value"]])["Images"]
        assert len(images) == 1, (name, got["Value"])
        image = images[0]
        assert pattern.fullmatch(image["Name"]), (name, image["Name"])
        assert image["Architecture"] == arch and image.get("Platform") == platform
        assert image["State"] == "available" and image["Public"] is True
        ids[name] = got["Value"]
    return ids


# "Discovering public parameters in Parameter Store"; "Calling AMI public parameters in Parameter Store"; EC2
# DescribeImages (ImageIds). Public AMIs have different ids in every Region.
def test_public_image_parameters_resolve_per_region(nimbus, account):
    virginia = resolve_and_describe(nimbus, account, "us-east-1")
    ireland = resolve_and_describe(nimbus, account, "eu-west-1")
    for name in PUBLIC_IMAGES:
        assert virginia[name] != ireland[name], name
    assert len(set(virginia.values())) == len(PUBLIC_IMAGES)
    ec2_ireland = nimbus.client("ec2", region="eu-west-1", access_key=account)
    al2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    with pytest.raises(ClientError) as excinfo:
        ec2_ireland.describe_images(ImageIds=[virginia[al2023]])
    assert code(excinfo) == "InvalidAMIID.NotFound"
    # Owners=amazon with the image's name finds the same id.
    ec2 = nimbus.client("ec2", region="us-east-1", access_key=account)
    name = ec2.describe_images(ImageIds=[virginia[al2023]])["Images"][0]["Name"]
    listed = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [name]}])["Images"]
    assert [i["ImageId"] for i in listed] == [virginia[al2023]]


# "Discovering public parameters in Parameter Store" (aws ssm get-parameters-by-path --path
# /aws/service/ami-amazon-linux-latest); GetParameters with public names
def test_public_parameters_by_path_and_get_parameters(nimbus, ssm):
    rows, sizes = by_path(ssm, "/aws/service/ami-amazon-linux-latest", page_size=10)
    assert max(sizes) <= 10
    values = {r["Name"]: r["Value"] for r in rows}
    al2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    assert al2023 in values and all(n.startswith("/aws/service/ami-amazon-linux-latest/") for n in values)
    assert all(AMI_ID.fullmatch(v) for v in values.values())
    assert values[al2023] == ssm.get_parameter(Name=al2023)["Parameter"]["Value"]
    answer = ssm.get_parameters(Names=list(PUBLIC_IMAGES) + ["/aws/service/ami-windows-latest/NoSuchImage"])
    assert sorted(p["Name"] for p in answer["Parameters"]) == sorted(PUBLIC_IMAGES)
    assert answer["InvalidParameters"] == ["/aws/service/ami-windows-latest/NoSuchImage"]
    # The account's own DescribeParameters does not list them.
    assert ssm.describe_parameters()["Parameters"] == []


# ---------------------------------------------------------------------------------------------------------------
# The AWS CLI
# ---------------------------------------------------------------------------------------------------------------

# get-parameter (AWS CLI Command Reference; "Use GetParameter with a CLI": Example 1 and Example 2 --with-decryption)
def test_cli_get_parameter(nimbus, ssm, account):
    env = {"AWS_ACCESS_KEY_ID": account}
    ssm.put_parameter(Name="MyStringParameter", Value="Veni", Type="String")
    ssm.put_parameter(Name="MySecureStringParameter", Value="16679b88-310b-4895-a943-e0764EXAMPLE",
                      Type="SecureString")
    out = nimbus.cli_json("ssm", "get-parameter", "--name", "MyStringParameter", env_extra=env)["Parameter"]
    assert (out["Name"], out["Type"], out["Value"], out["Version"]) == ("MyStringParameter", "String", "Veni", 1)
    assert out["ARN"] == f"arn:aws:ssm:us-east-1:{account}:parameter/MyStringParameter"
    out = nimbus.cli_json("ssm", "get-parameter", "--name", "MySecureStringParameter", "--with-decryption",
                          env_extra=env)["Parameter"]
    assert out["Value"] == "16679b88-310b-4895-a943-e0764EXAMPLE"
    al2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    out = nimbus.cli_json("ssm", "get-parameter", "--name", al2023, env_extra=env)["Parameter"]
    image = nimbus.client("ec2", region="us-east-1", access_key=account).describe_images(
        ImageIds=[out["Value"]])["Images"]
    assert len(image) == 1 and image[0]["Name"].startswith("al2023-ami-2023.")
    rc, _, err = nimbus.cli("ssm", "get-parameter", "--name", "/no/such/parameter", check=False, env_extra=env)
    assert rc != 0 and "ParameterNotFound" in err

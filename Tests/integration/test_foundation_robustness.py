"""Bad input gets an AWS error in the service's protocol, never a crash: oversize bodies, and random,
truncated and garbled bodies, headers and query strings thrown at every protocol's decoder."""
import datetime
import json
import random

import awsraw

SCOPE_DATE = datetime.datetime.utcnow().strftime("%Y%m%d")
AMZ_DATE = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")


def auth_header(service: str) -> dict:
    # A root key's secret is not checked, so this reaches the decoders.
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential=test/{SCOPE_DATE}/us-east-1/{service}/aws4_request, "
                             f"SignedHeaders=host;x-amz-date, Signature={'0' * 64}",
            "X-Amz-Date": AMZ_DATE}


def test_oversize_body_is_refused_in_protocol(nimbus):
    big = b"Action=GetCallerIdentity&Version=2011-06-15&Pad=" + b"x" * (17 << 20)
    reply = awsraw.send("POST", nimbus.endpoint + "/", big, {**awsraw.FORM, **auth_header("sts")}, timeout=60)
    assert reply.status == 413
    assert "<Code>RequestEntityTooLarge</Code>" in reply.text
    reply = awsraw.send("POST", nimbus.endpoint + "/", b"{" + b" " * (17 << 20) + b"}",
                        {"X-Amz-Target": "Logs_20140328.DescribeLogGroups", "Content-Type": "application/x-amz-json-1.1",
                         **auth_header("logs")}, timeout=60)
    assert reply.status == 413 and json.loads(reply.body)["__type"] == "RequestEntityTooLarge"
    assert nimbus.health()["status"] == "running"


CASES = [
    ("sts", "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, b"Action=GetCallerIdentity&Version=2011-06-15"),
    ("iam", "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"},
     b"Action=CreateUser&Version=2010-05-08&UserName=fz&Tags.member.1.Key=k&Tags.member.1.Value=v"),
    ("ec2", "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"},
     b"Action=DescribeAvailabilityZones&Version=2016-11-15&Filter.1.Name=zone-name&Filter.1.Value.1=us-east-1a&ZoneName.1=us-east-1a"),
    ("logs", "POST", "/", {"X-Amz-Target": "Logs_20140328.PutLogEvents", "Content-Type": "application/x-amz-json-1.1"},
     b'{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"}]}'),
    ("organizations", "POST", "/", {"X-Amz-Target": "AWSOrganizationsV20161128.CreateAccount", "Content-Type": "application/x-amz-json-1.1"},
     b'{"Email":"a@b.c","AccountName":"n","Tags":[{"Key":"k","Value":"v"}]}'),
    ("lambda", "POST", "/2015-03-31/functions", {"Content-Type": "application/json"},
     b'{"FunctionName":"f","Runtime":"python3.12","Role":"arn:aws:iam::0:role/r","Handler":"h.h","Code":{"ZipFile":"UEsDBA=="}}'),
    ("s3", "PUT", "/bucket", {}, b'<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>'),
]


def mutate(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return data[: rng.randrange(len(data) + 1)]                       # truncated
    if choice == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))  # random bytes
    if choice == 2:
        b = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)                                                    # flipped bytes
    if choice == 3:
        return data.replace(b"=", b"=%", 1).replace(b'"', b"", 2)             # broken escapes, quotes
    if choice == 4:
        return data + rng.choice([b"&&&==", b"}}}", b"<x>", b"\x00\xff", b"&Tags.member.999999999999.Key=x", b"&MaxItems=-1"])
    return data.replace(b"1", b"99999999999999999999999", 1)               # overflow


def test_fuzz_every_protocol(nimbus):
    rng = random.Random(20261128)
    for round_ in range(60):
        for service, method, path, headers, body in CASES:
            mutated = mutate(rng, body)
            query = rng.choice(["", "?", "?%", "?a=%zz&b", "?x-id=&&", "?Action=%FF%FE"])
            extra = rng.choice([{}, {"Content-Type": "text/plain"}, {"X-Amz-Target": "Nope.Nope"}, {"Content-Encoding": "gzip"},
                                {"x-amz-meta-\u00e9": "v"}])
            all_headers = {**headers, **auth_header(service)}
            for k, v in extra.items():
                try:
                    k.encode("ascii")
                    v.encode("latin-1")
                    all_headers[k] = v
                except UnicodeEncodeError:
                    pass
            reply = awsraw.send(method, nimbus.endpoint + path + query, mutated, all_headers)
            assert 200 <= reply.status < 600, (service, mutated)
            if reply.status >= 400:
                text = reply.text
                assert ("<Code>" in text) or ('"__type"' in text), (service, reply.status, text[:300])
                assert reply.status != 500 or "InternalFailure" in text, (service, mutated, text[:300])
    assert nimbus.health()["status"] == "running"

"""Virtual MFA devices ("Assign a virtual MFA device", "EnableMFADevice": two consecutive codes) and
MFA-authenticated sessions ("Configuring MFA-protected API access"). Codes are computed here per RFC 6238."""
import base64
import hashlib
import hmac
import struct
import time

import botocore.exceptions
import pytest


def totp(seed_base32: bytes, counter: int) -> str:
    key = base64.b32decode(seed_base32 + b"=" * (-len(seed_base32) % 8))
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_virtual_mfa_and_session(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam")
    iam.create_user(UserName="mfa-user")
    key = iam.create_access_key(UserName="mfa-user")["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="mfa-user-phone")["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"]
    assert serial == "arn:aws:iam::000000000000:mfa/mfa-user-phone"
    now = int(time.time() // 30)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.enable_mfa_device(UserName="mfa-user", SerialNumber=serial, AuthenticationCode1=totp(seed, now - 1),
                              AuthenticationCode2=totp(seed, now + 5))
    assert excinfo.value.response["Error"]["Code"] == "InvalidAuthenticationCode"
    iam.enable_mfa_device(UserName="mfa-user", SerialNumber=serial, AuthenticationCode1=totp(seed, now - 1),
                          AuthenticationCode2=totp(seed, now))
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName="mfa-user")["MFADevices"]] == [serial]
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"][0]["User"]["UserName"] == "mfa-user"

    sts = server.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.get_session_token(SerialNumber=serial, TokenCode="000000" if totp(seed, now + 1) != "000000" else "111111")
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    code = totp(seed, now + 1)
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:  # a code is good once
        sts.get_session_token(SerialNumber=serial, TokenCode=code)
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert excinfo.value.response["Error"]["Code"] == "DeleteConflict"
    iam.deactivate_mfa_device(UserName="mfa-user", SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)

"""Helpers for the Lambda tests: deployment packages built with zipfile, execution roles, and an account per test."""
from __future__ import annotations

import io
import json
import stat
import zipfile
import zlib

LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def account_for(key: str) -> str:
    return str(100000000000 + zlib.crc32(key.encode()) % 899999999999)


def zip_of(files: dict[str, str | bytes], modes: dict[str, int] | None = None) -> bytes:
    """A deployment package: name -> content, deflated, with Unix modes (0o755 for executables)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | (modes or {}).get(name, 0o644)) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def make_role(iam, name: str, trust: dict = LAMBDA_TRUST, policy: dict | None = None) -> str:
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    if policy:
        iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=json.dumps(policy))
    return arn


def create_python(lam, name: str, role: str, source: str, handler: str = "app.handler", **kwargs) -> dict:
    return lam.create_function(FunctionName=name, Runtime=kwargs.pop("Runtime", "python3.12"), Role=role, Handler=handler,
                               Code={"ZipFile": zip_of({handler.rsplit(".", 1)[0] + ".py": source})}, **kwargs)


def invoke_json(lam, name: str, event=None, **kwargs) -> tuple[dict, object]:
    """(response metadata, decoded payload) of a RequestResponse invoke."""
    response = lam.invoke(FunctionName=name, Payload=json.dumps(event if event is not None else {}), **kwargs)
    body = response["Payload"].read()
    return response, (json.loads(body) if body else None)

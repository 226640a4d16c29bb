"""Raw AWS requests for tests that must send what no SDK would: signed by botocore, sent by urllib."""
from __future__ import annotations

import datetime
import urllib.error
import urllib.request
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None, timeout: float = 10) -> Reply:
    request = urllib.request.Request(url, data=body if method not in ("GET", "HEAD") else None, method=method,
                                     headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read())


def signed(method: str, url: str, service: str, body: bytes = b"", headers: dict[str, str] | None = None,
           access_key: str = "test", secret_key: str = "test", region: str = "us-east-1",
           token: str | None = None, at: datetime.datetime | None = None) -> Reply:
    """Signs with SigV4 as botocore does (optionally at another time) and sends."""
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    auth = SigV4Auth(Credentials(access_key, secret_key, token), service, region)
    if at is None:
        auth.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=at):
            auth.add_auth(request)
    prepared = request.prepare()
    return send(method, prepared.url, body, dict(prepared.headers))


def form(action: str, version: str, **params: str) -> bytes:
    from urllib.parse import urlencode
    return urlencode({"Action": action, "Version": version, **params}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}

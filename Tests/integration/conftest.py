"""pytest harness: runs the real `nimbus` binary and points boto3 / the AWS CLI at it.

Fixtures
  nimbus        session-scoped: one server for the whole run (call .reset() in
                tests that need a clean slate).
  fresh_nimbus  function-scoped factory: `srv = fresh_nimbus("--strict-credentials")`
                gives a server of the test's own, stopped at the end of the test.

Binary: $NIMBUS_BIN if set, else the newest of .build/{debug,release}/nimbus
in the repository. A missing binary is an error, never a skip.

The AWS environment of the host is scrubbed at import time (config and
credentials files point at empty temp files, AWS_* variables removed), so
nothing from the machine running the tests can leak into a request.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DEFAULT_REGION = "us-east-1"
START_TIMEOUT = float(os.environ.get("NIMBUS_START_TIMEOUT", "10"))

# --------------------------------------------------------------------------
# Keep the host's AWS configuration out of every client and CLI call.
# --------------------------------------------------------------------------

_AWS_SANDBOX = tempfile.mkdtemp(prefix="nimbus-it-aws-")
_EMPTY_CONFIG = os.path.join(_AWS_SANDBOX, "config")
_EMPTY_CREDENTIALS = os.path.join(_AWS_SANDBOX, "credentials")
for _p in (_EMPTY_CONFIG, _EMPTY_CREDENTIALS):
    Path(_p).write_text("")

# Variables that are allowed through (trust store for botocore, harmless).
_KEEP_AWS_VARS = {"AWS_CA_BUNDLE"}


def _scrubbed_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (base if base is not None else os.environ).items()
           if not (k.startswith("AWS_") and k not in _KEEP_AWS_VARS)}
    env.update({
        "AWS_CONFIG_FILE": _EMPTY_CONFIG,
        "AWS_SHARED_CREDENTIALS_FILE": _EMPTY_CREDENTIALS,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        "AWS_PAGER": "",
    })
    # never send loopback traffic through a proxy
    no_proxy = ",".join(x for x in (env.get("NO_PROXY") or env.get("no_proxy") or "", "127.0.0.1", "localhost") if x)
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    return env


_SCRUBBED = _scrubbed_environ(dict(os.environ))
os.environ.clear()
os.environ.update(_SCRUBBED)

# --------------------------------------------------------------------------
# Locating the binary and the CLI
# --------------------------------------------------------------------------


def find_nimbus_bin() -> Path | None:
    env = os.environ.get("NIMBUS_BIN")
    if env:
        return Path(env).resolve()
    candidates = [REPO_ROOT / ".build" / kind / "nimbus" for kind in ("debug", "release")]
    existing = [p for p in candidates if p.is_file() and os.access(p, os.X_OK)]
    if not existing:
        return None
    return max(existing, key=lambda p: p.stat().st_mtime).resolve()


def find_aws_cli() -> str:
    # Prefer the entry point beside this interpreter: skips pyenv's shim (~50 ms a call).
    beside = Path(sys.executable).parent / "aws"
    if beside.exists():
        return str(beside)
    found = shutil.which("aws")
    if not found:
        raise RuntimeError("the AWS CLI is not installed (pip install awscli)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class NimbusStartError(RuntimeError):
    pass


# --------------------------------------------------------------------------
# The server object handed to tests
# --------------------------------------------------------------------------


class NimbusServer:
    """A running `nimbus serve`, plus clients pointed at it."""

    def __init__(self, binary: Path, workdir: Path, extra_args: tuple[str, ...] = (),
                 port: int | None = None, env: dict[str, str] | None = None):
        self.binary = Path(binary)
        self.workdir = Path(workdir)
        self.data_dir = str(self.workdir / "data")
        os.makedirs(self.data_dir, exist_ok=True)
        self.port = port or free_port()
        self.host = HOST
        self.endpoint = f"http://{HOST}:{self.port}"
        self.extra_args = tuple(extra_args)
        self.env = dict(env or {})
        self.log_path = self.workdir / "nimbus.log"
        self.proc: subprocess.Popen | None = None
        self._starts = 0

    # ---- process control ------------------------------------------------

    @property
    def argv(self) -> list[str]:
        return [str(self.binary), "serve", "--host", HOST, "--port", str(self.port),
                "--data-dir", self.data_dir, *self.extra_args]

    def start(self, timeout: float = START_TIMEOUT) -> "NimbusServer":
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("nimbus is already running")
        self._starts += 1
        env = _scrubbed_environ()
        env.update(self.env)
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self._starts}: {' '.join(self.argv)}\n".encode())
            log.flush()
            self._log_offset = log.tell()
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env,
                                         start_new_session=True)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                code = None if self.proc is None else self.proc.returncode
                raise NimbusStartError(
                    f"nimbus exited with status {code} before answering /_nimbus/health\n"
                    f"command: {' '.join(self.argv)}\n--- output ---\n{self.output_since_start()}")
            try:
                return self.health(timeout=1.0)
            except (OSError, ValueError, urllib.error.URLError) as exc:
                last = exc
                time.sleep(0.02)
        self._kill(signal.SIGKILL)
        raise NimbusStartError(
            f"nimbus did not answer /_nimbus/health within {timeout}s (last error: {last!r})\n"
            f"command: {' '.join(self.argv)}\n--- output ---\n{self.output_since_start()}")

    def _kill(self, sig: int) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                self.proc.send_signal(sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, wait (SIGKILL after `timeout`). Returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self._kill(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._kill(signal.SIGKILL)
                self.proc.wait(timeout=timeout)
        return self.proc.returncode

    def kill9(self) -> None:
        """SIGKILL, as a crash would; call start() to bring it back on the same data dir."""
        if self.proc is not None and self.proc.poll() is None:
            self._kill(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self, timeout: float = START_TIMEOUT) -> "NimbusServer":
        """Graceful stop (SIGTERM) and start again, same port and data dir."""
        self.stop()
        return self.start(timeout)

    def close(self) -> None:
        try:
            self.stop(timeout=5)
        finally:
            if self.proc is not None and self.proc.poll() is None:
                self._kill(signal.SIGKILL)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # ---- logs -----------------------------------------------------------

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def output_since_start(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(getattr(self, "_log_offset", 0))
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    # ---- HTTP helpers ---------------------------------------------------

    def http(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 10.0):
        """Plain unsigned HTTP call. Returns (status, headers, body bytes)."""
        req = urllib.request.Request(self.endpoint + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with _NO_PROXY_OPENER.open(req, timeout=timeout) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def health(self, timeout: float = 5.0) -> dict:
        req = urllib.request.Request(self.endpoint + "/_nimbus/health")
        with _NO_PROXY_OPENER.open(req, timeout=timeout) as resp:
            if resp.status != 200:
                raise ValueError(f"health answered {resp.status}")
            return json.loads(resp.read())

    def reset(self) -> None:
        status, _, body = self.http("POST", "/_nimbus/reset", b"")
        if status != 200:
            raise AssertionError(f"POST /_nimbus/reset answered {status}: {body[:500]!r}")

    # ---- clients --------------------------------------------------------

    def session(self, region: str = DEFAULT_REGION, access_key: str = "test",
                secret_key: str = "test", session_token: str | None = None) -> boto3.session.Session:
        return boto3.session.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                     aws_session_token=session_token, region_name=region)

    def client(self, service: str, region: str = DEFAULT_REGION, access_key: str = "test",
               secret_key: str = "test", session_token: str | None = None, **config):
        """boto3 client for `service` pointed at this server; retries off.
        Extra keyword arguments go to botocore's Config (e.g. s3={"addressing_style": "path"})."""
        retries = {"total_max_attempts": 1, "mode": "standard"}
        retries.update(config.pop("retries", {}))
        cfg = Config(retries=retries, **config)
        return self.session(region, access_key, secret_key, session_token).client(
            service, endpoint_url=self.endpoint, config=cfg)

    def raw_client(self, service: str, region: str = DEFAULT_REGION, access_key: str = "test",
                   secret_key: str = "test", session_token: str | None = None, **config):
        """Like client(), but botocore does not validate parameters, so a test
        can send what boto3 would refuse and observe the SERVER's validation."""
        return self.client(service, region, access_key, secret_key, session_token,
                           parameter_validation=False, **config)

    def cli_env(self, env_extra: dict[str, str] | None = None) -> dict[str, str]:
        env = _scrubbed_environ()
        env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                    "AWS_DEFAULT_REGION": DEFAULT_REGION})
        env.update(env_extra or {})
        return env

    def cli(self, *args: str, check: bool = True, env_extra: dict[str, str] | None = None,
            input: str | None = None, timeout: float = 120.0) -> tuple[int, str, str]:
        """Run `aws --endpoint-url E --region us-east-1 --output json ARGS...`.
        Returns (returncode, stdout, stderr); raises AssertionError if check and rc != 0."""
        cmd = [find_aws_cli(), "--endpoint-url", self.endpoint, "--region", DEFAULT_REGION,
               "--output", "json", *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.cli_env(env_extra),
                              input=input, timeout=timeout,
                              stdin=None if input is not None else subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"`{' '.join(cmd)}` exited {proc.returncode}\n--- stdout ---\n{proc.stdout}"
                f"\n--- stderr ---\n{proc.stderr}")
        return proc.returncode, proc.stdout, proc.stderr

    def cli_json(self, *args: str, env_extra: dict[str, str] | None = None):
        """cli(...) that must succeed; returns the parsed JSON output (None if empty)."""
        _, out, _ = self.cli(*args, check=True, env_extra=env_extra)
        return json.loads(out) if out.strip() else None

    def __repr__(self) -> str:
        return f"<NimbusServer {self.endpoint} pid={self.proc and self.proc.pid} data={self.data_dir}>"


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


def _require_binary() -> Path:
    binary = find_nimbus_bin()
    if binary is None:
        pytest.fail("nimbus binary not found: build it (`swift build`) or set NIMBUS_BIN "
                    f"(looked in {REPO_ROOT}/.build/{{debug,release}}/nimbus)", pytrace=False)
    if not binary.is_file():
        pytest.fail(f"NIMBUS_BIN={binary} does not exist", pytrace=False)
    return binary


def _start_or_fail(server: NimbusServer) -> None:
    error = None
    try:
        server.start()
    except NimbusStartError as exc:
        error = str(exc)
    if error is not None:
        server.close()
        pytest.fail(error, pytrace=False)


@pytest.fixture(scope="session")
def nimbus_bin() -> Path:
    return _require_binary()


@pytest.fixture(scope="session")
def nimbus(nimbus_bin, tmp_path_factory):
    """One nimbus for the whole session (asynchronous Lambda retries after 1 and 2 s, not AWS's 1 and 2 minutes)."""
    server = NimbusServer(nimbus_bin, tmp_path_factory.mktemp("nimbus-session"), env={"NIMBUS_LAMBDA_RETRY_SECONDS": "1,2"})
    try:
        _start_or_fail(server)
        yield server
    finally:
        server.close()


@pytest.fixture
def fresh_nimbus(nimbus_bin, tmp_path_factory):
    """Factory for servers of the test's own: fresh_nimbus(*extra_args, env=None, start=True)."""
    servers: list[NimbusServer] = []

    def make(*extra_args: str, env: dict[str, str] | None = None, start: bool = True) -> NimbusServer:
        server = NimbusServer(nimbus_bin, tmp_path_factory.mktemp("nimbus-fresh"), extra_args, env=env)
        servers.append(server)
        if start:
            _start_or_fail(server)
        return server

    make.servers = servers  # for the failure report hook below
    try:
        yield make
    finally:
        for server in servers:
            server.close()


# --------------------------------------------------------------------------
# On failure, show what the server printed while the test ran.
# --------------------------------------------------------------------------

_SERVER_FIXTURES = ("nimbus",)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    offsets = {}
    for name in _SERVER_FIXTURES:
        srv = item.funcargs.get(name)
        if isinstance(srv, NimbusServer):
            offsets[name] = srv.log_size()
    item._nimbus_log_offsets = offsets
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name, offset in getattr(item, "_nimbus_log_offsets", {}).items():
        srv = item.funcargs.get(name)
        try:
            with open(srv.log_path, "rb") as f:
                f.seek(offset)
                text = f.read().decode(errors="replace")
        except OSError:
            continue
        if text.strip():
            lines = text.splitlines()
            report.sections.append((f"nimbus output during test ({srv.endpoint})",
                                    "\n".join(lines[-200:])))
    factory = item.funcargs.get("fresh_nimbus")
    for srv in getattr(factory, "servers", []):
        lines = srv.output().splitlines()
        if lines:
            report.sections.append((f"fresh nimbus output ({srv.endpoint} {' '.join(srv.extra_args)})",
                                    "\n".join(lines[-200:])))

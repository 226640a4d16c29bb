"""Shared helpers for Nimbus benchmarks.

Everything here is stdlib + botocore, so a benchmark can import it with
`sys.path.insert(0, <benchmarks dir>)` and no install step beyond the
integration-test requirements.

Pieces:
  * ServerSpec / ServerProcess  -- how to launch nimbus or moto_server and
                                   stop it again, log to a file, read its RSS
                                   and CPU time.
  * sign_query_request()        -- a botocore SigV4-signed AWS query-protocol
                                   request (headers + body) that can be
                                   replayed verbatim (http.client, wrk).
  * time_to_first_answer()      -- spawn, then hammer the signed request until
                                   the first correct answer.
  * ensure_wrk() / run_wrk()    -- load generation with wrk and a generated Lua
                                   script that checks every response (substrings
                                   and exact occurrence counts).
  * KeepAliveClient / percentile() / timed_series()
                                -- sequential per-call latency on one keep-alive
                                   connection.
  * boto3_client()              -- a boto3 client aimed at a ServerProcess, for
                                   populating state.
  * machine_info()              -- nproc, CPU model, kernel, tool versions.
  * add_*_args() / server_specs() / prepare_wrk() / interleaved() /
    markdown_header() / write_report()
                                -- the drivers' common options, server list,
                                   run order, report header and output files.
"""

from __future__ import annotations

import datetime as _dt
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent

GCI_BODY = b"Action=GetCallerIdentity&Version=2011-06-15"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


# --------------------------------------------------------------------------
# Small utilities
# --------------------------------------------------------------------------

def free_port(host: str = "127.0.0.1") -> int:
    """A currently free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def median(values: Sequence[float]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Linear-interpolated percentile (pct in 0..100) of the values; None if empty."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    if len(vals) == 1:
        return vals[0]
    k = (len(vals) - 1) * pct / 100.0
    lo = int(k)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


def dir_size_bytes(path: str | Path) -> int:
    """Total size of the regular files under path (e.g. a server's data dir)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def find_nimbus_bin(explicit: str | None = None) -> Path | None:
    """--nimbus-bin, else $NIMBUS_BIN, else the newest of .build/{debug,release}/nimbus."""
    if explicit:
        return Path(explicit).resolve()
    env = os.environ.get("NIMBUS_BIN")
    if env:
        return Path(env).resolve()
    candidates = [REPO_ROOT / ".build" / kind / "nimbus" for kind in ("release", "debug")]
    existing = [p for p in candidates if p.is_file() and os.access(p, os.X_OK)]
    if not existing:
        return None
    return max(existing, key=lambda p: p.stat().st_mtime).resolve()


def build_kind(bin_path: Path) -> str:
    """'release' / 'debug' / 'unknown', guessed from the path (targets apply to release only)."""
    parts = set(bin_path.parts)
    for kind in ("release", "debug"):
        if kind in parts:
            return kind
    s = str(bin_path)
    if "release" in s:
        return "release"
    if "debug" in s:
        return "debug"
    return "unknown"


def find_moto_server() -> str:
    """The real moto_server entry point, bypassing pyenv's bash shim (which adds
    tens of ms to every spawn and would unfairly inflate moto's startup time)."""
    beside = Path(sys.executable).parent / "moto_server"
    if beside.exists():
        return str(beside)
    found = shutil.which("moto_server")
    if not found:
        raise SystemExit("moto_server not found: pip install 'moto[server]'")
    return found


# --------------------------------------------------------------------------
# /proc readers
# --------------------------------------------------------------------------

_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        tids = [t.name for t in task_dir.iterdir()]
    except OSError:
        return out
    for tid in tids:
        try:
            text = (task_dir / tid / "children").read_text()
        except OSError:
            continue
        out.extend(int(x) for x in text.split())
    return out


def process_tree(pid: int) -> list[int]:
    """pid plus all its descendants (e.g. a launcher shim's child)."""
    seen, stack = [], [pid]
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.append(p)
        stack.extend(_children(p))
    return seen


def _status_kib(pid: int, key: str, tree: bool) -> int | None:
    """A `key:` line (in kB) of /proc/PID/status, summed over descendants if tree."""
    total, found = 0, False
    for p in process_tree(pid) if tree else [pid]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total += int(line.split()[1])
                    found = True
                    break
        except OSError:
            continue
    return total if found else None


def rss_kib(pid: int, tree: bool = True) -> int | None:
    """VmRSS from /proc/PID/status in KiB (summed over descendants if tree)."""
    return _status_kib(pid, "VmRSS", tree)


def peak_rss_kib(pid: int, tree: bool = True) -> int | None:
    """VmHWM (the resident set's high-water mark since the process started) in KiB,
    summed over descendants if tree."""
    return _status_kib(pid, "VmHWM", tree)


def cpu_seconds(pid: int, tree: bool = True) -> float:
    """utime+stime of the process (all threads) and descendants, in seconds."""
    ticks = 0
    for p in process_tree(pid) if tree else [pid]:
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return ticks / _CLK_TCK


# --------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------

@dataclass
class SignedRequest:
    method: str
    host: str
    port: int
    path: str
    headers: dict[str, str]   # exactly what must go on the wire (incl. Host)
    body: bytes

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"


def sign_query_request(
    host: str,
    port: int,
    body: bytes = GCI_BODY,
    service: str = "sts",
    region: str = "us-east-1",
    access_key: str = "test",
    secret_key: str = "test",
    session_token: str | None = None,
    path: str = "/",
) -> SignedRequest:
    """A botocore SigV4-signed POST for a query-protocol API (STS, IAM, EC2...).

    The signature covers content-type, host and x-amz-date; the Host header is
    `host:port` because botocore signs the URL's netloc. It stays acceptable to
    AWS-style servers for ~15 minutes (clock-skew window), plenty for a replay.
    """
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    url = f"http://{host}:{port}{path}"
    req = AWSRequest(method="POST", url=url, data=body,
                     headers={"Content-Type": FORM_CONTENT_TYPE})
    SigV4Auth(Credentials(access_key, secret_key, session_token), service, region).add_auth(req)
    headers = {k: v for k, v in req.headers.items()}
    headers["Host"] = f"{host}:{port}"
    return SignedRequest("POST", host, port, path, headers, body)


EC2_API_VERSION = "2016-11-15"


def ec2_query_body(action: str, params: Iterable[tuple[str, str]] = (),
                   filters: Iterable[tuple[str, Sequence[str]]] = (),
                   version: str = EC2_API_VERSION) -> bytes:
    """The form body of an EC2 query-protocol call: Action, Version, the given
    (name, value) parameters verbatim (e.g. ("MinCount", "50"),
    ("TagSpecification.1.Tag.1.Key", "Team")), then each filter as
    Filter.N.Name / Filter.N.Value.M."""
    import urllib.parse

    out = [("Action", action), ("Version", version), *((k, str(v)) for k, v in params)]
    for n, (name, values) in enumerate(filters, 1):
        out.append((f"Filter.{n}.Name", name))
        out.extend((f"Filter.{n}.Value.{m}", v) for m, v in enumerate(values, 1))
    return urllib.parse.urlencode(out).encode()


def send(req: SignedRequest, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send a pre-signed request once, on a fresh connection. Returns (status, body)."""
    conn = http.client.HTTPConnection(req.host, req.port, timeout=timeout)
    try:
        # skip_host: our Host header is the signed one, send it verbatim.
        conn.putrequest(req.method, req.path, skip_host=True, skip_accept_encoding=True)
        for k, v in req.headers.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(req.body)))
        conn.endheaders(req.body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class KeepAliveClient:
    """Sends pre-signed requests on one persistent HTTP/1.1 connection (what
    SDKs and wrk do), reconnecting once if the server closed it."""

    def __init__(self, host: str, port: int, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def send(self, req: SignedRequest) -> tuple[int, bytes]:
        for attempt in (1, 2):
            conn = self._connect()
            try:
                conn.putrequest(req.method, req.path, skip_host=True, skip_accept_encoding=True)
                for k, v in req.headers.items():
                    conn.putheader(k, v)
                conn.putheader("Content-Length", str(len(req.body)))
                conn.endheaders(req.body)
                resp = conn.getresponse()
                body = resp.read()
                if resp.will_close:
                    self.close()
                return resp.status, body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> "KeepAliveClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def timed_series(
    req: SignedRequest | Callable[[], SignedRequest],
    n: int,
    check: Callable[[int, bytes], str | None],
    timeout: float = 60.0,
) -> dict:
    """Send the request n times, one after the other, on one keep-alive
    connection; time each call (send to last body byte) and check each answer
    outside the timed part. `req` may be a callable returning a freshly signed
    request (re-signed for every call, outside the timing). `check(status,
    body)` returns None if the answer is right, else why not.

    Returns n, ok, errors (list of the first few reasons), latencies_ms,
    p50_ms, p90_ms, p99_ms, min_ms, max_ms, mean_ms, calls_per_s (n / the sum
    of the call times, i.e. one client's rate without the checking)."""
    lat: list[float] = []
    errors: list[str] = []
    bad = 0
    make = (lambda: req) if isinstance(req, SignedRequest) else req
    first = make()
    with KeepAliveClient(first.host, first.port, timeout=timeout) as client:
        for i in range(n):
            r = first if i == 0 else make()
            t0 = time.perf_counter()
            status, body = client.send(r)
            dt = time.perf_counter() - t0
            lat.append(dt * 1000.0)
            why = check(status, body)
            if why is not None:
                bad += 1
                if len(errors) < 3:
                    errors.append(why)
    total_s = sum(lat) / 1000.0
    return {
        "n": n, "ok": bad == 0, "bad": bad, "errors": errors, "latencies_ms": lat,
        "p50_ms": percentile(lat, 50), "p90_ms": percentile(lat, 90),
        "p99_ms": percentile(lat, 99), "min_ms": min(lat) if lat else None,
        "max_ms": max(lat) if lat else None,
        "mean_ms": statistics.fmean(lat) if lat else None,
        "calls_per_s": n / total_s if total_s else None,
    }


def boto3_client(server: "ServerProcess", service: str, region: str = "us-east-1",
                 access_key: str = "test", secret_key: str = "test",
                 retries: int = 1, read_timeout: float = 300.0, pool: int = 10):
    """A boto3 client aimed at `server` (its own Session, so one per thread is
    safe). retries=1 means no retry: a benchmark populating state wants an
    error, not a silently repeated create."""
    import boto3
    from botocore.config import Config

    session = boto3.session.Session()
    return session.client(
        service, endpoint_url=f"http://127.0.0.1:{server.port}", region_name=region,
        aws_access_key_id=access_key, aws_secret_access_key=secret_key,
        config=Config(retries={"total_max_attempts": retries, "mode": "standard"},
                      read_timeout=read_timeout, connect_timeout=10,
                      max_pool_connections=pool))


# --------------------------------------------------------------------------
# Query-protocol (EC2-style) XML answers, namespace-agnostic
# --------------------------------------------------------------------------

def xml_local(tag: str) -> str:
    """An element's tag without its {namespace}."""
    return tag.rsplit("}", 1)[-1]


def xml_child(el, name: str):
    """The first direct child named `name` (any namespace), or None."""
    for c in el:
        if xml_local(c.tag) == name:
            return c
    return None


def xml_text(el, name: str) -> str | None:
    """The text of the first direct child named `name` ("" if empty), None if absent."""
    c = xml_child(el, name)
    return None if c is None else (c.text or "")


def xml_items(el) -> list:
    """The <item> children of a list element (EC2's xxxSet); [] for None."""
    return [] if el is None else [c for c in el if xml_local(c.tag) == "item"]


def xml_tags(item) -> dict[str, str]:
    """An EC2 resource's <tagSet> as a dict."""
    return {xml_text(t, "key") or "": xml_text(t, "value") or ""
            for t in xml_items(xml_child(item, "tagSet"))}


# --------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------

@dataclass
class ServerSpec:
    """How to run one server under test.

    argv(port, data_dir) -> command line. `expect` are byte strings that must
    all appear in a correct GetCallerIdentity answer for access key "test".
    """
    name: str
    argv: Callable[[int, str], list[str]]
    expect: tuple[bytes, ...]
    version: str = "?"
    env: dict[str, str] = field(default_factory=dict)
    note: str = ""


def nimbus_spec(bin_path: Path, extra_args: Iterable[str] = ()) -> ServerSpec:
    extra = list(extra_args)

    def argv(port: int, data_dir: str) -> list[str]:
        return [str(bin_path), "serve", "--host", "127.0.0.1", "--port", str(port),
                "--data-dir", data_dir, *extra]

    try:
        out = subprocess.run([str(bin_path), "version"], capture_output=True, text=True, timeout=10)
        version = (out.stdout.strip() or out.stderr.strip()).splitlines()[0] if (out.stdout or out.stderr) else "?"
    except Exception as exc:  # the benchmark will fail loudly later anyway
        version = f"? ({exc})"
    return ServerSpec(
        name="nimbus",
        argv=argv,
        # access key "test" is not Nimbus-issued => root of account 000000000000
        expect=(b"<Arn>arn:aws:iam::000000000000:root</Arn>", b"<Account>000000000000</Account>"),
        version=f"{version} ({build_kind(bin_path)} build, {bin_path})",
        note="" if build_kind(bin_path) == "release" else
             f"not a release build ({build_kind(bin_path)}): the targets apply to release builds",
    )


def moto_spec() -> ServerSpec:
    exe = find_moto_server()

    def argv(port: int, data_dir: str) -> list[str]:
        return [exe, "-H", "127.0.0.1", "-p", str(port)]

    try:
        import moto
        version = f"moto {moto.__version__}"
    except Exception:
        version = "moto ?"
    return ServerSpec(
        name="moto",
        argv=argv,
        # moto answers a fixed identity: account 123456789012, user/moto
        expect=(b"<Arn>", b"<Account>123456789012</Account>"),
        version=f"{version} (moto_server, werkzeug threaded, Python {platform.python_version()})",
    )


def answer_ok(status: int, body: bytes, expect: Iterable[bytes]) -> bool:
    return status == 200 and all(e in body for e in expect)


class ServerProcess:
    """One running server: spawn with a fresh data dir, log to files, stop."""

    def __init__(self, spec: ServerSpec, port: int | None = None, workdir: str | None = None):
        self.spec = spec
        self.port = port or free_port()
        self._own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix=f"bench-{spec.name}-")
        self.data_dir = os.path.join(self.workdir, "data")
        os.makedirs(self.data_dir, exist_ok=True)
        self.log_path = os.path.join(self.workdir, "server.log")
        self.proc: subprocess.Popen | None = None
        self.spawned_at: float | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def spawn(self) -> float:
        """Start the process; returns the perf_counter() taken just before spawning."""
        env = dict(os.environ)
        env.update(self.spec.env)
        log = open(self.log_path, "ab")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            self.spec.argv(self.port, self.data_dir),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            env=env, start_new_session=True,
        )
        log.close()
        self.spawned_at = t0
        return t0

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = Path(self.log_path).read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=timeout)
        else:
            # a shim may have left children in its process group
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def cleanup(self) -> None:
        self.stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()


def time_to_first_answer(
    server: ServerProcess,
    req: SignedRequest,
    timeout: float = 30.0,
    poll_sleep: float = 0.0005,
) -> dict:
    """Spawn `server`, then send the pre-signed request in a loop until a 200
    with the expected body arrives. Times from just before spawn.

    Between failed attempts (connection refused, not-yet-ready answers) it
    sleeps `poll_sleep` s so the poller does not steal a core from the server
    starting up on this 2-core machine; 0.5 ms resolution is ample for a 50 ms
    target.
    """
    t0 = server.spawn()
    attempts, first_connect, last_err = 0, None, None
    deadline = t0 + timeout
    while True:
        now = time.perf_counter()
        if now > deadline:
            raise RuntimeError(
                f"{server.spec.name}: no correct answer within {timeout}s "
                f"({attempts} attempts, last: {last_err})\n--- log ---\n{server.log_tail()}")
        if not server.alive():
            raise RuntimeError(
                f"{server.spec.name}: exited with {server.proc.returncode} before answering\n"
                f"--- log ---\n{server.log_tail()}")
        attempts += 1
        try:
            status, body = send(req, timeout=max(0.1, deadline - now))
        except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected,
                BrokenPipeError, socket.timeout) as exc:
            last_err = repr(exc)
            time.sleep(poll_sleep)
            continue
        t1 = time.perf_counter()
        if first_connect is None:
            first_connect = t1
        if answer_ok(status, body, server.spec.expect):
            return {"startup_s": t1 - t0, "first_connect_s": first_connect - t0,
                    "attempts": attempts}
        last_err = f"HTTP {status}: {body[:300]!r}"
        time.sleep(poll_sleep)


# --------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------

def ensure_wrk() -> str:
    """Path to wrk, installing the Debian package if it is missing."""
    path = shutil.which("wrk")
    if path:
        return path
    print("wrk not found; installing the Debian package: apt-get install -y wrk", file=sys.stderr)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            f"Could not install wrk ({exc}). Install it by hand (`apt-get update && "
            f"apt-get install -y wrk`, needs root) and re-run.")
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("apt-get claimed success but `wrk` is still not on PATH")
    return path


def wrk_version(wrk: str = "wrk") -> str:
    try:
        out = subprocess.run([wrk, "--version"], capture_output=True, text=True, timeout=5)
        first = (out.stdout + out.stderr).splitlines()[0].strip()
        return first.split(" Copyright")[0]
    except Exception:
        return "?"


def _lua_str(s: str | bytes) -> str:
    if isinstance(s, bytes):
        s = s.decode("latin-1")
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif 32 <= o < 127:
            out.append(ch)
        else:
            out.append("\\%03d" % o)
    return '"' + "".join(out) + '"'


def wrk_lua_script(req: SignedRequest, expect: Iterable[bytes], check_every: int = 1,
                   counts: Iterable[tuple[bytes, int]] = ()) -> str:
    """A wrk script that replays `req` verbatim and checks responses.

    Every `check_every`-th response per thread is checked for status 200, all
    `expect` substrings (plain find, no patterns) and, for each (substring, n)
    in `counts`, exactly n non-overlapping occurrences of the substring (e.g.
    100 `<subnetId>` in a filtered DescribeSubnets answer); done() prints one
    JSON line `WRKRESULT {...}` with the counters summed over threads and the
    latency percentiles in microseconds.
    """
    headers = "\n".join(
        f"wrk.headers[{_lua_str(k)}] = {_lua_str(v)}" for k, v in req.headers.items())
    expects = ", ".join(_lua_str(e) for e in expect)
    count_list = ", ".join(f"{{ {_lua_str(sub)}, {int(n)} }}" for sub, n in counts)
    return f"""-- generated by benchmarks/lib.py: replay one pre-signed request, check answers
wrk.method = {_lua_str(req.method)}
wrk.path = {_lua_str(req.path)}
wrk.body = {_lua_str(req.body)}
wrk.headers = {{}}
{headers}

local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
end

local expects = {{ {expects} }}
local counts = {{ {count_list} }}
local check_every = {int(check_every)}

local function occurrences(body, s)
  local n, i = 0, 1
  while true do
    local j = string.find(body, s, i, true)
    if not j then return n end
    n = n + 1
    i = j + #s
  end
end

function init(args)
  responses = 0
  checked = 0
  non200 = 0
  badbody = 0
  first_bad = ""
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then first_bad = "HTTP " .. status .. ": " .. string.sub(body or "", 1, 200) end
    return
  end
  if responses % check_every == 0 then
    checked = checked + 1
    local bad = false
    for _, e in ipairs(expects) do
      if not body or not string.find(body, e, 1, true) then
        bad = true
        if first_bad == "" then first_bad = "missing " .. e .. " in body: " .. string.sub(body or "", 1, 200) end
        break
      end
    end
    if not bad then
      for _, c in ipairs(counts) do
        local got = occurrences(body or "", c[1])
        if got ~= c[2] then
          bad = true
          if first_bad == "" then
            first_bad = "count of " .. c[1] .. ": " .. got .. ", want " .. c[2] .. "; body: " .. string.sub(body or "", 1, 200)
          end
          break
        end
      end
    end
    if bad then badbody = badbody + 1 end
  end
end

local function jstr(s)
  s = string.gsub(s, '[%c"\\\\]', function(c) return string.format("\\\\u%04x", string.byte(c)) end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local r, c, n, b, fb = 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    r = r + (t:get("responses") or 0)
    c = c + (t:get("checked") or 0)
    n = n + (t:get("non200") or 0)
    b = b + (t:get("badbody") or 0)
    if fb == "" then fb = t:get("first_bad") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKRESULT {{"requests": %d, "duration_us": %d, "responses_seen": %d, "checked": %d, ' ..
    '"non200": %d, "badbody": %d, "err_connect": %d, "err_read": %d, "err_write": %d, ' ..
    '"err_status": %d, "err_timeout": %d, "lat_mean_us": %.1f, "lat_p50_us": %d, ' ..
    '"lat_p90_us": %d, "lat_p99_us": %d, "lat_max_us": %d, "first_bad": %s}}\\n',
    summary.requests, summary.duration, r, c, n, b, e.connect, e.read, e.write, e.status,
    e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, jstr(fb)))
end
"""


_UNIT = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def _parse_dur_us(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(text)
    if m.group(2) == "m":
        return float(m.group(1)) * 60_000_000.0
    return float(m.group(1)) * _UNIT[m.group(2)]


def parse_wrk_output(text: str) -> dict:
    """Parse wrk's text report (--latency) plus our WRKRESULT line."""
    res: dict = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        res["rps_text"] = float(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)\s*$", text, re.M)
        if m:
            res[f"p{pct}_text_us"] = _parse_dur_us(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    res["non2xx_text"] = int(m.group(1)) if m else 0
    m = re.search(r"^WRKRESULT (\{.*\})\s*$", text, re.M)
    if m:
        res.update(json.loads(m.group(1)))
    return res


def run_wrk(
    req: SignedRequest,
    expect: Iterable[bytes],
    duration_s: float,
    threads: int = 2,
    connections: int = 8,
    timeout_s: float = 5.0,
    wrk: str = "wrk",
    check_every: int = 1,
    workdir: str | None = None,
    counts: Iterable[tuple[bytes, int]] = (),
) -> dict:
    """Run wrk with the replay script (`counts`: see wrk_lua_script). Returns parsed figures plus:
    rps, p50_ms, p99_ms, ok (no errors, no non-200, no wrong bodies),
    wrk_cpu_s (user+sys CPU wrk used), wall_s, cmd, raw."""
    workdir = workdir or tempfile.mkdtemp(prefix="bench-wrk-")
    duration_s = max(1, int(round(duration_s)))  # wrk takes whole seconds only
    script = os.path.join(workdir, "replay.lua")
    Path(script).write_text(wrk_lua_script(req, expect, check_every, counts))
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "--latency",
           f"--timeout={timeout_s:g}s", "-s", script, req.url]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration_s + 60)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = out.stdout + ("\n" + out.stderr if out.stderr.strip() else "")
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {text}")
    res = parse_wrk_output(text)
    if "requests" not in res:
        raise RuntimeError(f"wrk printed no WRKRESULT line:\n{text}")
    secs = res["duration_us"] / 1e6
    res["rps"] = res["requests"] / secs if secs else 0.0
    res["p50_ms"] = res["lat_p50_us"] / 1000.0
    res["p99_ms"] = res["lat_p99_us"] / 1000.0
    errors = sum(res[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
    res["socket_errors"] = errors
    res["ok"] = (errors == 0 and res["non200"] == 0 and res["badbody"] == 0
                 and res["non2xx_text"] == 0 and res["checked"] > 0)
    res["wrk_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    res["wall_s"] = wall
    res["cmd"] = " ".join(cmd)
    res["raw"] = text
    return res


# --------------------------------------------------------------------------
# Measuring one call on one server: one client, then wrk
# --------------------------------------------------------------------------

def measure_call(
    proc: "ServerProcess",
    key: str,
    make_req: Callable[[], SignedRequest],
    check: Callable[[int, bytes], str | None],
    expect: Iterable[bytes],
    counts: Iterable[tuple[bytes, int]],
    *,
    results: int,
    run_no: int,
    sequential: int,
    duration: int,
    warmup: int,
    threads: int = 2,
    connections: int = 8,
    wrk_timeout: float = 10.0,
    check_every: int = 1,
    wrk: str = "wrk",
    log=None,
    key_width: int = 19,
) -> dict:
    """One run of one call on one server: `sequential` timed calls on one
    keep-alive connection (timed_series, each answer checked in full by
    `check`), then, if duration > 0, `warmup` s of unmeasured and `duration` s
    of measured wrk load replaying the request (run_wrk with `expect` and
    `counts`), with the server's CPU time over the measured run. `make_req`
    signs the request (called once per part). Raises if the server died.

    Returns {"server", "query": key, "run", "results", "ok", "seq": timed_series'
    dict, "wrk": {ok, rps, p50_ms, p99_ms, lat_mean_ms, lat_max_ms, requests,
    checked, non200, badbody, socket_errors, first_bad, server_cores,
    wrk_cores, cmd[, raw if not ok]}} and prints one progress line to `log`."""
    expect, counts = tuple(expect), list(counts)
    rec: dict = {"server": proc.spec.name, "query": key, "run": run_no, "results": results}
    if sequential > 0:
        rec["seq"] = timed_series(make_req(), sequential, check, timeout=wrk_timeout * 6)
    if duration > 0:
        req = make_req()
        if warmup > 0:
            run_wrk(req, expect, warmup, threads, connections, timeout_s=wrk_timeout, wrk=wrk,
                    check_every=check_every, workdir=proc.workdir, counts=counts)
        cpu0 = cpu_seconds(proc.pid)
        res = run_wrk(req, expect, duration, threads, connections, timeout_s=wrk_timeout, wrk=wrk,
                      check_every=check_every, workdir=proc.workdir, counts=counts)
        cpu1 = cpu_seconds(proc.pid)
        wall = res["duration_us"] / 1e6
        rec["wrk"] = {
            "ok": res["ok"], "rps": res["rps"], "p50_ms": res["p50_ms"], "p99_ms": res["p99_ms"],
            "lat_mean_ms": res["lat_mean_us"] / 1000, "lat_max_ms": res["lat_max_us"] / 1000,
            "requests": res["requests"], "checked": res["checked"], "non200": res["non200"],
            "badbody": res["badbody"], "socket_errors": res["socket_errors"],
            "first_bad": res["first_bad"],
            "server_cores": (cpu1 - cpu0) / wall if wall else None,
            "wrk_cores": res["wrk_cpu_s"] / res["wall_s"] if res["wall_s"] else None,
            "cmd": res["cmd"],
        }
        if not res["ok"]:
            rec["wrk"]["raw"] = res["raw"]
    if not proc.alive():
        raise RuntimeError(f"{proc.spec.name} died\n{proc.log_tail()}")
    rec["ok"] = rec.get("seq", {}).get("ok", True) and rec.get("wrk", {}).get("ok", True)
    parts = [f"  {proc.spec.name:7s} {key:{key_width}s} ({results:3d} results)"]
    if "seq" in rec:
        sq = rec["seq"]
        parts.append(f"1 client: p50 {sq['p50_ms']:8.2f} ms p99 {sq['p99_ms']:8.2f} ms "
                     f"{sq['calls_per_s']:8.1f} calls/s")
    if "wrk" in rec:
        w = rec["wrk"]
        parts.append(f"wrk: {w['rps']:9.1f} req/s p50 {w['p50_ms']:8.2f} ms p99 {w['p99_ms']:8.2f} ms "
                     f"checked {w['checked']:,}")
    parts.append("OK" if rec["ok"] else "WRONG: " + "; ".join(
        rec.get("seq", {}).get("errors", []) + ([rec["wrk"]["first_bad"] or "wrk errors"]
                                                if "wrk" in rec and not rec["wrk"]["ok"] else [])))
    print(" | ".join(parts), file=log or sys.stdout, flush=True)
    return rec


def summarize_runs(runs: list[dict]) -> dict:
    """Per (server, query) over measure_call records: medians of the wrk runs
    (rps, p50, p99, cores), sequential percentiles over all calls pooled; only
    runs whose answers were all right count."""
    out: dict = {}
    for r in runs:
        out.setdefault(r["server"], {}).setdefault(r["query"], []).append(r)
    summ: dict = {}
    for server, per_q in out.items():
        for key, rs in per_q.items():
            ok = [r for r in rs if r["ok"]]
            s: dict = {"runs": len(rs), "ok_runs": len(ok), "results": rs[0]["results"]}
            seq = [r["seq"] for r in ok if "seq" in r]
            if seq:
                pooled = [x for q in seq for x in q["latencies_ms"]]
                s["seq_p50_ms"] = percentile(pooled, 50)
                s["seq_p99_ms"] = percentile(pooled, 99)
                s["seq_calls"] = len(pooled)
                s["seq_calls_per_s"] = len(pooled) / (sum(pooled) / 1000.0) if pooled else None
            wrk_runs = [r["wrk"] for r in ok if "wrk" in r]
            if wrk_runs:
                for k in ("rps", "p50_ms", "p99_ms", "server_cores", "wrk_cores"):
                    s[f"wrk_{k}"] = median([w[k] for w in wrk_runs])
                s["wrk_rps_min"] = min(w["rps"] for w in wrk_runs)
                s["wrk_rps_max"] = max(w["rps"] for w in wrk_runs)
                s["wrk_checked"] = sum(w["checked"] for w in wrk_runs)
                s["wrk_requests"] = sum(w["requests"] for w in wrk_runs)
            summ.setdefault(server, {})[key] = s
    return summ


# --------------------------------------------------------------------------
# Markdown report pieces
# --------------------------------------------------------------------------

def fmt_num(v, nd=1) -> str:
    """v with thousands separators and nd decimals; "n/a" for None."""
    return "n/a" if v is None else f"{v:,.{nd}f}"


def ratio(a, b):
    """a / b, None if either is missing or b is 0."""
    return None if a is None or b is None or b == 0 else a / b


def markdown_call_tables(
    summ: dict,
    queries_meta: Sequence[tuple[str, str, bool]],
    server_names: Sequence[str],
    *,
    sequential: int,
    duration: int,
    repeat: int,
    threads: int,
    connections: int,
    target_cell: Callable[[float | None, bool], str],
) -> list[str]:
    """Markdown lines for summarize_runs() output: a one-client table (p50, p99,
    calls/s) if sequential > 0 and an under-load table (req/s, p50/p99, server
    cores) if duration > 0. queries_meta = [(key, label, target applies)]. With
    both nimbus and moto measured, the tables put them side by side with the
    ratio (moto / nimbus p50; nimbus / moto req/s) and target_cell(ratio,
    applies); otherwise one column group per server."""
    measured = [nm for nm in server_names if nm in summ]
    both = "nimbus" in server_names and "moto" in server_names
    out: list[str] = []
    if not measured:
        return out

    def cell(srv, key, field_, nd):
        return fmt_num(summ.get(srv, {}).get(key, {}).get(field_), nd)

    if sequential > 0:
        out.append("### One client, sequential calls (latency, ms)\n")
        if both and len(measured) == 2:
            out.append("| call | results | nimbus p50 | moto p50 | moto / nimbus (p50) | nimbus p99 | "
                       "moto p99 | nimbus calls/s | moto calls/s | target |")
            out.append("|---|---|---|---|---|---|---|---|---|---|")
            for key, label, tgt in queries_meta:
                n, m = summ["nimbus"].get(key, {}), summ["moto"].get(key, {})
                r = ratio(m.get("seq_p50_ms"), n.get("seq_p50_ms"))
                out.append(f"| {label} | {n.get('results', m.get('results', '?'))} | "
                           f"{fmt_num(n.get('seq_p50_ms'), 2)} | {fmt_num(m.get('seq_p50_ms'), 2)} | "
                           f"{fmt_num(r)}× | {fmt_num(n.get('seq_p99_ms'), 2)} | {fmt_num(m.get('seq_p99_ms'), 2)} | "
                           f"{fmt_num(n.get('seq_calls_per_s'), 0)} | {fmt_num(m.get('seq_calls_per_s'), 0)} | "
                           f"{target_cell(r, tgt)} |")
        else:
            out.append("| call | results | " + " | ".join(f"{nm} p50 | {nm} p99 | {nm} calls/s"
                                                        for nm in measured) + " |")
            out.append("|---|---|" + "---|---|---|" * len(measured))
            for key, label, _ in queries_meta:
                res = next((summ[nm][key]["results"] for nm in measured if key in summ[nm]), "?")
                out.append(f"| {label} | {res} | " + " | ".join(
                    f"{cell(nm, key, 'seq_p50_ms', 2)} | {cell(nm, key, 'seq_p99_ms', 2)} | "
                    f"{cell(nm, key, 'seq_calls_per_s', 0)}" for nm in measured) + " |")
        out.append("")

    if duration > 0:
        out.append(f"### Under load: wrk -t{threads} -c{connections}, medians of {repeat} run(s)\n")
        if both and len(measured) == 2:
            out.append("| call | results | nimbus req/s | moto req/s | nimbus / moto | nimbus p50 / p99 ms | "
                       "moto p50 / p99 ms | server cores n / m | target |")
            out.append("|---|---|---|---|---|---|---|---|---|")
            for key, label, tgt in queries_meta:
                n, m = summ["nimbus"].get(key, {}), summ["moto"].get(key, {})
                r = ratio(n.get("wrk_rps"), m.get("wrk_rps"))
                out.append(f"| {label} | {n.get('results', m.get('results', '?'))} | "
                           f"{fmt_num(n.get('wrk_rps'), 0)} | {fmt_num(m.get('wrk_rps'), 0)} | {fmt_num(r)}× | "
                           f"{fmt_num(n.get('wrk_p50_ms'), 2)} / {fmt_num(n.get('wrk_p99_ms'), 2)} | "
                           f"{fmt_num(m.get('wrk_p50_ms'), 2)} / {fmt_num(m.get('wrk_p99_ms'), 2)} | "
                           f"{fmt_num(n.get('wrk_server_cores'), 2)} / {fmt_num(m.get('wrk_server_cores'), 2)} | "
                           f"{target_cell(r, tgt)} |")
        else:
            out.append("| call | results | " + " | ".join(
                f"{nm} req/s | {nm} p50 ms | {nm} p99 ms | {nm} server cores" for nm in measured) + " |")
            out.append("|---|---|" + "---|---|---|---|" * len(measured))
            for key, label, _ in queries_meta:
                res = next((summ[nm][key]["results"] for nm in measured if key in summ[nm]), "?")
                out.append(f"| {label} | {res} | " + " | ".join(
                    f"{cell(nm, key, 'wrk_rps', 0)} | {cell(nm, key, 'wrk_p50_ms', 2)} | "
                    f"{cell(nm, key, 'wrk_p99_ms', 2)} | {cell(nm, key, 'wrk_server_cores', 2)}"
                    for nm in measured) + " |")
        out.append("")
        checked = sum(s.get("wrk_checked", 0) for per in summ.values() for s in per.values())
        reqs = sum(s.get("wrk_requests", 0) for per in summ.values() for s in per.values())
        out.append(f"Responses checked under load: {checked:,} of {reqs:,}.\n")
    return out


# --------------------------------------------------------------------------
# Driver pieces shared by the benchmark scripts (options, servers, header, output)
# --------------------------------------------------------------------------

def add_server_args(ap) -> None:
    """--nimbus-bin, --nimbus-arg, --only: which servers run, and how nimbus is started."""
    ap.add_argument("--nimbus-bin", help="nimbus binary (default: $NIMBUS_BIN, else newest of "
                    ".build/{release,debug}/nimbus)")
    ap.add_argument("--nimbus-arg", action="append", default=[],
                    help="extra argument passed to `nimbus serve` (repeatable)")
    ap.add_argument("--only", choices=["nimbus", "moto"], help="benchmark one server only")


def add_call_args(ap, *, wrk_timeout: float, wrk_timeout_help: str) -> None:
    """--region and the options of measure_call (one client and wrk) for per-call benchmarks."""
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--sequential", type=int, default=50,
                    help="sequential one-client calls per call type and run (50; 0 = skip)")
    ap.add_argument("--duration", type=int, default=10, help="seconds of measured wrk load per call type "
                    "and run (10; 0 = skip wrk)")
    ap.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured wrk load before each run (2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per server and call type (3)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    ap.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    ap.add_argument("--wrk-timeout", type=float, default=wrk_timeout, help=wrk_timeout_help)
    ap.add_argument("--check-every", type=int, default=1,
                    help="under load, check every Nth response's body (1 = all; status always checked)")


def add_output_args(ap) -> None:
    """--startup-timeout, --markdown, --json (the last options of every benchmark)."""
    ap.add_argument("--startup-timeout", type=float, default=60.0)
    ap.add_argument("--markdown", metavar="OUT", help="write the markdown report to OUT")
    ap.add_argument("--json", metavar="OUT", help="write all raw figures as JSON to OUT")


def command_line(script: str) -> str:
    """How this run was invoked, for the report: `python3 benchmarks/<script> <args>`."""
    import shlex

    return f"python3 benchmarks/{script} " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, as in /proc/loadavg."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def prepare_wrk(use_wrk: bool = True) -> tuple[str, dict, str]:
    """(wrk binary, machine_info() with the wrk version, wire self-test line); without
    wrk: ("wrk", info with wrk "-", "-"). Prints the self-test line when run."""
    wrk = ensure_wrk() if use_wrk else "wrk"
    info = machine_info()
    info["wrk"] = wrk_version(wrk) if use_wrk else "-"
    selftest = wrk_wire_selftest(wrk) if use_wrk else "-"
    if use_wrk:
        print(f"self-test: {selftest}")
    return wrk, info, selftest


def server_specs(args, targets: str = "the targets apply") -> list[ServerSpec] | None:
    """nimbus (unless --only moto) and moto (unless --only nimbus); None, with the reason
    on stderr, if no nimbus binary is found (exit status 2)."""
    specs: list[ServerSpec] = []
    if args.only != "moto":
        nb = find_nimbus_bin(args.nimbus_bin)
        if nb is None or not nb.exists():
            print("nimbus binary not found: build it (swift build -c release --static-swift-stdlib) or pass --nimbus-bin / "
                  "NIMBUS_BIN; use --only moto to benchmark moto alone", file=sys.stderr)
            return None
        specs.append(nimbus_spec(nb, args.nimbus_arg))
        if build_kind(nb) != "release":
            print(f"NOTE: {nb} is not a release build; {targets} to release builds.",
                  file=sys.stderr)
    if args.only != "nimbus":
        specs.append(moto_spec())
    return specs


def print_machine_header(info: dict, specs: Sequence[ServerSpec]) -> None:
    """The console header: date, cores, CPU, load average, then each server's version."""
    print(f"{info['date']} | nproc {info['nproc_cmd']} | {info['cpu']} | loadavg {info['loadavg']}")
    for s in specs:
        print(f"  {s.name}: {s.version}")


def print_failure(what: str, exc: BaseException, proc: "ServerProcess | None") -> None:
    """`  <what>: FAILED: <exc>` and the last lines of the server's log, on stderr."""
    tail = proc.log_tail(15) if proc else ""
    print(f"  {what}: FAILED: {exc}\n    --- server log tail ---\n"
          + "\n".join("    " + ln for ln in tail.splitlines()), file=sys.stderr, flush=True)


def start_servers(servers: Sequence, start: Callable[[object], None]) -> bool:
    """start(srv) for each server in turn; one that raises gets srv.error, its failure
    and log tail printed, and is stopped. True if any failed or got a first answer
    wrong (srv.failed_queries)."""
    failed = False
    for srv in servers:
        try:
            start(srv)
        except Exception as exc:
            srv.error = str(exc)
            failed = True
            print_failure(srv.spec.name, exc, srv.proc)
            if srv.proc:
                srv.proc.stop()
        failed |= bool(srv.failed_queries)
    return failed


def first_queries(servers: Sequence) -> list:
    """The measured calls in order, from the first server that has them (same keys/labels for all)."""
    for s in servers:
        if s.queries:
            return list(s.queries.values())
    return []


def start_ec2_server(srv, stack, startup_timeout: float, region: str, log) -> "ServerProcess":
    """Start srv.spec's server inside the ExitStack (srv.proc, set before anything can
    fail), time it to the first signed STS answer (srv.startup_ms), then time one
    DescribeVpcs on its own (srv.first_ec2_call_ms: moto builds its EC2 backend on first
    use, so it stays out of the measured phases). Returns the process."""
    sp = stack.enter_context(ServerProcess(srv.spec))
    srv.proc = sp
    st = time_to_first_answer(sp, sign_query_request("127.0.0.1", sp.port), timeout=startup_timeout)
    srv.startup_ms = st["startup_s"] * 1000
    print(f"  {srv.spec.name}: answering on port {sp.port} after {srv.startup_ms:.0f} ms "
          f"(data dir {sp.data_dir}, log {sp.log_path})", file=log, flush=True)
    t0 = time.perf_counter()
    boto3_client(sp, "ec2", region=region).describe_vpcs()
    srv.first_ec2_call_ms = (time.perf_counter() - t0) * 1000
    return sp


def interleaved(servers: Sequence, keys: Sequence, repeat: int):
    """(run index from 0, key, server) for `repeat` runs (none without keys): each run
    prints `run i/N`, takes the keys in order, and for each the servers, in their order
    when run index + key index is even, reversed otherwise."""
    for i in range(repeat if keys else 0):
        print(f"run {i + 1}/{repeat}", flush=True)
        for n, key in enumerate(keys):
            order = servers if (i + n) % 2 == 0 else list(reversed(servers))
            for srv in order:
                yield i, key, srv


def markdown_header(argv: str, info: dict, *, busy_detail: str = "", tools: bool = True) -> list[str]:
    """Report lines: the command, date and load averages (with a warning if the
    machine was busy), the machine (and, if tools, the Python and botocore versions)."""
    out = [f"- Command: `{argv}`",
           f"- Date: {info['date']}; load average at start: {info['loadavg']}, "
           f"at end: {info.get('loadavg_end', '?')}"]
    busy = max(float(info["loadavg"].split()[0]), float(info.get("loadavg_end", "0").split()[0]))
    if busy > 1.0:
        out.append(f"- **The machine was busy (1-min load average up to {busy:.1f} on "
                   f"{info['nproc_cmd']} cores{busy_detail}): figures are noisy; prefer the ratios, "
                   f"or re-run on a quiet machine.**")
    out.append(f"- Machine: `nproc` = {info['nproc_cmd']}, CPU: {info['cpu']}, memory {info['mem']}, "
               f"Linux {info['kernel']}"
               + (f"; Python {info['python']}, botocore {info['botocore']}" if tools else ""))
    return out


def write_report(args, md: str, payload: Callable[[], dict]) -> None:
    """Print the markdown report; write it to --markdown, and payload() as JSON to --json."""
    print()
    print(md)
    if args.markdown:
        Path(args.markdown).write_text(md + "\n")
        print(f"markdown written to {args.markdown}")
    if args.json:
        Path(args.json).write_text(json.dumps(payload(), indent=2, default=str))
        print(f"json written to {args.json}")


# --------------------------------------------------------------------------
# Machine description
# --------------------------------------------------------------------------

def machine_info() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    import botocore
    return {
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "nproc": os.cpu_count(),
        "nproc_cmd": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu,
        "mem": mem,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "botocore": botocore.__version__,
        "loadavg": loadavg(),
    }


# --------------------------------------------------------------------------
# Self-test: does wrk put on the wire exactly what botocore signed?
# --------------------------------------------------------------------------

def verify_sigv4(raw: bytes, secret_key: str) -> tuple[bool, str]:
    """Independently (no botocore) recompute the SigV4 signature of a raw
    HTTP/1.1 request whose path is '/' with no query string. Returns (ok, why)."""
    import hashlib
    import hmac

    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    hdrs: dict[str, str] = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    auth = hdrs.get("authorization", "")
    m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                 r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$", auth)
    if not m:
        return False, f"unparseable Authorization: {auth!r}"
    _ak, day, region, service, signed, sig = m.groups()
    names = signed.split(";")
    missing = [n for n in names if n not in hdrs]
    if missing:
        return False, f"signed headers missing on the wire: {missing}"
    canon = "\n".join([
        method, path.split("?")[0], "",
        "".join(f"{n}:{' '.join(hdrs[n].split())}\n" for n in names),
        signed, hashlib.sha256(body).hexdigest()])
    amz_date = hdrs["x-amz-date"]
    scope = f"{day}/{region}/{service}/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(canon.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    want = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return (want == sig), ("ok" if want == sig else f"signature mismatch (want {want}, got {sig})")


def wrk_wire_selftest(wrk: str = "wrk", secret_key: str = "test") -> str:
    """Run wrk (1 thread, 1 connection, 1 s) with the replay script against a
    socket that records the first request, then check Host and the signature.
    Raises RuntimeError on mismatch; returns a one-line description."""
    import threading

    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(5)
    port = srv.getsockname()[1]
    req = sign_query_request("127.0.0.1", port, secret_key=secret_key)
    got: list[bytes] = []

    def serve() -> None:
        try:
            while not got:
                c, _ = srv.accept()   # wrk first opens and closes a probe connection
                c.settimeout(2)
                data = b""
                try:
                    while True:
                        head, sep, rest = data.partition(b"\r\n\r\n")
                        if sep:
                            cl = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                            if len(rest) >= (int(cl.group(1)) if cl else 0):
                                break
                        x = c.recv(65536)
                        if not x:
                            break
                        data += x
                except OSError:
                    pass
                c.close()
                if data:
                    got.append(data)
        except OSError:
            pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    with tempfile.TemporaryDirectory(prefix="bench-selftest-") as d:
        script = os.path.join(d, "replay.lua")
        Path(script).write_text(wrk_lua_script(req, [b"<Arn>"]))
        subprocess.run([wrk, "-t1", "-c1", "-d1s", "--timeout=1s", "-s", script, req.url],
                       capture_output=True, text=True, timeout=30)
    t.join(5)
    srv.close()
    if not got:
        raise RuntimeError("wrk self-test: captured no request")
    raw = got[0]
    host = re.search(rb"(?im)^host:\s*(\S+)", raw)
    if not host or host.group(1).decode() != f"127.0.0.1:{port}":
        raise RuntimeError(f"wrk self-test: Host header {host and host.group(1)!r} != 127.0.0.1:{port}")
    ok, why = verify_sigv4(raw, secret_key)
    if not ok:
        raise RuntimeError(f"wrk self-test: {why}\n{raw!r}")
    if not raw.endswith(req.body):
        raise RuntimeError(f"wrk self-test: body differs: {raw!r}")
    return f"wrk sends Host 127.0.0.1:{port} and the body botocore signed; SigV4 re-verified independently"


def load_each(requests: dict, expect, args, wrk: str, workdir: str, results: dict) -> bool:
    """Checks one answer of each named pre-signed request, then runs wrk on each in turn, `args.repeat` times
    (interleaved, each after `args.warmup` s of warm-up), appending each run to `results[name]` and printing it.
    False (after saying why) on a wrong answer."""
    for who, request in requests.items():
        status, body = send(request)
        if not answer_ok(status, body, expect):
            print(f"{who}: wrong answer {status}: {body[:300]!r}", file=sys.stderr)
            return False
    width = max(len(who) for who in requests)
    for _ in range(args.repeat):
        for who, request in requests.items():
            if args.warmup:
                run_wrk(request, expect, args.warmup, args.threads, args.connections, wrk=wrk, workdir=workdir)
            run = run_wrk(request, expect, args.duration, args.threads, args.connections, wrk=wrk, workdir=workdir)
            if not run["ok"]:
                print(f"{who}: wrong answers during the load: {run['raw']}", file=sys.stderr)
                return False
            results[who].append(run)
            print(f"  {who:{width}s} {run['rps']:9.1f} req/s  p50 {run['p50_ms']:.2f} ms  p99 {run['p99_ms']:.2f} ms  "
                  f"checked {run['checked']}", flush=True)
    return True


def add_load_args(parser) -> None:
    """The options of a two-caller load comparison (enforcement.py, organizations.py): the binary, wrk's run
    length, warm-up, repeats, connections and threads."""
    parser.add_argument("--nimbus-bin")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)


def load_setup(args, log_level: str = "warning"):
    """The server spec (newest or given nimbus binary) and wrk for a load comparison; None (after saying why) when
    there is no binary."""
    binary = find_nimbus_bin(args.nimbus_bin)
    if binary is None:
        print("no nimbus binary: build with `swift build -c release --static-swift-stdlib`", file=sys.stderr)
        return None
    return nimbus_spec(binary, ["--log-level", log_level]), ensure_wrk()


def sign_s3_request(host: str, port: int, method: str, path: str, body: bytes = b"",
                    access_key: str = "test", secret_key: str = "test", region: str = "us-east-1") -> SignedRequest:
    """A botocore SigV4-signed S3 request (payload hash signed) that can be replayed verbatim."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    req = AWSRequest(method=method, url=f"http://{host}:{port}{path}", data=body,
                     headers={"Content-Length": str(len(body))} if method in ("PUT", "POST") else {})
    S3SigV4Auth(Credentials(access_key, secret_key), "s3", region).add_auth(req)
    headers = {k: v for k, v in req.headers.items()}
    headers["Host"] = f"{host}:{port}"
    return SignedRequest(method, host, port, path, headers, body)

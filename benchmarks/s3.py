#!/usr/bin/env python3
"""S3 (issue 9), Nimbus and moto's server side by side in one run.

    python3 benchmarks/s3.py [--nimbus-bin PATH] [--duration 10] [--repeat 3] [--size-mib 1024] [--only nimbus|moto]

1. PUT and GET of a 1 KiB object with 8 connections (wrk replaying one signed request, every answer checked).
   Target: at least 10x moto's requests per second.
2. A SIZE upload and download of one file through the AWS CLI (`aws s3 cp`, multipart, 8 MiB parts, the CLI's
   10 threads), with the server's resident memory sampled every 50 ms. Targets: at least 300 MB/s each way on
   loopback, and Nimbus under 100 MiB of memory throughout. Also a download to stdout (/dev/null) and the CLI's
   CPU time, which tell the server's part from the CLI's own file writes. Times include the CLI's start-up.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

BUCKET = "bench-bucket"
SMALL = b"n" * 1024


class MemorySampler(threading.Thread):
    """Peak RSS of a process tree, sampled until stopped."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kib, self.running = pid, every, 0, True

    def run(self):
        while self.running:
            self.peak_kib = max(self.peak_kib, lib.rss_kib(self.pid) or 0)
            time.sleep(self.every)

    def stop(self) -> float:
        self.running = False
        self.join()
        return self.peak_kib / 1024


def cli(server, *args, stdout=None) -> tuple[float, float]:
    """Runs the AWS CLI; returns its wall time and the CPU time it used (user + system), both in seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run(["aws", "--endpoint-url", f"http://127.0.0.1:{server.port}", *args, "--only-show-errors"], check=True, env=env, stdout=stdout)
    wall = time.perf_counter() - t0
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def transfer(server, source: Path, workdir: str) -> dict:
    """Up, down to a file (the target's figures), and down to /dev/null: what the server delivers without the
    CLI's own file writes, which on this VM cost the CLI 1 to 7 s of CPU per GiB depending on how recently the guest
    last touched the memory the page cache takes (see BENCHMARKS.md, S3)."""
    size = source.stat().st_size
    control = file_write_rate(Path(workdir) / "control.bin", size)
    time.sleep(5)  # the guest hands the control's freed pages back to the host before the transfers start
    sampler = MemorySampler(server.pid)
    sampler.start()
    up, up_cpu = cli(server, "s3", "cp", str(source), f"s3://{BUCKET}/big.bin")
    back = Path(workdir) / "back.bin"
    down, down_cpu = cli(server, "s3", "cp", f"s3://{BUCKET}/big.bin", str(back))
    with open(os.devnull, "wb") as null:
        down_null, _ = cli(server, "s3", "cp", f"s3://{BUCKET}/big.bin", "-", stdout=null)
    peak = sampler.stop()
    same = hashlib.sha256(back.read_bytes()).hexdigest() == hashlib.sha256(source.read_bytes()).hexdigest()
    back.unlink()
    return {"up_mb_s": size / up / 1e6, "down_mb_s": size / down / 1e6, "down_null_mb_s": size / down_null / 1e6,
            "cli_cpu_up_s": up_cpu, "cli_cpu_down_s": down_cpu, "peak_rss_mib": peak, "intact": same,
            "file_write_mb_s": control}


def file_write_rate(path: Path, size: int) -> float:
    """The control: how fast this machine writes SIZE bytes into a new file (1 MiB writes, no server, no network),
    as the CLI's download will. Measured before the transfers and followed by a pause: right after a large file is
    deleted, writes reuse its just-freed pages and run several times faster than into memory free for seconds."""
    block = b"\0" * (1 << 20)
    t0 = time.perf_counter()
    with open(path, "wb") as out:
        for _ in range(size // len(block)):
            out.write(block)
    rate = size / (time.perf_counter() - t0) / 1e6
    path.unlink()
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_load_args(parser)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--only", choices=["nimbus", "moto"])
    parser.add_argument("--nimbus-arg", action="append", default=["--log-level", "warning"])
    parser.add_argument("--markdown")
    parser.add_argument("--json")
    args = parser.parse_args()
    specs = lib.server_specs(args)
    if specs is None:
        return 2
    wrk = lib.ensure_wrk()
    info = lib.machine_info()
    lib.print_machine_header(info, specs)
    workdir = tempfile.mkdtemp(prefix="bench-s3-")
    source = Path(workdir) / "big.bin"
    block = os.urandom(1 << 20)
    with open(source, "wb") as out:
        for i in range(args.size_mib):
            out.write(block[i % 4096:] + block[:i % 4096])
    load = {spec.name: {"PUT 1 KiB": [], "GET 1 KiB": []} for spec in specs}
    transfers = {}
    for spec in specs:
        with lib.ServerProcess(spec) as server:
            lib.time_to_first_answer(server, lib.sign_query_request("127.0.0.1", server.port))
            s3 = lib.boto3_client(server, "s3")
            s3.create_bucket(Bucket=BUCKET)
            s3.put_object(Bucket=BUCKET, Key="small", Body=SMALL)
            requests = {
                "PUT 1 KiB": (lib.sign_s3_request("127.0.0.1", server.port, "PUT", f"/{BUCKET}/small", SMALL), (b"",)),
                "GET 1 KiB": (lib.sign_s3_request("127.0.0.1", server.port, "GET", f"/{BUCKET}/small"), (SMALL[:64],)),
            }
            print(f"{spec.name}:", flush=True)
            for _ in range(args.repeat):
                for name, (request, expect) in requests.items():
                    if args.warmup:
                        lib.run_wrk(request, expect, args.warmup, args.threads, args.connections, wrk=wrk, workdir=workdir)
                    run = lib.run_wrk(request, expect, args.duration, args.threads, args.connections, wrk=wrk, workdir=workdir)
                    if not run["ok"]:
                        print(f"  {name}: wrong answers: {run['raw']}", file=sys.stderr)
                        return 1
                    load[spec.name][name].append(run)
                    print(f"  {name}: {run['rps']:9.1f} req/s  p50 {run['p50_ms']:.2f} ms  p99 {run['p99_ms']:.2f} ms", flush=True)
            transfers[spec.name] = transfer(server, source, workdir)
            print(f"  {args.size_mib} MiB via aws s3 cp: {transfers[spec.name]}", flush=True)
    info["loadavg_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    lines = ["## S3 (issue 9)", ""] + lib.markdown_header(" ".join(["python3", "benchmarks/s3.py", *sys.argv[1:]]), info)
    lines += ["", f"1 KiB objects, wrk {args.threads} threads / {args.connections} connections, {args.duration} s x {args.repeat} (median):", "",
              "| request | " + " | ".join(f"{s.name} req/s" for s in specs) + (" | ratio |" if len(specs) == 2 else " |"),
              "|---|" + "---:|" * len(specs) + ("---:|" if len(specs) == 2 else "")]
    for name in ("PUT 1 KiB", "GET 1 KiB"):
        medians = [lib.median([r["rps"] for r in load[s.name][name]]) for s in specs]
        row = f"| {name} | " + " | ".join(f"{m:,.0f}" for m in medians)
        if len(specs) == 2:
            row += f" | {medians[0] / medians[1]:.1f}x"
        lines.append(row + " |")
    lines += ["", f"{args.size_mib} MiB through `aws s3 cp` (multipart, 8 MiB parts, 10 threads), peak server RSS sampled every 50 ms:", "",
              "| server | upload MB/s | download MB/s | download to /dev/null MB/s | CLI CPU s, up / down | peak RSS MiB | intact | control: writing a new file, MB/s |",
              "|---|---:|---:|---:|---:|---:|---|---:|"]
    for s in specs:
        t = transfers[s.name]
        lines.append(f"| {s.name} | {t['up_mb_s']:.0f} | {t['down_mb_s']:.0f} | {t['down_null_mb_s']:.0f} | "
                     f"{t['cli_cpu_up_s']:.2f} / {t['cli_cpu_down_s']:.2f} | {t['peak_rss_mib']:.1f} | {t['intact']} | {t['file_write_mb_s']:.0f} |")
    lib.write_report(args, "\n".join(lines), lambda: {"load": load, "transfers": transfers, "info": info})
    return 0


if __name__ == "__main__":
    sys.exit(main())

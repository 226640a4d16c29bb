#!/usr/bin/env python3
"""Foundation benchmark: Nimbus vs moto_server, side by side, in one run.

Measures, for each server:
  * startup  -- time from just before spawn to the first correct answer to a
                botocore-signed STS GetCallerIdentity (fresh data dir each time);
  * RSS      -- VmRSS idle (after startup + settle) and right after the load;
  * load     -- wrk -t2 -c8 replaying the pre-signed request: requests/s,
                p50/p99 latency; every response is checked (status 200 and the
                expected <Arn>/<Account>), any wrong answer fails the run.

Usage:
  python3 benchmarks/foundation.py [--nimbus-bin PATH] [--duration 10] [--repeat 3]
                                   [--markdown OUT] [--json OUT] [--only nimbus|moto]
                                   [--baseline]

Exit status: 0 if every run answered correctly, 1 otherwise (targets missed do
not change the exit status; they are reported as such).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

TARGET_STARTUP_MS = 50.0
TARGET_IDLE_RSS_MIB = 20.0
TARGET_THROUGHPUT_RATIO = 20.0


def baseline_spec(workdir: str) -> lib.ServerSpec:
    """A ~100-line C epoll server returning a fixed GetCallerIdentity XML: how
    fast wrk itself can go on this machine (the ceiling any server can show)."""
    src = lib.BENCH_DIR / "baseline" / "tiny_http.c"
    exe = os.path.join(workdir, "tiny_http")
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, "-O2", "-o", exe, str(src)], check=True)
    return lib.ServerSpec(
        name="c-baseline",
        argv=lambda port, data_dir: [exe, str(port)],
        expect=(b"<Arn>arn:aws:iam::000000000000:root</Arn>", b"<Account>000000000000</Account>"),
        version=f"benchmarks/baseline/tiny_http.c ({cc} -O2, 1 thread, epoll)",
    )


def one_cycle(spec: lib.ServerSpec, args, wrk: str, log) -> dict:
    """Spawn -> startup time -> idle RSS -> (warmup) -> load -> RSS -> stop."""
    run: dict = {"server": spec.name}
    with lib.ServerProcess(spec) as sp:
        req = lib.sign_query_request("127.0.0.1", sp.port)
        st = lib.time_to_first_answer(sp, req, timeout=args.startup_timeout)
        run.update(st)
        run["startup_ms"] = st["startup_s"] * 1000
        time.sleep(args.settle)
        run["idle_rss_kib"] = lib.rss_kib(sp.pid)
        if args.warmup > 0:
            w = lib.run_wrk(req, spec.expect, args.warmup, args.threads, args.connections,
                            wrk=wrk, check_every=args.check_every, workdir=sp.workdir)
            if not w["ok"]:
                raise RuntimeError(f"{spec.name}: warmup load got wrong answers: {w['raw']}")
        cpu0 = lib.cpu_seconds(sp.pid)
        res = lib.run_wrk(req, spec.expect, args.duration, args.threads, args.connections,
                          wrk=wrk, check_every=args.check_every, workdir=sp.workdir)
        cpu1 = lib.cpu_seconds(sp.pid)
        run["after_load_rss_kib"] = lib.rss_kib(sp.pid)
        # one more answer after the load, on a fresh connection
        status, body = lib.send(req)
        run["post_load_answer_ok"] = lib.answer_ok(status, body, spec.expect)
        if not sp.alive():
            raise RuntimeError(f"{spec.name} died during the load\n{sp.log_tail()}")
        wall = res["duration_us"] / 1e6
        run.update({
            "rps": res["rps"], "p50_ms": res["p50_ms"], "p99_ms": res["p99_ms"],
            "lat_mean_ms": res["lat_mean_us"] / 1000, "lat_max_ms": res["lat_max_us"] / 1000,
            "requests": res["requests"], "checked": res["checked"], "non200": res["non200"],
            "badbody": res["badbody"], "socket_errors": res["socket_errors"],
            "first_bad": res["first_bad"],
            "server_cores": (cpu1 - cpu0) / wall if wall else None,
            "wrk_cores": res["wrk_cpu_s"] / res["wall_s"] if res["wall_s"] else None,
            "wrk_cmd": res["cmd"],
        })
        run["ok"] = bool(res["ok"] and run["post_load_answer_ok"])
        if not run["ok"]:
            run["wrk_raw"] = res["raw"]
            run["server_log_tail"] = sp.log_tail()
    print(f"  {spec.name:10s} startup {run['startup_ms']:8.1f} ms | idle RSS "
          f"{_mib(run['idle_rss_kib']):6.1f} MiB | {run['rps']:9.1f} req/s | p50 "
          f"{run['p50_ms']:7.2f} ms | p99 {run['p99_ms']:7.2f} ms | RSS after "
          f"{_mib(run['after_load_rss_kib']):6.1f} MiB | server {run['server_cores']:.2f} cores, "
          f"wrk {run['wrk_cores']:.2f} cores | checked {run['checked']} "
          f"{'OK' if run['ok'] else 'WRONG ANSWERS: ' + str(run['first_bad'])}", file=log, flush=True)
    return run


def startup_only(spec: lib.ServerSpec, args) -> float:
    with lib.ServerProcess(spec) as sp:
        req = lib.sign_query_request("127.0.0.1", sp.port)
        return lib.time_to_first_answer(sp, req, timeout=args.startup_timeout)["startup_s"] * 1000


def _mib(kib) -> float:
    return (kib or 0) / 1024.0


_fmt, ratio = lib.fmt_num, lib.ratio


def summarize(runs: list[dict], startups: list[float]) -> dict:
    ok_runs = [r for r in runs if r.get("ok")]
    m = lib.median
    return {
        "n_runs": len(runs),
        "n_ok": len(ok_runs),
        "startup_ms": m(startups),
        "startup_min_ms": min(startups) if startups else None,
        "startup_max_ms": max(startups) if startups else None,
        "n_startups": len(startups),
        "idle_rss_mib": m([_mib(r["idle_rss_kib"]) for r in runs]),
        "after_load_rss_mib": m([_mib(r["after_load_rss_kib"]) for r in runs]),
        "rps": m([r["rps"] for r in ok_runs]),
        "rps_min": min((r["rps"] for r in ok_runs), default=None),
        "rps_max": max((r["rps"] for r in ok_runs), default=None),
        "p50_ms": m([r["p50_ms"] for r in ok_runs]),
        "p99_ms": m([r["p99_ms"] for r in ok_runs]),
        "server_cores": m([r["server_cores"] for r in ok_runs]),
        "wrk_cores": m([r["wrk_cores"] for r in ok_runs]),
        "checked": sum(r["checked"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
    }


def render_markdown(args, info, specs, summaries, runs, selftest, argv) -> str:
    names = [s.name for s in specs]
    has_n, has_m = "nimbus" in summaries, "moto" in summaries
    n, mo = summaries.get("nimbus", {}), summaries.get("moto", {})
    base = summaries.get("c-baseline")
    out = []
    out.append("## Foundation benchmark: signed STS GetCallerIdentity\n")
    out.extend(lib.markdown_header(argv, info, busy_detail=", other work running", tools=False))
    for s in specs:
        out.append(f"- {s.name}: {s.version}")
    out.append(f"- Load generator: {info['wrk']}, `wrk -t{args.threads} -c{args.connections} "
               f"-d{args.duration:g}s --latency` replaying one request pre-signed by botocore "
               f"{info['botocore']} SigV4 (sts, us-east-1, key `test`); "
               f"{'every' if args.check_every == 1 else f'every {args.check_every}th'} response "
               f"checked for status 200 and the expected `<Arn>`/`<Account>`; "
               f"{args.warmup:g} s warm-up load before each measured run (not counted).")
    out.append(f"- wrk's {args.threads} threads share the machine's {info['nproc_cmd']} cores with "
               f"the server under test: the figures are what this machine can show, "
               f"not the server's ceiling.")
    out.append(f"- {args.repeat} load run(s) per server, servers interleaved; "
               f"startup: {max(args.startup_repeat, args.repeat)} spawns per server, fresh data "
               f"dir each, polling every {args.poll_sleep * 1000:g} ms. Figures are medians.")
    out.append(f"- wrk wire self-test: {selftest}")
    for s in specs:
        if s.note:
            out.append(f"- **{s.name}: {s.note}**")
    out.append("")

    hdr = "| metric | " + " | ".join(names) + (" | nimbus vs moto | target (release build) |" if has_n and has_m else " |")
    out.append(hdr)
    out.append("|" + "---|" * (hdr.count("|") - 1))

    def row(label, key, nd=1, better=None, target=None, extra=None):
        """better: "lower" / "higher" -> show nimbus-vs-moto ratio; None -> no ratio."""
        cells = []
        for nm in names:
            s = summaries[nm]
            cell = _fmt(s.get(key), nd)
            if extra:
                cell += extra(s)
            cells.append(cell)
        line = f"| {label} | " + " | ".join(cells) + " |"
        if has_n and has_m:
            r = None
            rc = ""
            if better == "lower":
                r = ratio(mo.get(key), n.get(key))
                rc = "n/a" if r is None else f"{r:,.1f}× {'less' if 'RSS' in label else 'faster'}"
            elif better == "higher":
                r = ratio(n.get(key), mo.get(key))
                rc = "n/a" if r is None else f"{r:,.1f}× more"
            line += f" {rc} | {target(n, r) if target else ''} |"
        return line

    def mark(ok) -> str:
        return "met" if ok else "**missed**"

    out.append(row("startup to first signed answer (ms)", "startup_ms", 1, "lower",
                   lambda s, r: f"< {TARGET_STARTUP_MS:g} ms: {mark(s.get('startup_ms') is not None and s['startup_ms'] < TARGET_STARTUP_MS)}",
                   lambda s: f" ({_fmt(s['startup_min_ms'])}–{_fmt(s['startup_max_ms'])})"))
    out.append(row("idle RSS (MiB)", "idle_rss_mib", 1, "lower",
                   lambda s, r: f"< {TARGET_IDLE_RSS_MIB:g} MiB: {mark(s.get('idle_rss_mib') is not None and s['idle_rss_mib'] < TARGET_IDLE_RSS_MIB)}"))
    out.append(row("RSS after load (MiB)", "after_load_rss_mib", 1, "lower"))
    out.append(row(f"throughput, {args.connections} connections (req/s)", "rps", 0, "higher",
                   lambda s, r: f"≥ {TARGET_THROUGHPUT_RATIO:g}× moto: {mark(r is not None and r >= TARGET_THROUGHPUT_RATIO)}",
                   lambda s: f" ({_fmt(s['rps_min'], 0)}–{_fmt(s['rps_max'], 0)})"))
    out.append(row("latency p50 (ms)", "p50_ms", 2, "lower"))
    out.append(row("latency p99 (ms)", "p99_ms", 2, "lower"))
    out.append(row("server CPU during load (cores)", "server_cores", 2))
    out.append(row("wrk CPU during load (cores)", "wrk_cores", 2))
    out.append(row("responses checked / requests", "checked", 0,
                   extra=lambda s: f" / {s['requests']:,}"))
    out.append("")
    if base:
        out.append(f"wrk ceiling on this machine (same script, trivial C server): "
                   f"{_fmt(base['rps'], 0)} req/s, p50 {_fmt(base['p50_ms'], 2)} ms, "
                   f"p99 {_fmt(base['p99_ms'], 2)} ms, wrk using {_fmt(base['wrk_cores'], 2)} cores.")
        if has_n and n.get("rps") and base.get("rps"):
            out.append(f"Nimbus reaches {100 * n['rps'] / base['rps']:.0f}% of that ceiling.")
        out.append("")
    bad = [r for r in runs if not r.get("ok")]
    if bad:
        out.append(f"**{len(bad)} run(s) got wrong answers or errors; their throughput is excluded.**\n")

    out.append("<details><summary>Per-run figures</summary>\n")
    out.append("| server | run | startup ms | idle RSS MiB | req/s | p50 ms | p99 ms | RSS after MiB | server cores | wrk cores | checked | ok |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        out.append(f"| {r['server']} | {r['run']} | {_fmt(r['startup_ms'])} | {_fmt(_mib(r['idle_rss_kib']))} | "
                   f"{_fmt(r['rps'], 0)} | {_fmt(r['p50_ms'], 2)} | {_fmt(r['p99_ms'], 2)} | "
                   f"{_fmt(_mib(r['after_load_rss_kib']))} | {_fmt(r['server_cores'], 2)} | "
                   f"{_fmt(r['wrk_cores'], 2)} | {r['checked']:,} | {'yes' if r['ok'] else 'NO'} |")
    out.append("\nAll startup samples (ms): " + "; ".join(
        f"{nm}: " + ", ".join(_fmt(x) for x in summaries[nm]["startup_samples"]) for nm in names))
    out.append("\n</details>\n")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_server_args(ap)
    ap.add_argument("--baseline", action="store_true",
                    help="also measure a trivial C server, to show wrk's ceiling on this machine")
    ap.add_argument("--duration", type=int, default=10, help="seconds of measured load per run (10)")
    ap.add_argument("--repeat", type=int, default=3, help="load runs per server (3)")
    ap.add_argument("--startup-repeat", type=int, default=5,
                    help="startup samples per server, at least --repeat (5)")
    ap.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load before each run (2)")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds idle before reading idle RSS (1)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    ap.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    ap.add_argument("--check-every", type=int, default=1,
                    help="check every Nth response's body (1 = all; status is always checked)")
    ap.add_argument("--poll-sleep", type=float, default=0.0005,
                    help="seconds between startup polls (0.0005)")
    lib.add_output_args(ap)
    args = ap.parse_args()
    args.startup_repeat = max(args.startup_repeat, args.repeat)

    argv = lib.command_line("foundation.py")
    wrk, info, selftest = lib.prepare_wrk()

    specs = lib.server_specs(args)
    if specs is None:
        return 2
    tmp = tempfile.mkdtemp(prefix="bench-foundation-")
    if args.baseline:
        specs.append(baseline_spec(tmp))

    lib.print_machine_header(info, specs)

    runs: list[dict] = []
    startups: dict[str, list[float]] = {s.name: [] for s in specs}
    failed = False
    for i, _, spec in lib.interleaved(specs, [None], args.repeat):
        try:
            r = one_cycle(spec, args, wrk, sys.stdout)
        except Exception as exc:
            print(f"  {spec.name}: FAILED: {exc}", file=sys.stderr)
            failed = True
            continue
        r["run"] = i + 1
        runs.append(r)
        startups[spec.name].append(r["startup_ms"])
        failed |= not r["ok"]
        if not r["ok"]:
            print(r.get("wrk_raw", ""), file=sys.stderr)
    for spec in specs:
        extra = args.startup_repeat - len(startups[spec.name])
        if extra > 0:
            print(f"extra startup samples for {spec.name}: {extra}", flush=True)
        for _ in range(extra):
            try:
                startups[spec.name].append(startup_only(spec, args))
            except Exception as exc:
                print(f"  {spec.name}: startup FAILED: {exc}", file=sys.stderr)
                failed = True

    summaries = {}
    for spec in specs:
        sr = [r for r in runs if r["server"] == spec.name]
        if not sr:
            print(f"no successful run for {spec.name}", file=sys.stderr)
            return 1
        summaries[spec.name] = summarize(sr, startups[spec.name])
        summaries[spec.name]["startup_samples"] = startups[spec.name]

    info["loadavg_end"] = lib.loadavg()
    md = render_markdown(args, info, specs, summaries, runs, selftest, argv)
    lib.write_report(args, md, lambda: {
        "command": argv, "machine": info, "servers": {s.name: s.version for s in specs},
        "summaries": summaries, "runs": runs})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

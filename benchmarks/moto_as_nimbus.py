#!/usr/bin/env python3
"""A stand-in for the `nimbus` binary, built on moto, for checking the
*mechanics* of the test harness (start, health wait, clients, CLI, restart,
kill -9, reset, failure reports) before or without a Nimbus build:

    NIMBUS_BIN=benchmarks/moto_as_nimbus.py python3 -m pytest Tests/integration

It accepts nimbus's command line (`serve --host H --port P --data-dir D ...`,
`version`), serves moto's app, and adds `/_nimbus/health` and
`/_nimbus/reset`. It is NOT Nimbus: moto answers other values (account
123456789012, user/moto), so tests asserting Nimbus's behaviour fail against
it, as they should. Tooling only; nothing in the harness refers to it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

VERSION = "moto-as-nimbus 0"


def main(argv: list[str]) -> int:
    if argv and argv[0] == "version":
        print(VERSION)
        return 0
    if argv and argv[0] == "serve":
        argv = argv[1:]
    ap = argparse.ArgumentParser(prog="moto_as_nimbus")
    ap.add_argument("--host", default=os.environ.get("NIMBUS_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("NIMBUS_PORT", "4566")))
    ap.add_argument("--data-dir", default=os.environ.get("NIMBUS_DATA_DIR", ".nimbus"))
    args, _ignored = ap.parse_known_args(argv)  # --strict-credentials etc. are ignored

    from moto.server import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import run_simple

    started = time.time()
    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/_nimbus/health":
            body = json.dumps({
                "status": "running", "version": VERSION,
                "uptimeSeconds": round(time.time() - started, 3),
                "dataDirectory": os.path.abspath(args.data_dir),
                "services": {"sts": {"operations": 11, "implemented": 1}},
            }).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        if path == "/_nimbus/reset":
            environ["PATH_INFO"] = "/moto-api/reset"
        return moto_app(environ, start_response)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

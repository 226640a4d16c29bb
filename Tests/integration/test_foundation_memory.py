"""Resident memory while idle (issue 2: idle RSS under 20 MiB). Clean file pages count in RSS, so the server advises
MADV_RANDOM on every read-only file mapping at start and its idle trimmer unmaps code pages after a second without
requests (docs/ARCHITECTURE.md, Memory). Linux only: it reads /proc."""
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/smaps")


def mappings(pid):
    """(path, permissions, VmFlags) of every file-backed mapping."""
    found, current = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 6 and fields[5].startswith("/"):
                current = (fields[5], fields[1])
            elif len(fields) >= 5 and "-" in fields[0]:
                current = None
            elif fields[0] == "VmFlags:" and current:
                found.append((*current, set(fields[1:])))
    return found


def test_every_read_only_file_mapping_is_advised(fresh_nimbus):
    # All of them, not the first page of /proc/self/maps: Foundation's String(contentsOfFile:) once read one page
    # and left the Swift runtime and Foundation out.
    server = fresh_nimbus()
    server.client("sts").get_caller_identity()
    read_only = [(path, perms, flags) for path, perms, flags in mappings(server.proc.pid) if "w" not in perms and perms.startswith("r")]
    assert len(read_only) > 10
    unadvised = [(path, perms) for path, perms, flags in read_only if "rr" not in flags]
    assert unadvised == []


def test_idle_server_gives_code_pages_back(fresh_nimbus):
    server = fresh_nimbus()
    sts = server.client("sts")
    for _ in range(20):
        sts.get_caller_identity()
    def rss_kib():
        with open(f"/proc/{server.proc.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    busy = rss_kib()
    time.sleep(2.5)  # the trimmer runs after a second without requests
    idle = rss_kib()
    assert idle < busy, (busy, idle)

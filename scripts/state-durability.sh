#!/usr/bin/env bash
# Durability check of the State journal, run by hand (not part of the test suite or CI).
#
# Each round starts a writer process (the env-gated test ManualTests.durabilityWriter) that writes to
# the store in a loop and records every write() that returned in an "acked" file, kills it with
# SIGKILL at a random moment, then reloads the journal in a fresh process (ManualTests.durabilityVerify)
# and checks that every acknowledged write is there, in creation order, with at most one
# unacknowledged write beyond it. Rounds continue on the same data directory.
#
# Usage: scripts/state-durability.sh [rounds] [test-binary]
#   test-binary defaults to .build/debug/<package>PackageTests.xctest, built first with `swift build --build-tests`.
set -euo pipefail

rounds=${1:-5}
bin=${2:-}
if [[ -z "$bin" ]]; then
    swift build --build-tests >&2
    bin=$(ls -d .build/debug/*PackageTests.xctest | head -n 1)
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/nimbus-durability.XXXXXX")
echo "data directory: $dir"

failed=0
for round in $(seq 1 "$rounds"); do
    NIMBUS_DURABILITY_WRITE="$dir" "$bin" --testing-library swift-testing --filter durabilityWriter >/dev/null 2>&1 &
    writer=$!
    delay=$(printf '%d.%03d' $((RANDOM % 3)) $((RANDOM % 1000)))
    sleep "0$delay" 2>/dev/null || sleep "$delay"
    kill -9 "$writer"
    wait "$writer" 2>/dev/null || true
    if out=$(NIMBUS_DURABILITY_VERIFY="$dir" "$bin" --testing-library swift-testing --filter durabilityVerify 2>&1); then
        echo "round $round: killed after ${delay}s: OK   $(grep -o 'DURABILITY.*' <<<"$out")"
    else
        echo "round $round: killed after ${delay}s: FAILED"
        echo "$out" | grep -vE '^\S*◇' >&2
        failed=1
    fi
done
ls -la "$dir"
exit "$failed"

#!/usr/bin/env bash
# Runs every test: the Swift unit tests, then the integration tests that drive the real
# `nimbus` binary with the AWS CLI and boto3. The README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build
NIMBUS_BIN="$(swift build --show-bin-path)/nimbus" python3 -m pytest Tests/integration

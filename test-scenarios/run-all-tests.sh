#!/usr/bin/env bash
# The one command that runs every test: installs the real peers, then builds and verifies all modules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test-scenarios/install-test-deps.sh
exec mvn -B verify "$@"

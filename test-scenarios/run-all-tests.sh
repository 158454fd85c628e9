#!/usr/bin/env bash
# The one command that runs every test: installs the real peers, then builds and verifies all modules,
# and fuzzes every fuzz target for a bounded time (profile fuzz: about 2 minutes in all; a finding fails
# the run and leaves its input in the target's test resources; -Dfuzz.seconds=N sets the time per target).
set -euo pipefail
cd "$(dirname "$0")/.."
bash test-scenarios/install-test-deps.sh
exec mvn -B verify -Pfuzz "$@"

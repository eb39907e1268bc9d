#!/usr/bin/env bash
# Runs the roster benchmark (bench/README.md, "Roster"): starts Azurite on a free port, builds bench/RosterBench in
# Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-roster.sh [--people 2000] [--runs 5] [--lookups 1000000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
run_bench_on_azurite bench/RosterBench/RosterBench.csproj bench/RosterBench/bin/Release/net10.0/RosterBench.dll "$@"

#!/usr/bin/env bash
# Runs the check-in submit benchmark (bench/README.md, "Check-in submits"): starts Azurite on a free port, builds
# bench/CheckInBench (and the bot) in Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-checkin.sh [--reps 16] [--rounds 40] [--direct]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
run_bench_on_azurite bench/CheckInBench/CheckInBench.csproj bench/CheckInBench/bin/Release/net10.0/CheckInBench.dll "$@"

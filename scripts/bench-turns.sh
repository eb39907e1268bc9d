#!/usr/bin/env bash
# Runs the reply-turn benchmark (bench/README.md, "Reply turns"): starts Azurite on a free port, builds
# bench/TurnBench (and the bot) in Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-turns.sh [--warmup SECONDS] [--window SECONDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
run_bench_on_azurite bench/TurnBench/TurnBench.csproj bench/TurnBench/bin/Release/net10.0/TurnBench.dll run "$@"

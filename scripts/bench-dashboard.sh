#!/usr/bin/env bash
# Runs the dashboard benchmark (bench/README.md, "Dashboard"): starts Azurite on a free port, builds bench/DashboardBench
# (and the bot) in Release, runs it (the views in process, then the bot itself in Chromium), and stops everything it
# started on every exit path.
#   scripts/bench-dashboard.sh [--reps 200] [--weeks 52] [--runs 40] [--loads 8]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
ensure_chromium
run_bench_on_azurite bench/DashboardBench/DashboardBench.csproj bench/DashboardBench/bin/Release/net10.0/DashboardBench.dll "$@"

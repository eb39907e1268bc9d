#!/usr/bin/env bash
# Runs the digest benchmark (bench/README.md, "Digests"): starts Azurite on a free port, builds bench/DigestBench in
# Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-digest.sh [--reps 200] [--weeks 12] [--runs 10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
run_bench_on_azurite bench/DigestBench/DigestBench.csproj bench/DigestBench/bin/Release/net10.0/DigestBench.dll "$@"

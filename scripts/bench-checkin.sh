#!/usr/bin/env bash
# Runs the check-in submit benchmark (bench/README.md, "Check-in submits"): starts Azurite on a free port, builds
# bench/CheckInBench (and the bot) in Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-checkin.sh [--reps 16] [--rounds 40]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

AZURITE_PID=""
BENCH_PID=""
log=""
cleanup() {
  stop_group "$BENCH_PID"
  stop_group "$AZURITE_PID"
  [ -z "$log" ] || rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_npm_tooling
dotnet build bench/CheckInBench/CheckInBench.csproj -c Release -v q -nologo >/dev/null

port=$(free_port)
log="$(mktemp -t azurite-checkin.XXXXXX.log)"
start_azurite "$port" "$log"

COACHBOT_BENCH_STORAGE=$(azurite_connection_string "$port")
export COACHBOT_BENCH_STORAGE
# Its own process group: the bot it starts goes with it.
setsid dotnet bench/CheckInBench/bin/Release/net10.0/CheckInBench.dll "$@" &
BENCH_PID=$!
status=0
wait "$BENCH_PID" || status=$?
BENCH_PID=""
exit "$status"

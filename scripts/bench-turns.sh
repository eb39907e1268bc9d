#!/usr/bin/env bash
# Runs the reply-turn benchmark (bench/README.md, "Reply turns"): starts Azurite on a free port, builds
# bench/TurnBench (and the bot) in Release, runs it, and stops everything it started on every exit path.
#   scripts/bench-turns.sh [--warmup SECONDS] [--window SECONDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

AZURITE_PID=""
BENCH_PID=""
log=""
# The benchmark runs in a process group of its own, with the bots and the second Azurite it starts: stopping the group
# stops them even if the orchestrator could not (it stops them itself on a normal exit, an exception or SIGTERM).
cleanup() {
  stop_group "$BENCH_PID"
  stop_group "$AZURITE_PID"
  [ -z "$log" ] || rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_npm_tooling
dotnet build bench/TurnBench/TurnBench.csproj -c Release -v q -nologo >/dev/null

port=$(free_port)
log="$(mktemp -t azurite-turns.XXXXXX.log)"
start_azurite "$port" "$log"

COACHBOT_BENCH_STORAGE=$(azurite_connection_string "$port")
COACHBOT_BENCH_AZURITE_PID=$AZURITE_PID
export COACHBOT_BENCH_STORAGE COACHBOT_BENCH_AZURITE_PID
setsid dotnet bench/TurnBench/bin/Release/net10.0/TurnBench.dll run "$@" &
BENCH_PID=$!
status=0
wait "$BENCH_PID" || status=$?
BENCH_PID=""
exit "$status"

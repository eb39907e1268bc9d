#!/usr/bin/env bash
# Runs the delivery benchmark (bench/README.md): starts Azurite on a free port, builds and runs
# bench/DeliveryBench for one scenario or all of them, stops Azurite.
#   scripts/bench-delivery.sh [teams50|fast1000|faults|kill|all] [--recipients N]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

ensure_npm_tooling
port=$(free_port)
log="$(mktemp -t azurite-bench.XXXXXX.log)"
AZURITE_PID=""
trap 'stop_group "$AZURITE_PID"' EXIT
start_azurite "$port" "$log"

dotnet build bench/DeliveryBench/DeliveryBench.csproj -c Release -v q -nologo >/dev/null
COACHBOT_BENCH_STORAGE=$(azurite_connection_string "$port")
export COACHBOT_BENCH_STORAGE
dotnet bench/DeliveryBench/bin/Release/net10.0/DeliveryBench.dll run "${@:-all}"

#!/usr/bin/env bash
# Runs the delivery benchmark (bench/README.md): starts Azurite on a free port, builds and runs
# bench/DeliveryBench for one scenario or all of them, stops Azurite.
#   scripts/bench-delivery.sh [teams50|fast1000|faults|kill|all] [--recipients N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

azurite="$root/node_modules/azurite/dist/src/table/main.js"
if [[ ! -f "$azurite" ]]; then
  echo "Azurite is not installed: run 'npm install --no-audit --no-fund' at the repository root." >&2
  exit 2
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log="$(mktemp -t azurite-bench.XXXXXX.log)"
node "$azurite" --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --disableTelemetry --silent >"$log" 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/devstoreaccount1/Tables"; then break; fi
  if ! kill -0 "$azurite_pid" 2>/dev/null; then echo "Azurite exited:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.1
done

dotnet build bench/DeliveryBench/DeliveryBench.csproj -c Release -v q -nologo >/dev/null
export COACHBOT_BENCH_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
dotnet bench/DeliveryBench/bin/Release/net10.0/DeliveryBench.dll run "${@:-all}"

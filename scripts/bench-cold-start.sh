#!/usr/bin/env bash
# Measures the bot's cold start: from launching `dotnet CoachBot.dll` (Release build) to the first 200 from /healthz
# (which means Table Storage answered too). Runs it RUNS times (default 5) against a fresh Azurite and prints each
# time and the median in milliseconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
RUNS=${RUNS:-5}

ensure_npm_tooling
dotnet build Bot/Bot.csproj -c Release -nologo -v quiet >/dev/null
out=.artifacts/cold-start
mkdir -p "$out"
storage_port=$(free_port)
AZURITE_PID="" pid=""
trap 'stop_group "$pid"; stop_group "$AZURITE_PID"' EXIT
start_azurite "$storage_port" "$out/azurite.log"

times=()
for run in $(seq 1 "$RUNS"); do
  port=$(free_port)
  start=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Development Storage__ConnectionString=$(azurite_connection_string "$storage_port") \
    setsid dotnet Bot/bin/Release/net10.0/CoachBot.dll --urls "http://127.0.0.1:$port" \
    --contentRoot "$PWD/Bot/bin/Release/net10.0" >"$out/bot-$run.log" 2>&1 &
  pid=$!
  # One Node process polls every 10 ms (a process per poll would blur the figure).
  if ! node -e '
    const [url, pid] = process.argv.slice(1), deadline = Date.now() + 60000;
    const alive = () => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
    (async () => {
      while (Date.now() < deadline && alive()) {
        try { if ((await fetch(url)).status === 200) process.exit(0); } catch {}
        await new Promise(r => setTimeout(r, 10));
      }
      process.exit(1);
    })();' "http://127.0.0.1:$port/healthz" "$pid"; then
    echo "the bot was not healthy within 60 s; see $out/bot-$run.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  stop_group "$pid"
  pid=""
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $run: ${ms} ms to healthy"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "cold start to healthy: median ${median} ms over $RUNS runs (min $(printf '%s\n' "${times[@]}" | sort -n | head -1) ms, max $(printf '%s\n' "${times[@]}" | sort -n | tail -1) ms)"

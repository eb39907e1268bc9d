# Shared by the scripts in this folder: npm tooling, free ports, Azurite, waiting for a URL, stopping process groups.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Installs the npm tooling (Azurite, the Playground, the Adaptive Cards parser, the Teams manifest schema) when
# node_modules is missing or older than the lock file.
ensure_npm_tooling() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm tooling (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Debian's Chromium, which the dashboard's browser tests drive (playwright-core cannot download a browser here): installed
# with apt-get when missing; exports CHROMIUM_PATH for the tests.
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium (apt-get) for the browser tests..."
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
  CHROMIUM_PATH=$(command -v chromium)
  export CHROMIUM_PATH
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# http_status URL: prints the HTTP status URL answers with (000 when nothing answers). Node, so curl is not needed.
http_status() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then(r => console.log(r.status), () => console.log("000"))' "$1"
}

# wait_for_url URL SECONDS [PID] [STATUS]: returns 0 once URL answers (with STATUS, when given), 1 on timeout or when
# PID has died.
wait_for_url() {
  local url=$1 seconds=$2 pid=${3:-} want=${4:-}
  local deadline=$((SECONDS + seconds)) status
  while [ $SECONDS -lt $deadline ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    status=$(http_status "$url")
    if [ "$status" != "000" ] && { [ -z "$want" ] || [ "$status" = "$want" ]; }; then return 0; fi
    sleep 0.1
  done
  return 1
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  node -e 'const s = require("net").connect(Number(process.argv[1]), "127.0.0.1"); s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1))' "$1"
}

# start_azurite PORT LOGFILE [--location DIR]: starts Azurite's table service in its own process group; sets AZURITE_PID.
start_azurite() {
  local port=$1 log=$2; shift 2
  local storage=(--inMemoryPersistence)
  if [ "${1:-}" = "--location" ]; then storage=(--location "$2"); mkdir -p "$2"; fi
  setsid node node_modules/azurite/dist/src/table/main.js --tableHost 127.0.0.1 --tablePort "$port" \
    "${storage[@]}" --disableTelemetry >"$log" 2>&1 &
  AZURITE_PID=$!
  if ! wait_for_url "http://127.0.0.1:$port/devstoreaccount1/Tables" 30 "$AZURITE_PID"; then
    echo "Azurite did not start on port $port:" >&2
    cat "$log" >&2
    return 1
  fi
}

# start_azurite_blob PORT LOGFILE: starts Azurite's blob service (in memory; the table backups) in its own process group;
# sets AZURITE_BLOB_PID. --skipApiVersionCheck: Azure.Storage.Blobs speaks a newer service version than Azurite knows.
start_azurite_blob() {
  setsid node node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort "$1" --inMemoryPersistence --skipApiVersionCheck \
    --disableTelemetry >"$2" 2>&1 &
  AZURITE_BLOB_PID=$!
  wait_for_url "http://127.0.0.1:$1/devstoreaccount1?comp=list" 30 "$AZURITE_BLOB_PID" || { cat "$2" >&2; return 1; }
}

azurite_blob_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}

azurite_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}

# stop_group PID: stops the process group PID leads (started with setsid), then waits for it.
stop_group() {
  local pid=${1:-}
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# run_bench_on_azurite PROJECT DLL [ARGS...]: builds bench PROJECT in Release, starts Azurite (in memory) on a free
# port, runs DLL with COACHBOT_BENCH_STORAGE (and COACHBOT_BENCH_AZURITE_PID) set, in a process group of its own so
# that whatever it starts (bots, a second Azurite) stops with it, and stops everything on every exit path.
run_bench_on_azurite() {
  local project=$1 dll=$2; shift 2
  AZURITE_PID="" BENCH_PID="" BENCH_LOG=""
  trap 'stop_group "$BENCH_PID"; stop_group "$AZURITE_PID"; [ -z "$BENCH_LOG" ] || rm -f "$BENCH_LOG"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  ensure_npm_tooling
  dotnet build "$project" -c Release -v q -nologo >/dev/null
  local port
  port=$(free_port)
  BENCH_LOG="$(mktemp -t azurite-bench.XXXXXX.log)"
  start_azurite "$port" "$BENCH_LOG"

  COACHBOT_BENCH_STORAGE=$(azurite_connection_string "$port")
  COACHBOT_BENCH_AZURITE_PID=$AZURITE_PID
  export COACHBOT_BENCH_STORAGE COACHBOT_BENCH_AZURITE_PID
  setsid dotnet "$dll" "$@" &
  BENCH_PID=$!
  local status=0
  wait "$BENCH_PID" || status=$?
  BENCH_PID=""
  return "$status"
}

#!/usr/bin/env bash
# Runs CoachBot locally: Azurite (Table Storage, data kept in .azurite/), the bot on http://127.0.0.1:3978 with the
# demo roster (appsettings.Development.json), and the Microsoft 365 Agents Playground (a local Teams) on
# http://127.0.0.1:56150, where you chat as Amina Haddad, a rep on the demo roster. Ctrl-C stops all three.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}
STORAGE_PORT=10002 # UseDevelopmentStorage=true means Azurite's default table port
logs=.artifacts/local
mkdir -p "$logs"

for port in "$STORAGE_PORT" "$BOT_PORT" "$PLAYGROUND_PORT"; do
  if port_in_use "$port"; then
    echo "Port $port is already in use: stop what runs there first." >&2
    exit 1
  fi
done

ensure_npm_tooling
echo "Building the bot..."
dotnet build Bot/Bot.csproj -nologo -v quiet

AZURITE_PID="" BOT_PID="" PLAYGROUND_PID=""
# On Ctrl-C the run ends normally (0); on a failure to start, with the failure's status.
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  echo
  echo "Stopping the Playground, the bot and Azurite..."
  stop_group "$PLAYGROUND_PID"
  stop_group "$BOT_PID"
  stop_group "$AZURITE_PID"
  exit "$status"
}
trap 'cleanup' EXIT
trap 'exit 0' INT TERM

# wait_or_show_log NAME URL PID LOG: waits up to 60 s for URL; stops the script with the log's tail if it never answers.
wait_or_show_log() {
  if ! wait_for_url "$2" 60 "$3"; then
    echo "$1 did not start:" >&2
    tail -n 40 "$4" >&2
    exit 1
  fi
}

start_azurite "$STORAGE_PORT" "$logs/azurite.log" --location .azurite
echo "Azurite:     http://127.0.0.1:$STORAGE_PORT (log $logs/azurite.log)"

ASPNETCORE_ENVIRONMENT=Development setsid dotnet Bot/bin/Debug/net10.0/CoachBot.dll --urls "http://127.0.0.1:$BOT_PORT" \
  --contentRoot "$PWD/Bot/bin/Debug/net10.0" >"$logs/bot.log" 2>&1 &
BOT_PID=$!
wait_or_show_log "the bot" "http://127.0.0.1:$BOT_PORT/healthz" "$BOT_PID" "$logs/bot.log"
echo "Bot:         http://127.0.0.1:$BOT_PORT/api/messages (log $logs/bot.log; admin key: local-admin-key)"

TEAMSAPPTESTER_BROWSER=none setsid node node_modules/@microsoft/m365agentsplayground/cli.js \
  -e "http://127.0.0.1:$BOT_PORT/api/messages" -c msteams --disable-telemetry -p "$PLAYGROUND_PORT" >"$logs/playground.log" 2>&1 &
PLAYGROUND_PID=$!
wait_or_show_log "the Playground" "http://127.0.0.1:$PLAYGROUND_PORT/_debug/ping" "$PLAYGROUND_PID" "$logs/playground.log"
echo "Playground:  http://127.0.0.1:$PLAYGROUND_PORT  <- open this in a browser; you are Amina Haddad (rep, region MEA)"
echo "Press Ctrl-C to stop."
wait -n "$AZURITE_PID" "$BOT_PID" "$PLAYGROUND_PID" || true
echo "A process stopped on its own; see the logs in $logs." >&2
exit 1

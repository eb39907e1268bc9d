#!/usr/bin/env bash
# Runs CoachBot locally: Azurite (Table Storage, data kept in .azurite/), the bot on http://127.0.0.1:3978 with the
# demo roster (appsettings.Development.json), and the Microsoft 365 Agents Playground (a local Teams) on
# http://127.0.0.1:56150, where you chat as Amina Haddad, a rep on the demo roster. Ctrl-C stops all three.
#   scripts/run-local.sh [--as NAME]   NAME: anyone on the demo roster (first name, full name or e-mail), e.g. --as claire
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

AS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --as) AS=${2:?--as needs a name from the demo roster}; shift 2 ;;
    --as=*) AS=${1#--as=}; shift ;;
    *) echo "Unknown argument: $1 (usage: scripts/run-local.sh [--as NAME])" >&2; exit 2 ;;
  esac
done

BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}
STORAGE_PORT=10002 # UseDevelopmentStorage=true means Azurite's default table port
BLOB_PORT=${BLOB_PORT:-10000} # the table backups (in memory: they last as long as the run)
logs=.artifacts/local
mkdir -p "$logs"

for port in "$STORAGE_PORT" "$BLOB_PORT" "$BOT_PORT" "$PLAYGROUND_PORT"; do
  if port_in_use "$port"; then
    echo "Port $port is already in use: stop what runs there first." >&2
    exit 1
  fi
done

ensure_npm_tooling
# The Playground reads .m365agentsplayground.yml from its working folder: the checked-in one (Amina Haddad), or one
# written for the person asked for, who swaps places with Amina in its user list and gets a chat of their own.
ROOT=$PWD
PLAYGROUND_DIR=$ROOT
WHO="Amina Haddad, rep (mea)"
if [ -n "$AS" ]; then
  PLAYGROUND_DIR=$PWD/$logs/playground
  WHO=$(node scripts/playground-users.js "$AS" "$PLAYGROUND_DIR/.m365agentsplayground.yml")
fi
echo "Building the bot..."
dotnet build Bot/Bot.csproj -nologo -v quiet

AZURITE_PID="" AZURITE_BLOB_PID="" BOT_PID="" PLAYGROUND_PID=""
# On Ctrl-C the run ends normally (0); on a failure to start, with the failure's status.
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  echo
  echo "Stopping the Playground, the bot and Azurite..."
  stop_group "$PLAYGROUND_PID"
  stop_group "$BOT_PID"
  stop_group "$AZURITE_BLOB_PID"
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
start_azurite_blob "$BLOB_PORT" "$logs/azurite-blob.log"
echo "Backups:     Azurite blob on http://127.0.0.1:$BLOB_PORT, in memory (docs/security.md: try a restore)"

# The Dashboard tab outside Teams: a local sign-in as the Playground's current user (Development only; refused elsewhere).
DASHBOARD_AS=$(node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8").split(/^users:/m)[0];
  console.log(((t.match(/^\s+email:\s*(\S+)/m) || [])[1] || "").toLowerCase())' "$PLAYGROUND_DIR/.m365agentsplayground.yml")
# LocalRun__Playground: the Playground answers 404 to sends to anyone it does not play now; their chats stay active.
Backup__ConnectionString="$(azurite_blob_connection_string "$BLOB_PORT")" \
LocalRun__Playground=true Dashboard__LocalSignIn=true ASPNETCORE_ENVIRONMENT=Development setsid dotnet Bot/bin/Debug/net10.0/CoachBot.dll --urls "http://127.0.0.1:$BOT_PORT" \
  --contentRoot "$PWD/Bot/bin/Debug/net10.0" >"$logs/bot.log" 2>&1 &
BOT_PID=$!
wait_or_show_log "the bot" "http://127.0.0.1:$BOT_PORT/healthz" "$BOT_PID" "$logs/bot.log"
echo "Bot:         http://127.0.0.1:$BOT_PORT/api/messages (log $logs/bot.log; admin key: local-admin-key, the operator \"admin\")"
if [[ -n "${Admin__Operators__0__Name:-}" ]]; then
  echo "Operators:   ${Admin__Operators__0__Name} and any other Admin__Operators__N__Name, each with their own key (docs/security.md)"
fi

(cd "$PLAYGROUND_DIR" && TEAMSAPPTESTER_BROWSER=none exec setsid node "$ROOT/node_modules/@microsoft/m365agentsplayground/cli.js" \
  -e "http://127.0.0.1:$BOT_PORT/api/messages" -c msteams --disable-telemetry -p "$PLAYGROUND_PORT") >"$logs/playground.log" 2>&1 &
PLAYGROUND_PID=$!
wait_or_show_log "the Playground" "http://127.0.0.1:$PLAYGROUND_PORT/_debug/ping" "$PLAYGROUND_PID" "$logs/playground.log"
echo "Playground:  http://127.0.0.1:$PLAYGROUND_PORT  <- open this in a browser"
echo "Dashboard:   http://127.0.0.1:$BOT_PORT/dashboard?as=$DASHBOARD_AS  <- the Dashboard tab, signed in as you"
echo
echo "  You are $WHO."
echo "  The Playground's locale is en-US: replies are in English until you type \"langue fr\". Type \"help\" (or \"aide\")."
echo "  Someone else: scripts/run-local.sh --as claire (director), --as hugo (BU lead), --as marc (sponsor), --as priya (rep known by e-mail only)."
echo
echo "Press Ctrl-C to stop."
wait -n "$AZURITE_PID" "$BOT_PID" "$PLAYGROUND_PID" || true
echo "A process stopped on its own; see the logs in $logs." >&2
exit 1

#!/usr/bin/env bash
# Runs every test in the solution: installs the npm tooling (and Debian's chromium for the browser tests), starts Azurite on a free port, runs `dotnet test`,
# stops Azurite, and prints one closing line "N passed, N failed[, N skipped]". Extra arguments go to dotnet test
# (for example: scripts/test.sh --filter "FullyQualifiedName~Authentication").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"

ensure_npm_tooling
ensure_chromium

results=.artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

port=$(free_port)
AZURITE_PID="" AZURITE_BLOB_PID=""
trap 'stop_group "$AZURITE_PID"; stop_group "$AZURITE_BLOB_PID"' EXIT
start_azurite "$port" "$results/azurite.log"
export COACHBOT_TEST_STORAGE
COACHBOT_TEST_STORAGE=$(azurite_connection_string "$port")
echo "Azurite on 127.0.0.1:$port (pid $AZURITE_PID)"
blob_port=$(free_port)
start_azurite_blob "$blob_port" "$results/azurite-blob.log"
export COACHBOT_TEST_BLOB_STORAGE
COACHBOT_TEST_BLOB_STORAGE=$(azurite_blob_connection_string "$blob_port")

set +e
dotnet test CoachBot.sln --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

# The closing line, from the TRX files (dotnet test's own summary is per assembly and not read by CI).
node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0, files = 0;
for (const f of fs.readdirSync(dir).filter(f => f.endsWith(".trx"))) {
  const m = fs.readFileSync(path.join(dir, f), "utf8").match(/<Counters [^>]*>/);
  if (!m) continue;
  files++;
  const n = k => Number((m[0].match(new RegExp(" " + k + "=\"(\\d+)\"")) || [0, 0])[1]);
  passed += n("passed"); failed += n("failed") + n("error") + n("timeout") + n("aborted"); skipped += n("notExecuted");
}
if (files === 0) { console.log("0 passed, 1 failed"); process.exit(0); }
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results"
exit $status

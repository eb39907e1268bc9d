#!/usr/bin/env bash
# Mutation testing with Stryker.NET (a local tool, .config/dotnet-tools.json), one group of guarantee files at a
# time, each against the tests of its mirrored namespace (scripts/mutation/<group>.json). Starts Azurite like
# scripts/test.sh, stops it at the end, and prints one line per group with its score. Not part of CI: a group takes
# minutes to tens of minutes on a 2-core machine.
#   scripts/mutation.sh [group...]          groups: the files in scripts/mutation/*.json (default: all)
# Extra Stryker options go in STRYKER_ARGS, e.g. STRYKER_ARGS="--concurrency 2" scripts/mutation.sh delivery.
# Reports: .artifacts/mutation/<group>/reports/mutation-report.{html,json}.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repo_root)"
root=$(pwd)

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  for file in scripts/mutation/*.json; do groups+=("$(basename "$file" .json)"); done
fi
for group in "${groups[@]}"; do
  [ -f "scripts/mutation/$group.json" ] || { echo "unknown group: $group (see scripts/mutation/*.json)" >&2; exit 2; }
done

ensure_npm_tooling
dotnet tool restore >/dev/null

out=.artifacts/mutation
mkdir -p "$out"
port=$(free_port)
AZURITE_PID=""
trap 'stop_group "$AZURITE_PID"' EXIT
start_azurite "$port" "$out/azurite.log"
export COACHBOT_TEST_STORAGE
COACHBOT_TEST_STORAGE=$(azurite_connection_string "$port")
echo "Azurite on 127.0.0.1:$port (pid $AZURITE_PID)"

summary=()
for group in "${groups[@]}"; do
  rm -rf "$out/$group"
  echo "== $group"
  set +e
  (cd Bot.Tests && dotnet stryker --config-file "$root/scripts/mutation/$group.json" --output "$root/$out/$group" \
    --concurrency "${STRYKER_CONCURRENCY:-1}" ${STRYKER_ARGS:-}) >"$out/$group.log" 2>&1
  status=$?
  set -e
  report="$out/$group/reports/mutation-report.json"
  if [ $status -ne 0 ] || [ ! -f "$report" ]; then
    summary+=("$group: stryker failed (exit $status), see $out/$group.log")
    continue
  fi
  # The score as Stryker computes it: (killed + timeout) / (killed + timeout + survived + no coverage).
  summary+=("$(node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const n = {}; const survivors = [];
for (const [file, f] of Object.entries(r.files)) for (const m of f.mutants) {
  n[m.status] = (n[m.status] || 0) + 1;
  if (m.status === "Survived" || m.status === "NoCoverage")
    survivors.push(`${m.status} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${(m.replacement || "").replace(/\s+/g, " ").slice(0, 120)}`);
}
const detected = (n.Killed || 0) + (n.Timeout || 0), valid = detected + (n.Survived || 0) + (n.NoCoverage || 0);
const score = valid ? (100 * detected / valid).toFixed(1) : "n/a";
require("fs").writeFileSync(process.argv[3], survivors.join("\n") + "\n");
console.log(`${process.argv[2]}: ${score} % (${detected} killed of ${valid}; ${n.Survived || 0} survived, ${n.NoCoverage || 0} no coverage, ${n.CompileError || 0} compile errors) survivors: ${process.argv[3]}`);
' "$report" "$group" "$out/$group/survivors.txt")")
done

echo
printf '%s\n' "${summary[@]}"

#!/usr/bin/env bash
# Builds the Teams app package (manifest.json, color.png, outline.png) for one bot.
# Usage: scripts/package-teams-app.sh <botId> [out.zip]
#   botId    the bot's Microsoft App ID (a GUID): the `botAppId` output of the deployment
#   out.zip  where to write the package (default: ./coachbot-teams-app.zip)
set -euo pipefail

usage() {
  echo "usage: $0 <botId> [out.zip]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage

bot_id="$1"
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
if [[ ! "$bot_id" =~ $guid ]]; then
  echo "error: bot id '$bot_id' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)." >&2
  exit 1
fi

out="${2:-coachbot-teams-app.zip}"
case "$out" in
  /*) ;;
  *) out="$PWD/$out" ;;
esac

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../teamsapp" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sed "s/{{BOT_ID}}/$bot_id/g" "$source_dir/manifest.json" > "$work/manifest.json"
if grep -q '{{' "$work/manifest.json"; then
  echo "error: manifest.json still holds a placeholder after filling in the bot id." >&2
  exit 1
fi
cp "$source_dir/color.png" "$source_dir/outline.png" "$source_dir/fr.json" "$work/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
# Teams wants the files at the root of the zip, no folders (fr.json: the French name, description and commands).
# Node writes it (no zip or python needed).
node "$(dirname "${BASH_SOURCE[0]}")/zip.js" "$out" "$work/manifest.json" "$work/color.png" "$work/outline.png" "$work/fr.json"

echo "Teams app package for bot $bot_id written to $out"

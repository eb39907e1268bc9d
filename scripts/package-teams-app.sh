#!/usr/bin/env bash
# Builds the Teams app package (manifest.json, color.png, outline.png) for one bot.
# Usage: scripts/package-teams-app.sh <botId> [out.zip] [botDomain [dashboardAppId]]
#   botId      the bot's Microsoft App ID (a GUID): the `botAppId` output of the deployment
#   out.zip    where to write the package (default: ./coachbot-teams-app.zip)
#   botDomain  the bot's host name (coachbot.example.com; the `webAppHost` output): the Dashboard tab's address and its
#              single sign-on resource, api://botDomain/dashboardAppId, in lower case. Without it (or "") the package has
#              no Dashboard tab.
#   dashboardAppId  CoachBot's app registration (the `dashboardAppId` output; default: botId): webApplicationInfo.id,
#              which the tab signs in with and which must be the identity the bot calls Graph as for it to install itself
set -euo pipefail

usage() {
  echo "usage: $0 <botId> [out.zip] [botDomain [dashboardAppId]]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 4 ]] || usage

bot_id="$1"
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
if [[ ! "$bot_id" =~ $guid ]]; then
  echo "error: bot id '$bot_id' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)." >&2
  exit 1
fi

out="${2:-coachbot-teams-app.zip}"
bot_domain="${3:-}"
# Entra and Teams compare the api:// URI as written: one spelling, lower case.
bot_domain="${bot_domain,,}"
dashboard_app_id="${4:-$bot_id}"
if [[ ! "$dashboard_app_id" =~ $guid ]]; then
  echo "error: dashboard app id '$dashboard_app_id' is not a GUID." >&2
  exit 1
fi
if [[ -n "$bot_domain" && ! "$bot_domain" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]]; then
  echo "error: bot domain '$bot_domain' is not a host name (expected e.g. coachbot.example.com, no scheme or path)." >&2
  exit 1
fi
case "$out" in
  /*) ;;
  *) out="$PWD/$out" ;;
esac

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../teamsapp" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The Dashboard tab needs the bot's host name; without one it is left out (with its SSO resource and valid domain).
# webApplicationInfo.id stays: Graph installs the app only for the identity it names.
node -e '
const fs = require("fs");
const [source, target, botId, domain, dashboardAppId] = process.argv.slice(1);
const manifest = JSON.parse(fs.readFileSync(source, "utf8"));
if (!domain) {
  manifest.staticTabs = manifest.staticTabs.filter(t => !JSON.stringify(t).includes("{{BOT_DOMAIN}}"));
  manifest.validDomains = manifest.validDomains.filter(d => d !== "{{BOT_DOMAIN}}");
  delete manifest.webApplicationInfo.resource;
}
const text = JSON.stringify(manifest, null, 2).replaceAll("{{DASHBOARD_APP_ID}}", dashboardAppId).replaceAll("{{BOT_ID}}", botId).replaceAll("{{BOT_DOMAIN}}", domain);
fs.writeFileSync(target, text + "\n");
' "$source_dir/manifest.json" "$work/manifest.json" "$bot_id" "$bot_domain" "$dashboard_app_id"
[[ -n "$bot_domain" ]] || echo "note: no bot domain given, so the package has no Dashboard tab (pass it as the third argument)." >&2
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

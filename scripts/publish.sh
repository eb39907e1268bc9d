#!/usr/bin/env bash
# The release command: builds the deployable zip of the service from a clean clone. Installs the npm tooling (npm ci:
# esbuild bundles the Dashboard tab), publishes the service in Release, and zips the output as
# <out>/coachbot-<version>.zip, the version being the one the service carries (Directory.Build.props) and reports on
# /healthz. Prints the zip's path on its last line. Needs the .NET 10 SDK and Node.js; no zip tool.
# Usage: scripts/publish.sh [OUT_DIR]   (default: .artifacts/release)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(repo_root)"
cd "$root"

out="${1:-.artifacts/release}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

ensure_npm_tooling

version="$(dotnet msbuild Bot/Bot.csproj -getProperty:Version -nologo)"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  echo "error: could not read the service's version (got '$version')." >&2
  exit 1
fi

folder="$out/coachbot-$version"
zip="$out/coachbot-$version.zip"
rm -rf "$folder" "$zip"
echo "Publishing CoachBot $version (Release)..."
dotnet publish Bot/Bot.csproj -c Release -o "$folder" --nologo -v quiet
node scripts/zip.js --dir "$zip" "$folder"
rm -rf "$folder"
echo "$zip"

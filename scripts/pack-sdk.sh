#!/usr/bin/env bash
# Packs the driver SDK (PluginRuntime.Sdk) and its test harness (PluginRuntime.Sdk.Testing) into a local NuGet feed,
# the folder that projects made from the `pluginruntime-driver` template restore them from. Works offline.
#
#   scripts/pack-sdk.sh [feed-folder]      (default: artifacts/packages)
#
# Each run packs a new prerelease version (0.1.0-local.<UTC time>): the templates reference `0.1.0-*`, so a restore
# picks the newest pack, and NuGet's global cache (which keeps a version forever) never serves a stale SDK.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
feed="${1:-$repo/artifacts/packages}"
version="${PLUGINRUNTIME_SDK_VERSION:-0.1.0-local.$(date -u +%Y%m%d%H%M%S)}"

mkdir -p "$feed"
for project in PluginRuntime.Sdk PluginRuntime.Sdk.Testing; do
  dotnet pack "$repo/sdk/$project/$project.csproj" -c Release -o "$feed" --nologo -v quiet \
    -p:PackageVersion="$version"
done
echo "Packed PluginRuntime.Sdk and PluginRuntime.Sdk.Testing $version into $feed"

#!/usr/bin/env bash
# Installs the real protocol peers the tests talk to: mosquitto and its clients (Debian), MQTT.js (npm, from the
# committed lockfile). Idempotent; needs root (or sudo) for Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_apt+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || need_apt+=(mosquitto-clients)
command -v stdbuf >/dev/null 2>&1 || need_apt+=(coreutils)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "Installing Debian packages: ${need_apt[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# MQTT.js, the second real MQTT peer of the broker tests.
mqttjs=tests/PluginRuntime.Mqtt.Tests/Interop/mqttjs
if [ ! -d "$mqttjs/node_modules/mqtt" ]; then
  echo "Installing MQTT.js for the MQTT interop tests"
  npm ci --prefix "$mqttjs" --no-audit --no-fund --loglevel=error
fi

# The official AsyncAPI 3.0.0 JSON Schema (and a validator) the contract tests check every spec in specs/ against.
asyncapi=tests/PluginRuntime.Host.Tests/Contracts/asyncapi-schema
if [ ! -d "$asyncapi/node_modules/@asyncapi/specs" ]; then
  echo "Installing the AsyncAPI schema check for the contract tests"
  npm ci --prefix "$asyncapi" --no-audit --no-fund --loglevel=error
fi
# TypeScript, which the runtime's Node.js driver host uses to transpile .ts drivers (the build copies it to the output).
nodehost=runtime/PluginRuntime.Core/Scripting/Node/host
if [ ! -f "$nodehost/node_modules/typescript/package.json" ]; then
  echo "Installing TypeScript for the Node.js driver host"
  npm ci --prefix "$nodehost" --no-audit --no-fund --loglevel=error
fi

# The PDK panel simulator (Socket.IO 2 server), the real peer of the PDK driver's end-to-end tests and the demo.
[ -d simulators/pdk-panel/node_modules/socket.io ] || npm ci --prefix simulators/pdk-panel --no-audit --no-fund --loglevel=error

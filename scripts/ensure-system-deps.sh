#!/usr/bin/env bash
# Debian packages the test suite needs (valgrind records the lackey traces that replay tests check;
# chromium runs the webview tests; neovim is the second LSP client).
# Installs them when missing and we may (root); otherwise says exactly what to install.
set -euo pipefail
missing=()
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
# the webview tests drive Debian's Chromium through playwright-core (no downloaded browser)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# a second LSP client for the tests (test/editors/): Neovim 0.7, vim.lsp.start_client, no plugins
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
[ ${#missing[@]} -eq 0 ] && exit 0
exec bash "$(dirname "$0")/install-debian-packages.sh" system-deps "${missing[@]}"

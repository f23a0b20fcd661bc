#!/usr/bin/env bash
# Installs the Debian packages named after LABEL (callers pass the missing ones) when we may: as root with
# apt-get. Otherwise says exactly what to install, and fails. Usage: install-debian-packages.sh LABEL PACKAGE...
set -euo pipefail
label=$1
shift
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$label: installing $* from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
else
    echo "$label: missing: $*; install with: sudo apt-get install -y $*" >&2
    exit 1
fi

#!/usr/bin/env bash
# Runs every test of TuneStudio. The browser tests drive Debian's Chromium, installed here if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium; their accessibility pass fetches axe-core with npm during the build.
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium fonts-liberation"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  as_root=""; [ "$(id -u)" = 0 ] || as_root="sudo"
  echo "Installing Debian's$missing for the browser tests..."
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing >/dev/null
fi

dotnet build TuneStudio.sln -c Release -nologo -v quiet
# One test project at a time: on two cores, training tests running side by side only slow each other. A test that
# hangs for 10 minutes aborts the run and is named (no dump: the name is what a reader needs).
dotnet test TuneStudio.sln -c Release --no-build -nologo -m:1 --blame-hang-timeout 10m --blame-hang-dump-type none "$@"

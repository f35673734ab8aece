#!/usr/bin/env bash
# Builds satellite-become.so into the classes directory (run by Maven, see core-engine/pom.xml).
# Never fails the build: without gcc, R's pools (and Python's, where the engine is not root) hold
# whole runtimes started ahead instead of forks, and the diagnostics say so.
out="$1/io/satellite/engine/launchpad"
mkdir -p "$out"
rm -f "$out/satellite-become.so"
if ! command -v gcc >/dev/null; then
  echo "[WARNING] no gcc: satellite-become.so not built; warm pools will start whole runtimes instead of forks"
elif ! gcc -O2 -Wall -shared -fPIC -o "$out/satellite-become.so" "$(dirname "$0")/satellite-become.c"; then
  echo "[WARNING] satellite-become.so did not compile; warm pools will start whole runtimes instead of forks"
fi
exit 0

#!/usr/bin/env bash
# Smoke test of the built .deb, as a DBA would meet it (the installer module's "smoke" profile).
#
#   smoke-test.sh PACKAGE_DIR
#
# As root: installs the package into this machine with apt-get, checks the launcher on the PATH
# and the desktop entry, runs `satellite --smoke` (engine + one R script in the sandbox) and
# `satellite --smoke-window` (time to the first window, under Xvfb when there is no display),
# upgrades to a newer version and checks that a database survives it, removes and purges the
# package and checks that the data is still there and nothing of the package is.
# As any other user: unpacks the package into a scratch root and runs the same two checks there.
# Whatever happens, the package is purged and the scratch directory removed (trap).
set -euo pipefail

out="$1"
deb="$(find "$out" -maxdepth 1 -name 'satellite_*.deb' | head -1)"
[ -n "$deb" ] || { echo "smoke-test: no satellite_*.deb in $out (build with -Pdeb)" >&2; exit 1; }
scratch="$(mktemp -d /tmp/satellite-smoke-test.XXXXXX)"
chmod 755 "$scratch"
installed=no

say() { printf 'smoke-test: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

cleanup() {
  local status=$?
  if [ "$installed" = yes ] && ! dpkg --purge satellite >"$scratch/purge.log" 2>&1; then
    # A broken maintainer script of the package under test must not leave it on this machine.
    status=1
    say "dpkg --purge failed; purging without the package's own scripts:"; cat "$scratch/purge.log"
    for script in prerm postrm; do
      [ ! -f "/var/lib/dpkg/info/satellite.$script" ] || printf '#!/bin/sh\nexit 0\n' >"/var/lib/dpkg/info/satellite.$script"
    done
    dpkg --purge satellite || say "could not purge satellite: remove it by hand"
  fi
  if pgrep -f "$scratch" >/dev/null 2>&1; then
    say "processes left behind:"; pgrep -af "$scratch" || true
    status=1
  fi
  rm -rf "$scratch"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every run of the installed app keeps its files in the scratch directory, not in this user's home,
# and is stopped (its workers die with it) if it hangs.
app_env=(env HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
         XDG_CACHE_HOME="$scratch/cache" timeout -k 10 600)
run_app() {
  "${app_env[@]}" "$launcher" "$@" </dev/null
}

say "package $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"
mkdir -p "$scratch/home"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  if dpkg-query -W -f='${Status}' satellite 2>/dev/null | grep -q 'installed'; then
    fail "a satellite package is already installed here; the smoke test does not replace it (remove it first)"
  fi
  installed=yes
  t0=$(date +%s%N)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(readlink -f "$deb")" \
      >"$scratch/install.log" 2>&1 || { cat "$scratch/install.log"; fail "apt-get could not install the package"; }
  say "installed with apt-get in $(ms_since "$t0") ms"
  launcher=satellite
  [ "$(command -v satellite)" = /usr/bin/satellite ] || fail "satellite is not on the PATH as /usr/bin/satellite"
  [ "$(readlink -f /usr/bin/satellite)" = /opt/satellite/bin/satellite ] || fail "/usr/bin/satellite does not lead to /opt/satellite"
  desktop=/opt/satellite/lib/satellite-satellite.desktop
  grep -q '^Exec=/opt/satellite/bin/satellite' "$desktop" || fail "the desktop entry $desktop does not start the launcher"
  [ -f /opt/satellite/lib/satellite.png ] || fail "the icon is missing"
  say "launcher /usr/bin/satellite -> /opt/satellite/bin/satellite; desktop entry and icon in place"
else
  say "not root: unpacking into a scratch root instead of installing (package scripts not exercised)"
  dpkg-deb -x "$deb" "$scratch/root"
  launcher="$scratch/root/opt/satellite/bin/satellite"
fi

# 1. The engine, one R script through sp_execute_external_script, in the sandbox.
t0=$(date +%s%N)
run_app --smoke | tee "$scratch/smoke.log" | sed 's/^/    /' || fail "satellite --smoke failed (output above)"
grep -q '^smoke: passed' "$scratch/smoke.log" || fail "satellite --smoke did not say it passed"
say "satellite --smoke passed in $(ms_since "$t0") ms (whole process, JVM start to exit)"

# 2. Cold start to the first window (a new database is created on the way, as on first use).
window_cmd=(run_app --smoke-window)
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || fail "no DISPLAY and no xvfb-run for the window check"
  window_cmd=("${app_env[@]}" xvfb-run -a -s "-screen 0 1600x1000x24" "$launcher" --smoke-window)
fi
for run in first second; do
  t0=$(date +%s%N)
  "${window_cmd[@]}" </dev/null >"$scratch/window.log" 2>&1 || { cat "$scratch/window.log"; fail "satellite --smoke-window failed"; }
  line="$(grep '^smoke-window: first window' "$scratch/window.log")" || { cat "$scratch/window.log"; fail "no window was reported"; }
  say "$run start: ${line#smoke-window: }; whole run $(ms_since "$t0") ms"
done
[ ! -e "$scratch/home/.openjfx" ] || fail "JavaFX unpacked its native libraries into the home directory (~/.openjfx)"
say "the console wrote nothing to \$HOME (it creates its database at login, not at start)"

[ "$installed" = yes ] || exit 0

# 3. Upgrade keeps the database; remove and purge leave it too.
run_app sql --user admin "CREATE TABLE kept (x INT); INSERT INTO kept VALUES (42)" >/dev/null 2>"$scratch/sql.log" \
    || { cat "$scratch/sql.log"; fail "could not write to the installed app's database"; }
[ -f "$scratch/data/satellite/satellite/service.properties" ] || fail "the app did not create its database in \$XDG_DATA_HOME/satellite"
say "the app keeps its database in \$XDG_DATA_HOME/satellite"
version="$(dpkg-query -W -f='${Version}' satellite)"
dpkg-deb -R "$deb" "$scratch/upgrade"
sed -i "s/^Version: .*/Version: ${version}+smoke/" "$scratch/upgrade/DEBIAN/control"
dpkg-deb -Zgzip -z1 -b "$scratch/upgrade" "$scratch/upgrade.deb" >/dev/null
rm -rf "$scratch/upgrade"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$scratch/upgrade.deb" \
    >"$scratch/upgrade.log" 2>&1 || { cat "$scratch/upgrade.log"; fail "the upgrade failed"; }
[ "$(dpkg-query -W -f='${Version}' satellite)" = "${version}+smoke" ] || fail "the upgrade did not take"
[ "$(run_app sql --user admin --csv "SELECT x FROM kept" 2>/dev/null)" = "$(printf 'X\n42')" ] \
    || fail "the database did not survive the upgrade from $version"
say "upgraded $version -> ${version}+smoke: the database and its table survived"

DEBIAN_FRONTEND=noninteractive apt-get remove -y -q satellite >"$scratch/remove.log" 2>&1 || { cat "$scratch/remove.log"; fail "apt-get remove failed"; }
[ ! -e /opt/satellite/bin/satellite ] && [ ! -e /usr/bin/satellite ] && [ ! -L /usr/bin/satellite ] \
    || fail "files of the package are left after removal"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q satellite >"$scratch/purge.log" 2>&1 || { cat "$scratch/purge.log"; fail "apt-get purge failed"; }
installed=no
! dpkg-query -W -f='${Status}' satellite 2>/dev/null | grep -q 'installed' || fail "satellite is still installed after purge"
[ ! -e /opt/satellite ] || fail "/opt/satellite is left after purge"
[ -f "$scratch/data/satellite/satellite/service.properties" ] || fail "removing the package removed the user's database"
say "removed and purged: nothing left in /opt or /usr/bin; the user's database is still in \$XDG_DATA_HOME/satellite"

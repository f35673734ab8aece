#!/usr/bin/env bash
# Builds Satellite's runtime, app image and .deb (called by the installer module's "deb" profile).
#
#   build-package.sh VERSION MAIN_JAR STAGING OUTPUT
#
# STAGING/lib      the application's jars (no JavaFX), from the Maven build
# STAGING/javafx   JavaFX's platform jars (linux classifier): modular jars with the native libraries
# OUTPUT           receives runtime/ (jlink), image/satellite/ (jpackage app image) and the .deb
#
# The runtime holds the JDK modules jdeps finds the jars need, plus JavaFX as named modules; the
# application jars stay on the class path. OUTPUT_TIMESTAMP (Maven's project.build.outputTimestamp)
# becomes SOURCE_DATE_EPOCH, with which dpkg-deb clamps file times, so that a rebuild of the same
# sources gives the same package.
set -euo pipefail

version="$1" main_jar="$2" staging="$3" output="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'installer: %s\n' "$*" >&2; }

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
for tool in jdeps jlink jpackage; do
  [ -x "$java_home/bin/$tool" ] || { say "no $tool in $java_home (a full JDK 17 is needed)"; exit 1; }
done
[ -d "$java_home/jmods" ] || { say "no $java_home/jmods: jlink needs the JDK's jmods"; exit 1; }
for tool in dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || { say "$tool is missing: apt-get install $tool"; exit 1; }
done

if [ -n "${OUTPUT_TIMESTAMP:-}" ]; then
  SOURCE_DATE_EPOCH="$(date -u -d "$OUTPUT_TIMESTAMP" +%s)" || { say "bad outputTimestamp $OUTPUT_TIMESTAMP"; exit 1; }
  export SOURCE_DATE_EPOCH
fi

# Debian orders 0.1.0~snapshot before 0.1.0; jpackage's own check wants digits and dots first.
deb_version="${version/-SNAPSHOT/~snapshot}"

lib="$staging/lib"
fx_path="$(find "$staging/javafx" -name '*-linux.jar' | sort | paste -sd:)"
[ -n "$fx_path" ] || { say "no JavaFX platform jars in $staging/javafx"; exit 1; }
jars="$(find "$lib" -name '*.jar' | sort)"

# --- runtime: the JDK modules the jars use (jdeps), and JavaFX ------------------------------
jdk_modules="$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
    --module-path "$fx_path:$(paste -sd: <<<"$jars")" $jars 2>/dev/null | tail -1)"
case "$jdk_modules" in java.base*) ;; *) say "jdeps gave no module list: $jdk_modules"; exit 1 ;; esac
modules="$(tr ',' '\n' <<<"$jdk_modules" | grep -v '^javafx\.' | sort -u | paste -sd,),javafx.controls,javafx.swing"
say "runtime modules: $modules"

rm -rf "$output/runtime" "$output/image" "$output"/*.deb
# JavaFX's native libraries sit in its jars as resources; left there, JavaFX would unpack them
# into ~/.openjfx/cache at every first start. They go into the runtime's lib/ instead, where
# JavaFX looks first for a linked runtime.
"$java_home/bin/jlink" --module-path "$java_home/jmods:$fx_path" --add-modules "$modules" \
    --exclude-resources='glob:/javafx.*/lib*.so' \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$output/runtime"
for jar in ${fx_path//:/ }; do
  unzip -q -o -j "$jar" 'lib*.so' -d "$output/runtime/lib" 2>/dev/null || true
done
[ -f "$output/runtime/lib/libglassgtk3.so" ] || { say "JavaFX's native libraries are missing from the runtime"; exit 1; }

# --- app image and .deb ---------------------------------------------------------------------
common=(--name satellite --app-version "$deb_version" --vendor "Satellite maintainers"
        --description "R and Python scripts in sandboxed workers of an embedded database"
        --icon "$here/satellite.png")
"$java_home/bin/jpackage" --type app-image "${common[@]}" --dest "$output/image" \
    --runtime-image "$output/runtime" --input "$lib" --main-jar "$main_jar" --main-class io.satellite.app.Main \
    --java-options -Xss4m
"$java_home/bin/jpackage" --type deb "${common[@]}" --dest "$output" --app-image "$output/image/satellite" \
    --resource-dir "$here/debian" --linux-package-name satellite --linux-app-release 1 \
    --linux-deb-maintainer satellite@localhost --linux-package-deps "r-base-core, bubblewrap" \
    --linux-app-category database --linux-menu-group "Development;Database;" --linux-shortcut

deb="$(find "$output" -maxdepth 1 -name 'satellite_*.deb')"
say "built $deb ($(du -k "$deb" | cut -f1) KiB; installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"

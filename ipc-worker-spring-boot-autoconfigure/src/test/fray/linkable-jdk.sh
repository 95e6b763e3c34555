#!/usr/bin/env bash
# Makes a JDK home that Fray's "prepare-fray" goal can link its instrumented JDK from.
#
# The goal runs `jlink --module-path <jdk>/jmods --add-modules ALL-MODULE-PATH`. JDK builds
# with a linkable run-time image (JEP 493, such as Temurin 25) ship no jmods/ folder, so that
# fails with "No module found". This home links bin/, lib/, conf/ and release to the real
# JDK, and its jmods/ holds one empty module that requires the JDK modules the model-checked
# tests need: jlink takes those from the run-time image, and Fray instruments them.
#
# Usage: linkable-jdk.sh <JDK 25 home> <folder to create>
set -euo pipefail
jdk=$1
out=$2
if [[ -f $out/jmods/ipcworker.fray.jdk.jar ]]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out/jmods" "$out/module/ipcworker.fray.jdk" "$out/classes"
for entry in bin conf include legal lib man release; do
	if [[ -e $jdk/$entry ]]; then
		ln -s "$jdk/$entry" "$out/$entry"
	fi
done
# The modules a test JVM of this project uses (Surefire, JUnit, Spring's test support,
# Logback), and what Fray's own runtime loads.
cat > "$out/module/ipcworker.fray.jdk/module-info.java" <<'MODULE'
module ipcworker.fray.jdk {
	requires java.se;
	requires jdk.unsupported;
	requires jdk.management;
	requires jdk.attach;
	requires jdk.charsets;
	requires jdk.localedata;
	requires jdk.zipfs;
	requires jdk.jfr;
}
MODULE
"$jdk/bin/javac" -nowarn -d "$out/classes" "$out/module/ipcworker.fray.jdk/module-info.java"
"$jdk/bin/jar" --create --file "$out/jmods/ipcworker.fray.jdk.jar" -C "$out/classes" .

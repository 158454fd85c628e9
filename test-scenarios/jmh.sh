#!/usr/bin/env bash
# Runs JMH benchmarks kept in a module's test sources.
# Usage: test-scenarios/jmh.sh MODULE [JMH args...]   e.g. test-scenarios/jmh.sh sip RegisterParseWrite -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?module (sip, store, ...)}; shift
# one reactor run: the test-scoped midreg-testing (and any module of ours) resolves to its
# target/classes, never to ~/.m2
mvn -B -q -pl "$module" -am -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/jmh-classpath.txt")"
flags=$(sed -n "s:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p" pom.xml)
# shellcheck disable=SC2086
exec java $flags -cp "$cp" org.openjdk.jmh.Main "$@"

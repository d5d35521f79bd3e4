#!/usr/bin/env bash
# File handlers against the standard tools, on the same input in one run: extract_archive against
# `unzip -q` and bulk_copy against `cp -a`, on a few hundred MB of mixed files (generated once,
# seeded), several rounds in turn; prints medians and the ratios (goals: 1.25 and 1.10).
#
# The handlers run in-process (dev.jobregistry.handlers.files.FilesBench in the test sources) on a
# virtual thread, as the service runs them, in a JVM warmed by one untimed round; the tools run as
# processes. Every run writes a fresh folder after a `sync`; outputs are compared with the tools'.
#
#   bench/files.sh [SIZE_MB=300] [ROUNDS=5]      BENCH_DIR=/some/disk/folder to choose where (default: a temp folder)
#
# Needs a JDK 21+, Maven, unzip and zip (apt-get install unzip zip).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-300}"
rounds="${2:-5}"
for tool in unzip zip cp mvn; do
  command -v "$tool" >/dev/null || { echo "files.sh needs $tool (apt-get install unzip zip maven)" >&2; exit 1; }
done

java_home() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-/nonexistent}" /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}')"
    major="${major%%.*}"
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then best_major="$major"; best="$candidate"; fi
  done
  [ "$best_major" -ge 21 ] || { echo "files.sh needs a JDK 21 or newer" >&2; exit 1; }
  printf '%s' "$best"
}
export JAVA_HOME="$(java_home)"

if [ -n "${BENCH_DIR:-}" ]; then
  work="$BENCH_DIR"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

cd "$here"
mvn -B -q ${MAVEN_ARGS:-} -DskipTests install -pl handlers-files -am >&2
mvn -B -q ${MAVEN_ARGS:-} test-compile -pl handlers-files >&2
mvn -B -q ${MAVEN_ARGS:-} dependency:build-classpath -pl handlers-files -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
"$JAVA_HOME/bin/java" -cp "handlers-files/target/test-classes:handlers-files/target/classes:$(cat handlers-files/target/bench-classpath.txt)" \
  dev.jobregistry.handlers.files.FilesBench "$work" "$size" "$rounds"
echo
echo "Reproduce: bench/files.sh $size $rounds"

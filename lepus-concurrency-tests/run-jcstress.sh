#!/usr/bin/env bash
# Runs the jcstress suite (target/jcstress.jar) and fails unless every planned result passed.
#   lepus-concurrency-tests/run-jcstress.sh                 # -m quick: 100 s on 2 idle cores
#   lepus-concurrency-tests/run-jcstress.sh -m tough        # any jcstress options replace the default "-m quick"
# Build the jar first: mvn -B -q install -pl lepus-concurrency-tests -am -DskipTests
# Environment: JAVA_HOME, a JDK 25 or newer (else the java on the PATH, if it is 25 or newer).
# Output: target/jcstress-console.log, the HTML report in target/jcstress-results/, the result blob in target/.
#
# Why not jcstress's exit code alone: jcstress 0.16 exits 0 when tests end in "soft errors", for example when every
# fork dies with UnsupportedClassVersionError because the java on the PATH is older than the classes. So this script
# also requires the last progress line to read "N planned; N passed, 0 failed, 0 soft errs, 0 hard errs".
set -euo pipefail

target="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

major="$("$java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)"
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "run-jcstress: $java is not a JDK 25 or newer (found '${major:-nothing}'); set JAVA_HOME." >&2
  exit 3
fi
if [ ! -f "$target/jcstress.jar" ]; then
  echo "run-jcstress: $target/jcstress.jar is missing; build it with" >&2
  echo "  mvn -B -q install -pl lepus-concurrency-tests -am -DskipTests" >&2
  exit 3
fi
if [ "$#" -eq 0 ]; then
  set -- -m quick
fi

cd "$target"
start="$(date +%s)"
"$java" -jar jcstress.jar -r jcstress-results "$@" 2>&1 | tee jcstress-console.log
echo "run-jcstress: jcstress took $(( $(date +%s) - start )) s"

last="$(grep -o 'Results: [0-9]* planned; [0-9]* passed, [0-9]* failed, [0-9]* soft errs, [0-9]* hard errs' \
  jcstress-console.log | tail -n1 || true)"
# "Results: 56 planned; 56 passed, 0 failed, 0 soft errs, 0 hard errs" -> "56 56 0 0 0"
read -r planned passed failed soft hard <<< "$(echo "$last" | tr -cs '0-9' ' ')"
if [ -z "${planned:-}" ] || [ "$planned" -eq 0 ] || [ "$passed" -ne "$planned" ] \
    || [ "$failed" -ne 0 ] || [ "$soft" -ne 0 ] || [ "$hard" -ne 0 ]; then
  echo "run-jcstress: FAILED (${last:-no results line}); see $target/jcstress-results/index.html" >&2
  exit 1
fi
echo "run-jcstress: all $planned results passed"

#!/bin/sh
# Builds the benchmarks and runs the whole JDBC comparison (disk facts, W1-W8 against Cairn, H2 and
# SQLite) with the options given, e.g. --quick, then W9 (the monitoring plugin's overhead on W7,
# issue 8; only --quick is passed on to it). Results go to bench/results/; see bench/README.md.
# MAVEN_OPTS_EXTRA is passed to mvn (e.g. -Dmaven.repo.local=... -o).
set -e
cd "$(dirname "$0")/.."
mvn -B -q $MAVEN_OPTS_EXTRA -pl bench -am package -DskipTests
# Run from a copy, so a rebuild during the run cannot change the classes W8's child JVMs load.
mkdir -p bench/target/run bench/target/scratch
cp bench/target/benchmarks.jar bench/target/run/benchmarks.jar
quick=
for a in "$@"; do
    [ "$a" = "--quick" ] && quick=--quick
done
# Both parts run even if the first reports problems; the exit status is 1 if either did.
status=0
java -cp bench/target/run/benchmarks.jar io.cairn.bench.jdbc.JdbcComparison \
    --dir "$PWD/bench/target/scratch" "$@" || status=1
java -cp bench/target/run/benchmarks.jar io.cairn.bench.jdbc.MonitoringOverhead $quick \
    --dir "$PWD/bench/target/scratch" --out "$PWD/bench/results" || status=1
exit $status

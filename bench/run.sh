#!/bin/sh
# Builds the benchmarks and runs the whole JDBC comparison (disk facts, W1-W8 against Cairn, H2 and
# SQLite) with the options given, e.g. --quick. Results go to bench/results/; see bench/README.md.
# MAVEN_OPTS_EXTRA is passed to mvn (e.g. -Dmaven.repo.local=... -o).
set -e
cd "$(dirname "$0")/.."
mvn -B -q $MAVEN_OPTS_EXTRA -pl bench -am package -DskipTests
# Run from a copy, so a rebuild during the run cannot change the classes W8's child JVMs load.
mkdir -p bench/target/run bench/target/scratch
cp bench/target/benchmarks.jar bench/target/run/benchmarks.jar
exec java -cp bench/target/run/benchmarks.jar io.cairn.bench.jdbc.JdbcComparison \
    --dir "$PWD/bench/target/scratch" "$@"

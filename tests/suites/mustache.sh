#!/bin/sh
# The template engine against the official Mustache spec suite
# (../shared/conformance/mustache-spec), plus the engine's own tests, with
# tests/mustache-spec.c built next to the binary under test.
set -u
bin=$(dirname "$SVCGEN")/mustache-spec
[ -x "$bin" ] || bin=build/release/mustache-spec
if [ ! -x "$bin" ]; then
	echo "not ok - mustache-spec binary missing ($bin)"
	exit 1
fi
spec="$(pwd)/../shared/conformance/mustache-spec"
# make valgrind: memcheck errors and leaks fail the run, as for svcgen.
run=""
if [ "${VALGRIND:-}" = 1 ]; then
	run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
fi
if [ -d "$spec" ]; then
	$run "$bin" "$spec"
else
	echo "ok - # SKIP mustache spec suite not found at $spec"
	$run "$bin"
fi
status=$?
[ "$status" -eq 0 ] || echo "not ok - mustache-spec exited with status $status"
exit "$status"

#!/bin/sh
# The Markdown module (tests/markdown-test.c), built next to the binary under
# test; under `make valgrind` it runs in memcheck too.
set -u
bin=$(dirname "$SVCGEN")/markdown-test
[ -x "$bin" ] || bin=build/release/markdown-test
if [ ! -x "$bin" ]; then
	echo "not ok - markdown test binary missing ($bin)"
	exit 1
fi
if [ "${VALGRIND:-}" = 1 ]; then
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$bin" || echo "not ok - markdown-test under valgrind exited with status $?"
else
	"$bin" || echo "not ok - markdown-test exited with status $?"
fi

#!/bin/sh
# Unit tests of the modules (tests/unit-tests.c), built next to the binary under test.
set -u
unit=$(dirname "$SVCGEN")/unit-tests
[ -x "$unit" ] || unit=build/release/unit-tests
if [ ! -x "$unit" ]; then
	echo "not ok - unit tests binary missing ($unit)"
	exit 1
fi
"$unit"

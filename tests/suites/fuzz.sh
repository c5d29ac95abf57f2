#!/bin/sh
# The fuzz corpus, replayed through the fuzz target (a crash or a sanitizer
# report fails the run).
set -u
replay=$(dirname "$SVCGEN")/fuzz-replay
[ -x "$replay" ] || replay=build/release/fuzz-replay
if [ ! -x "$replay" ]; then
	echo "not ok - fuzz replay binary missing"
	exit 1
fi
"$replay" tests/fuzz/corpus/* || echo "not ok - fuzz replay exited with status $?"

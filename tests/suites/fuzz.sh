#!/bin/sh
# The fuzz corpora, replayed through their fuzz targets (a crash, a broken
# invariant or a sanitizer report fails the run).
set -u
replay=$(dirname "$SVCGEN")/fuzz-replay
[ -x "$replay" ] || replay=build/release/fuzz-replay
if [ ! -x "$replay" ]; then
	echo "not ok - fuzz replay binary missing"
	exit 1
fi
"$replay" tests/fuzz/corpus/* || echo "not ok - fuzz replay exited with status $?"
replay_md=$(dirname "$SVCGEN")/fuzz-replay-markdown
[ -x "$replay_md" ] || replay_md=build/release/fuzz-replay-markdown
if [ ! -x "$replay_md" ]; then
	echo "not ok - markdown fuzz replay binary missing"
	exit 1
fi
"$replay_md" tests/fuzz/corpus-markdown/* || echo "not ok - markdown fuzz replay exited with status $?"
replay_svg=$(dirname "$SVCGEN")/fuzz-replay-svg
[ -x "$replay_svg" ] || replay_svg=build/release/fuzz-replay-svg
if [ ! -x "$replay_svg" ]; then
	echo "not ok - SVG fuzz replay binary missing"
	exit 1
fi
"$replay_svg" tests/fuzz/corpus-svg/* || echo "not ok - SVG fuzz replay exited with status $?"

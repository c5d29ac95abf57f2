#!/bin/sh
# Every fuzz corpus, replayed through its fuzz target (a crash or a sanitizer
# report fails the run): records, Markdown bodies, templates, svcgen.yaml, SVG attachments
# (the cleaner's own invariants checked too).
set -u
bin=$(dirname "$SVCGEN")
for target in record markdown template config svg; do
	case $target in
	record) name=fuzz-replay corpus=tests/fuzz/corpus ;;
	*) name=fuzz-replay-$target corpus=tests/fuzz/corpus-$target ;;
	esac
	replay=$bin/$name
	[ -x "$replay" ] || replay=build/release/$name
	if [ ! -x "$replay" ]; then
		echo "not ok - $name binary missing"
		continue
	fi
	"$replay" "$corpus"/* || echo "not ok - $name exited with status $?"
done

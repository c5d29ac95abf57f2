#!/bin/sh
# The fast YAML reader (src/load/yaml_block.c) against libyaml: node trees and
# diagnostics equal file by file (tests/yaml-block-test.c), on the sample,
# the golden cases, the fuzz corpus and texts made from them by small edits;
# then the whole program: check output and the built site the same bytes
# with SVCGEN_YAML=libyaml (every text through libyaml).
set -u
bin=$(dirname "$SVCGEN")/yaml-block-test
[ -x "$bin" ] || bin=build/release/yaml-block-test
if [ ! -x "$bin" ]; then
	echo "not ok - yaml-block test binary missing ($bin)"
	exit 1
fi
# Fewer edited texts under the sanitizers and memcheck, which are slower.
many=100
[ "${SANITIZED:-}" = 1 ] && many=20
run() {
	if [ "${VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$bin" "$@"
	else
		"$bin" "$@"
	fi || echo "not ok - yaml-block-test $1 exited with status $?"
}
[ "${VALGRIND:-}" = 1 ] && many=2
run sample --min-fast 500 --mutate "$many" records
run golden --min-fast 200 --mutate "$many" tests/golden
run fuzz-corpus --mutate $((many * 5)) tests/fuzz/corpus

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 differ=""
for d in records tests/golden/*/records; do
	[ -d "$d" ] || continue
	"$SVCGEN" check "$d" --format json >"$tmp/fast.json" 2>&1
	SVCGEN_YAML=libyaml "$SVCGEN" check "$d" --format json >"$tmp/libyaml.json" 2>&1
	if cmp -s "$tmp/fast.json" "$tmp/libyaml.json"; then
		same=$((same + 1))
	else
		differ="$differ $d"
	fi
done
if [ -z "$differ" ] && [ "$same" -gt 60 ]; then
	echo "ok - svcgen check: the same output with SVCGEN_YAML=libyaml on $same folders"
else
	echo "not ok - svcgen check output differs with SVCGEN_YAML=libyaml:$differ"
fi
"$SVCGEN" build records -o "$tmp/fast" --as-of 2026-01-15 >/dev/null 2>&1
SVCGEN_YAML=libyaml "$SVCGEN" build records -o "$tmp/libyaml" --as-of 2026-01-15 >/dev/null 2>&1
if [ -f "$tmp/fast/index.html" ] && diff -r "$tmp/fast" "$tmp/libyaml" >/dev/null; then
	echo "ok - svcgen build of the sample: the same site with SVCGEN_YAML=libyaml"
else
	echo "not ok - svcgen build of the sample differs with SVCGEN_YAML=libyaml"
fi

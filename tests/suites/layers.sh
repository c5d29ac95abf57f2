#!/bin/sh
# The source tree's dependencies run one way (docs/architecture.md, "The
# source tree"): tests/layers.sh on the real tree and objects, then on trees
# made to break the rule, which it must catch.
set -u
top=$(pwd)
objs=$(dirname "$SVCGEN")
case $objs in
*/build/*) ;;
*) objs=$top/build/release ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sh tests/layers.sh "$objs"

# check NAME OUTPUT PATTERN: OUTPUT holds a line matching PATTERN.
check() {
	if printf '%s\n' "$2" | grep -q "$3"; then
		echo "ok - layers.sh catches $1"
	else
		echo "not ok - layers.sh catches $1"
		printf '%s\n' "$2" | sed 's/^/#   /'
	fi
}

# An include of a later stage, and a cycle of two headers.
cp -R src "$tmp/src"
echo '#include "cli/log.h"' >>"$tmp/src/base/glob.c"
echo '#include "model/pii.h"' >>"$tmp/src/model/schema.h"
out=$(sh tests/layers.sh "$objs" "$tmp/src")
check "an include of a later stage" "$out" '^#   base/glob -> cli/log$'
check "an include cycle" "$out" '^#   model/schema$'

# Objects: a call to a later stage, and two modules calling each other.
mkdir -p "$tmp/o/base" "$tmp/o/site" "$tmp/o/render"
cc=${CC:-cc}
printf 'void later(void);\nvoid early(void) { later(); }\n' >"$tmp/a.c"
printf 'void later(void) {}\n' >"$tmp/b.c"
printf 'void pong(void);\nvoid ping(void) { pong(); }\n' >"$tmp/c.c"
printf 'void ping(void);\nvoid pong(void) { ping(); }\n' >"$tmp/d.c"
$cc -c -o "$tmp/o/base/early.o" "$tmp/a.c" && $cc -c -o "$tmp/o/site/later.o" "$tmp/b.c" &&
	$cc -c -o "$tmp/o/render/ping.o" "$tmp/c.c" && $cc -c -o "$tmp/o/render/pong.o" "$tmp/d.c" ||
	echo "not ok - layers: the test objects compile"
out=$(sh tests/layers.sh "$tmp/o")
check "a call to a later stage" "$out" '^#   base/early -> site/later$'
check "a cycle of calls" "$out" '^#   render/p[io]ng$'

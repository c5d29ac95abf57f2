#!/bin/sh
# layers.sh [OBJDIR [SRCDIR]] - the direction of the source tree's dependencies
# (docs/architecture.md, "The source tree"): each folder of src/ may use
# its own and those before it in ORDER, never one after it, and no module
# (a .c with its .h) may depend on itself through others. Checked twice:
# on the #include lines of src/, and on the symbols each object of OBJDIR
# (default build/release) takes from the others, as nm lists them. SRCDIR
# (default src) is the tree whose includes are read.
# Prints "ok - ..." or "not ok - ..." lines, with each offending edge.
set -u
ORDER="base model load check history stats render publish site cli"
top=$(cd "$(dirname "$0")/.." && pwd)
objdir=${1:-$top/build/release}
srcdir=${2:-$top/src}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# edges FILE LABEL: checks the "from to" module pairs in FILE (module =
# folder/name) for a later stage and for cycles.
edges() {
	sort -u "$1" | awk -v order="$ORDER" '
		BEGIN { n = split(order, o, " "); for (i = 1; i <= n; i++) rank[o[i]] = i }
		$1 != $2 {
			split($1, a, "/"); split($2, b, "/")
			if (!(a[1] in rank) || !(b[1] in rank)) { print "unknown folder: " $0; next }
			if (rank[b[1]] > rank[a[1]]) print $1 " -> " $2
		}' >"$tmp/up"
	if [ -s "$tmp/up" ]; then
		echo "not ok - $2: no module uses a later stage's"
		sed 's/^/#   /' "$tmp/up"
	else
		echo "ok - $2: no module uses a later stage's"
	fi
	# tsort names the modules of each loop on stderr.
	awk '$1 != $2' "$1" | sort -u | tsort >/dev/null 2>"$tmp/loop"
	if grep -q loop "$tmp/loop"; then
		echo "not ok - $2: no cycle between modules"
		sed 's/^tsort: /#   /' "$tmp/loop"
	else
		echo "ok - $2: no cycle between modules"
	fi
}

# The modules' includes: src/F/x.c and src/F/x.h are module F/x.
for f in "$srcdir"/*/*.[ch]; do
	m=${f#"$srcdir"/}
	m=${m%.[ch]}
	sed -n 's/^#include "\([a-z_]*\/[a-z_]*\)\.h".*/\1/p' "$f" | sed "s|^|$m |"
done >"$tmp/inc"
[ -s "$tmp/inc" ] || { echo "not ok - includes: none found under $srcdir"; exit 1; }
edges "$tmp/inc" includes

# The objects' symbols: who defines each, who takes it.
if ! ls "$objdir"/*/*.o >/dev/null 2>&1; then
	echo "not ok - symbols: no objects in $objdir (make first)"
	exit 1
fi
for o in "$objdir"/*/*.o; do
	m=${o#"$objdir"/}
	m=${m%.o}
	# In a build folder of this tree, an object left from a source since
	# removed is not the program's.
	case $objdir in
	"$top"/build/*) [ -f "$srcdir/$m.c" ] || continue ;;
	esac
	nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print "D", $3, m }'
	nm -u "$o" | awk -v m="$m" '{ print "U", $NF, m }'
done >"$tmp/syms"
awk '$1 == "D" { def[$2] = $3 } $1 == "U" { use[++n] = $2 " " $3 }
	END { for (i = 1; i <= n; i++) { split(use[i], u, " "); if (u[1] in def) print u[2], def[u[1]] } }' \
	"$tmp/syms" >"$tmp/calls"
edges "$tmp/calls" symbols

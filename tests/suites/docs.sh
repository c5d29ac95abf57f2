#!/bin/sh
# The documentation matches the program: the schema reference is generated
# by `svcgen schema` (make docs), every rule id has its page, and what each
# rule page shows is what svcgen really does.
#
# docs/rules/<id>.md is checked against the golden case tests/golden/rule-<id>/
# (records/ and `expected`, the real output of
# `svcgen check records --as-of 2026-11-27`, see tests/suites/golden.sh):
#
# * every diagnostic line the page shows (`path:line:col: error|warning:
#   message [rule-id]`, the path as `svcgen check records` prints it) must be
#   a line of `expected`; the page must show at least one;
# * an example introduced by a paragraph that starts with "`records/<path>`"
#   and ends with ":", followed by a fenced block, must be the content of that
#   file of the golden case (trailing newlines aside). Examples that cannot be
#   shown as they are on disk (GBK or UTF-16 bytes, symbolic links) and "how
#   to fix" snippets are introduced in other words, and are not compared.
set -u
status=0
if "$SVCGEN" schema | diff -u docs/schema.txt - >/dev/null; then
	echo "ok - docs/schema.txt is what svcgen schema prints (make docs)"
else
	echo "not ok - docs/schema.txt is stale: run make docs"
	status=1
fi
ids=$(sed -n 's/^RULE([A-Z_]*, "\([a-z-]*\)".*/\1/p' src/model/rules.def)
for id in $ids; do
	if [ -f "docs/rules/$id.md" ] && grep -q "^# $id" "docs/rules/$id.md" &&
		grep -q "\[$id\]" "docs/rules/$id.md"; then
		echo "ok - docs/rules/$id.md"
	else
		echo "not ok - docs/rules/$id.md missing or without an example diagnostic"
		status=1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for id in $ids; do
	page="docs/rules/$id.md"
	case="tests/golden/rule-$id"
	[ -f "$page" ] || continue
	: >"$tmp/why"
	if [ ! -f "$case/expected" ]; then
		echo "no golden case $case" >>"$tmp/why"
	fi
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning): .* \[[a-z-]+\]$' "$page" >"$tmp/lines"
	shown=$(wc -l <"$tmp/lines" | tr -d ' ')
	[ "$shown" -gt 0 ] || echo "shows no diagnostic line" >>"$tmp/why"
	while IFS= read -r line; do
		[ -f "$case/expected" ] || break
		grep -qxF -- "$line" "$case/expected" && continue
		path=${line%%:[0-9]*}
		if [ -e "$case/$path" ] || [ -L "$case/$path" ]; then
			echo "not in $case/expected: $line" >>"$tmp/why"
		else
			echo "no $path in $case, and not in its expected: $line" >>"$tmp/why"
		fi
	done <"$tmp/lines"
	# The examples: a paragraph that starts with "`records/<path>`" and ends
	# with ":", then (after blank lines) a fenced block.
	rm -rf "$tmp/ex"
	mkdir "$tmp/ex"
	awk -v dir="$tmp/ex" '
		state == 3 && /^```/ { close(out); state = 0; next }
		state == 3 { print > out; next }
		state == 2 && /^```/ {
			n++; out = dir "/" n
			print path > (out ".path"); close(out ".path")
			printf "" > out
			state = 3; next
		}
		state == 2 && /^[ \t]*$/ { next }
		state == 1 && /^[ \t]*$/ { state = 0; next }
		state == 1 { if (/:$/) state = 2; next }
		{ state = 0 }
		/^`records\/[^`]*`/ {
			path = substr($0, 2); path = substr(path, 1, index(path, "`") - 1)
			state = /:$/ ? 2 : 1
		}
	' "$page"
	examples=0
	for f in "$tmp"/ex/*.path; do
		[ -f "$f" ] || continue
		examples=$((examples + 1))
		path=$(cat "$f")
		if [ ! -f "$case/$path" ] || [ -L "$case/$path" ]; then
			echo "example $path is not a file of $case" >>"$tmp/why"
		elif [ "$(cat "${f%.path}")" != "$(cat "$case/$path")" ]; then
			echo "example $path differs from $case/$path" >>"$tmp/why"
		fi
	done
	if [ -s "$tmp/why" ]; then
		echo "not ok - $page does not match $case"
		sed 's/^/    /' "$tmp/why"
		status=1
	else
		echo "ok - $page: its diagnostic lines ($shown) are in $case/expected, its example files ($examples) are its records"
	fi
done
exit $status

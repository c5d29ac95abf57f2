#!/bin/sh
# The documentation matches the program: the schema reference is generated
# by `svcgen schema` (make docs), and every rule id has its page.
set -u
if "$SVCGEN" schema | diff -u docs/schema.txt - >/dev/null; then
	echo "ok - docs/schema.txt is what svcgen schema prints (make docs)"
else
	echo "not ok - docs/schema.txt is stale: run make docs"
fi
for id in $(sed -n 's/^RULE([A-Z_]*, "\([a-z-]*\)".*/\1/p' src/rules.def); do
	if [ -f "docs/rules/$id.md" ] && grep -q "^# $id" "docs/rules/$id.md" &&
		grep -q "\[$id\]" "docs/rules/$id.md"; then
		echo "ok - docs/rules/$id.md"
	else
		echo "not ok - docs/rules/$id.md missing or without an example diagnostic"
	fi
done

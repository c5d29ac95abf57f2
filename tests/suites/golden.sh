#!/bin/sh
# Golden diagnostics: each tests/golden/<case>/ holds a records folder
# `records/` and `expected`, the exact output of
#   svcgen check records --as-of 2026-11-27 [$(cat args)]
# followed by a line "exit: N". With REGEN=1 the expected files are rewritten
# (review them in git diff).
set -u
status=0
for dir in tests/golden/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	args="--as-of 2026-11-27"
	[ -f "$dir/args" ] && args="$args $(cat "$dir/args")"
	# shellcheck disable=SC2086
	actual=$(cd "$dir" && "$SVCGEN" check records $args 2>/dev/null; echo "exit: $?")
	if [ "${REGEN:-}" = 1 ]; then
		printf '%s\n' "$actual" >"$dir/expected"
	fi
	if printf '%s\n' "$actual" | diff -u "$dir/expected" - >/tmp/golden.$$ 2>&1; then
		echo "ok - golden $name"
	else
		echo "not ok - golden $name"
		sed 's/^/    /' /tmp/golden.$$ | head -40
		status=1
	fi
	rm -f /tmp/golden.$$
done
exit $status

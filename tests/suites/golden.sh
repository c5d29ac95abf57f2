#!/bin/sh
# Golden diagnostics: each tests/golden/<case>/ holds a records folder
# `records/` and `expected`, the exact output of
#   svcgen check records --as-of 2026-11-27 [$(cat args)]
# followed by a line "exit: N". With REGEN=1 the expected files are rewritten
# (review them in git diff).
#
# A case with a `history.sh` is about git history: the case is copied to a
# temporary folder, records/ becomes a git repository, and history.sh (run
# there, in records/) makes its commits with `commit MESSAGE` (fixed
# authors and dates, so the hashes in `expected` never change). It must end
# with records/ as the case holds it, all committed.
set -u
status=0
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# commit MESSAGE [AUTHOR]: commits everything, a day after the last commit.
commit() {
	n=$((${n:-0} + 1))
	when="2026-01-$(printf %02d "$n")T10:00:00+08:00"
	git add -A . &&
		GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
			git -c user.name="${2:-张工}" -c user.email=eng@example.com \
			commit -q -m "$1"
}

# The folder to check the case in: the case itself, or a copy with its history made.
case_dir() {
	if [ ! -f "$1/history.sh" ]; then
		echo "$1"
		return
	fi
	rm -rf "$scratch/case"
	cp -R "$1" "$scratch/case"
	(cd "$scratch/case/records" && git init -q -b main . && n=0 && . ../history.sh) >&2 ||
		echo "history.sh of $1 failed" >&2
	echo "$scratch/case"
}

for dir in tests/golden/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	args="--as-of 2026-11-27"
	[ -f "$dir/args" ] && args="$args $(cat "$dir/args")"
	# shellcheck disable=SC2086
	actual=$(cd "$(case_dir "$dir")" && "$SVCGEN" check records $args 2>/dev/null; echo "exit: $?")
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

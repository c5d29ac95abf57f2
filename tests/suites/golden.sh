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

# A reopening on the site and in svcgen log (docs/rules/post-closure-edit.md):
# SR-02's reopening commit is shown as such and carries no finding; SR-03's
# "reopening" that also changed its hours carries the finding.
d=$(case_dir tests/golden/rule-post-closure-edit/)
(cd "$d" && "$SVCGEN" build records -o "$scratch/site" --as-of 2026-11-27 --lang en) >/dev/null 2>&1
sr02=$scratch/site/service/SR-02.html
if [ "$(grep -c 'class="reopened"' "$sr02")" = 1 ] && ! grep -q 'class="finding"' "$sr02" &&
	grep -q 'class="finding"' "$scratch/site/service/SR-03.html" &&
	! grep -q 'class="reopened"' "$scratch/site/service/SR-03.html"; then
	echo "ok - golden a reopening on the record's trail, not a finding; a reopening with an edit a finding"
else
	echo "not ok - golden a reopening on the record's trail"
	status=1
fi
(cd "$d" && "$SVCGEN" log SR-02 records --format json) >"$scratch/log.json" 2>/dev/null
if [ "$(grep -o '"reopened": true' "$scratch/log.json" | wc -l)" = 1 ] &&
	(cd "$d" && "$SVCGEN" log SR-02 records) | grep -q "reopened: not an edit after closure"; then
	echo "ok - golden svcgen log marks the reopening, once"
else
	echo "not ok - golden svcgen log marks the reopening"
	status=1
fi
if [ "$( (cd "$d" && "$SVCGEN" log SR-02 records --lang zh-CN) | grep -c '^    （重新打开：不算关闭后的修改）$')" = 1 ]; then
	echo "ok - golden svcgen log --lang zh-CN marks the reopening in Chinese, once"
else
	echo "not ok - golden svcgen log --lang zh-CN marks the reopening in Chinese"
	status=1
fi
exit $status

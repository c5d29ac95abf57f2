#!/bin/sh
# check --range over a long history (docs/history.md, "--range"): the
# repository of tests/range-history.sh (448 commits, a side branch and
# its merge, problems planted and fixed at tagged commits among long runs of
# commits that change nothing with a problem). Each planted problem is
# reported once, by the commit that made it, under its rule, and nothing
# else; one stderr line per commit; the exit status; the same bytes with
# SVCGEN_NO_LOAD_CACHE=1 (every commit read and parsed in full); a
# sub-range agrees with the full range on its commits; json and sarif say
# what text says.
set -u
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE SVCGEN_NO_HISTORY_CACHE SVCGEN_NO_LOAD_CACHE SVCGEN_JOBS SOURCE_DATE_EPOCH
tests=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/suite-lib.sh
. "$tests/suite-lib.sh"

repo=$tmp/h
if ! sh "$tests/range-history.sh" "$repo" >"$tmp/gen.log" 2>&1; then
	echo "not ok - tests/range-history.sh builds the repository"
	sed 's/^/    /' "$tmp/gen.log" | tail -5
	exit 0
fi
AS_OF=2026-11-27
# svcgen runs in the repository on `.`: paths as a department's CI shows them
cd "$repo" || exit 1

h() { git -C "$repo" rev-parse "$1" | cut -c1-7; }
# lines WANT REV: the stderr lines of the commits of REV (git rev-list's
# arguments, one word) out of the run WANT's, in WANT's order
commit_lines() {
	git -C "$repo" rev-list "$2" | cut -c1-7 >"$tmp/revs"
	awk 'NR == FNR { in_range[$1] = 1; next }
		/^svcgen: [0-9a-f]+ / && in_range[$2]' "$tmp/revs" "$tmp/$1.err"
}

sv full check . --range base..HEAD --as-of "$AS_OF"
nc=$(git -C "$repo" rev-list --count base..HEAD)

# ---- each planted problem once, by its commit, under its rule

# planted TAG PATH SEVERITY RULE MESSAGE-ERE: the one line for it
planted() {
	count "$tmp/full" "^$2:[0-9]+:[0-9]+: $3: $5.* \\(introduced in $(h "$1")\\) \\[$4\\]\$" 1
}
t "--range: an enum error, by the commit that made it" \
	planted enum-in 'equipment/EV200-0003\.yaml' error enum "status: 'broken'"
t "--range: the same error made again after a fix is new again, by the later commit" \
	planted enum-again 'equipment/EV200-0003\.yaml' error enum "status: 'broken'"
t "--range: a date-order error" \
	planted date-in 'equipment/EV200-0005\.yaml' error date-order 'warranty_until \(2025-05-25\)'
t "--range: an error in a record later moved is reported by the commit that made it, at its path then" \
	planted type-in 'parts/key/P-K02\.yaml' error type 'unit_cost: .*三千六'
t "--range: an edit after closure, by exactly that commit" \
	planted edit-closed 'service/SR-0003\.md' warning post-closure-edit \
	"SR-0003 was edited after it was closed, in commit $(h edit-closed) "
t "--range: a warning" \
	planted pii-in 'service/SR-0007\.md' warning pii-in-body 'a phone number'
t "--range: a rule turned off then to error: the problem is back, an error, by the svcgen.yaml commit" \
	planted pii-error 'service/SR-0007\.md' error pii-in-body 'a phone number'
t "--range: an error made on a side branch is reported by the branch's commit, not the merge" \
	planted side-enum 'staff/ST-003\.yaml' error enum "role: 'boss'"
t "--range: an attachment named before its file is there" \
	planted attach-in 'service/SR-0006\.md' error attachment-missing "attachment 'service/SR-0006/photo\\.txt' does not exist"
t "--range: a record deleted and added again: its old problem is new again" \
	planted readd 'parts/general/P-G04\.yaml' error type "unit_cost: .*'-5'"
t "--range: a record deleted and added again: its id reused" \
	planted readd 'parts/general/P-G04\.yaml' warning id-reused 'the id P-G04 was used before'
t "--range: a deleted record leaves an unchanged file's reference missing, by the deleting commit" \
	planted staff-gone 'service/SR-0009\.md' error ref-missing "technicians: no record has id 'ST-004'"
t "--range: a staff record added again: its id reused" \
	planted staff-back 'staff/ST-004\.yaml' warning id-reused 'the id ST-004 was used before'
t "--range: svcgen.yaml lowers limits.file_bytes: an unchanged file over it, by the svcgen.yaml commit" \
	planted limit-in 'standards/TS-002\.md' error too-large 'the file is larger than 6000 bytes'

# ---- and nothing else
t "--range: 14 lines on stdout, each naming a commit and a rule" \
	count "$tmp/full" ' \(introduced in [0-9a-f]{7}\) \[[a-z-]+\]$' 14
t "--range: nothing else on stdout" count "$tmp/full" '' 14
t "--range: problems the base commit had are not reported (P-G05's, moved in the range)" \
	lacks "$tmp/full" 'P-G05'
t "--range: close, reopen, edit, close again: no warning" lacks "$tmp/full" 'SR-0004'
quiet_commits() { # TAG...: no line names these commits
	for c; do
		lacks "$tmp/full" "introduced in $(h "$c")" || return 1
	done
}
t "--range: moves, fixes, deletions, reopening, the merge, svcgen.yaml turning a rule off or a limit up introduce nothing" \
	quiet_commits move-old move-new enum-fix close close2 reopen open-edit reclose \
	pii-off merge attach-fix limit-out delete
t "--range: exit 1 (errors introduced)" exits full 1

# ---- stderr: one line per commit, oldest first, with its counts
t "--range: one stderr line per commit of the range ($nc)" \
	count "$tmp/full.err" '^svcgen: [0-9a-f]{7} .*: [0-9]+ new errors, [0-9]+ new warnings$' "$nc"
t "--range: and the summary at the end" \
	count "$tmp/full.err" '' $((nc + 1))
t "--range: the summary counts the problems introduced" \
	has "$tmp/full.err" '^svcgen: 10 errors, 4 warnings in [0-9]+ files$'
every_commit() {
	git -C "$repo" rev-list base..HEAD | cut -c1-7 | sort >"$tmp/want"
	sed -n 's/^svcgen: \([0-9a-f]\{7\}\) .*/\1/p' "$tmp/full.err" | sort >"$tmp/got"
	same "$tmp/want" "$tmp/got"
}
t "--range: the stderr lines name every commit of the range once" every_commit
parents_first() { # every commit's line after its parents' in the range
	git -C "$repo" rev-list --parents base..HEAD |
		awk '{ for (i = 1; i <= NF; i++) printf "%s ", substr($i, 1, 7); print "" }' >"$tmp/parents"
	sed -n 's/^svcgen: \([0-9a-f]\{7\}\) .*/\1/p' "$tmp/full.err" |
		awk 'NR == FNR { pos[$1] = FNR; next }
			{ for (i = 2; i <= NF; i++)
				if (($i in pos) && pos[$i] > pos[$1]) { print $1 " before its parent " $i; bad = 1 } }
			END { exit bad }' - "$tmp/parents" >>"$tmp/why"
}
t "--range: oldest first (each commit after its parents)" parents_first
counts() { # TAG ERRORS WARNINGS
	has "$tmp/full.err" "^svcgen: $(h "$1") .*: $2 new errors, $3 new warnings\$"
}
plants_count() {
	counts type-in 1 0 && counts enum-in 1 0 && counts date-in 1 0 && counts edit-closed 0 1 &&
		counts pii-in 0 1 && counts side-enum 1 0 && counts attach-in 1 0 && counts readd 1 1 &&
		counts enum-again 1 0 && counts staff-gone 1 0 && counts staff-back 0 1 && counts limit-in 1 0
}
t "--range: the planting commits' lines count their problems" plants_count
t "--range: post-closure-edit turned to error does not make its old problem new" counts pii-error 1 0
t "--range: the merge's line counts nothing" counts merge 0 0
t "--range: every other commit's line counts nothing" \
	count "$tmp/full.err" ': 0 new errors, 0 new warnings$' $((nc - 13))

# ---- the same bytes without reusing what the commit before read
SVCGEN_NO_LOAD_CACHE=1
export SVCGEN_NO_LOAD_CACHE
sv full-nocache check . --range base..HEAD --as-of "$AS_OF"
unset SVCGEN_NO_LOAD_CACHE
t "SVCGEN_NO_LOAD_CACHE=1: the same stdout" same "$tmp/full" "$tmp/full-nocache"
t "SVCGEN_NO_LOAD_CACHE=1: the same stderr" same "$tmp/full.err" "$tmp/full-nocache.err"
t "SVCGEN_NO_LOAD_CACHE=1: the same exit status" exits full-nocache 1
# Three parsing threads, each keeping what it parsed in an arena of its own.
SVCGEN_JOBS=3
export SVCGEN_JOBS
sv full-jobs check . --range base..HEAD --as-of "$AS_OF"
unset SVCGEN_JOBS
jobs_same() { same "$tmp/full" "$tmp/full-jobs" && same "$tmp/full.err" "$tmp/full-jobs.err"; }
t "SVCGEN_JOBS=3: the same bytes" jobs_same

# ---- a sub-range: its commits' lines, as the full range has them
sv mid check . --range mid-from..mid-to --as-of "$AS_OF"
nm=$(git -C "$repo" rev-list --count mid-from..mid-to)
sub_lines() {
	git -C "$repo" rev-list mid-from..mid-to | cut -c1-7 >"$tmp/revs"
	awk 'NR == FNR { in_range[$1] = 1; next }
		{ h = $0; sub(/.*\(introduced in /, "", h); sub(/\).*/, "", h) }
		in_range[h]' "$tmp/revs" "$tmp/full" >"$tmp/want"
	[ -s "$tmp/want" ] || why "no line of the full range is in the sub-range"
	same "$tmp/want" "$tmp/mid" && [ -s "$tmp/want" ]
}
t "--range over the middle $nm commits: the full range's lines for them" sub_lines
t "--range over the middle commits: 3 problems (a warning, the side branch's, pii-in-body as an error)" \
	count "$tmp/mid" '\(introduced in ' 3
sub_err() {
	commit_lines full mid-from..mid-to >"$tmp/want"
	grep '^svcgen: [0-9a-f]\{7\} ' "$tmp/mid.err" >"$tmp/got"
	[ "$(grep -c '' "$tmp/want")" = "$nm" ] || why "$(grep -c '' "$tmp/want") lines in the full range for $nm commits"
	same "$tmp/want" "$tmp/got" && [ "$(grep -c '' "$tmp/want")" = "$nm" ]
}
t "--range over the middle commits: the full range's stderr lines for them" sub_err
t "--range over the middle commits: exit 1" exits mid 1
SVCGEN_NO_LOAD_CACHE=1
export SVCGEN_NO_LOAD_CACHE
sv mid-nocache check . --range mid-from..mid-to --as-of "$AS_OF"
unset SVCGEN_NO_LOAD_CACHE
mid_same() { same "$tmp/mid" "$tmp/mid-nocache" && same "$tmp/mid.err" "$tmp/mid-nocache.err"; }
t "--range over the middle commits, SVCGEN_NO_LOAD_CACHE=1: the same bytes" mid_same

# ---- warnings only: exit 0, unless --werror
sv warn check . --range close..edit-closed --as-of "$AS_OF"
warn_only() { exits warn 0 && count "$tmp/warn" '' 1 && has "$tmp/warn" '\[post-closure-edit\]$'; }
t "--range with only a warning introduced: exit 0, the warning" warn_only
sv warn-werror check . --range close..edit-closed --as-of "$AS_OF" --werror
t "--range with only a warning introduced, --werror: exit 1" exits warn-werror 1
sv reopen check . --range close2..reclose --as-of "$AS_OF"
reopen_quiet() {
	exits reopen 0 && count "$tmp/reopen" '' 0 &&
		count "$tmp/reopen.err" '^svcgen: [0-9a-f]{7} .*: 0 new errors, 0 new warnings$' \
			"$(git -C "$repo" rev-list --count close2..reclose)"
}
t "--range over close, reopen, edit, close again: nothing, exit 0" reopen_quiet

# ---- json and sarif say what text says
if ! command -v node >/dev/null 2>&1; then
	echo "not ok - node, which reads svcgen's JSON here, is missing (sh tests/install-deps.sh test)"
	exit 0
fi
# as_text FILE: the diagnostics of json (or sarif) FILE as text lines
as_text() {
	# shellcheck disable=SC2016 # JavaScript's ${}
	node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const line = (p, l, c, s, m, r) => console.log(`${p}:${l}:${c}: ${s}: ${m} [${r}]`);
if (j.diagnostics)
	for (const d of j.diagnostics) line(d.path, d.line, d.column, d.severity, d.message, d.rule);
else
	for (const r of j.runs[0].results) {
		const loc = r.locations[0].physicalLocation;
		line(loc.artifactLocation.uri, loc.region.startLine, loc.region.startColumn,
			r.level, r.message.text, r.ruleId);
	}
' "$1" 2>>"$tmp/why"
}
as_full() { exits "full-$1" 1 && same "$tmp/full" "$tmp/full-$1.txt"; }
for f in json sarif; do
	sv "full-$f" check . --range base..HEAD --as-of "$AS_OF" --format "$f"
	as_text "$tmp/full-$f" >"$tmp/full-$f.txt"
	t "--range --format $f: the same problems as text, in the same order" \
		as_full "$f"
	sed '$d' "$tmp/full.err" >"$tmp/want"
	t "--range --format $f: the same per-commit lines on stderr" same "$tmp/want" "$tmp/full-$f.err"
done

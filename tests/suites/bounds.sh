#!/bin/sh
# Edges of what svcgen takes in, where output must stay honest:
#   - empty and nearly empty records folders through every command (under
#     make asan these runs are where a NULL array reached memcpy or bsearch)
#   - dates whose local year leaves 0001-9999, in records and in commit
#     times (docs/records.md "Dates and times", docs/history.md)
#   - money at its maximum per field, and sums of many such fields
#     (docs/records.md, docs/metrics.md "cost")
#   - CSV cells that a spreadsheet would run as formulas (docs/site.md)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tpl=$PWD/templates

# Commits made here do not read the machine's git configuration.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_AUTHOR_NAME='王工' GIT_AUTHOR_EMAIL='wang@jnev.example.cn'
export GIT_COMMITTER_NAME='售后档案管理' GIT_COMMITTER_EMAIL='records@jnev.example.cn'
export GIT_AUTHOR_DATE='2026-03-01T10:00:00+08:00' GIT_COMMITTER_DATE='2026-03-01T10:00:00+08:00'
g() { git -c init.defaultBranch=main -c core.autocrlf=false -c commit.gpgsign=false "$@"; }

# commit DIR SUMMARY: DIR made a git repository (once) and everything in it committed.
commit() {
	[ -d "$1/.git" ] || g init -q "$1"
	g -C "$1" add -A
	g -C "$1" commit -q --allow-empty -m "$2"
}

# run NAME WANT CMD...: runs CMD, stdout in $tmp/out and stderr in $tmp/err;
# ok when it exits WANT, without a crash or a sanitizer report.
run() {
	run_name=$1 run_want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	run_rc=$?
	if [ "$run_rc" -ge 128 ]; then
		run_why="crashed (exit status $run_rc)"
	elif grep -q -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$tmp/err"; then
		run_why="sanitizer report"
	elif [ "$run_rc" != "$run_want" ]; then
		run_why="exit status $run_rc, expected $run_want"
	else
		echo "ok - $run_name"
		return 0
	fi
	echo "not ok - $run_name: $run_why"
	sed 's/^/    /' "$tmp/err" | head -8
	return 1
}

# expect NAME TEST...: ok when the test command succeeds.
expect() {
	expect_name=$1
	shift
	if "$@"; then
		echo "ok - $expect_name"
	else
		echo "not ok - $expect_name"
	fi
}

# JSON FILE EXPR: node evaluates EXPR with `j` the parsed file; true when it is truthy.
json() {
	node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.exit((0, eval)("(j) => (" + process.argv[2] + ")")(j) ? 0 : 1)' "$1" "$2"
}

# ---- empty and nearly empty folders ---------------------------------------

mkdir -p "$tmp/e/empty" "$tmp/e/config-only" "$tmp/e/one-customer/customers" \
	"$tmp/e/deep-yaml/customers"
printf 'title: 空\n' >"$tmp/e/config-only/svcgen.yaml"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' \
	>"$tmp/e/one-customer/customers/C-0001.yaml"
# The only record is nested 40 deep: one record, too-deep.
deep='[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'
printf 'id: C-0001\nname: 深\nregion: 华东\nx-nest: %s\n' "$deep" \
	>"$tmp/e/deep-yaml/customers/C-0001.yaml"
# The only record is in folders nested 260 deep: no record is read, too-deep.
p=$tmp/e/deep-folders/customers
i=0
while [ $i -lt 260 ]; do
	p=$p/d i=$((i + 1))
done
mkdir -p "$p"
printf 'id: C-0001\nname: 深\nregion: 华东\n' >"$p/C-0001.yaml"
cases='empty config-only one-customer deep-yaml deep-folders'
for c in $cases; do
	commit "$tmp/e/$c" "$c"
done

for c in $cases; do
	r=$tmp/e/$c
	files=0 want=0 commits=0
	case $c in one-customer | deep-yaml) files=1 ;; esac
	case $c in deep-*) want=1 ;; esac
	case $c in one-customer | deep-yaml) commits=1 ;; esac
	if run "$c: check exits $want" "$want" "$SVCGEN" check "$r" --as-of 2026-11-27; then
		if [ "$want" = 1 ]; then
			expect "$c: check reports too-deep" grep -q ': error: .*\[too-deep\]$' "$tmp/out"
		else
			expect "$c: check prints no diagnostic" test ! -s "$tmp/out"
		fi
		expect "$c: check counts $files files" \
			grep -q "^svcgen: $want errors\?, 0 warnings in $files files\$" "$tmp/err"
	fi
	for f in json sarif junit github; do
		run "$c: check --format $f exits $want" "$want" \
			"$SVCGEN" check "$r" --as-of 2026-11-27 --format "$f"
	done
	run "$c: check --new-since HEAD exits 0" 0 \
		"$SVCGEN" check "$r" --as-of 2026-11-27 --new-since HEAD
	if run "$c: build exits $want" "$want" \
		"$SVCGEN" build "$r" -o "$tmp/site-$c" --as-of 2026-11-27 --templates "$tpl"; then
		expect "$c: the site has its pages" test -s "$tmp/site-$c/index.html" \
			-a -s "$tmp/site-$c/reports/index.html" -a -s "$tmp/site-$c/stats/cost.csv" \
			-a -s "$tmp/site-$c/validation.html"
		expect "$c: the site's stats.json says no tickets" \
			json "$tmp/site-$c/stats/stats.json" 'j.cost.tickets === 0 && j.cost.per_ticket.total === null'
	fi
	if run "$c: stats exits 0" 0 "$SVCGEN" stats "$r" --as-of 2026-11-27; then
		expect "$c: stats shows every figure as n/a" \
			test "$(grep -c ' n/a ' "$tmp/out")" -eq 8
	fi
	if run "$c: stats --format csv exits 0" 0 "$SVCGEN" stats "$r" --as-of 2026-11-27 --format csv; then
		expect "$c: stats csv has a header and 8 rows of no value" \
			test "$(head -1 "$tmp/out")" = 'all,metric,value,num,den,target,target_source,met' \
			-a "$(grep -c '^all,[a-z_]*,,0,0,' "$tmp/out")" -eq 8
	fi
	if run "$c: stats --format json exits 0" 0 "$SVCGEN" stats "$r" --as-of 2026-11-27 --format json; then
		expect "$c: stats json has no figure and no ticket" json "$tmp/out" \
			'Object.values(j.metrics).every(m => m.value === null) && j.cost.tickets === 0 && Object.keys(j.by_month).length === 0'
	fi
	if run "$c: log --all exits 0" 0 "$SVCGEN" log --all "$r"; then
		if [ "$commits" = 1 ]; then
			expect "$c: log --all lists the commit that added C-0001" \
				grep -q "^    added    C-0001\$" "$tmp/out"
		else
			expect "$c: log --all lists nothing" test ! -s "$tmp/out"
		fi
	fi
	if run "$c: log --all --format json exits 0" 0 "$SVCGEN" log --all "$r" --format json; then
		expect "$c: log json lists $commits commits" json "$tmp/out" "j.commits.length === $commits"
	fi
done
mkdir -p "$tmp/e/no-git"
run "a folder outside git: log --all is an I/O failure" 3 \
	env GIT_CEILING_DIRECTORIES="$tmp" "$SVCGEN" log --all "$tmp/e/no-git"

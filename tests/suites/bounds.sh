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
	files=0 want=0 # record files read (one commit added each), exit status
	case $c in one-customer | deep-yaml) files=1 ;; esac
	case $c in deep-*) want=1 ;; esac
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
		# The table speaks the config's language, zh-CN by default: n/a is 无数据.
		expect "$c: stats shows every figure as n/a" \
			test "$(grep -c ' 无数据 ' "$tmp/out")" -eq 8
	fi
	if run "$c: stats --format csv exits 0" 0 "$SVCGEN" stats "$r" --as-of 2026-11-27 --format csv; then
		expect "$c: stats csv has a header and 8 rows of no value" \
			test "$(head -1 "$tmp/out")" = 'all,metric,value,num,den,target,target_source,met,rate' \
			-a "$(grep -c '^all,[a-z_]*,,0,0,' "$tmp/out")" -eq 8
	fi
	if run "$c: stats --format json exits 0" 0 "$SVCGEN" stats "$r" --as-of 2026-11-27 --format json; then
		expect "$c: stats json has no figure and no ticket" json "$tmp/out" \
			'Object.values(j.metrics).every(m => m.value === null) && j.cost.tickets === 0 && Object.keys(j.by_month).length === 0'
	fi
	if run "$c: log --all exits 0" 0 "$SVCGEN" log --all "$r"; then
		if [ "$files" = 1 ]; then
			expect "$c: log --all lists the commit that added C-0001" \
				grep -q "^    added    C-0001\$" "$tmp/out"
		else
			expect "$c: log --all lists nothing" test ! -s "$tmp/out"
		fi
	fi
	if run "$c: log --all --format json exits 0" 0 "$SVCGEN" log --all "$r" --format json; then
		expect "$c: log json lists $files commits" json "$tmp/out" "j.commits.length === $files"
	fi
done
mkdir -p "$tmp/e/no-git"
run "a folder outside git: log --all is an I/O failure" 3 \
	env GIT_CEILING_DIRECTORIES="$tmp" "$SVCGEN" log --all "$tmp/e/no-git"

# ---- dates past 9999-12-31 ------------------------------------------------

# A ticket reported at 9999-12-31T20:00Z: 10000-01-01 at +08:00.
r=$tmp/d/far
mkdir -p "$r/customers" "$r/service"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\nsince: 9999-12-31\n' \
	>"$r/customers/C-0001.yaml"
printf -- '---\nid: SR-0001\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 9999-12-31T20:00Z\n---\n' \
	>"$r/service/SR-0001.md"
printf -- '---\nid: SR-0002\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 9999-12-31T15:59Z\n---\n' \
	>"$r/service/SR-0002.md"
printf -- '---\nid: SR-0003\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 0001-01-01T07:59+08:00\n---\n' \
	>"$r/service/SR-0003.md"
if run "a datetime past 9999-12-31 in local time: check exits 1" 1 \
	"$SVCGEN" check "$r" --as-of 2026-11-27; then
	expect "it is a type error at the value, naming the range and the zone" grep -qxF \
		"$r/service/SR-0001.md:6:11: error: reported: expected a date and time from 0001-01-01 to 9999-12-31 in the configured time zone (+08:00), found '9999-12-31T20:00Z' [type]" \
		"$tmp/out"
	expect "the last and the first supported local minutes are accepted" \
		test "$(wc -l <"$tmp/out")" -eq 1
fi
printf 'timezone: "-05:00"\n' >"$r/svcgen.yaml"
if run "0001-01-01T00:00Z at -05:00: check exits 1" 1 "$SVCGEN" check "$r" --as-of 2026-11-27; then
	expect "it is 0000-12-31 there: a type error" \
		grep -q "SR-0003.md:6:11: error: reported: expected a date and time from 0001-01-01 to 9999-12-31 in the configured time zone (-05:00), found '0001-01-01T07:59+08:00' \[type\]\$" "$tmp/out"
fi
rm "$r/svcgen.yaml"
if run "a datetime past 9999-12-31: build exits 1" 1 \
	"$SVCGEN" build "$r" -o "$tmp/site-far" --as-of 2026-11-27 --templates "$tpl"; then
	expect "no report of year 0000, and the year 9999 ones" \
		test ! -e "$tmp/site-far/reports/month-0000-01.html" \
		-a -s "$tmp/site-far/reports/month-9999-12.html" \
		-a -s "$tmp/site-far/reports/week-9999-W52.html" \
		-a -s "$tmp/site-far/reports/month-0001-01.html"
	expect "no date of year 0000 anywhere on the site" \
		test -z "$(grep -rl '0000-[01][0-9]' "$tmp/site-far")"
	expect "the week 9999-W52 ends with the calendar" \
		grep -q '<time datetime="9999-12-27">9999-12-27</time> – <time datetime="9999-12-31">9999-12-31</time>' "$tmp/site-far/reports/week-9999-W52.html"
fi
# As of 0001-03-01 the dashboard's trends of the last 12 months start in 0001-01.
if run "as of 0001-03-01: build exits 0" 0 "$SVCGEN" build "$tmp/e/one-customer" \
	-o "$tmp/site-year-1" --as-of 0001-03-01 --templates "$tpl"; then
	expect "as of 0001-03-01: the trends start in 0001-01, no month of year 0000" \
		test -z "$(grep -l '0000-[01][0-9]' "$tmp/site-year-1/index.html")" \
		-a "$(grep -c '0001-01 – 0001-03' "$tmp/site-year-1/index.html")" -gt 0
fi
run "--period 0000 is a usage error" 2 "$SVCGEN" stats "$tmp/e/one-customer" --period 0000

# A commit whose author and committer time is 99999999999999 (year 3170843),
# after one of 2026. Written by hand: git may refuse such a date.
r=$tmp/d/git-far
mkdir -p "$r/customers"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
commit "$r" "C-0001 added"
printf 'id: C-0002\nname: 宁波海天精工\nregion: 华东\n' >"$r/customers/C-0002.yaml"
g -C "$r" add -A
tree=$(g -C "$r" write-tree)
parent=$(g -C "$r" rev-parse HEAD)
printf 'tree %s\nparent %s\nauthor 王工 <wang@jnev.example.cn> 99999999999999 +0000\ncommitter 售后档案管理 <records@jnev.example.cn> 99999999999999 +0000\n\nC-0002 added far ahead\n' \
	"$tree" "$parent" >"$tmp/far-commit"
far=$(g -C "$r" hash-object -t commit -w "$tmp/far-commit" 2>/dev/null ||
	g -C "$r" hash-object -t commit -w --literally "$tmp/far-commit")
g -C "$r" update-ref refs/heads/main "$far"
short=$(echo "$far" | cut -c1-7)

if run "commit time 99999999999999: log --all exits 0" 0 "$SVCGEN" log --all "$r"; then
	expect "log --all says the time is invalid" grep -q "^$short invalid time 王工: C-0002 added far ahead\$" "$tmp/out"
	expect "log --all shows no wrapped or huge year" test -z "$(grep -E '0000-|3170843' "$tmp/out")"
	expect "log --all keeps the other commit's date" grep -q ' 2026-03-01 10:00 +0800 王工: C-0001 added$' "$tmp/out"
fi
if run "commit time 99999999999999: log --all --format json exits 0" 0 \
	"$SVCGEN" log --all "$r" --format json; then
	expect "log json: the date is null and marked invalid" json "$tmp/out" \
		"j.commits[0].date === null && j.commits[0].invalid_time === true && j.commits[1].date === '2026-03-01 10:00 +0800' && !('invalid_time' in j.commits[1])"
fi
if run "commit time 99999999999999: log C-0002 --format json exits 0" 0 \
	"$SVCGEN" log C-0002 "$r" --format json; then
	expect "log ID json: the date is null and marked invalid" json "$tmp/out" \
		"j.events[0].date === null && j.events[0].invalid_time === true && j.events[0].time === 99999999999999"
fi
run "commit time 99999999999999: log C-0002 exits 0" 0 "$SVCGEN" log C-0002 "$r" &&
	expect "log ID says the time is invalid" grep -q "^$short invalid time 王工\$" "$tmp/out"
for cmd in check build stats; do
	set -- "$SVCGEN" "$cmd" "$r" --rev HEAD
	[ "$cmd" = build ] && set -- "$@" -o "$tmp/site-git-far-now" --templates "$tpl"
	if run "commit time 99999999999999: $cmd --rev HEAD cannot take today from it (exit 2)" 2 "$@"; then
		expect "$cmd --rev HEAD says why and what to do" grep -qxF \
			"svcgen: the committer time of $short (99999999999999 s) is not on a date from 0001-01-01 to 9999-12-31 in the configured time zone: give the date to use with --as-of DATE" \
			"$tmp/err"
	fi
done
expect "build --rev HEAD wrote no site" test ! -e "$tmp/site-git-far-now"
run "SOURCE_DATE_EPOCH=99999999999999: check cannot take today from it (exit 2)" 2 \
	env SOURCE_DATE_EPOCH=99999999999999 "$SVCGEN" check "$r" &&
	expect "check says SOURCE_DATE_EPOCH is out of the range" grep -qxF \
		"svcgen: SOURCE_DATE_EPOCH (99999999999999 s) is not on a date from 0001-01-01 to 9999-12-31 in the configured time zone" \
		"$tmp/err"
for lang in zh-CN en; do
	o=$tmp/site-git-far-$lang
	if run "commit time 99999999999999: build --rev HEAD --as-of ($lang) exits 0" 0 \
		"$SVCGEN" build "$r" --rev HEAD --as-of 2026-11-27 --lang "$lang" -o "$o" --templates "$tpl"; then
		word='无效时间'
		[ "$lang" = en ] && word='invalid time'
		expect "$lang: the change log says the time is invalid" \
			grep -q "<span class=\"date\">$word</span>" "$o/changes/index.html"
		expect "$lang: the record's audit trail says the time is invalid" \
			grep -q "<span class=\"date\">$word</span>" "$o/customers/C-0002.html"
		expect "$lang: the as-of date is the one given" grep -q '2026-11-27' "$o/index.html"
		expect "$lang: no wrapped or huge year anywhere on the site" \
			test -z "$(grep -rlE '0000-[01][0-9]|3170843' "$o")"
		if xmllint --noout "$o/changes.atom" 2>"$tmp/xml"; then
			echo "ok - $lang: changes.atom is well-formed"
		else
			echo "not ok - $lang: changes.atom: $(head -3 "$tmp/xml")"
		fi
		expect "$lang: the feed leaves the commit out, and is as new as the other" \
			test "$(grep -c '<entry>' "$o/changes.atom")" = 1 \
			-a "$(grep -c '<updated>2026-03-01T02:00:00Z</updated>' "$o/changes.atom")" = 2
	fi
done

# ---- money at its maximum -------------------------------------------------

# ticket ROOT N COST: service ticket SR-N of ROOT, reported in March 2026, with cost COST.
ticket() {
	printf -- '---\nid: SR-%s\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-01T10:00\ncost: %s\n---\n' \
		"$2" "$3" >"$1/service/SR-$2.md"
}

# 200 tickets of 999,999,999,999,999.99 each: beyond the maximum of a field.
r=$tmp/m/over
mkdir -p "$r/customers" "$r/service"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
i=100
while [ $i -lt 300 ]; do
	ticket "$r" $i '{labor: 999999999999999.99, parts: 1.00}'
	i=$((i + 1))
done
if run "money over 999999999999.99: check exits 1" 1 "$SVCGEN" check "$r" --as-of 2026-11-27; then
	expect "each such amount is a type error at the value" test "$(grep -cxF \
		"$r/service/SR-100.md:7:15: error: labor: expected an amount of money of at most 999999999999.99, found '999999999999999.99' [type]" \
		"$tmp/out")" = 1 -a "$(grep -c ': error: labor: expected an amount of money of at most 999999999999.99, found .* \[type\]$' "$tmp/out")" = 200
fi
if run "money over the maximum: stats --format json exits 0" 0 \
	"$SVCGEN" stats "$r" --as-of 2026-11-27 --format json; then
	expect "the amounts refused count for nothing, and the total is not less than its parts" \
		json "$tmp/out" 'j.cost.tickets === 200 && j.cost.labor === 0 && j.cost.parts === 200 && j.cost.total === 200 && j.cost.per_ticket.total === 1'
fi

# 200 tickets at the maximum, and parts of 199 maximums and 0.09: the sums
# need more than 64 bits to be rounded; by hand (exact decimals, half away
# from zero, docs/metrics.md):
#   labor  200 x 999999999999.99        = 199999999999998      / 200 = 999999999999.99
#   parts  199 x 999999999999.99 + 0.09 = 198999999999998.10   / 200 = 994999999999.9905  -> .991
#   total                                 398999999999996.10   / 200 = 1994999999999.9805 -> .981
r=$tmp/m/max
mkdir -p "$r/customers" "$r/service"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
i=100
while [ $i -lt 300 ]; do
	p=999999999999.99
	[ $i = 299 ] && p=0.09
	ticket "$r" $i "{labor: 999999999999.99, parts: $p}"
	i=$((i + 1))
done
want='"cost": {"tickets": 200, "labor": 199999999999998, "parts": 198999999999998.1, "travel": 0, "total": 398999999999996.1, "per_ticket": {"labor": 999999999999.99, "parts": 994999999999.991, "travel": 0, "total": 1994999999999.981}}'
run "money at the maximum: check exits 0" 0 "$SVCGEN" check "$r" --as-of 2026-11-27
if run "money at the maximum: stats --format json exits 0" 0 \
	"$SVCGEN" stats "$r" --as-of 2026-11-27 --format json; then
	expect "stats json: exact sums and per-ticket figures" grep -qF "  $want," "$tmp/out"
fi
if run "money at the maximum: build exits 0" 0 \
	"$SVCGEN" build "$r" -o "$tmp/site-money" --as-of 2026-11-27 --templates "$tpl"; then
	s=$tmp/site-money/stats
	expect "the site's stats.json: the same figures" grep -qF "  $want," "$s/stats.json"
	expect "the site's cost.json: the same figures" grep -qF "  $want" "$s/cost.json"
	printf '%s\r\n' 'item,total,per_ticket' 'labor,199999999999998,999999999999.99' \
		'parts,198999999999998.1,994999999999.991' 'travel,0,0' \
		'total,398999999999996.1,1994999999999.981' >"$tmp/cost.csv"
	if diff -u "$tmp/cost.csv" "$s/cost.csv" >"$tmp/diff"; then
		echo "ok - cost.csv: the same figures, rounded the same way"
	else
		echo "not ok - cost.csv differs from the figures of stats.json:"
		sed 's/^/    /' "$tmp/diff"
	fi
	expect "cost.html: sums and per-ticket figures to the cent" \
		grep -q '994999999999\.99<' "$s/cost.html"
fi

# ---- CSV cells a spreadsheet would run ------------------------------------

# Text from records and config that starts with = + - @ or a tab: a staff
# name, a part name, a batch, a region. Every text cell of every CSV must
# come out quoted with a ' before it; figures (numbers) stay as they are.
r=$tmp/c/formulas
mkdir -p "$r/customers" "$r/staff" "$r/parts" "$r/equipment" "$r/service"
printf 'regions: ["=1+1", 华东]\nmodels: [EV-100]\n' >"$r/svcgen.yaml"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: "=1+1"\n' >"$r/customers/C-0001.yaml"
printf 'id: ST-001\nname: '"'"'=HYPERLINK("http://evil.example/","x")'"'"'\nrole: technician\n' \
	>"$r/staff/ST-001.yaml"
# (A tab or CR in a string field is a type error: the unit test covers them.)
printf 'id: ST-002\nname: "-2+3"\nrole: technician\n' >"$r/staff/ST-002.yaml"
printf 'id: P-MOT\nname: "+cmd|'"'"' /C calc'"'"'!A0"\nkey: true\n' >"$r/parts/P-MOT.yaml"
printf 'id: E-0001\nmodel: EV-100\ncustomer: C-0001\ndelivered: 2026-01-05\nwarranty_until: 2028-01-04\nstatus: in_service\ncomponents:\n  - {part: P-MOT, serial: M1, batch: "@SUM(A1:A9)"}\n' \
	>"$r/equipment/E-0001.yaml"
printf -- '---\nid: SR-0001\ntype: onsite_repair\nstatus: in_progress\ncustomer: C-0001\nequipment: [E-0001]\nreported: 2026-03-01T10:00\narrived: 2026-03-01T12:00\ntechnicians: [ST-001, ST-002]\nfault: {component: P-MOT, category: electrical, description: 过热}\ncost: {labor: 100}\n---\n' \
	>"$r/service/SR-0001.md"
run "formula-like text: check exits 0" 0 "$SVCGEN" check "$r" --as-of 2026-11-27
# csvcheck FILE...: every cell of every row (RFC 4180, as a spreadsheet reads
# it) that starts with = + - @, a tab or a carriage return is a number.
cat >"$tmp/csvcheck.js" <<'EOS'
const fs = require("fs");
const bad = [];
for (const f of process.argv.slice(2)) {
	const t = fs.readFileSync(f, "utf8"), cells = [];
	let cell = "", quoted = false;
	for (let i = 0; i < t.length; i++) {
		const c = t[i];
		if (quoted) {
			if (c === '"' && t[i + 1] === '"') { cell += '"'; i++; }
			else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === "," || c === "\n") { cells.push(cell); cell = ""; }
		else if (!(c === "\r" && t[i + 1] === "\n")) cell += c;
	}
	for (const v of cells)
		if (/^[=+\-@\t\r]/.test(v) && !/^-?[0-9]+(\.[0-9]+)?$/.test(v))
			bad.push(f.replace(/.*\//, "") + ": " + JSON.stringify(v));
}
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
EOS
if run "formula-like text: build exits 0" 0 \
	"$SVCGEN" build "$r" -o "$tmp/site-csv" --as-of 2026-11-27 --templates "$tpl"; then
	s=$tmp/site-csv/stats
	if node "$tmp/csvcheck.js" "$s"/*.csv >"$tmp/bad"; then
		echo "ok - no cell of stats/*.csv starts a formula ($(ls "$s"/*.csv | wc -l | tr -d ' ') files)"
	else
		echo "not ok - cells of stats/*.csv that start a formula:"
		sed 's/^/    /' "$tmp/bad"
	fi
	expect "staff.csv: the name is quoted with a ' before it" grep -qF \
		"ST-001,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",1," "$s/staff.csv"
	expect "staff.csv: a leading minus too" grep -qF "ST-002,\"'-2+3\",1," "$s/staff.csv"
	expect "key-parts.csv: the part's name" grep -qF \
		"P-MOT,\"'+cmd|' /C calc'!A0\",5,1,0" "$s/key-parts.csv"
	expect "key-parts-batches.csv: the batch" grep -qF "P-MOT,\"'@SUM(A1:A9)\",1" \
		"$s/key-parts-batches.csv"
	expect "by-region.csv: the region" grep -qF "\"'=1+1\",arrival_hours,2.000,1,1,24,config,met" "$s/by-region.csv"
fi
if run "formula-like text: stats --by region --format csv exits 0" 0 \
	"$SVCGEN" stats "$r" --as-of 2026-11-27 --by region --format csv; then
	expect "stats csv: the region is quoted with a ' before it" \
		grep -qF "\"'=1+1\",arrival_hours,2.000,1,1,24,config,met" "$tmp/out"
	if node "$tmp/csvcheck.js" "$tmp/out" >"$tmp/bad"; then
		echo "ok - no cell of svcgen stats --format csv starts a formula"
	else
		echo "not ok - cells of svcgen stats --format csv that start a formula:"
		sed 's/^/    /' "$tmp/bad"
	fi
fi

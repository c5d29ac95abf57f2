#!/bin/sh
# svcgen and git: audit trails against git's own answer, field-level diffs,
# check --rev, --range and --new-since, the history cache, audit findings.
# The repositories come from tests/git-fixtures.sh (fixed authors, dates and
# trailers: the same hashes everywhere), built once into a temporary folder.
set -u
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE SVCGEN_NO_HISTORY_CACHE SOURCE_DATE_EPOCH
if ! command -v node >/dev/null 2>&1; then
	echo "not ok - node, which reads svcgen's JSON here, is missing (sh tests/install-deps.sh test)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$tmp/fx
if ! sh tests/git-fixtures.sh "$fx" >"$tmp/fixtures.log" 2>&1; then
	echo "not ok - tests/git-fixtures.sh builds the fixture repositories"
	sed 's/^/    /' "$tmp/fixtures.log" | tail -5
	exit 0
fi

# ---- helpers

# t, why, quote, sv, exits, has, lacks, count, same
# shellcheck source=tests/suite-lib.sh
. tests/suite-lib.sh

# js FILE EXPR: EXPR evaluated in node with j = the JSON of FILE; arrays
# (flattened) print one item a line, objects as JSON.
js() {
	node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = eval(process.argv[2]);
for (const x of [].concat(r).flat(Infinity))
	console.log(typeof x === "object" && x !== null ? JSON.stringify(x) : String(x));
' "$1" "$2" 2>>"$tmp/why"
}

is() { # FILE EXPR WANT: EXPR on the JSON of FILE prints exactly WANT
	got=$(js "$1" "$2")
	[ "$got" = "$3" ] && return 0
	why "$2:" "  got:  $(printf '%s' "$got" | head -5)" "  want: $3"
	return 1
}

quiet() { # NAME WANT: exit status WANT and nothing on stdout
	exits "$@" && [ ! -s "$tmp/$1" ] && return 0
	why "stdout:"
	quote "$tmp/$1"
	return 1
}

short() { git -C "$fx/$1" rev-parse "$2" | cut -c1-7; }
full() { git -C "$fx/$1" rev-parse "$2"; }

# ev HASH: a JS expression for the event of trail j made by commit HASH.
ev() { echo "j.events.find(e => e.commit === '$1')"; }

# ---- 1. trails hold exactly git's commits

kinds='customers|equipment|service|visits|complaints|standards|staff|parts|shipments|dealers'

blob() { git -C "$1" rev-parse -q --verify "$2:$3" 2>/dev/null || echo absent; }

merge_changed() { # REPO MERGE PATH: PATH at MERGE differs from that of every parent
	at=$(blob "$1" "$2" "$3")
	for parent in $(git -C "$1" rev-parse "$2^@"); do
		[ "$(blob "$1" "$parent" "$3")" = "$at" ] && return 1
	done
	return 0
}

git_trail() { # REPO PATH...: the commits a trail of these paths must hold, sorted
	r=$1
	shift
	{
		git -C "$r" log --full-history --no-merges --format=%H HEAD -- "$@"
		for m in $(git -C "$r" rev-list --merges HEAD); do
			for p; do merge_changed "$r" "$m" "$p" && echo "$m"; done
		done
	} | sort -u
}

# trails_match FIXTURE [PREFIX]: for every record id in HEAD's history (under
# PREFIX/), `svcgen log ID` lists the commits git_trail gives for its paths:
# one path for most, every path of a moved record.
trails_match() {
	repo=$fx/$1 prefix=${2:+$2/}
	git -C "$repo" log --format= --name-only --no-renames --full-history HEAD |
		grep -E "^$prefix($kinds)/.*\.(ya?ml|md)\$" | sort -u >"$tmp/paths"
	ids=$(awk -F/ '{ f = $NF; sub(/\.[^.]*$/, "", f); print f }' "$tmp/paths" | sort -u)
	n=0 bad=0
	for id in $ids; do
		paths=$(awk -F/ -v id="$id" '{ f = $NF; sub(/\.[^.]*$/, "", f) } f == id' "$tmp/paths")
		# shellcheck disable=SC2086
		git_trail "$repo" $paths >"$tmp/want"
		"$SVCGEN" log "$id" "$repo/$prefix" --format json >"$tmp/trail.json" 2>"$tmp/trail.err"
		js "$tmp/trail.json" 'j.events.map(e => e.commit)' | sort >"$tmp/got"
		n=$((n + 1))
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			bad=$((bad + 1))
			why "$id ($(printf '%s' "$paths" | tr '\n' ' ')): - git only, + svcgen only"
			diff "$tmp/want" "$tmp/got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' |
				while read -r sign h; do
					echo "|   $sign $(git -C "$repo" log -1 --format='%h %s' "$h" 2>/dev/null || echo "$h")"
				done >>"$tmp/why"
		fi
	done
	[ "$n" -ge 5 ] || why "only $n records found"
	[ "$bad" -eq 0 ] && [ "$n" -ge 5 ]
}

for f in linear merges moves rev range detached shallow; do
	t "trails hold exactly git's commits: $f" trails_match "$f"
done
t "trails hold exactly git's commits: records in a sub-folder" trails_match subdir data/records

# Merges, by name.
sv sr-merges log SR-0001 "$fx/merges" --format json
sv c-merges log C-0001 "$fx/merges" --format json
sv ev-merges log EV200-0001 "$fx/merges" --format json
sv st-merges log ST-001 "$fx/merges" --format json
sv oil-merges log P-OIL-01 "$fx/merges" --format json
conflict=$(full merges ":/工时核定为 10")
clean=$(full merges ":/Merge branch 'clean'")
octopus=$(full merges ":/Merge branches 'oct1'")
twin=$(full merges ":/Merge branch 'twin'")
t "a conflict resolved to a third value is in the trail, 9 → 10" \
	is "$tmp/sr-merges" "[$(ev "$conflict")].map(e => e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" 'labor_hours: 9 → 10'
t "a clean merge joining two edits of one file is in that file's trail" \
	is "$tmp/c-merges" "j.events.some(e => e.commit === '$clean')" true
t "a clean merge is not in the trail of a record only one side changed" \
	is "$tmp/ev-merges" "j.events.some(e => e.commit === '$clean')" false
t "an octopus merge's own edit is in the trail" \
	is "$tmp/st-merges" "[$(ev "$octopus")].map(e => e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" 'joined: 2018-04-08 → 2018-04-09'
sv old-merges log P-OLD-01 "$fx/merges" --format json
t "a modify/delete conflict resolved by the delete: the record is deleted" \
	is "$tmp/old-merges" "j.deleted + ' ' + j.events.filter(e => e.change === 'deleted').map(e => e.author)" 'true 李工'
t "the same edit on two branches: both commits, not the merge" \
	is "$tmp/oil-merges" "j.events.filter(e => /供应商/.test(e.summary) || e.commit === '$twin').map(e => e.summary).sort()" "P-OIL-01: 供应商
P-OIL-01: 供应商（分支）"

# Moves: one trail, the move as one event.
sv c-moves log C-0001 "$fx/moves" --format json
sv oil-moves log P-OIL-01 "$fx/moves" --format json
sv ev-moves log EV200-0001 "$fx/moves" --format json
sv sr-moves log SR-0001 "$fx/moves" --format json
sv c-moves.txt log C-0001 "$fx/moves"
t "a renamed record keeps one trail: added, moved, changed" \
	is "$tmp/c-moves" "j.events.map(e => e.change + ' ' + (e.old_path || '-') + ' ' + e.path)" \
	"changed customers/xinan/C-0001.yaml customers/xinan/C-0001.yaml
moved customers/C-0001.yaml customers/xinan/C-0001.yaml
added - customers/C-0001.yaml"
t "the text trail says moved: old → new" has "$tmp/c-moves.txt" '^ +moved: customers/C-0001\.yaml → customers/xinan/C-0001\.yaml$'
t "a record moved with an edit: one event with its fields" \
	is "$tmp/sr-moves" "[$(ev "$(full moves ':/归档到 2026/11')")].map(e => e.change + ' ' + e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" \
	'moved labor_hours: 7.5 → 8'
t "X.yaml removed and X.md added elsewhere is one move" \
	is "$tmp/oil-moves" "j.events[0].change + ' ' + j.events[0].old_path + ' ' + j.events[0].path + ' ' + j.events.length" \
	'moved parts/P-OIL-01.yaml parts/general/P-OIL-01.md 2'
t "a move that rewrites the whole file is still one move" \
	is "$tmp/ev-moves" "j.events.map(e => e.change).join(' ')" 'moved added'

# Deletes and a re-created id.
sv c2 log C-0002 "$fx/linear" --format json
sv tmp-linear log P-TMP-01 "$fx/linear" --format json
t "a deleted record's trail: deleted, newest event deleted" \
	is "$tmp/c2" "j.deleted + ' ' + j.events[0].change + ' ' + j.events[0].author + ' ' + j.events.length" 'true deleted 李工 2'
t "a deleted record keeps its last content in the trail" \
	is "$tmp/c2" "j.events[0].fields.filter(f => f.field === 'name').map(f => f.old)" '杭州城西环卫服务有限公司'
t "a re-created id: one trail, added → deleted → added, id-reused on the re-creation" \
	is "$tmp/tmp-linear" "j.deleted + ' ' + j.events.map(e => e.change + '[' + e.findings + ']').join(' ')" \
	'false added[id-reused] deleted[] added[]'

# A shallow clone, a detached HEAD, an empty and an unborn repository.
sv shallow log SR-0001 "$fx/shallow" --format json
t "a shallow clone: the trail says incomplete, no failure" \
	is "$tmp/shallow" "j.incomplete + ' ' + (j.events.length > 0)" 'true true'
sv shallow-all log --all "$fx/shallow" --format json
t "a shallow clone: log --all says incomplete" is "$tmp/shallow-all" 'j.incomplete' true
sv shallow-check check "$fx/shallow" --as-of 2026-11-27
t "a shallow clone: check works" exits shallow-check 0
sv full-linear log SR-0001 "$fx/linear" --format json
t "a full clone is not incomplete" is "$tmp/full-linear" 'j.incomplete' false
sv detached log C-0002 "$fx/detached" --format json
t "a detached HEAD: the trail ends at HEAD (C-0002 not yet deleted)" \
	is "$tmp/detached" "j.deleted + ' ' + j.events.map(e => e.change).join(' ')" 'false added'
sv empty-check check "$fx/empty"
t "an empty repository: check of its empty working tree exits 0" exits empty-check 0
sv empty-log log C-0001 "$fx/empty"
no_trail() { exits "$1" 1 && has "$tmp/$1.err" 'C-0001'; }
t "an empty repository: log exits 1 with a message" no_trail empty-log
sv empty-all log --all "$fx/empty" --format json
no_commits() { exits empty-all 0 1 && lacks "$tmp/empty-all" '"commit"'; }
t "an empty repository: log --all lists no commit, no crash" no_commits
sv unborn-check check "$fx/unborn" --as-of 2026-11-27
t "records but no commit yet: check exits 0" exits unborn-check 0
sv unborn-log log C-0001 "$fx/unborn"
t "records but no commit yet: log exits 1 with a message" no_trail unborn-log

# log --all: newest first, only the commits that changed records.
sv all-linear log --all "$fx/linear" --format json
# shellcheck disable=SC2046
git -C "$fx/linear" log --format=%H -- $(echo "$kinds" | tr '|' ' ') >"$tmp/all-want"
js "$tmp/all-linear" 'j.commits.map(c => c.commit)' >"$tmp/all-got"
t "log --all: the commits that changed records, newest first" same "$tmp/all-want" "$tmp/all-got"
t "log --all: the records each commit changed" \
	is "$tmp/all-linear" "j.commits.filter(c => c.commit === '$(full linear ':/删除 C-0002')').map(c => c.records.map(r => r.change + ' ' + r.id).join(', '))" \
	'deleted C-0002, deleted P-TMP-01'

# --rev on log: the trail as of that revision, in a sub-folder too.
sv log-rev log C-0002 "$fx/linear" --rev "$(full linear ':/P-SEAL-01: 改名称')" --format json
t "log --rev: the trail as of that revision" is "$tmp/log-rev" "j.deleted + ' ' + j.events.length" 'false 1'
sv log-rev-sub log C-0001 "$fx/subdir/data/records" --rev "$(full subdir ':/资料库')" --format json
t "log --rev in a sub-folder: the first commit only" \
	is "$tmp/log-rev-sub" "j.events.map(e => e.change + ' ' + e.summary).join()" 'added 资料库'

# ---- 2. field by field

sv sr log SR-0001 "$fx/linear" --format json
sv sr.txt log SR-0001 "$fx/linear"
closing=$(full linear ':/维修完成')
qty=$(full linear ':/齿轮油用量改为 3')
t "status: in_progress → closed" \
	is "$tmp/sr" "[$(ev "$closing")].map(e => e.fields.filter(f => f.field === 'status').map(f => f.old + ' → ' + f.new))" 'in_progress → closed'
t "a list of objects: parts[1].qty: 2 → 3, and nothing else" \
	is "$tmp/sr" "[$(ev "$qty")].map(e => e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" 'parts[1].qty: 2 → 3'
t "the text trail: parts[1].qty: 2 → 3" has "$tmp/sr.txt" '^ +parts\[1\]\.qty: 2 → 3$'
t "a Markdown body edit counts lines: +3 −1" \
	is "$tmp/sr" "[$(ev "$closing")].map(e => e.body.added + ' ' + e.body.removed)" '3 1'
t "the text trail: body: +3 −1 lines" has "$tmp/sr.txt" '^ +body: \+3 −1 lines$'
t "trailers Reviewed-by and Approved-by, in order" \
	is "$tmp/sr" "[$(ev "$closing")].map(e => e.trailers)" 'Reviewed-by: 李审 <li.shen@jnev.example.cn>
Approved-by: 赵主管 <zhao@jnev.example.cn>'
text_trailers() {
	has "$tmp/sr.txt" '^ +Reviewed-by: 李审 <li\.shen@jnev\.example\.cn>$' &&
		has "$tmp/sr.txt" '^ +Approved-by: 赵主管 <zhao@jnev\.example\.cn>$'
}
t "the text trail shows the trailers" text_trailers
t "a commit without trailers has none" is "$tmp/sr" "j.events[0].trailers.length" 0
t "author, e-mail, summary and time of an event" \
	is "$tmp/sr" "[$(ev "$closing")].map(e => [e.short, e.author, e.email, e.summary, e.time].join(' '))" \
	"$(short linear "$closing") 王工 wang@jnev.example.cn SR-0001: 维修完成，关闭工单 $(git -C "$fx/linear" log -1 --format=%at "$closing")"
# Trailers as git itself parses them (only the last paragraph), for every event.
trailers_match() { # FIXTURE ID
	"$SVCGEN" log "$2" "$fx/$1" --format json >"$tmp/tr.json" 2>/dev/null
	js "$tmp/tr.json" 'j.events.map(e => e.trailers.map(t => e.commit + " " + t))' >"$tmp/tr-got"
	for h in $(js "$tmp/tr.json" 'j.events.map(e => e.commit)'); do
		git -C "$fx/$1" log -1 --format='%(trailers:only,unfold)' "$h" | sed "/^\$/d; s/^/$h /"
	done >"$tmp/tr-want"
	[ -s "$tmp/tr-want" ] || why "no trailers in the trail of $2"
	[ -s "$tmp/tr-want" ] && same "$tmp/tr-want" "$tmp/tr-got"
}
t "trailers as git parses them: SR-0001" trailers_match linear SR-0001
t "trailers as git parses them: a Key: value paragraph that is not the last" trailers_match linear P-RAX-01
t "trailers as git parses them: a merge commit" trailers_match merges SR-0001
sv rax log P-RAX-01 "$fx/linear" --format json
t "an author name with quotes and a backslash survives JSON" \
	is "$tmp/rax" 'j.events[0].author' 'Zhang "Z" 张\三'
t "a mode-only change: change mode, no fields" \
	is "$tmp/rax" "[$(ev "$(full linear ':/只改文件权限')")].map(e => e.change + ' ' + e.fields.length)" 'mode 0'
sv seal log P-SEAL-01 "$fx/linear" --format json
t "a version that is not readable YAML: readable false, no fields" \
	is "$tmp/seal" "j.events.map(e => e.readable + '/' + e.fields.length).join(' ')" 'false/0 false/0 true/4'

phone=$(full linear ':/换了手机号')
sv c1 log C-0001 "$fx/linear" --format json
sv c1.txt log C-0001 "$fx/linear"
sv c1-show log C-0001 "$fx/linear" --format json --pii show
sv c1-show.txt log C-0001 "$fx/linear" --pii show
t "a contact phone change is masked by default" \
	is "$tmp/c1" "[$(ev "$phone")].map(e => e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" \
	'contacts[0].phone: 138****5678 → 139****4321'
t "and in full with --pii show" \
	is "$tmp/c1-show" "[$(ev "$phone")].map(e => e.fields.map(f => f.field + ': ' + f.old + ' → ' + f.new))" \
	'contacts[0].phone: 13812345678 → 13987654321'
t "the text trail masks it too" has "$tmp/c1.txt" '^ +contacts\[0\]\.phone: 138\*\*\*\*5678 → 139\*\*\*\*4321$'
t "no personal data anywhere in the masked trail (phones, contact name, address)" \
	lacks "$tmp/c1.txt" '13812345678|13987654321|董洋|西航港大道986号'
t "no personal data in the masked JSON trail" lacks "$tmp/c1" '13812345678|13987654321|董洋|西航港大道986号'
shown() { has "$tmp/c1-show.txt" '董洋' && has "$tmp/c1-show.txt" '西航港大道986号'; }
t "--pii show shows the contact name and address" shown

# ---- 3. check --rev

sv wt check "$fx/rev" --as-of 2026-11-21
sv rev-broken check "$fx/rev" --rev broken --as-of 2026-11-21
sv rev-clean check "$fx/rev" --rev clean
t "the working tree of the rev fixture has its own error" has "$tmp/wt" 'customers/C-0001\.yaml:[0-9]+:[0-9]+: error: .*火星.*\[enum\]'
t "--rev of an older commit: that commit's error" \
	has "$tmp/rev-broken" 'service/SR-0001\.md:[0-9]+:[0-9]+: error: .*finished.*\[enum\]'
t "--rev of an older commit: not the working tree's error" lacks "$tmp/rev-broken" '火星'
t "--rev of an older commit: exit 1" exits rev-broken 1
t "--rev of a clean commit: exit 0 with a dirty working tree" exits rev-clean 0
sv rev-bad check "$fx/rev" --rev no-such-revision
t "--rev with a bad revision exits 3" exits rev-bad 3
t "--rev with a bad revision says which" has "$tmp/rev-bad.err" 'no-such-revision'
sv log-bad log C-0001 "$fx/rev" --rev no-such-revision
t "log --rev with a bad revision exits 3" exits log-bad 3
sv links check "$fx/rev" --rev links
t "--rev: a symbolic link gets the symlink rule" has "$tmp/links" 'customers/C-LINK\.yaml:1:1: error: .*\[symlink\]$'
t "--rev: a submodule entry gets the symlink rule" has "$tmp/links" 'customers/sub:1:1: error: .*\[symlink\]$'
t "--rev: a kind folder that is a link gets the symlink rule" has "$tmp/links" '/dealers:1:1: error: .*\[symlink\]$'
t "--rev: the link is not followed (no id-dup with C-0001)" lacks "$tmp/links" 'id-dup|id-filename'
sv late check "$fx/rev" --rev late
sv early check "$fx/rev" --rev early
sv late-asof check "$fx/rev" --rev late --as-of 2026-11-21
t "--rev: today is the commit's committer date (complaint stale on 12-15)" \
	has "$tmp/late" 'complaints/CP-0001\.md:[0-9]+:[0-9]+: warning: .*\[complaint-stale\]'
t "--rev: the author date does not set today (committed 11-23, authored 12-15)" \
	lacks "$tmp/early" 'complaint-stale'
t "--rev with --as-of: --as-of wins" lacks "$tmp/late-asof" 'complaint-stale'
sv rev-sub check "$fx/subdir/data/records" --rev "$(full subdir ':/资料库')" --as-of 2026-11-21
sub_rev() { exits rev-sub 0 && has "$tmp/rev-sub.err" ' 0 errors, 0 warnings in 7 files$'; }
t "--rev of a sub-folder: its records of that commit" sub_rev

# ---- 4. check --range

s1=$(short range ':/加注释') s2=$(short range ':/EV200-0001 状态') s3=$(short range ':/SR-0001: 处理记录')
sv range check "$fx/range" --range A..B
t "--range: exit 1" exits range 1
t "--range: the 2nd commit's error names it" \
	has "$tmp/range" "equipment/EV200-0001\\.yaml:[0-9]+:[0-9]+: error: .*broken.* \\(introduced in $s2\\) \\[enum\\]\$"
t "--range: a second error of the same rule in a record with an old one is new" \
	has "$tmp/range" "parts/P-RAX-01\\.yaml:[0-9]+:[0-9]+: error: unit_cost: .* \\(introduced in $s2\\) \\[type\\]\$"
t "--range: the 3rd commit's warning names it" \
	has "$tmp/range" "service/SR-0001\\.md:[0-9]+:[0-9]+: warning: .* \\(introduced in $s3\\) \\[pii-in-body\\]\$"
t "--range: a problem already in A is not reported" lacks "$tmp/range" 'key: expected'
t "--range: each problem once" count "$tmp/range" '\(introduced in ' 3
per_commit() {
	e=$tmp/range.err
	has "$e" "^svcgen: $s1 P-RAX-01: 加注释: 0 new errors, 0 new warnings\$" &&
		has "$e" "^svcgen: $s2 EV200-0001 状态，P-RAX-01 价格: 2 new errors, 0 new warnings\$" &&
		has "$e" "^svcgen: $s3 SR-0001: 处理记录: 0 new errors, 1 new warnings?\$"
}
t "--range: one stderr line per commit with its counts" per_commit
sv range-merges check "$fx/merges" --range "$(full merges ':/导入基础档案')..main" --as-of 2026-11-27
range_merges() {
	want=$(git -C "$fx/merges" rev-list --count "$(full merges ':/导入基础档案')..main")
	quiet range-merges 0 && count "$tmp/range-merges.err" '^svcgen: [0-9a-f]{7} .*: 0 new errors, 0 new warnings$' "$want"
}
t "--range over merges and an octopus: every commit once, clean" range_merges
sv range-today check "$fx/rev" --range clean..late
t "--range: today is each commit's committer date" \
	has "$tmp/range-today" "complaints/CP-0001\\.md:.* \\(introduced in $(short rev late)\\) \\[complaint-stale\\]\$"
sv range-bad check "$fx/range" --range A..no-such-revision
t "--range with a bad revision exits 3" exits range-bad 3

# ---- 5. check --new-since

sv new check "$fx/range" --new-since A
new_ones() {
	has "$tmp/new" 'EV200-0001\.yaml:.*\[enum\]$' && has "$tmp/new" 'unit_cost: .*\[type\]$' &&
		has "$tmp/new" '\[pii-in-body\]$'
}
t "--new-since: the new problems are reported" new_ones
t "--new-since: the old error is not" lacks "$tmp/new" 'key: expected'
sv moved-lines check "$fx/range" --rev "$s1" --new-since A
t "--new-since: lines moved by comments above the old error do not make it new" quiet moved-lines 0
sv same-rev check "$fx/range" --rev B --new-since B
t "--new-since the checked revision itself: nothing is new" quiet same-rev 0
sv moved-file check "$fx/range" --new-since B
t "--new-since: a record moved to another folder brings no new problem" quiet moved-file 0
sv new-bad check "$fx/range" --new-since no-such-revision
t "--new-since with a bad revision exits 3" exits new-bad 3

# ---- 6. the history cache

c=$tmp/cache
git clone -q "$fx/merges" "$c"
caches() { ls "$c"/.git/svcgen/history-*.cache 2>/dev/null; }
snapshot() { # NAME: what svcgen says about the clone, in $tmp/snap-NAME
	{
		"$SVCGEN" log --all "$c"
		echo "exit $?"
		"$SVCGEN" log --all "$c" --format json
		echo "exit $?"
		for id in SR-0001 C-0001 P-NEW-01 ST-001; do
			"$SVCGEN" log "$id" "$c" --format json
			echo "exit $?"
		done
		"$SVCGEN" check "$c" --as-of 2026-11-27
		echo "exit $?"
	} >"$tmp/snap-$1" 2>&1
}
SVCGEN_NO_HISTORY_CACHE=1 snapshot none
no_cache() { [ -z "$(caches)" ] || { why "written: $(caches)" && return 1; }; }
t "SVCGEN_NO_HISTORY_CACHE=1 writes no cache" no_cache
snapshot fresh
has_cache() { [ -n "$(caches)" ] || { why "nothing in $c/.git/svcgen/" && return 1; }; }
t "a run writes the cache in <gitdir>/svcgen/" has_cache
t "cache: a fresh cache gives the same output" same "$tmp/snap-none" "$tmp/snap-fresh"
snapshot warm
t "cache: a warm cache gives the same output" same "$tmp/snap-none" "$tmp/snap-warm"
git -C "$c" merge -q --ff-only origin/next
SVCGEN_NO_HISTORY_CACHE=1 snapshot none2
changed() { ! cmp -s "$tmp/snap-none" "$tmp/snap-none2" || { why "same output before and after" && return 1; }; }
t "cache: the new commit changes the output" changed
snapshot after
t "cache: a warm cache after a new commit gives the same output" same "$tmp/snap-none2" "$tmp/snap-after"
for f in $(caches); do
	size=$(wc -c <"$f")
	printf '\377\377\377\377\377\377\377\377\000\000\000\000\001\002\003\004' |
		dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
done
snapshot corrupt
t "cache: bytes overwritten in the middle: same output" same "$tmp/snap-none2" "$tmp/snap-corrupt"
for f in $(caches); do
	size=$(wc -c <"$f")
	head -c $((size / 2)) "$f" >"$f.half" && mv "$f.half" "$f"
done
snapshot truncated
t "cache: a cache truncated to half: same output" same "$tmp/snap-none2" "$tmp/snap-truncated"
for f in $(caches); do : >"$f"; done
snapshot zero
t "cache: an empty cache file: same output" same "$tmp/snap-none2" "$tmp/snap-zero"
t "cache: the new commit's id-reused finding is there" has "$tmp/snap-zero" 'P-OLD-01\.yaml:.*\[id-reused\]$'
git -C "$c" reset -q --hard HEAD~1
snapshot back
t "cache: HEAD moved back to an older commit: the older output" same "$tmp/snap-none" "$tmp/snap-back"

# Two records folders of one repository (data/records and archive) do not
# share a cache: each gives what it gives without one.
sub=$tmp/subcache
git clone -q "$fx/subdir" "$sub"
for d in archive data/records; do
	SVCGEN_NO_HISTORY_CACHE=1 "$SVCGEN" log C-0001 "$sub/$d" --format json >"$tmp/sub-${d%/*}-none" 2>&1
done
folders() {
	for d in archive data/records archive data/records; do
		"$SVCGEN" log C-0001 "$sub/$d" --format json >"$tmp/sub-got" 2>&1
		same "$tmp/sub-${d%/*}-none" "$tmp/sub-got" || return 1
	done
	! cmp -s "$tmp/sub-archive-none" "$tmp/sub-data-none" || { why "the two folders' trails are the same" && return 1; }
}
t "cache: two records folders of one repository, each its own trail" folders

# ---- 7. audit findings in check

sv audit check "$fx/linear" --as-of 2026-11-27
t "audit findings are warnings: exit 0" exits audit 0
t "post-closure-edit: a warning at the ticket" \
	has "$tmp/audit" "/service/SR-0001\\.md:[0-9]+:[0-9]+: warning: .*$(short linear ':/补充发运信息').*\\[post-closure-edit\\]\$"
t "standard-edited: a warning at the standard" \
	has "$tmp/audit" "/standards/TS-001\\.md:[0-9]+:[0-9]+: warning: .*$(short linear ':/TS-001: 明确')[^[]*\\[standard-edited\\]\$"
t "standard-edited: not for a standard whose version changed" lacks "$tmp/audit" 'MS-RET-01.*standard-edited'
t "id-reused: a warning at the re-created record" \
	has "$tmp/audit" '/parts/P-TMP-01\.yaml:[0-9]+:[0-9]+: warning: .*\[id-reused\]$'
t "no other findings (closing is not an edit after closure)" count "$tmp/audit" 'warning:' 3
sv ts log TS-001 "$fx/linear" --format json
sv ms log MS-RET-01 "$fx/linear" --format json
t "log: the edit of the effective standard carries standard-edited" \
	is "$tmp/ts" "j.events.map(e => '[' + e.findings + ']').join(' ')" '[standard-edited] []'
t "log: the new version carries no finding" is "$tmp/ms" "j.events.map(e => '[' + e.findings + ']').join(' ')" '[] []'
sv audit-moves check "$fx/moves" --as-of 2026-11-27
t "post-closure-edit: a closed ticket moved and edited" \
	has "$tmp/audit-moves" '/service/closed/SR-0001\.md:[0-9]+:[0-9]+: warning: .*\[post-closure-edit\]$'
sv audit-rev check "$fx/linear" --rev "$(full linear ':/TS-001: 明确')"
rev_findings() { has "$tmp/audit-rev" '\[standard-edited\]$' && lacks "$tmp/audit-rev" '\[id-reused\]'; }
t "--rev: findings come from that revision's history only" rev_findings

# ---- 8. commit text that would drive a terminal or break XML (fixture hostile)

raw() { # FILE...: no raw control (C0 but LF, DEL, C1, bidi override) in FILE
	LC_ALL=C grep -aq -e "$(printf '[\001-\011\013-\037\177]')" -e "$(printf '\302[\200-\237]')" \
		-e "$(printf '\342\200[\252-\256]')" -e "$(printf '\342\201[\246-\251]')" "$@" || return 0
	why "a raw control character in $*:"
	LC_ALL=C grep -al "$(printf '[\001-\011\013-\037\177]')" "$@" | head -5 | sed 's/^/| /' >>"$tmp/why"
	return 1
}
hasf() { # FILE TEXT: a line of FILE holds TEXT
	grep -qF -- "$2" "$1" && return 0
	why "no line holding '$2' in:"
	quote "$1" 12
	return 1
}
hs=$(short hostile ':/改工时') hl=$(short hostile ':/caf')
mal='Mal\x1b[2J\x1b]0;owned\x07lory\x08\x08 \u202egpj.exe \u009b'
sum='SR-0001: \x1b[31m改工时\x1b[0m\x07\x08\rFORGED \u0085 \u2066x'
sv hostile check "$fx/hostile" --as-of 2026-11-27
hostile_check() {
	raw "$tmp/hostile" "$tmp/hostile.err" &&
		hasf "$tmp/hostile" "in commit $hs by $mal" && hasf "$tmp/hostile" ": $sum [post-closure-edit]" &&
		hasf "$tmp/hostile" "in commit $hl by Jos\\xe9: SR-0001: caf\\xe9 \\xff [post-closure-edit]" &&
		count "$tmp/hostile" '^[^ ]+:[0-9]+:[0-9]+: (error|warning): .* \[[a-z-]+\]$' 4 &&
		[ "$(grep -c '' "$tmp/hostile")" = 4 ]
}
t "post-closure-edit: the author and summary escaped, one line a diagnostic" hostile_check
sv hostile-range check "$fx/hostile" --range A..HEAD --as-of 2026-11-27
hostile_range() {
	raw "$tmp/hostile-range" "$tmp/hostile-range.err" &&
		hasf "$tmp/hostile-range.err" "svcgen: $hs $sum: 0 new errors, 1 new warnings" &&
		hasf "$tmp/hostile-range.err" "svcgen: $hl SR-0001: caf\\xe9 \\xff: 0 new errors, 1 new warnings" &&
		count "$tmp/hostile-range.err" '^svcgen: ' 4 && [ "$(grep -c '' "$tmp/hostile-range.err")" = 4 ]
}
t "--range: each commit's line shows its summary escaped" hostile_range
sv hostile-log log SR-0001 "$fx/hostile"
sv hostile-all log --all "$fx/hostile"
hostile_log() {
	raw "$tmp/hostile-log" "$tmp/hostile-all" && hasf "$tmp/hostile-log" "$hs 2026-11-23 10:00 +0800 $mal" &&
		hasf "$tmp/hostile-all" ' P-\x1b[1mX'
}
t "log: authors, summaries and ids escaped as in check" hostile_log
"$SVCGEN" build "$fx/hostile" -o "$tmp/hostile-site" --as-of 2026-11-27 >/dev/null 2>&1
hostile_feed() {
	atom=$tmp/hostile-site/changes.atom
	xmllint --noout "$atom" 2>>"$tmp/why" || { why "changes.atom is not well-formed XML" && return 1; }
	names=$(xmllint --xpath '//*[local-name()="author"]/*[local-name()="name"]/text()' "$atom" 2>>"$tmp/why")
	case $names in
	*"Jos�"*"Mal�[2J�]0;owned�lory�� ‮gpj.exe �ÿ"*) ;;
	*) why "authors in the feed: $names" && return 1 ;;
	esac
	# What XML 1.0 forbids (tab, LF, CR are allowed), DEL and the C1 controls.
	! LC_ALL=C grep -aq -e "$(printf '[\001-\010\013\014\016-\037\177]')" \
		-e "$(printf '\302[\200-\237]')" -e "$(printf '\357\277[\276\277]')" \
		"$tmp/hostile-site"/*.atom "$tmp/hostile-site"/*.html "$tmp/hostile-site"/*/*.html ||
		{ why "a control character in the site" && return 1; }
}
t "changes.atom is well-formed XML, controls and bytes not UTF-8 as U+FFFD; no control in HTML" hostile_feed

# ---- 9. log in the reader's language (docs/history.md, "The audit trail")

# svcgen under a Chinese or an English locale, whatever the caller's.
zh() { env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$SVCGEN" "$@"; }
en() { env -u LC_ALL -u LC_MESSAGES LANG=C "$SVCGEN" "$@"; }
for spec in linear:SR-0001 linear:C-0002 linear:P-SEAL-01 moves:C-0001 shallow:SR-0001; do
	id=${spec#*:}
	n=${spec%%:*}-$id
	zh log "$id" "$fx/${spec%%:*}" >"$tmp/zh-$n" 2>&1
	en log "$id" "$fx/${spec%%:*}" >"$tmp/en-$n" 2>&1
done
zh log --all "$fx/linear" >"$tmp/zh-all" 2>&1
en log --all "$fx/linear" >"$tmp/en-all" 2>&1
# The lines svcgen writes itself; a field's line (`status: a → b`) is the record's.
own_en='^(    )?([^ ]+: [0-9]+ changes?\b|body:|finding:|added:|deleted:|moved:|\(reopened|\(not a readable)'
same_facts() { # NAME: the same lines, the same commits, in both languages
	[ "$(grep -c '' "$tmp/zh-$1")" = "$(grep -c '' "$tmp/en-$1")" ] ||
		{ why "line counts differ" && quote "$tmp/zh-$1" && return 1; }
	grep -E '^[0-9a-f]{7} ' "$tmp/en-$1" >"$tmp/en-$1.commits"
	grep -E '^[0-9a-f]{7} ' "$tmp/zh-$1" >"$tmp/zh-$1.commits"
	[ -s "$tmp/en-$1.commits" ] && same "$tmp/en-$1.commits" "$tmp/zh-$1.commits"
}
zh_trail() {
	same_facts linear-SR-0001 && has "$tmp/en-linear-SR-0001" '^SR-0001: 4 changes$' &&
		has "$tmp/zh-linear-SR-0001" '^SR-0001：4 处变更$' &&
		has "$tmp/zh-linear-SR-0001" '^    正文：\+3 −1 行$' &&
		has "$tmp/zh-linear-SR-0001" '^    新增：service/SR-0001\.md$' &&
		has "$tmp/zh-linear-SR-0001" '^    审计发现：post-closure-edit$' &&
		has "$tmp/zh-linear-SR-0001" '^ +parts\[1\]\.qty: 2 → 3$' &&
		has "$tmp/zh-linear-SR-0001" '^    Reviewed-by: 李审 <li\.shen@jnev\.example\.cn>$' &&
		lacks "$tmp/zh-linear-SR-0001" "$own_en"
}
t "log under LANG=zh_CN: Chinese words, the same commits, fields and counts" zh_trail
zh_kinds() {
	same_facts linear-C-0002 && same_facts linear-P-SEAL-01 && same_facts moves-C-0001 &&
		same_facts shallow-SR-0001 &&
		has "$tmp/zh-linear-C-0002" '^C-0002：2 处变更，已删除$' &&
		has "$tmp/zh-linear-C-0002" '^    删除：' &&
		has "$tmp/zh-moves-C-0001" '^    移动：customers/C-0001\.yaml → customers/xinan/C-0001\.yaml$' &&
		has "$tmp/zh-shallow-SR-0001" '^SR-0001：1 处变更；历史不完整（浅克隆）$' &&
		count "$tmp/zh-linear-P-SEAL-01" '^    （有一侧不是可读的记录：未逐字段比较）$' \
			"$(grep -c '^    (not a readable record on one side: fields not compared)$' "$tmp/en-linear-P-SEAL-01")" &&
		lacks "$tmp/zh-linear-C-0002" "$own_en" && lacks "$tmp/zh-linear-P-SEAL-01" "$own_en" &&
		lacks "$tmp/zh-moves-C-0001" "$own_en" && lacks "$tmp/zh-shallow-SR-0001" "$own_en"
}
t "log in Chinese: deleted, moved, unreadable and shallow say so" zh_kinds
zh_all() {
	same_facts all && has "$tmp/zh-all" '^    新增     P-TMP-01$' && has "$tmp/zh-all" '^    删除     C-0002$' &&
		has "$tmp/zh-all" '^    权限     P-RAX-01$' && has "$tmp/en-all" '^    mode     P-RAX-01$' &&
		lacks "$tmp/zh-all" '^    (added|deleted|moved|changed|mode) '
}
t "log --all in Chinese: the same commits, the kinds in Chinese and aligned" zh_all
en log SR-0001 "$fx/linear" --lang zh-CN >"$tmp/lang-zh" 2>&1
zh log SR-0001 "$fx/linear" --lang en >"$tmp/lang-en" 2>&1
t "log --lang zh-CN under LANG=C: as under LANG=zh_CN" same "$tmp/zh-linear-SR-0001" "$tmp/lang-zh"
t "log --lang en under LANG=zh_CN: as under LANG=C" same "$tmp/en-linear-SR-0001" "$tmp/lang-en"
sv lang-bad log SR-0001 "$fx/linear" --lang fr
lang_bad() { exits lang-bad 2 && has "$tmp/lang-bad.err" "zh-CN or en"; }
t "log --lang takes zh-CN or en (exit 2)" lang_bad
json_same() {
	for args in "SR-0001" "P-SEAL-01" "C-0002" "--all"; do
		# shellcheck disable=SC2086
		en log $args "$fx/linear" --format json >"$tmp/json-en" 2>&1
		# shellcheck disable=SC2086
		zh log $args "$fx/linear" --format json --lang zh-CN >"$tmp/json-zh" 2>&1
		grep -q '"added"' "$tmp/json-en" || [ "$args" = P-SEAL-01 ] || { why "$args: no \"added\" in the JSON" && return 1; }
		same "$tmp/json-en" "$tmp/json-zh" || return 1
	done
}
t "log --format json: the same bytes in Chinese and in English" json_same

#!/bin/sh
# Incremental rebuilds (docs/site.md, "Publishing"): a rebuild that keeps
# the pages whose input digest did not change must give the same bytes as
# a cold build of the same input. A seeded random sequence of edits on a
# copy of the sample (records, templates, labels, svcgen.yaml, options, git
# commits); after each, an incremental build into A (kept from step to
# step) and a cold build into a fresh B must be identical, manifest
# included, and an edit that only the record's own page shows must render
# no other record's page. Run twice: records in a git repository with a history
# (tests/history-sample.sh), a plain folder, and 1,234 customers whose
# index is in slices (tests/paging-records.sh), where an edit of one
# customer must keep the other slices' pages.
#
# INCR_SEED=N replays a run (every run prints its seed); INCR_STEPS=N sets
# the steps of the git run (default 30, 12 under SANITIZED, 4 under
# VALGRIND; the plain run takes half);
# INCR_VERBOSE=1 says what each step does.
set -u
tests=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$tests/.." && pwd)
# Two builds a step: in memory when there is /dev/shm (8 times faster than a disk here).
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }

seed=${INCR_SEED:-$(($(date +%s) % 100000 + $$ % 1000))}
steps=30
# Under the sanitizers and valgrind each build is slower: fewer steps.
[ -n "${SANITIZED:-}" ] && steps=12
[ -n "${VALGRIND:-}" ] && steps=4
steps=${INCR_STEPS:-$steps}
echo "# incremental: INCR_SEED=$seed INCR_STEPS=$steps"

# rand N: a number from 0 to N-1 in $r (an LCG, so a seed replays a run).
state=$seed
rand() {
	state=$(((state * 1103515245 + 12345) % 2147483648))
	r=$((state / 65536 % $1))
}
# pick LIST-FILE: one of its lines in $pick, by rand.
pick() {
	n=$(wc -l <"$1")
	if [ "$n" -eq 0 ]; then
		pick=
		return 1
	fi
	rand "$n"
	pick=$(sed -n "$((r + 1))p" "$1")
}
# records KIND...: the record files of those kinds, sorted, into $tmp/list.
records() {
	(cd "$rec" && for k in "$@"; do
		find "./$k" -type f \( -name '*.yaml' -o -name '*.md' \) 2>/dev/null
	done) | sed 's|^\./||; s|//*|/|g' | grep -v '^attachments/' | sort >"$tmp/list"
}
id_of() { sed -n 's/^id: *//p' "$rec/$1" | head -n 1 | tr -d '"'; }
# front FILE LINE: adds LINE to the record's mapping (before a .md file's closing ---).
front() {
	case $1 in
	*.md) awk -v l="$2" 'n == 1 && /^---/ && !done { print l; done = 1 } /^---/ { n++ } { print }' \
		"$1" >"$1.new" && mv "$1.new" "$1" ;;
	*) printf '%s\n' "$2" >>"$1" ;;
	esac
}
when=0
commit() {
	when=$((when + 1))
	d="2026-10-$(printf %02d $((when % 28 + 1)))T10:00:00+08:00"
	git -C "$rec" add -A . &&
		GIT_AUTHOR_DATE=$d GIT_COMMITTER_DATE=$d git -C "$rec" -c user.name=测试 \
			-c user.email=t@example.com commit -q --allow-empty -m "step $1"
}

# One random edit, described in $what; $one=1 when it touches one record
# in a way no other record's page shows.
edit() {
	s=$1
	one=0
	rand 17
	case $r in
	0) # add a record: a copy of another under a new id
		records service customers equipment visits staff parts standards complaints
		pick "$tmp/list" || return
		id=$(id_of "$pick")
		[ -n "$id" ] || return
		new=${pick%/*}/$id-N$s.${pick##*.}
		sed "s/^id: .*/id: $id-N$s/" "$rec/$pick" >"$rec/$new"
		what="add $new" ;;
	1 | 2) # a free field on one record: only its page shows it
		records service customers equipment staff parts standards
		pick "$tmp/list" || return
		front "$rec/$pick" "x-step: 第 $s 步"
		what="x- field on $pick"
		one=1 ;;
	3) # a name or title: every page that lists the record shows it
		records customers staff parts standards dealers
		pick "$tmp/list" || return
		sed -i "s/^name: .*/name: 名称$s/; s/^title: .*/title: 标题$s/" "$rec/$pick"
		what="title of $pick" ;;
	4) # a status
		records service complaints equipment standards
		pick "$tmp/list" || return
		case $pick in
		service/*) set -- open assigned in_progress awaiting_parts resolved closed cancelled ;;
		complaints/*) set -- open investigating resolved closed ;;
		equipment/*) set -- in_service under_repair returned retired ;;
		*) set -- draft effective superseded withdrawn ;;
		esac
		rand $#
		shift "$r"
		sed -i "s/^status: .*/status: $1/" "$rec/$pick"
		what="status $1 on $pick" ;;
	5 | 6) # a line of Markdown body
		records service complaints standards
		pick "$tmp/list" || return
		printf '\n第 %s 步追加的一行。\n' "$s" >>"$rec/$pick"
		what="body of $pick"
		one=1 ;;
	7) # a new id, and every reference to it
		records customers equipment service staff parts standards
		pick "$tmp/list" || return
		id=$(id_of "$pick")
		[ -n "$id" ] || return
		new=R$s-$id
		re=$(printf '%s' "$id" | sed 's/[.]/\\./g')
		grep -rlF --exclude-dir=.git -- "$id" "$rec" | while read -r f; do
			sed -i "s/\\b$re\\b/$new/g" "$f"
		done
		mv "$rec/$pick" "$rec/${pick%/*}/$new.${pick##*.}"
		what="rename $id to $new" ;;
	8) # a move to another folder of the kind
		records service visits customers equipment
		pick "$tmp/list" || return
		mkdir -p "$rec/${pick%%/*}/moved$s"
		mv "$rec/$pick" "$rec/${pick%%/*}/moved$s/"
		what="move $pick" ;;
	9) # a deletion
		records service visits complaints shipments equipment customers
		pick "$tmp/list" || return
		rm "$rec/$pick"
		what="delete $pick" ;;
	10) # a template
		printf '%s\n' record.mustache layout.mustache items.mustache row.mustache \
			event.mustache stats.mustache report.mustache index-row.mustache >"$tmp/list"
		pick "$tmp/list"
		printf '<!-- step %s -->\n' "$s" >>"$tpl/$pick"
		what="template $pick" ;;
	11) # a label
		printf '%s\n' fields notes referenced_by audit_trail >"$tmp/list"
		pick "$tmp/list"
		l=$pick
		printf '%s\n' zh-CN en >"$tmp/list"
		pick "$tmp/list"
		sed -i "s/^  $l: \\(.*\\)\$/  $l: \\1 $s/" "$tpl/labels/$pick.yaml"
		what="label ui.$l in $pick" ;;
	12) # svcgen.yaml
		rand 3
		case $r in
		0) sed -i "s/^title: .*/title: 售后档案 $s/" "$rec/svcgen.yaml" ;;
		1) rand 3 && sed -i "s/^satisfied_at: .*/satisfied_at: $((r + 3))/" "$rec/svcgen.yaml" ;;
		*) rand 3 && sed -i "s/^follow_up_window_days: .*/follow_up_window_days: $((r * 3 + 4))/" \
			"$rec/svcgen.yaml" ;;
		esac
		what="svcgen.yaml" ;;
	13) # the as-of date, the language, personal data
		rand 3
		case $r in
		0) printf '%s\n' 2026-11-27 2026-11-28 2026-12-20 2027-02-01 >"$tmp/list" &&
			pick "$tmp/list" && asof=$pick ;;
		1) if [ "$lang" = zh-CN ]; then lang=en; else lang=zh-CN; fi ;;
		*) if [ "$pii" = mask ]; then pii=show; else pii=mask; fi ;;
		esac
		what="--as-of $asof --lang $lang --pii $pii" ;;
	14) # a visit's rating: its customer's satisfaction trend
		records visits
		pick "$tmp/list" || return
		rand 5
		if grep -q '^satisfaction:' "$rec/$pick"; then
			sed -i "s/^satisfaction: .*/satisfaction: $((r + 1))/" "$rec/$pick"
		else
			front "$rec/$pick" "satisfaction: $((r + 1))"
		fi
		what="satisfaction of $pick" ;;
	15) # an attachment: its bytes, or it goes and comes back (the page's link with it)
		find "$rec/attachments" -type f | sort >"$tmp/list"
		pick "$tmp/list" || return
		rand 3
		if [ -e "$tmp/$name/gone" ]; then
			mv "$tmp/$name/gone" "$(cat "$tmp/$name/gone.path")"
			what="attachment back"
		elif [ "$r" = 0 ]; then
			printf '%s' "$pick" >"$tmp/$name/gone.path"
			mv "$pick" "$tmp/$name/gone"
			what="attachment ${pick#"$rec"/} removed"
		else
			printf 'step %s\n' "$s" >>"$pick"
			what="attachment ${pick#"$rec"/} edited"
		fi ;;
	*) # a commit (without git: another body edit)
		if [ "$git" = 1 ]; then
			commit "$s"
			what="git commit"
		else
			records service
			pick "$tmp/list" || return
			printf '\n第 %s 步。\n' "$s" >>"$rec/$pick"
			what="body of $pick"
			one=1
		fi ;;
	esac
}

# build OUT LOG: svcgen build with the options of the moment; its status in $st.
build() {
	"$SVCGEN" build "$rec" -o "$1" --templates "$tpl" --as-of "$asof" --lang "$lang" \
		--pii "$pii" >/dev/null 2>"$2"
	st=$?
}
rendered() { sed -n 's/.*(\([0-9]*\) rendered, .*/\1/p' "$1"; }
with_pages() { sed -n 's/.* pages of \([0-9]*\) records .*/\1/p' "$1"; }

# run NAME GIT STEPS
run() {
	name=$1 git=$2 total=$3
	rec=$tmp/$name/records tpl=$tmp/$name/templates
	mkdir -p "$tmp/$name"
	if [ "$git" = 1 ]; then
		sh "$tests/history-sample.sh" "$rec" >/dev/null 2>&1 || nok "$name: the sample as a git repository"
	elif [ "$git" = slices ]; then
		sh "$tests/paging-records.sh" "$rec" 1234 || nok "$name: tests/paging-records.sh"
	else
		cp -R "$top/records" "$rec"
	fi
	cp -R "$top/templates" "$tpl"
	asof=2026-11-27 lang=zh-CN pii=mask
	bad=0 fewer=0 locals=0
	build "$tmp/$name/A" "$tmp/$name/a.err"
	[ "$st" -le 1 ] || {
		nok "$name: first build (exit $st)"
		return
	}
	i=1
	while [ "$i" -le "$total" ]; do
		what=
		edit "$i"
		[ -n "$what" ] || continue
		[ -z "${INCR_VERBOSE:-}" ] || echo "# $name step $i: $what"
		build "$tmp/$name/A" "$tmp/$name/a.err"
		sa=$st
		rm -rf "$tmp/$name/B"
		build "$tmp/$name/B" "$tmp/$name/b.err"
		if [ "$sa" != "$st" ] || [ "$sa" -gt 1 ]; then
			nok "$name step $i ($what): exit $sa incremental, $st cold"
			sed 's/^/# /' "$tmp/$name/a.err" | tail -n 3
			bad=$((bad + 1))
		elif ! diff -r "$tmp/$name/A" "$tmp/$name/B" >"$tmp/$name/diff" 2>&1; then
			nok "$name step $i ($what): incremental and cold builds differ (INCR_SEED=$seed)"
			head -n 20 "$tmp/$name/diff" | sed 's/^/# /'
			bad=$((bad + 1))
			# Go on from a correct site, so one difference is reported once.
			rm -rf "$tmp/$name/A" && cp -a "$tmp/$name/B" "$tmp/$name/A"
		else
			ra=$(rendered "$tmp/$name/a.err") rb=$(rendered "$tmp/$name/b.err")
			nrec=$(with_pages "$tmp/$name/b.err")
			if [ "$one" = 1 ]; then
				locals=$((locals + 1))
				# Its own page (and the standards tree, for a standard), no other record's.
				if [ -n "$ra" ] && [ -n "$rb" ] && [ -n "$nrec" ] &&
					[ "$ra" -le $((rb - nrec + 2)) ] &&
					! grep -q ' 0 files reused' "$tmp/$name/a.err"; then
					fewer=$((fewer + 1))
				else
					nok "$name step $i ($what): $ra pages rendered, $rb cold, $nrec record pages"
					bad=$((bad + 1))
				fi
			fi
		fi
		i=$((i + 1))
	done
	[ "$bad" -eq 0 ] && ok "$name: $total random edits, incremental build identical to a cold one after each"
	[ "$locals" -eq 0 ] || [ "$fewer" -ne "$locals" ] ||
		ok "$name: after each of $locals edits of one record, no other record's page was rendered"
}

run git 1 "$steps"
run plain 0 $(((steps + 1) / 2))
# 1,234 customers: an index in three slices and index.html (docs/site.md, "Index pages").
run slices slices $(((steps + 1) / 2))

# In slices, an edit of one customer makes its slice's page again, not the others:
# their input digests in the manifest stay as they were.
rec=$tmp/cut/records tpl=$tmp/cut/templates asof=2026-11-27 lang=en pii=mask
mkdir -p "$tmp/cut" && sh "$tests/paging-records.sh" "$rec" 1234 && cp -R "$top/templates" "$tpl"
build "$tmp/cut/A" "$tmp/cut/err"
digests() { awk '$4 ~ /^customers\/(index|page-[0-9]+)\.html$|^customers\/rows-[0-9]+\.js$/ { print $4, $3 }' "$tmp/cut/A/.svcgen-manifest" | sort; }
digests >"$tmp/cut/before"
sed 's/^name: .*/name: 改名客户/' "$rec/customers/C-100.yaml" >"$tmp/cut/c" && mv "$tmp/cut/c" "$rec/customers/C-100.yaml"
build "$tmp/cut/A" "$tmp/cut/err"
digests >"$tmp/cut/after"
changed=$(diff "$tmp/cut/before" "$tmp/cut/after" | sed -n 's/^> \([^ ]*\) .*/\1/p' | tr '\n' ' ')
rm -rf "$tmp/cut/B"
build "$tmp/cut/B" "$tmp/cut/err"
if [ "$changed" = "customers/page-1.html customers/rows-1.js " ] && [ "$(wc -l <"$tmp/cut/after")" -eq 7 ] &&
	diff -r "$tmp/cut/A" "$tmp/cut/B" >/dev/null; then
	ok "an edit of C-100 makes slice 1 again (page-1.html, rows-1.js), keeps slices 2, 3 and index.html"
else
	nok "an edit of C-100 in slices: changed digests: $changed"
fi
# A new customer after the last changes the last slice and index.html alone.
printf 'id: C-1235\nname: 新客户\nregion: 华东\n' >"$rec/customers/C-1235.yaml"
build "$tmp/cut/A" "$tmp/cut/err"
digests >"$tmp/cut/added"
changed=$(diff "$tmp/cut/after" "$tmp/cut/added" | sed -n 's/^> \([^ ]*\) .*/\1/p' | tr '\n' ' ')
rm -rf "$tmp/cut/B"
build "$tmp/cut/B" "$tmp/cut/err"
if [ "$changed" = "customers/index.html customers/page-3.html customers/rows-3.js " ] &&
	diff -r "$tmp/cut/A" "$tmp/cut/B" >/dev/null; then
	ok "a new customer after the last makes index.html and slice 3 again, keeps slices 1 and 2"
else
	nok "a new customer in slices: changed digests: $changed"
fi

# An old manifest (version 1) gives no input digests: everything is rendered.
rec=$tmp/v1/records tpl=$tmp/v1/templates asof=2026-11-27 lang=zh-CN pii=mask
mkdir -p "$tmp/v1" && cp -R "$top/records" "$rec" && cp -R "$top/templates" "$tpl"
build "$tmp/v1/A" "$tmp/v1/err"
build "$tmp/v1/A" "$tmp/v1/err"
awk 'NR == 1 { print "svcgen-manifest 1"; next } /^input / { print; next }
	{ print $1, $2, $4 }' "$tmp/v1/A/.svcgen-manifest" >"$tmp/v1/m" &&
	touch -r "$tmp/v1/A/.svcgen-manifest" "$tmp/v1/m" &&
	cp -p "$tmp/v1/m" "$tmp/v1/A/.svcgen-manifest"
printf '\n追加。\n' >>"$rec/service/2026/01/SR-2026-0001.md"
build "$tmp/v1/A" "$tmp/v1/err"
if grep -q ' 0 files reused; 1 written' "$tmp/v1/err" && grep -q '^svcgen-manifest 2' "$tmp/v1/A/.svcgen-manifest"; then
	ok "a version 1 manifest: nothing reused, unchanged files still linked, manifest now version 2"
else
	nok "a version 1 manifest: $(tail -n 1 "$tmp/v1/err")"
fi
# A page edited by hand is newer than the manifest: not trusted, made again.
p=$tmp/v1/A/service/SR-2026-0002.html
printf 'edited\n' >>"$p"
printf '\n追加。\n' >>"$rec/service/2026/01/SR-2026-0001.md"
build "$tmp/v1/A" "$tmp/v1/err"
rm -rf "$tmp/v1/B"
build "$tmp/v1/B" "$tmp/v1/err"
if diff -r "$tmp/v1/A" "$tmp/v1/B" >/dev/null; then
	ok "a page edited by hand in the site is made again, not reused"
else
	nok "a page edited by hand in the site is made again, not reused"
fi

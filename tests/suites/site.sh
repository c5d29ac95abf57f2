#!/bin/sh
# svcgen build: the site of the sample records and of hostile ones.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

"$SVCGEN" build records -o "$tmp/site" --as-of 2026-11-27 >"$tmp/out" 2>"$tmp/err"
status=$?
check "build of the sample records exits 0" '[ $status -eq 0 ]'
[ $status -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -5
s=$tmp/site
check "dashboard, validation, search, standards tree" \
	'[ -f $s/index.html ] && [ -f $s/validation.html ] && [ -f $s/search.html ] && [ -f $s/search/index.js ] && [ -f $s/standards/tree.html ]'
missing=0
for k in customers equipment service visits complaints standards staff parts shipments dealers; do
	[ -f "$s/$k/index.html" ] || missing=1
done
check "an index page per kind" '[ $missing -eq 0 ]'
records=$(find records -path records/attachments -prune -o \( -name '*.yaml' -o -name '*.yml' -o -name '*.md' \) -type f -print |
	grep -v -e '^records/svcgen.yaml$' -e '^records/README.md$' | wc -l)
pages=$(find "$s" \( -path "$s/stats" -o -path "$s/reports" -o -path "$s/lists" \) -prune -o -path "$s/*/*.html" ! -name index.html ! -name 'page-*.html' ! -name tree.html -print | wc -l)
check "a page per record ($pages pages, $records records)" '[ "$pages" -eq "$records" ]'
check "stylesheet and script are the project's own" '[ -f $s/assets/style.css ] && [ -f $s/assets/app.js ]'
check "no external assets" '! grep -rqE "(src|href)=\"(https?:)?//" $s --include=*.html'
check "every page says its language and noindex" \
	'[ $(grep -rL "<html lang=\"zh-CN\">" $s --include=*.html | wc -l) -eq 0 ] && [ $(grep -rL "noindex" $s --include=*.html | wc -l) -eq 0 ]'

# Personal data: the phones and e-mails of the records appear nowhere in the site.
grep -rhoE '^\s*(phone|email): .*' records | sed 's/^[^:]*: *//; s/"//g' | sort -u >"$tmp/pii"
leaks=0
while IFS= read -r v; do
	[ -n "$v" ] && grep -rqF -- "$v" "$s" && leaks=$((leaks + 1))
done <"$tmp/pii"
check "personal data masked everywhere ($(wc -l <"$tmp/pii") values, $leaks leaks)" '[ $leaks -eq 0 ]'
"$SVCGEN" build records -o "$tmp/internal" --pii show --as-of 2026-11-27 >/dev/null 2>&1
v=$(head -1 "$tmp/pii")
check "--pii show shows them" 'grep -rqF -- "$v" "$tmp/internal"'
# Search finds a staff member by phone only in the internal build (docs/site.md, "Search").
st=$(grep -rl '^phone: ' records/staff | head -1)
ph=$(sed -n 's/^phone: *//p' "$st" | tr -d '"' | head -1)
sid=$(sed -n 's/^id: *//p' "$st" | head -1)
check "search words: $sid's phone in the internal build's index, never under mask" \
	'grep -hF "\"$sid\"" "$tmp/internal"/search/*.js | grep -qF -- "$ph" && ! grep -rqF -- "$ph" "$s/search"'
check "search words: a ticket's entry holds its customer's and engineer's names, not its customer's region" \
	'grep -hF "\"SR-2026-0026\"" "$s"/search/*.js | head -1 | grep -qF "成都通衢物流有限公司 · EV200-2303-0024 · 郭建华\"]"'

# Links: every relative link of every page points at a file of the site.
broken=$(cd "$s" && grep -rhoE 'href="[^"#:]+"' --include=*.html . | sort -u | wc -l)
bad=0
for f in $(cd "$s" && find . -name '*.html'); do
	dir=$(dirname "$f")
	for h in $(grep -oE 'href="[^"#:?]+' "$s/$f" | sed 's/href="//' | sort -u); do
		[ -e "$s/$dir/$h" ] || { bad=$((bad + 1)); [ $bad -le 3 ] && echo "    broken: $f -> $h"; }
	done
done
check "no broken links ($broken distinct links)" '[ $bad -eq 0 ]'

# Dates and times (docs/site.md, "Dates and times"): one format in the
# configured zone, the exact value in <time datetime>, no date outside one;
# the tickets' index newest reported first.
t=$s/service/SR-2026-0001.html
check "SR-2026-0001: reported 2026-01-05T10:45+08:00 shown 2026-01-05 10:45, its text in datetime" \
	'grep -qF "<time datetime=\"2026-01-05T10:45+08:00\">2026-01-05 10:45</time>" "$t"'
check "SR-2026-0001: closed 2026-01-06T16:40 (no offset) is in the configured zone, and datetime says so" \
	'grep -qF "<time datetime=\"2026-01-06T16:40+08:00\">2026-01-06 16:40</time>" "$t"'
check "the footer names the zone (UTC+08:00)" 'grep -qF "时间均为 UTC+08:00" "$s/index.html"'
bare=$(find "$s" -name '*.html' -exec sed -e 's|<time [^>]*>[^<]*</time>||g' -e 's/<[^>]*>/ /g' {} + |
	grep -cE '(^|[^0-9-])[0-9]{4}-[0-9]{2}-[0-9]{2}($|[^0-9])')
check "no date on any page outside <time> ($bare lines)" '[ "$bare" -eq 0 ]'
first=$(grep -o '^<tr[^>]*><th scope="row"><a href="[^"]*">[^<]*</a></th>.*' "$s/service/index.html" |
	grep -o 'datetime="[^"]*"' | head -1)
newest=$(sed -n 's/^reported: *//p' records/service/*/*/*.md | while read -r v; do
	case $v in *[+-]??:??|*Z) echo "$v" ;; *) echo "$v+08:00" ;; esac
done | xargs -I{} date -d {} +%s | sort -n | tail -1)
check "the tickets' index opens with the newest reported ($first)" \
	'[ -n "$first" ] && [ "$(date -d "$(echo "$first" | sed "s/datetime=\"//; s/\"//")" +%s)" = "$newest" ]'

# Backlinks: a customer's page lists the tickets that name it.
c=$(grep -rl '^customer: ' records/service | head -1)
cust=$(sed -n 's/^customer: *//p' "$c" | head -1)
tid=$(sed -n 's/^id: *//p' "$c" | head -1)
check "customer $cust's page links back to ticket $tid" \
	'grep -q "href=\"../service/$tid.html\"" "$s/customers/$cust.html"'

# Deterministic: same bytes across runs, thread counts, TZ and locale.
SVCGEN_JOBS=1 TZ=America/Los_Angeles LC_ALL=C "$SVCGEN" build records -o "$tmp/again" --as-of 2026-11-27 >/dev/null 2>&1
check "two builds are byte-identical" 'diff -r "$s" "$tmp/again" >/dev/null'

# Nothing changed: nothing rendered, nothing written.
"$SVCGEN" build records -o "$s" --as-of 2026-11-27 >/dev/null 2>"$tmp/err2"
check "a rebuild with nothing changed renders and writes nothing" 'grep -q "is up to date" "$tmp/err2"'
# A new day rewrites only the pages that show the date, and the figures of
# statistics that depend on it (backlog ages, targets in force), the
# customers' dossiers (warranty as of the date), the tickets' index pages
# with an open ticket (its age), and the reports of the week and month in
# progress (their backlog is today's).
(cd "$s" && find . -type f ! -name .svcgen-manifest | sort | xargs md5sum) >"$tmp/day1.sums"
"$SVCGEN" build records -o "$s" --as-of 2026-11-28 >/dev/null 2>"$tmp/err3"
(cd "$s" && find . -type f ! -name .svcgen-manifest | sort | xargs md5sum) >"$tmp/day2.sums"
changed=$(diff "$tmp/day1.sums" "$tmp/day2.sums" | sed -n 's/^> [0-9a-f]*  \.\///p' | grep -v -e '^index\.html$' -e '^validation\.html$' -e '^stats/' -e '^customers/C-[0-9]*\.html$' -e '^service/\(index\.html\|page-[0-9]*\.html\|rows-[0-9-]*\.js\)$' \
	-e '^reports/week-2026-W48\.html$' -e '^reports/month-2026-11\.html$')
check "a new as-of date rewrites only the dashboard, the running reports, statistics, dossiers and tickets' index ($(sed -n 's/.*(\([0-9]*\) written.*/\1/p' "$tmp/err3") written)" \
	'[ -z "$changed" ]'
# A page edited by hand is noticed and put back.
echo tampered >>"$s/customers/$cust.html"
"$SVCGEN" build records -o "$s" --as-of 2026-11-28 >/dev/null 2>"$tmp/err4"
check "a page edited in the output is rebuilt" 'grep -q "; 1 written" "$tmp/err4" && ! grep -q tampered "$s/customers/$cust.html"'
# A changed template rebuilds.
cp -R templates "$tmp/tpl"
sed -i 's/<main id="main"/<main class="x" id="main"/' "$tmp/tpl/layout.mustache"
"$SVCGEN" build records -o "$s" --as-of 2026-11-28 --templates "$tmp/tpl" >/dev/null 2>"$tmp/err5"
check "a changed template rebuilds every page" 'grep -q "class=\"x\"" "$s/index.html" && ! grep -q "is up to date" "$tmp/err5"'
# A template over 1 MiB (and a partial that is a folder) is named as what it is, not "not found".
head -c 1100000 /dev/zero | tr '\0' ' ' >>"$tmp/tpl/record.mustache"
"$SVCGEN" build records -o "$s" --as-of 2026-11-28 --templates "$tmp/tpl" >/dev/null 2>"$tmp/err6"
check "a template over 1 MiB is reported as too large, the site kept" \
	'grep -q "record.mustache: larger than the 1 MiB a template may have" "$tmp/err6" && ! grep -q "not found" "$tmp/err6" && grep -q "class=\"x\"" "$s/index.html"'
cp templates/record.mustache "$tmp/tpl/record.mustache"
rm "$tmp/tpl/layout.mustache" && mkdir "$tmp/tpl/layout.mustache"
"$SVCGEN" build records -o "$s" --as-of 2026-11-28 --templates "$tmp/tpl" >/dev/null 2>"$tmp/err7"
check "a template that is a folder is reported as such" 'grep -q "layout.mustache: not a regular file" "$tmp/err7"'
"$SVCGEN" build records -o "$s" --as-of 2026-11-27 >/dev/null 2>&1

"$SVCGEN" build records -o "$tmp/en" --lang en --as-of 2026-11-27 >/dev/null 2>&1
check "--lang en" 'grep -q "<html lang=\"en\">" "$tmp/en/index.html" && grep -q "Dashboard" "$tmp/en/index.html"'

# Hostile values are text, everywhere.
h=$tmp/hostile
mkdir -p "$h/customers" "$h/service" "$h/staff"
cat >"$h/customers/C-1.yaml" <<'EOR'
id: C-1
name: "<script>alert(1)</script>\" onmouseover=\"x"
region: 华东
tags: ["</title><script>alert(2)</script>", "{{x}}", "%s%n"]
EOR
cat >"$h/staff/ST-1.yaml" <<'EOR'
id: ST-1
name: 张工
role: engineer
EOR
cat >"$h/service/SR-1.md" <<'EOR'
---
id: SR-1
type: maintenance
status: open
customer: C-1
reported: 2026-11-01T09:00
---
<script>alert(3)</script> [x](javascript:alert(4)) {{x}}
EOR
"$SVCGEN" build "$h" -o "$tmp/hs" --as-of 2026-11-27 >/dev/null 2>&1
check "no markup from records reaches a page" '! grep -rq "<script>alert" "$tmp/hs" && ! grep -rq "onmouseover=\"x" "$tmp/hs" && ! grep -rq "javascript:alert" "$tmp/hs"'
check "template and printf syntax printed literally" 'grep -q "{{x}}" "$tmp/hs/customers/C-1.html" && grep -q "%s%n" "$tmp/hs/customers/C-1.html"'

# Attachments that would run script (tests/attachments-evil.sh): SVG is
# published cleaned, HTML, XHTML and an SVG that cannot be checked as text
# (".txt" added), and every link says so; the browser test opens them.
ev=$tmp/evil-records
sh tests/attachments-evil.sh "$ev"
"$SVCGEN" check "$ev" --as-of 2026-11-27 >"$tmp/evil.out" 2>&1
st=$?
check "check: attachment-active warnings for the four active attachments, exit $st (0)" \
	'[ $st -eq 0 ] && [ "$(grep -c "warning: attachment .*\[attachment-active\]" "$tmp/evil.out")" -eq 4 ] && ! grep -q -e diagram.svg -e notes.txt "$tmp/evil.out"'
"$SVCGEN" build "$ev" -o "$tmp/es" --as-of 2026-11-27 >/dev/null 2>"$tmp/evil.err"
st=$?
ea=$tmp/es/attachments/sr-1
check "build with active attachments: exit $st (0)" '[ $st -eq 0 ]'
check "an SVG with script is published without it (no script, on*, javascript:, foreignObject, animation, link, image, outside URL or @import)" \
	'[ -f "$ea/evil.svg" ] && ! grep -q -i -E "<[a-z]*:?script|[[:space:]]on[a-z]+=|javascript:|foreignObject|<animate|<set|<a[[:space:]>]|<image|<iframe|127\.0\.0\.1|@import|data:" "$ea/evil.svg"'
check "the cleaned SVG keeps the drawing" \
	'grep -q "<rect width=\"200\" height=\"100\" fill=\"#eef2f5\"/>" "$ea/evil.svg" && grep -q "still a drawing &amp; 说明" "$ea/evil.svg" &&
	 grep -q "<circle cx=\"50\" cy=\"50\" r=\"20\" fill=\"#c0392b\">" "$ea/evil.svg"'
check "HTML, XHTML and an SVG with a DOCTYPE subset are published as text (.txt added), never under their own names" \
	'cmp -s "$ea/report.html.txt" "$ev/attachments/sr-1/report.html" && cmp -s "$ea/page.xhtml.txt" "$ev/attachments/sr-1/page.xhtml" &&
	 cmp -s "$ea/entity.svg.txt" "$ev/attachments/sr-1/entity.svg" && [ ! -e "$ea/report.html" ] && [ ! -e "$ea/page.xhtml" ] && [ ! -e "$ea/entity.svg" ]'
check "inert attachments and a clean SVG are published as they are" \
	'cmp -s "$ea/diagram.svg" "$ev/attachments/sr-1/diagram.svg" && cmp -s "$ea/notes.txt" "$ev/attachments/sr-1/notes.txt"'
ep=$tmp/es/service/SR-1.html
check "the record page links the published names, in its list and its body" \
	'grep -q "href=\"../attachments/sr-1/report.html.txt\">sr-1/report.html<" "$ep" && grep -q "href=\"../attachments/sr-1/page.xhtml.txt\"" "$ep" &&
	 grep -q "href=\"../attachments/sr-1/entity.svg.txt\"" "$ep" && grep -q "href=\"../attachments/sr-1/evil.svg\"" "$ep" &&
	 grep -q "href=\"../attachments/sr-1/report.html.txt\">report<" "$ep" && grep -q "href=\"../attachments/sr-1/page.xhtml.txt#top\">page<" "$ep" &&
	 grep -q "href=\"../attachments/sr-1/entity.svg.txt\">unchecked drawing<" "$ep" && grep -q "src=\"../attachments/sr-1/evil.svg\"" "$ep" &&
	 ! grep -q -E "(href|src)=\"[^\"]*(report\.html|page\.xhtml|entity\.svg)[\"#]" "$ep"'
# A name as text that another attachment already has: ".txt" once more.
mkdir -p "$tmp/tn/customers" "$tmp/tn/service" "$tmp/tn/attachments"
cp "$ev/customers/C-0001.yaml" "$tmp/tn/customers/"
printf '<script>1</script>\n' >"$tmp/tn/attachments/a.html"
printf 'the text\n' >"$tmp/tn/attachments/a.html.txt"
printf -- '---\nid: SR-1\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-02T09:10\nattachments: [a.html, a.html.txt]\n---\n' >"$tmp/tn/service/SR-1.md"
"$SVCGEN" build "$tmp/tn" -o "$tmp/tns" --as-of 2026-11-27 >/dev/null 2>"$tmp/tn.err"
st=$?
check "an attachment a.html beside a.html.txt: published as a.html.txt.txt, both linked, exit $st (0)" \
	'[ $st -eq 0 ] && cmp -s "$tmp/tns/attachments/a.html.txt.txt" "$tmp/tn/attachments/a.html" && cmp -s "$tmp/tns/attachments/a.html.txt" "$tmp/tn/attachments/a.html.txt" &&
	 grep -q "href=\"../attachments/a.html.txt.txt\">a.html<" "$tmp/tns/service/SR-1.html" && grep -q "href=\"../attachments/a.html.txt\">a.html.txt<" "$tmp/tns/service/SR-1.html"'

# An interrupted build and a build on a full disk leave the old site whole.
old=$tmp/old
"$SVCGEN" build records -o "$old" --as-of 2026-11-27 >/dev/null 2>&1
(cd "$old" && find . -type f | sort | xargs md5sum) >"$tmp/old.sums"
gen=$tmp/gen-records
big=$tmp/big
if cc -O1 -o "$gen" tests/bench/gen-records.c 2>/dev/null && "$gen" 6000 "$big" >/dev/null 2>&1; then
	"$SVCGEN" build "$big" -o "$old" --as-of 2026-11-27 >/dev/null 2>&1 &
	pid=$!
	# Mid-build: once its temporary folder exists (not after a fixed time,
	# which a fast machine may outrun).
	i=0
	while [ $i -lt 500 ] && ! ls -A "$tmp" | grep -q '^\.old\.tmp-'; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -INT $pid 2>/dev/null
	wait $pid
	st=$?
	(cd "$old" && find . -type f | sort | xargs md5sum) >"$tmp/after.sums"
	check "SIGINT mid-build: exit $st (130), old site unchanged, no temporary folder left" \
		'[ $st -eq 130 ] && cmp -s "$tmp/old.sums" "$tmp/after.sums" && [ -z "$(ls -A "$tmp" | grep "^\.old\.tmp-")" ]'
else
	nok "could not generate records for the interrupt test"
fi
# Index pages larger than the template engine copies (their rows go to the
# file without a second copy): whole, as the manifest says; the tickets in
# slices of 500 (tests/suites/paging.sh), each once, the newest on index.html.
if [ -d "$big/service" ]; then
	"$SVCGEN" build "$big" -o "$tmp/bigsite" --as-of 2026-11-27 >/dev/null 2>&1
	idx=$tmp/bigsite/service/index.html
	want=$(find "$big/service" -name '*.md' -type f | wc -l)
	rows=$(cat "$tmp/bigsite/service/page-"*.html 2>/dev/null | grep -o '^<tr data-[^>]*><th scope="row"><a href="[^"]*"' | sort -u | wc -l)
	size=$(wc -c <"$idx" 2>/dev/null)
	listed=$(awk '$NF == "service/index.html" { print $2 }' "$tmp/bigsite/.svcgen-manifest")
	check "a large index ($size bytes, 500 rows): $rows rows of $want tickets across its pages, the size listed" \
		'[ "$size" -gt 200000 ] && [ "$rows" -eq "$want" ] && [ "$(grep -c "^<tr data-" "$idx")" -eq 500 ] && [ "$(head -c 15 "$idx")" = "<!DOCTYPE html>" ] && [ "$(tail -n 1 "$idx")" = "</html>" ] && [ "$(grep -c "<main" "$idx")" -eq 1 ] && [ "$listed" = "$size" ]'
	rm -rf "$tmp/bigsite"
fi
(ulimit -f 64; exec "$SVCGEN" build "$big" -o "$old" --as-of 2026-11-27) >/dev/null 2>"$tmp/full.err"
st=$?
(cd "$old" && find . -type f | sort | xargs md5sum) >"$tmp/after2.sums"
check "a write that fails (file size limit, as a full disk): exit $st (3), old site unchanged" \
	'[ $st -eq 3 ] && cmp -s "$tmp/old.sums" "$tmp/after2.sums" && [ -z "$(ls -A "$tmp" | grep "^\.old\.tmp-")" ]'

# Search in shards (docs/site.md, "Search"): search/index.js lists them, each
# is a script that node loads with a stub, each stays under the limit when
# thousands of records share their first characters (one name for all: cut
# into parts; ids C-10000..: split by more characters), and none holds
# personal data under the default mask.
shards_ok() { # SITE: prints "files bad biggest", bad = files that do not load or disagree with the index
	node -e '
const fs = require("fs"), vm = require("vm"), path = require("path");
const dir = path.join(process.argv[1], "search");
const ctx = { window: {} };
vm.runInNewContext(fs.readFileSync(path.join(dir, "index.js"), "utf8"), ctx);
const ix = ctx.window.SVCGEN_SEARCH;
let files = 0, bad = 0, big = 0, listed = 0;
for (const [k, parts] of Object.entries(ix.keys)) {
	const hex = Buffer.from(k, "utf8").toString("hex");
	parts.forEach((size, i) => {
		const name = hex + (i ? "-" + i : "");
		let got = null;
		const file = path.join(dir, name + ".js");
		try {
			const text = fs.readFileSync(file);
			vm.runInNewContext(text.toString("utf8"), { svcgenSearchShard: (n, e) => { got = [n, e]; } });
			if (!got || got[0] !== name || !Array.isArray(got[1]) || got[1].length === 0 || text.length !== size) bad++;
			else if (!got[1].every((e) => ix.kinds[e[0]] && typeof e[1] === "string" && typeof e[2] === "string")) bad++;
		} catch (err) { bad++; }
		files++;
		big = Math.max(big, size);
		listed++;
	});
}
if (fs.readdirSync(dir).length !== listed + 1) bad++;
console.log(files, bad, big);
' "$1" 2>/dev/null || echo "0 1 0"
}
if command -v node >/dev/null 2>&1; then
	read -r nfiles nbad nbig <<-EOT
		$(shards_ok "$s")
	EOT
	check "search shards of the sample: $nfiles files, each a script that registers its entries, as listed" \
		'[ "$nfiles" -gt 10 ] && [ "$nbad" -eq 0 ]'
	sh=$tmp/shardrec
	mkdir -p "$sh/customers"
	printf 'pii: mask\n' >"$sh/svcgen.yaml"
	awk -v dir="$sh/customers" 'BEGIN {
		for (i = 10000; i < 24000; i++) {
			f = dir "/C-" i ".yaml"
			printf "id: C-%d\nname: 华通物流设备维修服务有限公司\nregion: 华北\ncontacts:\n  - name: 罗振宇\n    phone: 139%08d\ndealer: D-001\nsince: 2019-10-08\n", i, i * 7 >f
			close(f)
		}
	}'
	"$SVCGEN" build "$sh" -o "$tmp/shardsite" --as-of 2026-11-27 >/dev/null 2>"$tmp/shard.err"
	read -r nfiles nbad nbig <<-EOT
		$(shards_ok "$tmp/shardsite")
	EOT
	parts=$(ls "$tmp/shardsite/search" | grep -c -- '-1\.js$')
	check "14000 records sharing their first characters: $nfiles shard files, the biggest $nbig bytes (at most 512 KiB), $parts keys in parts" \
		'[ "$nfiles" -gt 20 ] && [ "$nbad" -eq 0 ] && [ "$nbig" -le 524288 ] && [ "$parts" -ge 1 ]'
	found=$(grep -c '"C-12345"' "$tmp/shardsite/search/"*.js | awk -F: '$2 > 0' | wc -l)
	check "a record is in the shard of each of its tokens ($found shards hold C-12345)" '[ "$found" -ge 3 ]'
	check "no phone in any shard (default mask)" \
		'[ -f "$tmp/shardsite/search/index.js" ] && ! grep -q "139[0-9*]\{8\}" "$tmp/shardsite/search/"*.js && ! grep -qF 罗振宇 "$tmp/shardsite/search/"*.js && grep -rqF "139****" "$tmp/shardsite/customers/C-12345.html"'
	SVCGEN_JOBS=1 TZ=Asia/Tokyo LC_ALL=C "$SVCGEN" build "$sh" -o "$tmp/shardsite2" --as-of 2026-11-27 >/dev/null 2>&1
	check "the shards are byte-identical across TZ, LC_ALL and threads" 'diff -r "$tmp/shardsite/search" "$tmp/shardsite2/search" >/dev/null'
	rm -rf "$tmp/shardsite" "$tmp/shardsite2"
else
	nok "node to load the search shards (Debian package nodejs)"
fi

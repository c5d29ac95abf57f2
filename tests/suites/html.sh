#!/bin/sh
# Valid HTML: the Nu HTML Checker (vnu, npm vnu-jar, on the machine's Java)
# finds no error in any page of the sample site, in zh-CN and in en, nor in
# the sites of the golden cases (invalid records, hostile ids and values).
# The sample is built from a git repository with a short history
# (tests/history-sample.sh), so that audit trails, the change log, the audit
# page and a deleted record's page are checked too.
set -u
tests=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$tests/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
vnu=$tests/node_modules/vnu-jar/build/dist/vnu.jar

if ! command -v java >/dev/null 2>&1; then
	nok "java for the HTML checker (Debian: default-jre-headless; tests/install-deps.sh test)"
	exit 0
fi
if [ ! -f "$vnu" ]; then
	nok "the HTML checker $vnu (npm vnu-jar: tests/install-deps.sh test)"
	exit 0
fi
# Runs vnu on the folders given; its report (errors only) in $tmp/report.
run_vnu() {
	java -Xss4m -jar "$vnu" --errors-only --skip-non-html "$@" >"$tmp/report" 2>&1
}

# The checker itself: it must see the errors of a broken page.
mkdir -p "$tmp/broken"
printf '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p><blink>x</body></html>\n' \
	>"$tmp/broken/page.html"
run_vnu "$tmp/broken"
if grep -q 'error:' "$tmp/report"; then ok "vnu reports the errors of a broken page"; else
	nok "vnu reports the errors of a broken page"
	sed 's/^/    /' "$tmp/report" | head -5
fi

cd "$top" || exit 1
sh tests/history-sample.sh "$tmp/repo" || nok "the sample as a git repository"
"$SVCGEN" build "$tmp/repo" -o "$tmp/zh-CN" --as-of 2026-11-27 >/dev/null 2>"$tmp/err" ||
	{ nok "build of the sample site"; sed 's/^/    /' "$tmp/err" | head -5; }
"$SVCGEN" build "$tmp/repo" -o "$tmp/en" --lang en --as-of 2026-11-27 >/dev/null 2>"$tmp/err" ||
	{ nok "build of the sample site in English"; sed 's/^/    /' "$tmp/err" | head -5; }
run_vnu "$tmp/zh-CN" "$tmp/en"
# One line per language and kind of page, with the errors of the failing ones.
for lang in zh-CN en; do
	[ -d "$tmp/$lang" ] || continue
	for group in index.html search.html validation.html standards/tree.html audit.html changes \
		customers equipment service visits complaints standards staff parts shipments dealers \
		stats reports; do
		if [ -d "$tmp/$lang/$group" ]; then
			pages=$(find "$tmp/$lang/$group" -name '*.html' ! -name tree.html | wc -l | tr -d ' ')
			pattern="file:$tmp/$lang/$group/"
			case $group in standards) what="standards/*.html (but tree.html)" ;; *) what="$group/*.html" ;; esac
		else
			pages=$( [ -f "$tmp/$lang/$group" ] && echo 1 || echo 0)
			pattern="file:$tmp/$lang/$group\""
			what=$group
		fi
		if [ "$group" = standards ]; then
			grep -F "$pattern" "$tmp/report" | grep -v "/standards/tree.html\"" >"$tmp/errs"
		else
			grep -F "$pattern" "$tmp/report" >"$tmp/errs"
		fi
		n=$(grep -c 'error:' "$tmp/errs")
		if [ "$pages" -gt 0 ] && [ "$n" -eq 0 ]; then
			ok "vnu $lang $what: $pages pages, no errors"
		else
			nok "vnu $lang $what: $pages pages, $n errors"
			sed "s|^\"file:$tmp/\([^\"]*\)\":|    \1:|" "$tmp/errs" | head -20
		fi
	done
done
# Anything else the checker said (a page outside the groups, a crash).
others=$(grep -v -F "file:$tmp/zh-CN/" "$tmp/report" | grep -v -F "file:$tmp/en/" | grep -c .)
if [ "$others" -eq 0 ]; then ok "vnu: nothing else to report"; else
	nok "vnu: $others other lines"
	grep -v -F "file:$tmp/zh-CN/" "$tmp/report" | grep -v -F "file:$tmp/en/" | head -10 | sed 's/^/    /'
fi

# Index pages in slices (tests/paging-records.sh: 4001 customers, nine
# slices): index.html and every page-<k>.html, in both languages.
sh tests/paging-records.sh "$tmp/paged-records" 4001
for lang in zh-CN en; do
	"$SVCGEN" build "$tmp/paged-records" -o "$tmp/paged-$lang" --lang $lang --as-of 2026-11-27 >/dev/null 2>&1
done
run_vnu "$tmp/paged-zh-CN/customers/index.html" "$tmp/paged-zh-CN/customers/"page-*.html \
	"$tmp/paged-en/customers/index.html" "$tmp/paged-en/customers/"page-*.html
pages=$(ls "$tmp/paged-zh-CN/customers/"page-*.html "$tmp/paged-en/customers/"page-*.html 2>/dev/null | wc -l | tr -d ' ')
errs=$(grep -c 'error:' "$tmp/report")
if [ "$pages" -eq 18 ] && [ "$errs" -eq 0 ]; then
	ok "vnu: the index pages of a kind in nine slices, zh-CN and en ($pages pages and two index.html), no errors"
else
	nok "vnu: the index pages of a kind in nine slices, zh-CN and en ($pages pages and two index.html), $errs errors"
	sed "s|^\"file:$tmp/\([^\"]*\)\":|    \1:|" "$tmp/report" | head -20
fi

# Edge cases: the site of every golden case, errors and hostile values included.
n=0
mkdir -p "$tmp/golden"
for d in tests/golden/*/records; do
	name=$(basename "$(dirname "$d")")
	"$SVCGEN" build "$d" -o "$tmp/golden/$name" --as-of 2026-11-27 >/dev/null 2>&1
	[ -f "$tmp/golden/$name/index.html" ] && n=$((n + 1))
done
pages=$(find "$tmp/golden" -name '*.html' 2>/dev/null | wc -l | tr -d ' ')
run_vnu "$tmp/golden"
errs=$(grep -c 'error:' "$tmp/report")
if [ "$n" -gt 0 ] && [ "$errs" -eq 0 ]; then
	ok "vnu: the sites of $n golden cases ($pages pages), no errors"
else
	nok "vnu: the sites of $n golden cases ($pages pages), $errs errors"
	sed "s|^\"file:$tmp/golden/\([^\"]*\)\":|    \1:|" "$tmp/report" | head -20
fi

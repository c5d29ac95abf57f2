#!/bin/sh
# Files below the records folder (docs/architecture.md, "Opening files below
# a folder"; docs/rules/attachment-missing.md): nothing is read or published
# through a symbolic link, even one swapped in while svcgen runs, with
# openat2 and with the walk it falls back on (SVCGEN_NO_OPENAT2=1); an
# attachment over limits.attachment_bytes is a diagnostic at its list entry
# and is neither linked nor published.
set -u
tmp=$(mktemp -d)
swapper=
trap '[ -n "$swapper" ] && kill "$swapper" 2>/dev/null; rm -rf "$tmp"' EXIT
status=0
ok() { echo "ok - files $1"; }
nok() {
	echo "not ok - files $1"
	status=1
}
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
# sv ARGS...: svcgen with the environment $e, its stderr in $tmp/err and
# kept in $tmp/all-err (read for sanitizer reports at the end).
e="-u SVCGEN_NO_OPENAT2"
sv() {
	env $e "$SVCGEN" "$@" 2>"$tmp/err"
	st=$?
	cat "$tmp/err" >>"$tmp/all-err"
	return $st
}
# The sanitizers make each build slower, and the race needs no more builds.
builds=40
[ -n "${SANITIZED:-}${VALGRIND:-}" ] && builds=8

# new NAME: a fresh records folder $r with one customer, one staff member
# and the ticket SR-1 naming the attachments given after NAME.
new() {
	r=$tmp/$1
	shift
	mkdir -p "$r/customers" "$r/staff" "$r/service" "$r/attachments"
	printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
	printf 'id: ST-001\nname: 王建国\nrole: technician\n' >"$r/staff/ST-001.yaml"
	{
		printf -- '---\nid: SR-1\ntype: maintenance\nstatus: open\ncustomer: C-0001\n'
		printf 'reported: 2026-03-02T09:10\nattachments:\n'
		for a in "$@"; do printf '  - %s\n' "$a"; done
		printf -- '---\n现场检查。\n'
	} >"$r/service/SR-1.md"
}

# ---- An attachment over the limit: a sparse file, so no disk is used.
new big big.bin ok.txt
echo "报告" >"$r/attachments/ok.txt"
truncate -s 1100M "$r/attachments/big.bin"
sv check "$r" --as-of 2026-11-27 >"$tmp/out"
st=$?
want="$r/service/SR-1.md:8:5: error: attachment 'big.bin' is larger than 104857600 bytes (limits.attachment_bytes), so it is not published [attachment-missing]"
check "check: an attachment of 1100 MiB is reported at its entry, exit 1" \
	'[ $st = 1 ] && grep -qxF -- "$want" "$tmp/out" && [ $(wc -l <"$tmp/out") = 1 ]'
sv build "$r" -o "$tmp/big-site" --as-of 2026-11-27 >"$tmp/out"
st=$?
p=$tmp/big-site/service/SR-1.html
check "build: exit 1, the page names big.bin without linking it, ok.txt linked and copied" \
	'[ $st = 1 ] && [ ! -e "$tmp/big-site/attachments/big.bin" ] && grep -q "big.bin" "$p" &&
	! grep -q "href=\"[^\"]*big.bin" "$p" && grep -q "href=\"../attachments/ok.txt\"" "$p" &&
	cmp -s "$r/attachments/ok.txt" "$tmp/big-site/attachments/ok.txt"'
rm -rf "$r" "$tmp/big-site"

# ---- The limit from svcgen.yaml: exactly the limit is accepted.
new limit ten.txt eleven.txt
printf 'limits: { attachment_bytes: 10 }\n' >"$r/svcgen.yaml"
printf '123456789\n' >"$r/attachments/ten.txt"
printf '1234567890\n' >"$r/attachments/eleven.txt"
sv check "$r" --as-of 2026-11-27 >"$tmp/out"
check_st=$?
sv build "$r" -o "$tmp/limit-site" --as-of 2026-11-27 >/dev/null
st=$?
p=$tmp/limit-site/service/SR-1.html
want="$r/service/SR-1.md:9:5: error: attachment 'eleven.txt' is larger than 10 bytes (limits.attachment_bytes), so it is not published [attachment-missing]"
check "limits.attachment_bytes: 10 bytes published and linked, 11 reported, neither linked nor published" \
	'[ $check_st = 1 ] && [ $st = 1 ] && [ -f "$tmp/limit-site/attachments/ten.txt" ] && [ ! -e "$tmp/limit-site/attachments/eleven.txt" ] &&
	grep -q "href=\"../attachments/ten.txt\"" "$p" && ! grep -q "href=\"[^\"]*eleven.txt" "$p" &&
	grep -qxF -- "$want" "$tmp/out" && [ $(wc -l <"$tmp/out") = 1 ]'
rm -rf "$r" "$tmp/limit-site"

# ---- A folder of attachments that is a link to a folder outside, with the
# same file in it: reported, and its content never published.
mkdir -p "$tmp/outside"
echo "OUTSIDE-MARKER" >"$tmp/outside/f.txt"
printf 'id: C-0009\nname: OUTSIDE-MARKER\nregion: 华东\n' >"$tmp/outside/C-0009.yaml"
for mode in openat2 walk; do
	new "link-$mode" d/f.txt
	ln -s "$tmp/outside" "$r/attachments/d"
	ln -s "$tmp/outside" "$r/customers/sub"
	if [ $mode = walk ]; then e=SVCGEN_NO_OPENAT2=1; else e="-u SVCGEN_NO_OPENAT2"; fi
	sv check "$r" --as-of 2026-11-27 >"$tmp/out"
	st=$?
	sv build "$r" -o "$tmp/link-site" --as-of 2026-11-27 >/dev/null
	check "$mode: attachments/d -> a folder outside: reported as a link, nothing published from it" \
		'[ $st = 1 ] && grep -q "SR-1.md:8:5: error: attachment '"'d/f.txt'"' is reached through a symbolic link" "$tmp/out" &&
		! grep -rq OUTSIDE-MARKER "$tmp/link-site" && [ ! -e "$tmp/link-site/attachments/d" ]'
	rm -rf "$r" "$tmp/link-site"
done

# ---- Templates read through a folder that is a link: refused, not published.
cp -r templates "$tmp/tpl"
mv "$tmp/tpl/assets" "$tmp/outside-assets"
echo "/* OUTSIDE-MARKER */" >>"$tmp/outside-assets/style.css"
ln -s "$tmp/outside-assets" "$tmp/tpl/assets"
new tpl
for mode in openat2 walk; do
	if [ $mode = walk ]; then e=SVCGEN_NO_OPENAT2=1; else e="-u SVCGEN_NO_OPENAT2"; fi
	sv build "$r" -o "$tmp/tpl-site" --templates "$tmp/tpl" --as-of 2026-11-27 >/dev/null
	st=$?
	check "$mode: --templates whose assets/ is a link: the build fails (exit 3), nothing of it published" \
		'[ $st = 3 ] && grep -q "assets/style.css" "$tmp/err" && ! grep -rqs OUTSIDE-MARKER "$tmp/tpl-site"'
	rm -rf "$tmp/tpl-site"
done
rm -rf "$r"

# ---- The race: attachments/d and customers/sub swapped between a real
# folder and a link to the folder outside while builds run. A build may
# report the link or stop (the file changed after it was checked), but no
# byte from outside is ever published and no page links a missing file.
new race d/f.txt
mkdir "$r/attachments/.d-real" "$r/customers/.sub-real"
echo "inside" >"$r/attachments/.d-real/f.txt"
printf 'id: C-0009\nname: 内部客户\nregion: 华东\n' >"$r/customers/.sub-real/C-0009.yaml"
ln -s "$tmp/outside" "$r/attachments/.d-link"
ln -s "$tmp/outside" "$r/customers/.sub-link"
# perl (essential on Debian) swaps far faster than mv; it stops by itself
# after two minutes should the suite be killed. The mv loop is the fallback.
if command -v perl >/dev/null 2>&1; then
	(cd "$r" && exec perl -e 'my $end = time + 120; while (time < $end) {
		rename "attachments/.d-real", "attachments/d"; rename "customers/.sub-real", "customers/sub";
		rename "attachments/d", "attachments/.d-real"; rename "customers/sub", "customers/.sub-real";
		rename "attachments/.d-link", "attachments/d"; rename "customers/.sub-link", "customers/sub";
		rename "attachments/d", "attachments/.d-link"; rename "customers/sub", "customers/.sub-link";
	}') &
else
	(
		cd "$r" || exit 1
		while :; do
			mv -T attachments/.d-real attachments/d
			mv -T customers/.sub-real customers/sub
			mv -T attachments/d attachments/.d-real
			mv -T customers/sub customers/.sub-real
			mv -T attachments/.d-link attachments/d
			mv -T customers/.sub-link customers/sub
			mv -T attachments/d attachments/.d-link
			mv -T customers/sub customers/.sub-link
		done
	) >/dev/null 2>&1 &
fi
swapper=$!
leaks=0 dangling=0 odd=0 published=0 stopped=0
i=0
while [ $i -lt $builds ]; do
	i=$((i + 1))
	if [ $((i % 2)) = 0 ]; then e=SVCGEN_NO_OPENAT2=1; else e="-u SVCGEN_NO_OPENAT2"; fi
	sv build "$r" -o "$tmp/race-site" --as-of 2026-11-27 >/dev/null
	st=$?
	case $st in 0 | 1) ;; 3) stopped=$((stopped + 1)) ;; *) odd=$((odd + 1)) ;; esac
	grep -rqs OUTSIDE-MARKER "$tmp/race-site" && leaks=$((leaks + 1))
	if grep -qs 'href="../attachments/d/f.txt"' "$tmp/race-site/service/SR-1.html"; then
		published=$((published + 1))
		[ -f "$tmp/race-site/attachments/d/f.txt" ] || dangling=$((dangling + 1))
	fi
	# Each build starts from no site, so each one is judged on its own.
	rm -rf "$tmp/race-site"
done
kill "$swapper" 2>/dev/null
wait "$swapper" 2>/dev/null
swapper=
check "race: $builds builds while attachments/d and customers/sub are swapped with links: nothing from outside published ($leaks leaks), no dangling link ($dangling), no crash ($odd); d/f.txt published by $published, $stopped stopped" \
	'[ $leaks = 0 ] && [ $dangling = 0 ] && [ $odd = 0 ]'
check "no sanitizer or valgrind report from any run" \
	'! grep -qE "AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|==[0-9]+== " "$tmp/all-err"'
exit $status

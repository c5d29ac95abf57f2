#!/bin/sh
# The command line: exit statuses, "today", the terminal excerpt, determinism.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_status() { # name want cmd...
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok - $name (exit $got)"
	else
		echo "not ok - $name: exit $got, want $want"
		sed 's/^/    /' "$tmp/err" | head -5
	fi
}

expect_status "no command is a usage error" 2 "$SVCGEN"
expect_status "unknown command" 2 "$SVCGEN" frobnicate
expect_status "unknown format" 2 "$SVCGEN" check records --format xml
expect_status "unknown option" 2 "$SVCGEN" check records --frob
expect_status "bad --as-of" 2 "$SVCGEN" check records --as-of 2026-02-30
expect_status "missing folder is an I/O failure" 3 "$SVCGEN" check "$tmp/nope"
expect_status "--help" 0 "$SVCGEN" --help
expect_status "the sample records are clean" 0 "$SVCGEN" check records --as-of 2026-11-27
if grep -q '^svcgen: 0 errors, 0 warnings in [0-9]* files$' "$tmp/err"; then
	echo "ok - the summary line counts errors and warnings"
else
	echo "not ok - summary line: $(cat "$tmp/err")"
fi

# "Today": --as-of beats SOURCE_DATE_EPOCH, which beats the clock.
later=$(date -d 2027-06-01 +%s)
SOURCE_DATE_EPOCH=$later "$SVCGEN" check records >"$tmp/sde" 2>/dev/null
if grep -q 'complaint-stale' "$tmp/sde"; then
	echo "ok - SOURCE_DATE_EPOCH sets today (stale complaints appear)"
else
	echo "not ok - SOURCE_DATE_EPOCH did not set today"
fi
SOURCE_DATE_EPOCH=$later "$SVCGEN" check records --as-of 2026-11-27 >"$tmp/asof" 2>/dev/null
if [ ! -s "$tmp/asof" ]; then
	echo "ok - --as-of wins over SOURCE_DATE_EPOCH"
else
	echo "not ok - --as-of did not win over SOURCE_DATE_EPOCH"
fi
expect_status "stale complaints are warnings: exit 0" 0 env SOURCE_DATE_EPOCH="$later" "$SVCGEN" check records
expect_status "--werror turns warnings into failure" 1 env SOURCE_DATE_EPOCH="$later" "$SVCGEN" check records --werror

# A broken repository, for output checks.
mkdir -p "$tmp/r/customers" "$tmp/r/staff"
printf 'id: C-1\nname: 华东客户\nregion: 华东区\n' >"$tmp/r/customers/C-1.yaml"
printf 'id: ST-1\nname: 张工\nrole: boss\n' >"$tmp/r/staff/ST-1.yaml"
printf 'id: ST-2\nname: 李工\nrole: engineer\nregion: 华东\n' >"$tmp/r/staff/ST-2.yaml"

# On a terminal: the source line, and a caret under the column (CJK is two wide).
if command -v script >/dev/null 2>&1; then
	script -qc "\"$SVCGEN\" check \"$tmp/r\" --color never" /dev/null | tr -d '\r' >"$tmp/tty"
	if grep -q '^  region: 华东区$' "$tmp/tty" && grep -q '^          \^$' "$tmp/tty"; then
		echo "ok - terminal output shows the line and a caret"
	else
		echo "not ok - terminal excerpt:"
		sed 's/^/    /' "$tmp/tty" | head -8
	fi
	# Controls in the line are escaped as in the message, and the caret
	# stays under its character: ESC at column 9 after two wide ones; a
	# tab (shown \t, two columns) and a wide one before an ESC at column 16.
	mkdir -p "$tmp/x/customers"
	printf 'id: C-1\nname: 华东\033[2Jx\nregion: 华东\n' >"$tmp/x/customers/C-1.yaml"
	printf 'id: C-2\nname: x\nregion: 火星\t# 注\t\033\n' >"$tmp/x/customers/C-2.yaml"
	script -qc "\"$SVCGEN\" check \"$tmp/x\" --color never" /dev/null | tr -d '\r' >"$tmp/tty-x"
	cat >"$tmp/tty-want" <<'EOF'
  name: 华东\x1b[2Jx
            ^
  region: 火星\t# 注\t\x1b
                      ^
EOF
	grep -v 'error:\|^svcgen:' "$tmp/tty-x" >"$tmp/tty-got"
	if cmp -s "$tmp/tty-want" "$tmp/tty-got" && ! grep -q "$(printf '[\001-\011\033]')" "$tmp/tty-x"; then
		echo "ok - terminal excerpt: controls escaped, the caret under the escape"
	else
		echo "not ok - terminal excerpt with controls:"
		sed 's/^/    /' "$tmp/tty-x" | head -8
	fi
	if ! "$SVCGEN" check "$tmp/r" 2>/dev/null | grep -q '\^'; then
		echo "ok - no excerpt when the output is not a terminal"
	else
		echo "not ok - excerpt printed to a pipe"
	fi
else
	echo "ok - # SKIP terminal excerpt: no script(1)"
fi

# Byte-identical output across thread counts, TZ and locale.
SVCGEN_JOBS=1 "$SVCGEN" check "$tmp/r" --format json >"$tmp/j1" 2>/dev/null
SVCGEN_JOBS=4 TZ=America/New_York LC_ALL=C "$SVCGEN" check "$tmp/r" --format json >"$tmp/j4" 2>/dev/null
SVCGEN_JOBS=1 "$SVCGEN" check records --as-of 2027-06-01 >"$tmp/s1" 2>/dev/null
SVCGEN_JOBS=3 TZ=Asia/Tokyo "$SVCGEN" check records --as-of 2027-06-01 >"$tmp/s3" 2>/dev/null
if cmp -s "$tmp/j1" "$tmp/j4" && cmp -s "$tmp/s1" "$tmp/s3" && [ -s "$tmp/s1" ]; then
	echo "ok - output is identical across thread counts, TZ and LC_ALL"
else
	echo "not ok - output differs across thread counts, TZ or LC_ALL"
fi

# Words after all a command takes are a usage error naming the word, then the usage.
extra() { # name cmd...
	name=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = 2 ] && head -1 "$tmp/err" | grep -q "^svcgen: extra argument 'extra' (" &&
		grep -q '^usage: svcgen init' "$tmp/err" && grep -q '^       svcgen check ' "$tmp/err" && [ ! -s "$tmp/out" ]; then
		echo "ok - $name: $(head -1 "$tmp/err")"
	else
		echo "not ok - $name: exit $got, want 2 and a line naming 'extra'"
		sed 's/^/    /' "$tmp/err" | head -3
	fi
}
extra "check DIR extra" "$SVCGEN" check records extra
extra "check . extra (the default folder given)" "$SVCGEN" check . extra
extra "build DIR extra" "$SVCGEN" build records extra -o "$tmp/extra-site"
if [ ! -e "$tmp/extra-site" ]; then
	echo "ok - ... and nothing is built"
else
	echo "not ok - build with an extra argument made $tmp/extra-site"
fi
extra "build . extra" "$SVCGEN" build . extra -o "$tmp/extra-site"
extra "stats DIR extra" "$SVCGEN" stats records extra
extra "log ID DIR extra" "$SVCGEN" log C-0001 records extra
extra "log --all DIR extra" "$SVCGEN" log --all records extra
extra "schema extra" "$SVCGEN" schema extra
expect_status "schema --json-schema --kind: a kind is needed" 2 "$SVCGEN" schema --json-schema --kind
extra "--version extra" "$SVCGEN" --version extra
extra "--help check extra" "$SVCGEN" --help check extra
expect_status "schema alone still works" 0 "$SVCGEN" schema
expect_status "--version alone still works" 0 "$SVCGEN" --version

# Where the site may go (docs/site.md): never where the records folder could
# read it back. A records folder without dealers/ yet, whose ticket attaches
# D-666.yaml: a site in records/dealers would make it a dealer.
r=$tmp/recs
cp -r tests/golden/valid-all-kinds/records "$r"
rm -r "$r/dealers"
sed -i '/^dealer: D-001/d' "$r/customers/C-0001.yaml"
sed -i 's/^to: D-001/to: C-0001/' "$r/shipments/SH-2026-0002.yaml"
sed -i 's|^attachments: \[\(.*\)\]|attachments: [\1, 2026/SR-2026-0001/D-666.yaml]|' "$r/service/2026/11/SR-2026-0001.md"
printf 'id: D-666\nname: 经销商\nregion: 华东\n' >"$r/attachments/2026/SR-2026-0001/D-666.yaml"
"$SVCGEN" check "$r" --as-of 2026-11-27 >/dev/null 2>"$tmp/before"
refused_out() { # name pattern OUT [options...]: exit 2, one line, OUT not made
	name=$1 pat=$2 o=$3
	shift 3
	"$SVCGEN" build "$r" -o "$o" --as-of 2026-11-27 "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = 2 ] && grep -q "$pat" "$tmp/err" && [ "$(wc -l <"$tmp/err")" = 1 ] &&
		[ ! -e "$o" ]; then
		echo "ok - $name: $(cat "$tmp/err")"
	else
		echo "not ok - $name: exit $got, want 2 and '$pat'"
		sed 's/^/    /' "$tmp/err" | head -3
	fi
}
refused_out "-o RECORDS/dealers, a kind's folder not made yet" "would be in 'dealers' of the records folder" "$r/dealers"
refused_out "-o RECORDS/service/x" "would be in 'service' of the records folder" "$r/service/x"
refused_out "-o RECORDS/attachments/x" "would be in 'attachments' of the records folder" "$r/attachments/x"
refused_out "-o RECORDS/Dealer, a misspelt kind (kind-folder reads it)" "would be in 'Dealer'" "$r/Dealer"
refused_out "-o RECORDS/parts/new/x, under folders not made yet" "would be in 'parts'" "$r/parts/new/x"
refused_out "-o RECORDS/nope/../dealers" "No such file or directory" "$r/nope/../dealers"
if "$SVCGEN" check "$r" --as-of 2026-11-27 >/dev/null 2>"$tmp/after" && cmp -s "$tmp/before" "$tmp/after"; then
	echo "ok - ... and the records read are the same: $(cat "$tmp/after")"
else
	echo "not ok - the records changed: $(cat "$tmp/before") -> $(cat "$tmp/after")"
fi
mkdir "$r/drafts/www"
for o in site .site drafts/www/site; do
	"$SVCGEN" build "$r" -o "$r/$o" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
	got=$?
	"$SVCGEN" check "$r" --as-of 2026-11-27 >/dev/null 2>"$tmp/after"
	if [ "$got" = 0 ] && [ -f "$r/$o/index.html" ] && cmp -s "$tmp/before" "$tmp/after"; then
		echo "ok - -o RECORDS/$o is built, and not read back"
	else
		echo "not ok - -o RECORDS/$o: exit $got; $(cat "$tmp/after")"
		sed 's/^/    /' "$tmp/err" | head -3
	fi
done

# A templates folder inside OUT: the build that reads it would replace it.
"$SVCGEN" build "$r" -o "$tmp/ts" --as-of 2026-11-27 >/dev/null 2>&1
cp -r templates "$tmp/ts/tpl"
"$SVCGEN" build "$r" -o "$tmp/ts" --templates "$tmp/ts/tpl" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && grep -q "the templates folder .* is inside the output folder" "$tmp/err" &&
	[ -f "$tmp/ts/tpl/record.mustache" ]; then
	echo "ok - --templates inside an svcgen-built OUT is refused, and kept: $(cat "$tmp/err")"
else
	echo "not ok - --templates inside OUT: exit $got; $(ls "$tmp/ts/tpl" 2>&1 | head -1)"
	sed 's/^/    /' "$tmp/err" | head -3
fi
ln -s "$tmp/ts/tpl" "$tmp/tpl-link"
for t in "$tmp/tpl-link" "$tmp/ts/none"; do
	"$SVCGEN" build "$r" -o "$tmp/ts" --templates "$t" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" = 2 ] && grep -q "the templates folder .* is inside the output folder" "$tmp/err" &&
		[ -f "$tmp/ts/tpl/record.mustache" ]; then
		echo "ok - --templates $(basename "$t") (a link into OUT, or not there yet) is refused"
	else
		echo "not ok - --templates $t: exit $got"
		sed 's/^/    /' "$tmp/err" | head -3
	fi
done
cp -r templates "$tmp/tpl2"
"$SVCGEN" build "$r" -o "$tmp/tpl2" --templates "$tmp/tpl2" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && grep -q "the templates folder .* is inside the output folder" "$tmp/err" &&
	[ -f "$tmp/tpl2/record.mustache" ]; then
	echo "ok - --templates the output folder itself is refused"
else
	echo "not ok - --templates the output folder itself: exit $got"
	sed 's/^/    /' "$tmp/err" | head -3
fi
refused_out "--templates inside an output folder not made yet" "the templates folder .* is inside the output folder" \
	"$tmp/new-site" --templates "$tmp/new-site/tpl"
"$SVCGEN" build "$r" -o "$tmp/tpl-ok" --templates "$tmp/tpl2" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
got=$?
if [ "$got" = 0 ] && [ -f "$tmp/tpl-ok/index.html" ]; then
	echo "ok - --templates outside OUT still works"
else
	echo "not ok - --templates outside OUT: exit $got"
fi

# Paths and words from the command line reach the terminal escaped, as record text does.
esc=$(printf '\033')
for args in "check $tmp/no${esc}]0;pwned${esc}\\such" "build $r -o $tmp/x${esc}[31m/../../$r" "stats --by ${esc}[2J" \
	"log --all $tmp/a${esc}[1Ab"; do
	# shellcheck disable=SC2086
	"$SVCGEN" $args >/dev/null 2>"$tmp/err"
	if [ -s "$tmp/err" ] && ! grep -q "$esc" "$tmp/err" && grep -q 'x1b' "$tmp/err"; then
		echo "ok - an escape in an argument is shown escaped (svcgen ${args%% *})"
	else
		echo "not ok - an escape in an argument reaches the terminal (svcgen ${args%% *})"
		cat -A "$tmp/err" | head -3 | sed 's/^/    /'
	fi
done

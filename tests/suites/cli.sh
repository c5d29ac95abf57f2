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
	script -qc "\"$SVCGEN\" check \"$tmp/r\"" /dev/null | tr -d '\r' >"$tmp/tty"
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
	script -qc "\"$SVCGEN\" check \"$tmp/x\"" /dev/null | tr -d '\r' >"$tmp/tty-x"
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

#!/bin/sh
# The machine-readable formats of `svcgen check`, each read by a real consumer:
# json by node's JSON.parse; sarif by the SARIF Multitool (npm
# @microsoft/sarif-multitool) and by ajv against the SARIF 2.1.0 schema that
# package ships; junit by xmllint, against Jenkins' JUnit XSD
# (tests/formats/jenkins-junit.xsd); github lines against the escaping of
# GitHub's toolkit. Needs `sh tests/install-deps.sh test` (node_modules).
set -u
top=$(pwd)
check() { node "$top/tests/formats/check.js" "$@"; }
xsd=$top/tests/formats/jenkins-junit.xsd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { # name [file...]: fails, showing the start of each file
	echo "not ok - $1"
	shift
	for f in "$@"; do sed 's/^/    /' "$f" | head -20; done
}
# expect NAME CMD...: ok when CMD succeeds; its output is shown when not.
expect() {
	name=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then ok "$name"; else not_ok "$name" "$tmp/log"; fi
}
# run_check NAME FILE [ARGS...]: svcgen check FILE's output to $tmp/NAME, exit to $tmp/NAME.rc
run_check() {
	out=$1
	shift
	(cd "$tmp" && "$SVCGEN" check "$@" --as-of 2026-11-27) >"$tmp/$out" 2>"$tmp/$out.err"
	echo $? >"$tmp/$out.rc"
}
xpath() { xmllint --xpath "$2" "$1" 2>/dev/null; }

if [ ! -d tests/node_modules/@microsoft/sarif-multitool ] || ! command -v xmllint >/dev/null; then
	echo "not ok - formats: validators missing; run sh tests/install-deps.sh test"
	exit 1
fi

# --- The records: two clean files, two with errors, one with a warning, and a
# warning on a file that is not a record (in a misspelt kind folder), which
# the junit count of clean files must not take for one.
# Errors: id-filename on a path with a space, a comma, '%', ':' and Chinese;
# enum with a Chinese value; unknown-field naming keys with < & " ' % : , and
# with CR LF and a control character (which XML 1.0 cannot carry).
r=$tmp/r
mkdir -p "$r/customers" "$r/customer"
printf 'regions: [华北, 华东]\nmodels: [EV-100]\nplatforms: [城市配送]\n' >"$r/svcgen.yaml"
printf 'id: C-0001\nname: 北京鼎力制造有限公司\nregion: 华北\n' >"$r/customers/C-0001.yaml"
printf 'id: C-0002\nname: 上海测试\nregion: 华东\n' >"$r/customers/C-0002.yaml"
printf 'id: C-0003\nname: 坏记录\nregion: 火星\n"a<b&c\\"d'\''%%e:f,g": 1\n"x\\r\\ny\\u0001z": 2\n' \
	>"$r/customers/C-0003.yaml"
weird='C 4,5%:客户'
printf 'id: C-0004\nname: 空格\nregion: 华东\n' >"$r/customers/$weird.yaml"
cp "$r/customers/C-0001.yaml" "$r/customer/C-0009.yaml"
printf -- '---\nid: C-0006\nname: 电话\nregion: 华北\n---\n\n联系人电话 13812345678。\n' \
	>"$r/customers/C-0006.md"
# Only a warning; and all clean.
mkdir -p "$tmp/w/customers" "$tmp/c/customers"
cp "$r/svcgen.yaml" "$tmp/w/"
cp "$r/svcgen.yaml" "$tmp/c/"
cp "$r/customers/C-0006.md" "$r/customers/C-0001.yaml" "$tmp/w/customers/"
cp "$r/customers/C-0001.yaml" "$r/customers/C-0002.yaml" "$tmp/c/customers/"

# A file name that is not UTF-8 (Linux allows any byte but '/').
mkdir -p "$tmp/u/customers"
cp "$r/svcgen.yaml" "$tmp/u/"
cp "$r/customers/C-0001.yaml" "$tmp/u/customers/C$(printf '\377')1.yaml"

for f in json sarif junit; do
	run_check "$f.u" u --format "$f"
done
for f in text json github sarif junit; do
	run_check "$f" r --format "$f"
	run_check "$f.werror" r --format "$f" --werror
	run_check "$f.w" w --format "$f"
	run_check "$f.w.werror" w --format "$f" --werror
	run_check "$f.c" c --format "$f"
	run_check "$f.c.werror" c --format "$f" --werror
done

# --- (e) exit statuses, in every format
for f in text json github sarif junit; do
	got="$(cat "$tmp/$f.c.rc") $(cat "$tmp/$f.c.werror.rc") $(cat "$tmp/$f.rc")"
	got="$got $(cat "$tmp/$f.werror.rc") $(cat "$tmp/$f.w.rc") $(cat "$tmp/$f.w.werror.rc")"
	if [ "$got" = "0 0 1 1 0 1" ]; then
		ok "$f: exit 0 clean, 1 errors, 0 warnings only, 1 warnings with --werror"
	else
		not_ok "$f: exit statuses clean/--werror, errors/--werror, warnings/--werror: $got"
	fi
done
for f in xml JSON ''; do
	(cd "$tmp" && "$SVCGEN" check r --format "$f") >"$tmp/bad" 2>&1
	rc=$?
	if [ "$rc" = 2 ] && [ "$(grep -c '^::\|^{\|^<' "$tmp/bad")" = 0 ]; then
		ok "--format '$f' is a usage error (exit 2, no report)"
	else
		not_ok "--format '$f': exit $rc, want 2" "$tmp/bad"
	fi
done

# --- (a) json
expect "json parses, counts agree (4 errors, 2 warnings, 5 files)" check json "$tmp/json" 4 2 5
expect "json of a clean folder" check json "$tmp/json.c" 0 0 2
expect "json of a folder with only a warning" check json "$tmp/json.w" 0 1 2
if [ "$(wc -l <"$tmp/text")" -ge 5 ] && grep -q '\[pii-in-body\]$' "$tmp/text"; then
	ok "text output unchanged in form"
else
	not_ok "text output" "$tmp/text"
fi

# --- (b) sarif
mt=$(check multitool)
# The Multitool skips, silently, a file whose name does not end in .sarif.
for s in sarif sarif.c sarif.w; do cp "$tmp/$s" "$tmp/$s.sarif"; done
# A broken copy (startLine 0) must be refused: proves the validators look.
sed 's/"startLine":[0-9]*/"startLine":0/' "$tmp/sarif" >"$tmp/broken.sarif"
for s in sarif sarif.c sarif.w broken; do
	# No network is needed; invariant globalization spares the ICU library.
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
		"$mt" validate "$tmp/$s.sarif" -o "$tmp/$s.log" --log ForceOverwrite \
		--level 'Error;Warning;Note' >"$tmp/$s.mt" 2>&1
done
# SARIF2005 asks for tool.driver.informationUri: svcgen has no public address yet.
for s in sarif sarif.c sarif.w; do
	expect "sarif ($s): the SARIF Multitool finds no error and no warning" \
		check sarif-log "$tmp/$s.log" SARIF2005
	expect "sarif ($s): valid against the SARIF 2.1.0 JSON schema (ajv)" \
		check sarif-schema "$tmp/$s.sarif"
done
if ! check sarif-log "$tmp/broken.log" SARIF2005 >"$tmp/log" 2>&1 &&
	grep -q 'error JSON1008' "$tmp/log"; then
	ok "sarif: the Multitool refuses a broken log (startLine 0)"
else
	not_ok "sarif: the Multitool did not refuse startLine 0" "$tmp/log" "$tmp/broken.mt"
fi
if ! check sarif-schema "$tmp/broken.sarif" >"$tmp/log" 2>&1 && grep -q startLine "$tmp/log"; then
	ok "sarif: the schema refuses a broken log (startLine 0)"
else
	not_ok "sarif: ajv did not refuse startLine 0" "$tmp/log"
fi
expect "sarif: same results as json; every rule, ruleIndex, level, region" \
	check sarif-match "$tmp/sarif" "$tmp/json" "$top/src/model/rules.def"
expect "sarif (warnings only): same results as json" \
	check sarif-match "$tmp/sarif.w" "$tmp/json.w" "$top/src/model/rules.def"
run_check sarif.abs "$r" --format sarif
run_check json.abs "$r" --format json
expect "sarif (absolute folder): file: URIs, same results as json" \
	check sarif-match "$tmp/sarif.abs" "$tmp/json.abs" "$top/src/model/rules.def"
if grep -q '"uri":"r/customers/C%204%2C5%25%3A%E5%AE%A2%E6%88%B7.yaml"' "$tmp/sarif"; then
	ok "sarif: the uri of '$weird.yaml' is percent-encoded"
else
	not_ok "sarif: uri of '$weird.yaml'" "$tmp/sarif"
fi

# --- (c) junit
for j in junit junit.werror junit.w junit.w.werror junit.c; do
	expect "junit ($j): well-formed XML (xmllint)" xmllint --noout "$tmp/$j"
	expect "junit ($j): valid against Jenkins' JUnit XSD" \
		xmllint --noout --schema "$xsd" "$tmp/$j"
done
# junit_counts FILE TESTCASES FAILURES CLEAN: elements and attributes agree.
junit_counts() {
	f=$tmp/$1
	got="$(xpath "$f" 'count(//testcase)') $(xpath "$f" 'count(//failure)')"
	got="$got $(xpath "$f" 'string(/testsuites/@tests)') $(xpath "$f" 'string(/testsuites/@failures)')"
	got="$got $(xpath "$f" 'string(//testsuite/@tests)') $(xpath "$f" 'string(//testsuite/@failures)')"
	got="$got $(xpath "$f" 'string(//testcase[@name="all other files"]/system-out)')"
	want="$2 $3 $2 $3 $2 $3 $4 without problems"
	if [ "$got" = "$want" ]; then
		ok "junit ($1): $2 testcases, $3 failures, $4 clean"
	else
		not_ok "junit ($1): got '$got', want '$want'" "$f"
	fi
}
# r: customer/C-0009 (warning), C 4..., C-0003, C-0006 (warning), and
# "all other files": C-0001, C-0002.
junit_counts junit 5 2 "2 files"
junit_counts junit.werror 5 4 "2 files"
junit_counts junit.w 2 0 "1 file"
junit_counts junit.w.werror 2 1 "1 file"
junit_counts junit.c 1 0 "2 files"
got=$(xpath "$tmp/junit" "string(//testcase[@name='r/customers/C-0003.yaml']/failure)")
if printf '%s\n' "$got" | grep -qF "unknown field 'a<b&c\"d'%e:f,g'" &&
	printf '%s\n' "$got" | grep -qF '火星' &&
	[ "$(printf '%s\n' "$got" | grep -c ': error: ')" = 3 ]; then
	ok "junit: the failure lists each error, text intact (< & \" ' % : , Chinese)"
else
	not_ok "junit: failure text of C-0003.yaml: $got"
fi
if [ "$(xpath "$tmp/junit" "string(//testcase[@name='r/customers/C-0003.yaml']/failure/@type)")" = enum ] &&
	[ "$(xpath "$tmp/junit" "string(//testcase[@name='r/customers/$weird.yaml']/@classname)")" = customers ]; then
	ok "junit: failure type is the first rule; classname is the kind; odd names kept"
else
	not_ok "junit: type or classname" "$tmp/junit"
fi
if [ -z "$(xpath "$tmp/junit" "//testcase[@name='r/customers/C-0006.md']/failure")" ] &&
	xpath "$tmp/junit" "string(//testcase[@name='r/customers/C-0006.md']/system-out)" |
	grep -q 'pii-in-body'; then
	ok "junit: a warning goes to system-out, not a failure, without --werror"
else
	not_ok "junit: the warning's testcase" "$tmp/junit"
fi

# --- a byte that is not UTF-8, in a path
if iconv -f UTF-8 -t UTF-8 "$tmp/json.u" >/dev/null 2>&1 &&
	iconv -f UTF-8 -t UTF-8 "$tmp/sarif.u" >/dev/null 2>&1 &&
	iconv -f UTF-8 -t UTF-8 "$tmp/junit.u" >/dev/null 2>&1 &&
	xmllint --noout "$tmp/junit.u" 2>/dev/null &&
	grep -q '"path":"u/customers/C\\ufffd1.yaml"' "$tmp/json.u" &&
	grep -q '"uri":"u/customers/C%FF1.yaml"' "$tmp/sarif.u"; then
	ok "a path that is not UTF-8: json, sarif and junit stay UTF-8; the uri keeps the byte"
else
	not_ok "a path that is not UTF-8" "$tmp/json.u" "$tmp/sarif.u" "$tmp/junit.u"
fi

# --- (d) github
n=$(grep -c '' "$tmp/github")
if [ "$n" = 6 ] && [ "$(grep -c '^::warning ' "$tmp/github")" = 2 ] &&
	[ "$(grep -Ec '^::(error|warning) file=[^,:]+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=[a-z-]+::' \
		"$tmp/github")" = 6 ]; then
	ok "github: one well-formed command per diagnostic"
else
	not_ok "github: $n lines, want 6 well-formed" "$tmp/github"
fi
cat >"$tmp/github.want" <<'EOF'
::warning file=r/customer/C-0009.yaml,line=1,col=1,title=kind-folder::folder 'customer' is not a record kind, so its files are not read; did you mean 'customers'?
::error file=r/customers/C 4%2C5%25%3A客户.yaml,line=1,col=5,title=id-filename::id 'C-0004' differs from the file name 'C 4,5%25:客户'
::error file=r/customers/C-0003.yaml,line=3,col=9,title=enum::region: '火星' is not allowed (allowed: 华北, 华东)
::error file=r/customers/C-0003.yaml,line=4,col=1,title=unknown-field::unknown field 'a<b&c"d'%25e:f,g' in customers (keys starting with 'x-' are free extensions)
::warning file=r/customers/C-0006.md,line=7,col=7,title=pii-in-body::a phone number (138****5678) is written in the body, where masking cannot reach it; move it to a PII field or remove it
EOF
grep -v '^::error file=r/customers/C-0003.yaml,line=5,' "$tmp/github" >"$tmp/github.got"
if diff -u "$tmp/github.want" "$tmp/github.got" >"$tmp/log"; then
	ok "github: properties escape % : , and data escapes %"
else
	not_ok "github: escaping" "$tmp/log"
fi
# The runner's log is a terminal: CR, LF and controls are escaped as in text,
# so that an annotation stays one line and shows no raw control.
if grep -qF "::unknown field 'x\\r\\ny\\x01z' in customers" "$tmp/github" &&
	! LC_ALL=C grep -q "$(printf '[\001\r]')" "$tmp/github"; then
	ok "github: CR, LF and controls in a message are escaped as in text"
else
	not_ok "github: CR LF" "$tmp/github"
fi
if [ ! -s "$tmp/github.c" ] &&
	[ "$(sed 's|file=w/|file=r/|' "$tmp/github.w")" = "$(grep 'pii-in-body' "$tmp/github")" ]; then
	ok "github: nothing for a clean folder; the warning alone for a warnings-only one"
else
	not_ok "github: clean or warnings-only output" "$tmp/github.c" "$tmp/github.w"
fi
exit 0

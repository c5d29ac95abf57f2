#!/bin/sh
# Hostile input (BAD-INPUTS.md, the classes about loading and validation),
# generated on the fly in a temporary folder. Each case must finish well
# under 2 s (killed after 5 s), never crash (exit status >= 128, or
# sanitizer output on stderr), end with the expected exit status (1, or 0
# for inputs BAD-INPUTS marks as accepted) and report the expected rule id.
# Some cases check more: a value that must not be echoed, text that must be
# printed literally, output that must not change with the number of threads.
# Under SANITIZED=1 or VALGRIND=1 the time limits are relaxed.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit_ms=2000
kill_after=5
if [ -n "${SANITIZED:-}" ] || [ -n "${VALGRIND:-}" ]; then
	limit_ms=120000
	kill_after=180
fi
status=0

# new NAME: a fresh records folder $r with one customer and one staff member.
new() {
	name=$1
	r=$tmp/$name
	mkdir -p "$r/customers" "$r/staff"
	printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
	printf 'id: ST-001\nname: 王建国\nrole: technician\n' >"$r/staff/ST-001.yaml"
}

now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in *N) echo $(($(date +%s) * 1000)) ;; *) echo $((t / 1000000)) ;; esac
}

# check EXIT RULE [ARGS...]: runs svcgen on $r; RULE "-" expects no diagnostic
# at all, "*" any diagnostics.
check() {
	want_rc=$1
	want_rule=$2
	shift 2
	why=
	t0=$(now_ms)
	timeout -k 1 "$kill_after" "$SVCGEN" check "$r" --as-of 2026-11-27 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ms=$(($(now_ms) - t0))
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		why="hangs (killed after ${kill_after} s)"
	elif [ "$rc" -ge 128 ]; then
		why="crashes (exit status $rc)"
	elif grep -q -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|==[0-9]+== ' "$tmp/err"; then
		why="sanitizer or valgrind report"
	elif [ "$want_rc" != '*' ] && [ "$rc" != "$want_rc" ]; then
		why="exit status $rc, expected $want_rc"
	elif [ "$ms" -gt "$limit_ms" ]; then
		why="took $ms ms (limit $limit_ms ms)"
	elif [ "$want_rule" = - ] && [ -s "$tmp/out" ]; then
		why="expected no diagnostic"
	elif [ "$want_rule" != - ] && [ "$want_rule" != '*' ] && ! grep -q "\[$want_rule\]\$" "$tmp/out"; then
		why="no [$want_rule] diagnostic"
	fi
}

# extra CONDITION-TEXT: a failed extra condition (only when the basics passed).
extra() {
	[ -z "$why" ] && why=$1
}

report() {
	if [ -z "$why" ]; then
		echo "ok - hostile $name"
	else
		echo "not ok - hostile $name: $why"
		head -c 1500 "$tmp/out" | head -8 | sed 's/^/    out: /'
		head -c 1500 "$tmp/err" | head -8 | sed 's/^/    err: /'
		status=1
	fi
	rm -rf "$r"
}

# ---------------------------------------------------------------- YAML
new billion-laughs
{
	printf 'id: C-0002\nname: lol\nregion: 华东\n'
	printf 'x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
	prev=a
	for l in b c d e f g h i; do
		printf 'x-%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=$l
	done
	printf 'x-j: [*i, *i, *i, *i, *i, *i, *i, *i, *i]\n'
} >"$r/customers/C-0002.yaml"
check 1 yaml-alias
[ "$(grep -c 'yaml-alias' "$tmp/out")" -ge 90 ] || extra "not every anchor and alias reported"
report

new self-alias
printf 'id: C-0002\nname: x\nregion: 华东\nx-self: &s [*s, {k: *s}]\ncontacts: &c\n  - *c\n' >"$r/customers/C-0002.yaml"
check 1 yaml-alias
report

new merge-key-chain
{
	printf 'id: C-0002\nname: x\nregion: 华东\nx-base: &b0 {k: 1}\n'
	i=1
	while [ $i -le 200 ]; do
		printf 'x-m%d: &b%d {<<: *b%d, k%d: 1}\n' $i $i $((i - 1)) $i
		i=$((i + 1))
	done
} >"$r/customers/C-0002.yaml"
check 1 yaml-alias
report

new nested-brackets-1e5
{ printf 'id: C-0002\nname: x\nregion: 华东\nx-raw: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } >"$r/customers/C-0002.yaml"
check 1 too-deep
grep -q 'C-0002.yaml:4:39: .*\[too-deep\]' "$tmp/out" || extra "too-deep not at 4:39 (the 32nd '[' is level 33)"
report

new nested-braces-1e5
{ printf 'id: C-0002\nname: x\nregion: 华东\nx-raw: '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{a: "; print "" }'; } >"$r/customers/C-0002.yaml"
check 1 too-deep
report

new nested-block-sequences-1e5
{ printf 'id: C-0002\nname: x\nregion: 华东\nx-raw:\n  '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "- "; print "x" }'; } >"$r/customers/C-0002.yaml"
check 1 too-deep
report

# A block mapping as deep as fits in 1 MiB (one more space of indentation per level).
new nested-block-mapping-1400
{ printf 'id: C-0002\nname: x\nregion: 华东\n'; awk 'BEGIN { s = ""; for (i = 0; i < 1400; i++) { printf "%sx-k:\n", s; s = s " " } printf "%sv\n", s }'; } >"$r/customers/C-0002.yaml"
check 1 too-deep
report

# An ignore glob with many stars against a long name it does not match:
# exponential for a backtracking matcher, linear for svcgen's.
new glob-many-stars
printf "ignore: ['customers/*a*a*a*a*a*a*a*a*b', 'customers/**/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b']\n" >"$r/svcgen.yaml"
a60=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
printf 'id: %s\nname: x\nregion: 华东\n' "$a60" >"$r/customers/$a60.yaml"
check 0 -
report

# 10^4 levels of block mapping (50 MB) with the size limit raised: parsing must stop at level 33.
new nested-block-mapping-1e4-big-limit
printf 'limits: { file_bytes: 104857600 }\n' >"$r/svcgen.yaml"
{ printf 'id: C-0002\nname: x\nregion: 华东\n'; awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) { printf "%sx-k:\n", s; s = s " " } printf "%sv\n", s }'; } >"$r/customers/C-0002.yaml"
check 1 too-deep
report

# The depth limit raised far past the nesting is capped at 1000 levels
# (docs/config.md): a 10^5-deep tree stops there, with no stack overflow.
new deep-tree-limit-capped
printf 'limits: { depth: 1000000, file_bytes: 4194304 }\n' >"$r/svcgen.yaml"
{
	printf 'id: C-0002\nname: x\nregion: 华东\nx-raw:\n  '
	awk 'BEGIN { for (i = 0; i < 99990; i++) printf "- "; print "x" }'
	printf 'tags:\n  '
	awk 'BEGIN { for (i = 0; i < 99990; i++) printf "- "; print "x" }'
	printf 'contacts:\n  '
	awk 'BEGIN { for (i = 0; i < 99990; i++) printf "- "; print "x" }'
} >"$r/customers/C-0002.yaml"
check 1 too-deep
report

new size-1MiB-plus-1
{ printf 'id: C-0002\nname: x\nregion: 华东\nx-pad: '; } >"$tmp/head"
n=$(wc -c <"$tmp/head")
{ cat "$tmp/head"; head -c $((1048576 + 1 - n - 1)) /dev/zero | tr '\0' 'a'; printf '\n'; } >"$r/customers/C-0002.yaml"
check 1 too-large
[ "$(wc -c <"$r/customers/C-0002.yaml")" -eq 1048577 ] || extra "generator: file is not 1 MiB + 1"
grep -q 'C-0002.yaml:1:1: .*\[too-large\]' "$tmp/out" || extra "too-large not at 1:1"
report

new size-exactly-1MiB-accepted
{ cat "$tmp/head"; head -c $((1048576 - n - 1)) /dev/zero | tr '\0' 'a'; printf '\n'; } >"$r/customers/C-0002.yaml"
check 0 -
report

new size-huge-unclosed-quote
{ printf 'id: C-0002\nname: "'; head -c 1000000 /dev/zero | tr '\0' 'q'; } >"$r/customers/C-0002.yaml"
check 1 yaml-syntax
report

# ---------------------------------------------------------------- encodings
new utf16-le-bom
printf 'id: C-0002\nname: 宁波\nregion: 华东\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } >"$r/customers/C-0002.yaml"
check 1 encoding
report

new utf16-be-bom
printf 'id: C-0002\nname: 宁波\nregion: 华东\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\376\377'; cat; } >"$r/customers/C-0002.yaml"
check 1 encoding
report

new utf16-le-no-bom
printf 'id: C-0002\nname: 宁波\nregion: 华东\n' | iconv -f UTF-8 -t UTF-16LE >"$r/customers/C-0002.yaml"
check 1 encoding
report

new utf16-md
printf -- '---\nid: C-0002\nname: 宁波\nregion: 华东\n---\n正文\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } >"$r/customers/C-0002.md"
check 1 encoding
report

new invalid-utf8-gbk
printf 'id: C-0002\nname: \313\325\326\335\276\253\271\244\nregion: 华东\n' >"$r/customers/C-0002.yaml"
check 1 encoding
grep -q 'C-0002.yaml:2:7: ' "$tmp/out" || extra "encoding not at 2:7"
report

new invalid-utf8-everywhere
awk 'BEGIN { printf "id: C-0002\n"; for (i = 0; i < 20000; i++) printf "x-k%d: \377\376\300\257\355\240\200\n", i }' >"$r/customers/C-0002.yaml"
check 1 encoding
report

new nul-byte
printf 'id: C-0002\nname: a\000b\nregion: 华东\n' >"$r/customers/C-0002.yaml"
check 1 '*'
grep -q -E '\[(yaml-syntax|encoding)\]$' "$tmp/out" || extra "no yaml-syntax or encoding diagnostic"
report

new nul-in-front-matter-and-body
printf -- '---\nid: C-0002\nname: a\000b\nregion: 华东\n---\n正文\000\n' >"$r/customers/C-0002.md"
check 1 '*'
grep -q -E '\[(yaml-syntax|encoding)\]$' "$tmp/out" || extra "no yaml-syntax or encoding diagnostic"
report

new bom-crlf-accepted
printf '\357\273\277id: C-0002\r\nname: 宁波\r\nregion: 华东\r\n' >"$r/customers/C-0002.yaml"
printf '\357\273\277---\r\nid: C-0003\r\nname: 常州\r\nregion: 华东\r\n---\r\n正文\r\n' >"$r/customers/C-0003.md"
check 0 -
report

# ---------------------------------------------------------------- the file system
new symlink-to-etc-passwd
mkdir -p "$r/service"
ln -s /etc/passwd "$r/service/SR-2026-0001.md"
ln -s /etc/passwd "$r/customers/C-0002.yaml"
check 1 symlink
grep -q 'service/SR-2026-0001.md:1:1: .*\[symlink\]' "$tmp/out" || extra "no symlink diagnostic at service/SR-2026-0001.md:1:1"
grep -q 'root:' "$tmp/out" "$tmp/err" && extra "the linked file was read"
report

new symlinked-folder
mkdir -p "$r/service" "$tmp/outside/2025"
printf -- '---\nid: SR-X\nbogus: [\n' >"$tmp/outside/2025/SR-X.md"
ln -s "$tmp/outside/2025" "$r/service/2025"
ln -s "$tmp/outside" "$r/visits"
check 1 symlink
[ "$(grep -c '\[symlink\]' "$tmp/out")" -eq 2 ] || extra "expected two symlink diagnostics"
grep -q 'SR-X' "$tmp/out" && extra "a record behind a linked folder was read"
rm -rf "$tmp/outside"
report

new symlink-loop
mkdir -p "$r/service/a"
ln -s .. "$r/service/a/up"
ln -s loop2 "$r/customers/loop1.yaml"
ln -s loop1.yaml "$r/customers/loop2"
check 1 symlink
report

# Named pipes are not regular files: never opened, so nothing can block.
new fifo-record
mkfifo "$r/customers/C-0009.yaml"
check 0 '*'
report

new fifo-config
mkfifo "$r/svcgen.yaml"
check '*' '*'
report

# A record 100 folders deep is still a record: it must be checked, not skipped.
new deep-folders
d=$r/customers
i=0
while [ $i -lt 100 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
printf 'id: C-0002\nname: x\nregion: 华东\nbogus: 1\n' >"$d/C-0002.yaml"
check 1 '*'
report

# Attachments behind a symbolic link lead outside the records: not followed.
new attachments-through-symlinks
mkdir -p "$r/service" "$r/attachments"
ln -s /etc "$r/attachments/etc"
ln -s /etc/hostname "$r/attachments/host"
printf -- '---\nid: SR-1\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-02T09:10\nattachments: [etc/passwd, host]\n---\n' >"$r/service/SR-1.md"
check 1 attachment-missing
grep -q "etc/passwd.*\[attachment-missing\]" "$tmp/out" || extra "etc/passwd (through attachments/etc -> /etc) accepted"
report

new attachments-folder-is-symlink
mkdir -p "$r/service"
ln -s /etc "$r/attachments"
printf -- '---\nid: SR-1\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-02T09:10\nattachments: [passwd]\n---\n' >"$r/service/SR-1.md"
check 1 '*'
grep -q "passwd.*\[attachment-missing\]" "$tmp/out" || extra "passwd (through attachments -> /etc) accepted"
report

# ---------------------------------------------------------------- Markdown bodies (accepted)
svc_head() {
	mkdir -p "$r/service"
	printf -- '---\nid: SR-2026-0001\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-02T09:10\n---\n' >"$r/service/SR-2026-0001.md"
}
new md-nested-emphasis
svc_head
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "*a **"; print "" }' >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-nested-brackets
svc_head
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; for (i = 0; i < 200000; i++) printf "](x)"; print "" }' | head -c 900000 >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-nested-blockquotes
svc_head
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "> "; print "x" }' >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-backtick-runs
svc_head
awk 'BEGIN { for (i = 1; i < 1300; i++) { for (j = 0; j < i; j++) printf "`"; printf "a" } print "" }' >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-many-lines-and-dashes
svc_head
awk 'BEGIN { for (i = 0; i < 200000; i++) print "---" }' >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-digit-runs
svc_head
awk 'BEGIN { for (i = 0; i < 900000; i++) printf "1"; print ""; for (i = 0; i < 10000; i++) printf "0-"; print "" }' >>"$r/service/SR-2026-0001.md"
check 0 -
report

new md-70000-phone-numbers
svc_head
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "13812345678 "; print "" }' >>"$r/service/SR-2026-0001.md"
check 0 pii-in-body
[ "$(grep -c 'pii-in-body' "$tmp/out")" -eq 70000 ] || extra "expected 70000 pii-in-body warnings"
grep -q '13812345678' "$tmp/out" && extra "a phone number is echoed unmasked"
report

# ---------------------------------------------------------------- many keys
new keys-50000-distinct
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; for (i = 0; i < 50000; i++) printf "x-k%05d: %d\n", i, i }' >"$r/customers/C-0002.yaml"
check 0 -
report

new keys-50000-same
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; for (i = 0; i < 50000; i++) print "x-k: 1" }' >"$r/customers/C-0002.yaml"
check 1 dup-key
[ "$(grep -c 'dup-key' "$tmp/out")" -eq 49999 ] || extra "expected 49999 dup-key errors"
report

new keys-50000-pairs
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; for (i = 0; i < 25000; i++) printf "x-k%05d: 1\n", i; for (i = 0; i < 25000; i++) printf "x-k%05d: 2\n", i }' >"$r/customers/C-0002.yaml"
check 1 dup-key
[ "$(grep -c 'dup-key' "$tmp/out")" -eq 25000 ] || extra "expected 25000 dup-key errors"
report

new keys-50000-unknown
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; for (i = 0; i < 50000; i++) printf "addres%d: 1\n", i }' >"$r/customers/C-0002.yaml"
check 1 unknown-field
report

new keys-50000-nested-flow
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; printf "contacts: [{"; for (i = 0; i < 50000; i++) printf "phone: %d, ", i; print "name: x}]" }' >"$r/customers/C-0002.yaml"
check 1 dup-key
report

new key-100k-long
{ printf 'id: C-0002\nname: x\nregion: 华东\n'; head -c 100000 /dev/zero | tr '\0' 'k'; printf ': 1\n'; } >"$r/customers/C-0002.yaml"
check 1 '*'
report

new anchors-60000
awk 'BEGIN { print "id: C-0002"; print "name: x"; print "region: 华东"; printf "x-a: ["; for (i = 0; i < 60000; i++) printf "&a%d x, ", i; print "]" }' >"$r/customers/C-0002.yaml"
check 1 yaml-alias
report

# ---------------------------------------------------------------- text printed literally
new format-strings-literal
printf 'id: "%%s%%n{{x}}%%p"\nname: "%%n%%n%%n%%n"\nregion: "{{region}}%%s"\n"%%s%%n{{#x}}{{/x}}": 1\n' >"$r/customers/H-1.yaml"
mkdir -p "$r/service"
printf -- '---\nid: SR-1\ntype: "%%n%%s"\nstatus: open\ncustomer: "%%s{{x}}"\nreported: 2026-03-02T09:10\n---\n{{x}} %%s%%n\n' >"$r/service/SR-1.md"
check 1 id-format
grep -q '%s%n{{x}}%p' "$tmp/out" || extra "id not printed literally"
grep -q "'{{region}}%s'" "$tmp/out" || extra "region not printed literally"
grep -q '%s%n{{#x}}{{/x}}' "$tmp/out" || extra "key not printed literally"
grep -q "'%n%s'" "$tmp/out" || extra "enum value not printed literally"
grep -q "'%s{{x}}'" "$tmp/out" || extra "reference not printed literally"
report

# ---------------------------------------------------------------- personal data in type errors
new pii-not-echoed
printf 'id: ST-002\nname: 李\nrole: hotline\nphone: 138123456789012345678999\nemail: "wang wei@zz-secret.example"\n' >"$r/staff/ST-002.yaml"
printf 'id: C-0002\nname: x\nregion: 华东\naddress: "杭州市秘密路\\n88 号"\ncontacts:\n  - name: "张秘密\\n三"\n    phone: 1381234secret\n    email: secret-mail\n' >"$r/customers/C-0002.yaml"
mkdir -p "$r/dealers"
printf 'id: D-1\nname: d\nregion: 华东\ncontacts:\n  - {phone: [13899998888], email: {a: b}}\n' >"$r/dealers/D-1.yaml"
check 1 type
[ "$(grep -c '\[type\]' "$tmp/out")" -ge 8 ] || extra "expected 8 type errors"
for s in 138123456789012345678999 'wang wei' zz-secret 秘密路 张秘密 1381234secret secret-mail 13899998888; do
	grep -q -- "$s" "$tmp/out" "$tmp/err" && extra "personal data '$s' echoed"
done
report

# ---------------------------------------------------------------- controls on a terminal
# Nothing a file name or a value holds reaches the terminal raw (no C0 or C1
# control but the line feeds, no DEL, no bidi override) in text or github
# format, and every line of the report is one diagnostic.
raw_controls() { # FILE...: a raw control in FILE
	LC_ALL=C grep -aq -e "$(printf '[\001-\011\013-\037\177]')" -e "$(printf '\302[\200-\237]')" \
		-e "$(printf '\342\200[\252-\256]')" -e "$(printf '\342\201[\246-\251]')" "$@"
}
one_per_line() { # FILE: each line of FILE is one well-formed diagnostic
	[ "$(grep -c '' "$1")" = "$(grep -Ec '^[^ ]+:[0-9]+:[0-9]+: (error|warning): .* \[[a-z-]+\]$' "$1")" ]
}
github_lines() { # FILE N: N lines, each one well-formed command
	[ "$(grep -c '' "$1")" = "$2" ] &&
		[ "$(grep -Ec '^::(error|warning) file=[^,]+,line=[0-9]+,col=[0-9]+,title=[a-z-]+::' "$1")" = "$2" ]
}

# A file name with ESC sequences, BEL and a newline that would forge a line.
new file-name-controls
f=$(printf 'C-0002\033[2J\033]0;t\007\nC-0009.yaml:1:1: error: forged')
printf 'id: C-0002\nname: x\nregion: 华东\n' >"$r/customers/$f.yaml"
check 1 id-filename
raw_controls "$tmp/out" "$tmp/err" && extra "a raw control on the terminal"
one_per_line "$tmp/out" || extra "a line that is not one diagnostic"
grep -qF 'customers/C-0002\x1b[2J\x1b]0;t\x07\nC-0009.yaml:1:1: error: forged.yaml:1:5: error: ' "$tmp/out" ||
	extra "the file name not shown escaped"
"$SVCGEN" check "$r" --as-of 2026-11-27 --format github >"$tmp/gh" 2>&1
raw_controls "$tmp/gh" && extra "a raw control in github format"
github_lines "$tmp/gh" 1 || extra "github: not one command"
report

# Values and keys quoted in messages: ESC, OSC, BEL, NEL, bidi overrides.
new value-controls
printf 'id: C-0002\nname: "宁波\\e[31m机电"\nregion: "\\e]0;pwn\\a火星\\u202e"\n"\\e[1mkey\\x85\\u2066": 1\n' >"$r/customers/C-0002.yaml"
check 1 enum
raw_controls "$tmp/out" "$tmp/err" && extra "a raw control on the terminal"
one_per_line "$tmp/out" || extra "a line that is not one diagnostic"
grep -qF "region: '\x1b]0;pwn\x07火星\u202e' is not allowed" "$tmp/out" || extra "enum value not shown escaped"
grep -qF "unknown field '\x1b[1mkey\u0085\u2066' in customers" "$tmp/out" || extra "key not shown escaped"
grep -qF 'name: expected a single-line string without control characters, found U+001B at character 3 of the value [type]' "$tmp/out" ||
	extra "no type error for ESC in a string"
"$SVCGEN" check "$r" --as-of 2026-11-27 --format github >"$tmp/gh" 2>&1
raw_controls "$tmp/gh" && extra "a raw control in github format"
github_lines "$tmp/gh" 3 || extra "github: not one command a diagnostic"
report

# Characters no string may hold (docs/rules/type.md), at the value, in
# every field that takes free text; text fields keep tab and newline.
new string-controls
mkdir -p "$r/visits" "$r/service"
printf -- '---\nid: SR-1\ntype: maintenance\nstatus: open\ncustomer: C-0001\nreported: 2026-03-02T09:10\nfault:\n  description: "异响\\b\\b\\b正常"\n---\n' >"$r/service/SR-1.md"
printf 'id: V-1\nkind: follow_up\ndate: 2026-03-10T10:00\ncustomer: C-0001\nservice: SR-1\nchannel: phone\nby: ST-001\nfeedback: "好\\t评\\n下次\\r再来"\n' >"$r/visits/V-1.yaml"
printf 'id: ST-002\nname: "李\\uFFFF"\nrole: technician\nemail: "li\\e@example.cn"\n' >"$r/staff/ST-002.yaml"
printf 'id: C-0002\nname: "\\x7f"\nregion: 华东\ntags: [正常, "\\0"]\n' >"$r/customers/C-0002.yaml"
check 1 type
for want in 'SR-1.md:8:16: error: description: expected a single-line string without control characters, found U+0008 at character 3 of the value' \
	'V-1.yaml:8:11: error: feedback: expected a string without control characters, found U+000D at character 7 of the value' \
	'ST-002.yaml:2:7: error: name: expected a single-line string without noncharacters, found U+FFFF at character 2 of the value' \
	'ST-002.yaml:4:8: error: email: expected an e-mail address without control characters, found U+001B at character 3 of the value' \
	'C-0002.yaml:2:7: error: name: expected a single-line string without control characters, found U+007F at character 1 of the value' \
	'C-0002.yaml:4:12: error: tags: expected a single-line string without control characters, found U+0000 at character 1 of the value'; do
	grep -qF "$want" "$tmp/out" || extra "missing: $want"
done
[ "$(grep -c '\[type\]' "$tmp/out")" = 6 ] || extra "expected 6 type errors"
report

# ---------------------------------------------------------------- many records: threads
new many-records-deterministic
mkdir -p "$r/service" "$r/visits"
awk -v r="$r" 'BEGIN {
	for (i = 0; i < 1500; i++) {
		f = sprintf("%s/service/SR-%05d.md", r, i)
		printf "---\nid: SR-%05d\ntype: maintenance\nstatus: %s\ncustomer: %s\nreported: 2026-03-02T09:10\n---\n手机 13812345678\n", i, (i % 3 ? "open" : "assigned"), (i % 5 ? "C-0001" : "C-9999") > f
		close(f)
		f = sprintf("%s/visits/V-%05d.yaml", r, i)
		printf "id: v-%05d\nkind: follow_up\ndate: 2026-03-01T10:00\ncustomer: C-0001\nservice: SR-%05d\nchannel: phone\nby: ST-001\n", i % 1400, i > f
		close(f)
	}
}'
SVCGEN_JOBS=1 "$SVCGEN" check "$r" --as-of 2026-11-27 >"$tmp/one" 2>/dev/null
check 1 ref-missing
SVCGEN_JOBS=8 "$SVCGEN" check "$r" --as-of 2026-11-27 >"$tmp/eight" 2>/dev/null
cmp -s "$tmp/one" "$tmp/out" || extra "output differs between SVCGEN_JOBS=1 and the default"
cmp -s "$tmp/one" "$tmp/eight" || extra "output differs between SVCGEN_JOBS=1 and 8"
report

exit $status

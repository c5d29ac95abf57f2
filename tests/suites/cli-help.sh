#!/bin/sh
# The command line's conventions: --help and -h for every command and
# `svcgen help COMMAND` alike, --version with the libraries' versions,
# --color and NO_COLOR, the manual page docs/svcgen.1 (groff, a test
# dependency) and the completions of docs/completion/ in bash and zsh
# (zsh, a test dependency) against the same help.
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - cli-help $1"; }
notok() { echo "not ok - cli-help $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
commands="init check build log stats new import export schema help"

"$SVCGEN" --help >"$tmp/all" 2>&1
check "--help lists every command (exit 0)" \
	'[ $? -eq 0 ] && for c in $commands; do grep -q "svcgen $c " "$tmp/all" || grep -q "svcgen $c\$" "$tmp/all" || exit 1; done'
for c in $commands; do
	"$SVCGEN" "$c" --help >"$tmp/$c.long" 2>&1
	rc=$?
	"$SVCGEN" "$c" -h >"$tmp/$c.short" 2>&1
	"$SVCGEN" help "$c" >"$tmp/$c.help" 2>&1
	check "$c --help: its usage, exit 0, the same as -h and help $c" \
		'[ $rc -eq 0 ] && grep -q "^usage: svcgen $c" "$tmp/$c.long" && grep -q -- "-h, --help" "$tmp/$c.long" &&
		cmp -s "$tmp/$c.long" "$tmp/$c.short" && cmp -s "$tmp/$c.long" "$tmp/$c.help"'
done
"$SVCGEN" check records --rev HEAD --help >"$tmp/mid" 2>&1
check "--help among other arguments is still help" '[ $? -eq 0 ] && cmp -s "$tmp/mid" "$tmp/check.long"'
"$SVCGEN" help nope >"$tmp/nope" 2>&1
check "help of no such command: exit 2" '[ $? -eq 2 ] && grep -q "unknown command .nope." "$tmp/nope"'

"$SVCGEN" --version >"$tmp/version"
v() { pkg-config --modversion "$1" 2>/dev/null; }
check "--version names the libraries and their versions" \
	'grep -q "^svcgen [0-9]" "$tmp/version" && grep -q "libyaml $(v yaml-0.1)" "$tmp/version" &&
	grep -q "libgit2 $(v libgit2)" "$tmp/version" && grep -q "cmark-gfm $(v libcmark-gfm)" "$tmp/version"'

# Colour: never on a pipe unless asked; NO_COLOR wins over auto, not over always.
g=tests/golden/rule-unknown-field/records
esc=$(printf '\033')
"$SVCGEN" check "$g" --as-of 2026-11-27 >"$tmp/plain" 2>/dev/null
"$SVCGEN" check "$g" --as-of 2026-11-27 --color always >"$tmp/colour" 2>/dev/null
NO_COLOR=1 "$SVCGEN" check "$g" --as-of 2026-11-27 --color always >"$tmp/colour-no" 2>/dev/null
check "no colour on a pipe" '! grep -q "$esc" "$tmp/plain"'
check "--color always: the severity in colour, the same text without it" \
	'grep -q "${esc}\[1;31merror:${esc}\[m" "$tmp/colour" && sed "s/${esc}\[[0-9;]*m//g" "$tmp/colour" | cmp -s - "$tmp/plain"'
check "--color always wins over NO_COLOR" 'cmp -s "$tmp/colour" "$tmp/colour-no"'
"$SVCGEN" check "$g" --color rainbow >/dev/null 2>"$tmp/badcolour"
check "--color takes auto, always or never (exit 2)" '[ $? -eq 2 ] && grep -q "auto, always or never" "$tmp/badcolour"'
if command -v script >/dev/null 2>&1; then
	script -qec "$SVCGEN check $g --as-of 2026-11-27" /dev/null >"$tmp/tty" 2>&1
	NO_COLOR=1 script -qec "$SVCGEN check $g --as-of 2026-11-27" /dev/null >"$tmp/tty-no" 2>&1
	check "colour on a terminal, none there under NO_COLOR" \
		'grep -q "$esc\[1;31m" "$tmp/tty" && ! grep -q "$esc\[1;31m" "$tmp/tty-no" && grep -q "\^" "$tmp/tty-no"'
fi

# The manual page: formats without a warning, and documents every command and option.
check "docs/svcgen.1 formats without warnings" \
	'[ -z "$(groff -man -ww -z -Tutf8 docs/svcgen.1 2>&1)" ]'
missing=
for c in $commands; do
	grep -q "^\.SS $c\$" docs/svcgen.1 || missing="$missing $c"
	for o in $(grep -o '^  \(-[a-z], \)\?--[a-z-]*' "$tmp/$c.long" | sed 's/.*--/--/' | grep -v -- '--help'); do
		grep -q "^\.B[IR]* .*$(echo "$o" | sed 's/-/\\\\-/g')" docs/svcgen.1 || missing="$missing $c:$o"
	done
done
check "the manual page has every command and every option of the help" '[ -z "$missing" ] || { echo "# missing:$missing"; false; }'

# The completions, in bash and in zsh (through bashcompinit).
cat >"$tmp/comp.sh" <<'EOS'
# comp K WORDS...: the completions of word K (0-based) of WORDS.
comp() {
	k=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$k
	eval "cur=\${$((k + 1))}"
	eval "before=\${$k}"
	_svcgen_complete svcgen "$cur" "$before"
	printf '%s\n' "${COMPREPLY[@]}"
}
EOS
mkdir -p "$tmp/rec/service/2026" "$tmp/rec/customers"
: >"$tmp/rec/service/2026/SR-2026-0001.md"
: >"$tmp/rec/service/2026/SR-2026-0002.md"
: >"$tmp/rec/customers/C-0001.yaml"
for c in init check build log stats schema import export; do
	# The options the help gives, against those the completion offers.
	grep -o '^  \(-[a-z], \)\?--[a-z-]*' "$tmp/$c.long" | grep -v -- '--help' | sed 's/^  //; s/, /\n/' | sort >"$tmp/$c.want"
	echo "--help" >>"$tmp/$c.want"
	sort -o "$tmp/$c.want" "$tmp/$c.want"
	bash -c '. docs/completion/svcgen.bash; . "$1"; comp 2 svcgen "$2" -' _ "$tmp/comp.sh" "$c" | sort >"$tmp/$c.got"
	check "bash: $c's options are those of its help" 'cmp -s "$tmp/$c.want" "$tmp/$c.got" || diff "$tmp/$c.want" "$tmp/$c.got"'
done
bash -c '. docs/completion/svcgen.bash; . "$1"; comp 1 svcgen ch; comp 3 svcgen check --format ""; comp 2 svcgen log SR "$2"; comp 2 svcgen help st' \
	_ "$tmp/comp.sh" "$tmp/rec" >"$tmp/bash.out"
check "bash: commands, option values, ids from the folder typed after" \
	'[ "$(tr "\n" " " <"$tmp/bash.out")" = "check text json github sarif junit SR-2026-0001 SR-2026-0002 stats " ] ||
	{ sed "s/^/# /" "$tmp/bash.out"; false; }'
bash -c '. docs/completion/svcgen.bash; . "$1"; comp 2 svcgen new ser; comp 3 svcgen new service -; comp 3 svcgen schema --kind con' \
	_ "$tmp/comp.sh" >"$tmp/bash-new.out"
check "bash: new's kinds and options, schema --kind's kinds" \
	'[ "$(tr "\n" " " <"$tmp/bash-new.out")" = "service -e --edit --help config " ] || { sed "s/^/# /" "$tmp/bash-new.out"; false; }'
if command -v zsh >/dev/null 2>&1; then
	zsh -fc 'autoload -U compinit && compinit -u -D; autoload -U +X bashcompinit && bashcompinit
		. docs/completion/svcgen.bash; . "$1"
		(( $+_comps[svcgen] )) && echo registered
		comp 3 svcgen check --format "" | sort | tr "\n" " "; echo
		comp 2 svcgen log SR "$2" | sort | tr "\n" " "; echo' _ "$tmp/comp.sh" "$tmp/rec" >"$tmp/zsh.out" 2>&1
	check "zsh: the completion registers and offers the same words" \
		'[ "$(sed -n 1p "$tmp/zsh.out")" = registered ] &&
		[ "$(sed -n 2p "$tmp/zsh.out")" = "github json junit sarif text " ] &&
		sed -n 3p "$tmp/zsh.out" | grep -q "SR-2026-0001 SR-2026-0002" || { sed "s/^/# /" "$tmp/zsh.out"; false; }'
else
	notok "zsh for the completion test (Debian package zsh)"
fi

# make install puts the page and the completion where man and bash-completion look.
make -s install PREFIX="$tmp/prefix" >/dev/null 2>&1
check "make install: the manual page and the bash completion" \
	'[ -f "$tmp/prefix/share/bash-completion/completions/svcgen" ] &&
	MANWIDTH=80 man -l "$tmp/prefix/share/man/man1/svcgen.1" 2>/dev/null | grep -q "svcgen *check"'
if command -v zsh >/dev/null 2>&1; then
	zsh -fc 'fpath=("$1" $fpath); autoload -U compinit && compinit -u -D
		[[ $_comps[svcgen] = _svcgen ]] && echo registered' _ "$tmp/prefix/share/zsh/site-functions" >"$tmp/zinst" 2>&1
	src=$(sed -n 's/^source //p' "$tmp/prefix/share/zsh/site-functions/_svcgen")
	check "make install: zsh finds _svcgen, which sources the installed bash completion" \
		'grep -q registered "$tmp/zinst" && cmp -s "$src" docs/completion/svcgen.bash'
fi

# `svcgen log records SR-…`: the arguments the other way round, said so.
"$SVCGEN" log tests/golden/people-mistakes/records SR-2026-0015 >/dev/null 2>"$tmp/swapped"
check "log DIR ID: says the id comes first, with the command to run (exit 2)" \
	'[ $? -eq 2 ] && grep -q "the record id comes first, then the folder: svcgen log SR-2026-0015 tests/golden/people-mistakes/records" "$tmp/swapped"'

# The help in Chinese (docs/architecture.md, "Messages"): under a Chinese
# locale or --lang zh-CN, what a command does and its options' texts are
# Chinese; the synopsis, the option names and their order are the same.
# (Chinese here: a character of U+3000-U+9FFF, punctuation such as 、 included.)
cjk=$(printf '[\343-\351][\200-\277][\200-\277]')
zhelp() { env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$SVCGEN" "$@"; }
bad=
for c in $commands; do
	zhelp help "$c" >"$tmp/$c.zh" 2>&1
	# The synopsis: the lines up to the first empty one, the same bytes.
	sed '/^$/q' "$tmp/$c.long" >"$tmp/$c.syn-en"
	sed '/^$/q' "$tmp/$c.zh" >"$tmp/$c.syn-zh"
	cmp -s "$tmp/$c.syn-en" "$tmp/$c.syn-zh" || bad="$bad $c:synopsis"
	grep -o '^  \(-[a-z], \)\?[-A-Z][A-Za-z=-]*' "$tmp/$c.long" >"$tmp/$c.flags-en"
	grep -o '^  \(-[a-z], \)\?[-A-Z][A-Za-z=-]*' "$tmp/$c.zh" >"$tmp/$c.flags-zh"
	cmp -s "$tmp/$c.flags-en" "$tmp/$c.flags-zh" || bad="$bad $c:options"
	# After the synopsis every line that is not empty has Chinese in it:
	# no English sentence left over.
	left=$(sed '1,/^$/d' "$tmp/$c.zh" | grep -v '^$' | LC_ALL=C grep -vc "$cjk")
	[ "$left" -eq 0 ] || bad="$bad $c:english($left)"
	LC_ALL=C grep -q "$cjk" "$tmp/$c.long" && bad="$bad $c:chinese-in-english"
done
check "LANG=zh_CN: every command's help in Chinese, its synopsis and options as in English" \
	'[ -z "$bad" ] || { echo "# differs:$bad"; false; }'
check "help check in Chinese: its description and options' words" \
	'grep -q "^校验 DIR（默认：当前文件夹）中的记录" "$tmp/check.zh" && grep -q "^选项：$" "$tmp/check.zh" &&
	grep -q "^  --werror            有警告时也算失败$" "$tmp/check.zh" && grep -q "^  -h, --help          显示本帮助$" "$tmp/check.zh"'
LANG=C "$SVCGEN" check --help --lang zh-CN >"$tmp/check.lang-zh" 2>&1
env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$SVCGEN" check --lang en --help >"$tmp/check.lang-en" 2>&1
check "--help with --lang zh-CN is Chinese, with --lang en English, whatever the locale" \
	'cmp -s "$tmp/check.zh" "$tmp/check.lang-zh" && cmp -s "$tmp/check.long" "$tmp/check.lang-en"'
LANG=C "$SVCGEN" help check --lang zh-CN >"$tmp/help-check.lang-zh" 2>&1
env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$SVCGEN" help --lang en check >"$tmp/help-check.lang-en" 2>&1
check "help COMMAND --lang zh-CN is Chinese, --lang en English, whatever the locale" \
	'cmp -s "$tmp/check.zh" "$tmp/help-check.lang-zh" && cmp -s "$tmp/check.long" "$tmp/help-check.lang-en"'
LANG=C "$SVCGEN" help check --lang fr >"$tmp/help-fr" 2>&1
st_fr=$?
LANG=C "$SVCGEN" help check stats >"$tmp/help-two" 2>&1
st_two=$?
check "help: --lang fr and a second command are usage errors (exit 2)" \
	'[ $st_fr -eq 2 ] && grep -q "^svcgen: --lang takes zh-CN or en, not .fr.$" "$tmp/help-fr" &&
	[ $st_two -eq 2 ] && grep -q "^svcgen: extra argument .stats. (help takes one command)$" "$tmp/help-two"'
zhelp --help >"$tmp/all.zh" 2>&1
head -n -1 "$tmp/all" >"$tmp/all.syn-en"
head -n -1 "$tmp/all.zh" >"$tmp/all.syn-zh"
check "--help under LANG=zh_CN: the same synopses, the last line in Chinese" \
	'[ -s "$tmp/all.syn-en" ] && cmp -s "$tmp/all.syn-en" "$tmp/all.syn-zh" &&
	tail -1 "$tmp/all.zh" | grep -q "^运行 .svcgen help COMMAND.（或 svcgen COMMAND --help）查看" &&
	tail -1 "$tmp/all" | grep -q "^Run .svcgen help COMMAND. (or svcgen COMMAND --help) for"'

#!/bin/sh
# Messages: the catalogue src/base/messages.def against the code and
# against itself, with gettext's tools (a test dependency), then svcgen's
# diagnostics in both languages on every golden case.
#
# - every text the code hands to diag_add, tr(), N_() (and the SVG
#   checker's reasons, each rule's summary in rules.def, the usage errors,
#   term_error's and the failures' formats: error_set, error_context,
#   gitrepo_fail, pub_fail) is in the catalogue, and the catalogue holds
#   nothing else (msgcmp both ways);
# - each Chinese text takes the conversions of its English one (msgfmt
#   --check-format), none is missing, none is there twice;
# - planted faults are caught: a text taken out, a conversion changed;
# - `check --lang zh-CN` and `--lang en` report the same problems at the
#   same places under the same rule ids, every message differs between
#   the two and every Chinese one has Chinese in it;
# - the locale chooses when --lang does not (LC_ALL, LC_MESSAGES, LANG);
# - usage errors and failures in Chinese under LANG=zh_CN.UTF-8 or --lang
#   zh-CN, unchanged English under LANG=C, with the same exit status;
# - a build's validation page and its terminal speak the site's language.
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
po=$(dirname "$SVCGEN")/msg-po
[ -x "$po" ] || po=build/release/msg-po

ok() { echo "ok - messages $1"; }
notok() { echo "not ok - messages $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }

# The texts the code names: the keywords of base/msg.h, diag_add's format,
# the SVG checker's reasons (check/attach.c), the rules' summaries, the
# usage errors (cli/main.c, export.c, import.c: S_extra_arg's second
# argument says what the command takes), term_error's literal formats and
# the failures' (base/error.h, load/git.h, publish/publish_int.h).
xgettext --from-code=UTF-8 --language=C -k -kdiag_add:6 -ktr:1 -kN_:1 -kRULE:4 \
	-kS_fail:3 -kS_fail_name:3 -kS_removed:3 -ktr_term:1 \
	-khelp_usage_error:1 -kS_extra_arg:2 -kterm_error:1 \
	-kerror_set:1 -kerror_context:1 -kgitrepo_fail:1 -kpub_fail:2 --no-location \
	-o "$tmp/used.pot" src/*/*.c src/model/rules.def 2>"$tmp/xgettext.err"
check "the code's texts are extracted" '[ -s "$tmp/used.pot" ] && [ ! -s "$tmp/xgettext.err" ]'
"$po" >"$tmp/cat.po"
n=$(grep -c '^msgid "' "$tmp/cat.po")
check "the catalogue prints ($n texts)" '[ "$n" -gt 200 ]'
check "every Chinese text takes its English one's conversions, none twice" \
	'msgfmt --check-format -o /dev/null "$tmp/cat.po" 2>"$tmp/fmt.err"'
msgfmt --statistics -o /dev/null "$tmp/cat.po" 2>"$tmp/stat.txt"
check "every text has its Chinese" '! grep -q "untranslated" "$tmp/stat.txt"'
check "every text the code uses is in the catalogue" \
	'msgcmp "$tmp/cat.po" "$tmp/used.pot" 2>"$tmp/cmp.err" || { cat "$tmp/cmp.err"; false; }'
check "the catalogue holds no text the code no longer uses" \
	'msgcmp --use-untranslated "$tmp/used.pot" "$tmp/cat.po" 2>"$tmp/cmp2.err" || { cat "$tmp/cmp2.err"; false; }'

# Planted faults: each must be caught by the check above that guards it.
awk 'BEGIN { skip = 0 }
	/^msgid "unknown field/ && !done { skip = 1; done = 1 }
	skip && /^$/ { skip = 0 }
	!skip' "$tmp/cat.po" >"$tmp/missing.po"
check "planted: a text taken out of the catalogue is caught" \
	'! msgcmp "$tmp/missing.po" "$tmp/used.pot" 2>/dev/null'
sed 's/^msgstr "\(.*\)无效的 UTF-8 字节 0x%02X/msgstr "\1无效的 UTF-8 字节 0x%s/' "$tmp/cat.po" >"$tmp/badfmt.po"
check "planted: a Chinese text with another conversion is caught" \
	'! cmp -s "$tmp/cat.po" "$tmp/badfmt.po" && ! msgfmt --check-format -o /dev/null "$tmp/badfmt.po" 2>/dev/null'

# Every golden case in both languages: the same problems, other words.
bad=0 cases=0 lines=0
for d in tests/golden/*/; do
	[ -d "$d/records" ] || continue
	args=
	[ -f "$d/args" ] && args=$(cat "$d/args")
	# shellcheck disable=SC2086
	"$SVCGEN" check "$d/records" --as-of 2026-11-27 $args --lang en >"$tmp/en" 2>/dev/null
	# shellcheck disable=SC2086
	"$SVCGEN" check "$d/records" --as-of 2026-11-27 $args --lang zh-CN >"$tmp/zh" 2>/dev/null
	cases=$((cases + 1))
	lines=$((lines + $(wc -l <"$tmp/en")))
	if ! node -e '
const fs = require("fs");
const re = /^(.*?:\d+:\d+: (?:error|warning): )(.*)( \[[a-z0-9-]+\])$/;
const en = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
const zh = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
let bad = en.length !== zh.length ? ["counts differ: " + en.length + " vs " + zh.length] : [];
for (let i = 0; i < Math.min(en.length, zh.length); i++) {
	const a = re.exec(en[i]), b = re.exec(zh[i]);
	if (!a || !b) { bad.push("not a diagnostic: " + (a ? zh[i] : en[i])); continue; }
	if (a[1] !== b[1] || a[3] !== b[3]) bad.push("place or rule differs: " + en[i] + " | " + zh[i]);
	if (a[2] === b[2]) bad.push("not translated: " + zh[i]);
	if (!/[\u4e00-\u9fff]/.test(b[2])) bad.push("no Chinese: " + zh[i]);
}
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }' "$tmp/en" "$tmp/zh"; then
		echo "# in $d"
		bad=$((bad + 1))
	fi
done
check "every golden case's diagnostics in Chinese ($cases cases, $lines diagnostics)" \
	'[ "$bad" -eq 0 ] && [ "$lines" -gt 60 ]'

# The locale chooses when --lang does not; LC_ALL before LC_MESSAGES before LANG.
g=tests/golden/rule-unknown-field/records
zh_line() { grep -c '未知字段' || true; }
check "LANG=zh_CN.UTF-8 gives Chinese" \
	'[ "$(env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$SVCGEN" check "$g" --as-of 2026-11-27 2>&1 | zh_line)" -gt 0 ]'
check "LC_MESSAGES=zh_CN before LANG=en_US" \
	'[ "$(env -u LC_ALL LC_MESSAGES=zh_CN.UTF-8 LANG=en_US.UTF-8 "$SVCGEN" check "$g" --as-of 2026-11-27 2>&1 | zh_line)" -gt 0 ]'
check "LC_ALL=C before LANG=zh_CN gives English" \
	'[ "$(LC_ALL=C LANG=zh_CN.UTF-8 "$SVCGEN" check "$g" --as-of 2026-11-27 2>&1 | zh_line)" -eq 0 ]'
check "--lang en before LANG=zh_CN" \
	'[ "$(env -u LC_ALL LANG=zh_CN.UTF-8 "$SVCGEN" check "$g" --as-of 2026-11-27 --lang en 2>&1 | zh_line)" -eq 0 ]'
check "the Chinese summary line counts the files" \
	'"$SVCGEN" check "$g" --as-of 2026-11-27 --lang zh-CN 2>&1 >/dev/null | grep -q "个错误，0 个警告，共检查 [0-9]* 个文件"'
"$SVCGEN" check "$g" --lang xx >/dev/null 2>"$tmp/usage"
check "--lang takes zh-CN or en (exit 2)" '[ $? -eq 2 ] && grep -q "zh-CN or en" "$tmp/usage"'
check "SARIF gives every rule its Chinese summary" \
	'"$SVCGEN" check "$g" --as-of 2026-11-27 --lang zh-CN --format sarif | node -e "
const s = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"));
const r = s.runs[0].tool.driver.rules;
process.exit(r.length > 20 && r.every((x) => /[\u4e00-\u9fff]/.test(x.shortDescription.text)) ? 0 : 1);"'

# Usage errors and failures (base/error.h) speak the same language, with
# the same exit status; paths, option names, strerror() and libgit2's
# reason stay as they are. say NAME LANG ARGS...: stderr in $tmp/NAME.err.
say() {
	n=$1 l=$2
	shift 2
	env -u LC_ALL -u LC_MESSAGES LANG="$l" GIT_CEILING_DIRECTORIES="$tmp" "$SVCGEN" "$@" \
		>/dev/null 2>"$tmp/$n.err"
	echo $? >"$tmp/$n.rc"
}
rc() { cat "$tmp/$1.rc"; }
line1() { head -n 1 "$tmp/$1.err"; }
mkdir -p "$tmp/repo" "$tmp/plain"
cp -R "$g"/. "$tmp/repo/"
cp -R "$g"/. "$tmp/plain/"
git -C "$tmp/repo" init -q && git -C "$tmp/repo" add -A &&
	git -C "$tmp/repo" -c user.name=t -c user.email=t@example.com commit -qm records
say asof-en C check "$g" --as-of notadate
say asof-zh zh_CN.UTF-8 check "$g" --as-of notadate
say asof-lang C check "$g" --as-of notadate --lang zh-CN
say asof-lang-en zh_CN.UTF-8 check "$g" --lang en --as-of notadate
asof_en="svcgen: --as-of takes a date YYYY-MM-DD, not 'notadate'"
asof_zh="svcgen: --as-of 只接受 YYYY-MM-DD 格式的日期，不接受“notadate”"
check "a usage error under LANG=C: English as before (exit 2)" \
	'[ "$(rc asof-en)" = 2 ] && [ "$(line1 asof-en)" = "$asof_en" ]'
check "a usage error under LANG=zh_CN.UTF-8: Chinese (exit 2)" \
	'[ "$(rc asof-zh)" = 2 ] && [ "$(line1 asof-zh)" = "$asof_zh" ]'
check "a usage error with --lang zh-CN: Chinese (exit 2)" \
	'[ "$(rc asof-lang)" = 2 ] && [ "$(line1 asof-lang)" = "$asof_zh" ]'
check "a usage error with --lang en under LANG=zh_CN: English (exit 2)" \
	'[ "$(rc asof-lang-en)" = 2 ] && [ "$(line1 asof-lang-en)" = "$asof_en" ]'
say extra-zh zh_CN.UTF-8 check "$g" "$g"
check "an extra argument, and what the command takes, in Chinese (exit 2)" \
	'[ "$(rc extra-zh)" = 2 ] && [ "$(line1 extra-zh)" = "svcgen: 多余的参数“$g”（check 只接受一个文件夹）" ]'

say rev-en C check "$tmp/repo" --rev no-such-rev
say rev-zh zh_CN.UTF-8 check "$tmp/repo" --rev no-such-rev
say rev-lang C check "$tmp/repo" --rev no-such-rev --lang zh-CN
why_en=$(line1 rev-en | sed -n 's/^svcgen: --rev no-such-rev: //p')
check "--rev no-such-rev under LANG=C: English, then libgit2's reason (exit 3)" \
	'[ "$(rc rev-en)" = 3 ] && [ -n "$why_en" ] && ! LC_ALL=C grep -q "$(printf "[\\200-\\377]")" "$tmp/rev-en.err"'
check "--rev no-such-rev under LANG=zh_CN: Chinese, libgit2's reason as it is (exit 3)" \
	'[ "$(rc rev-zh)" = 3 ] && [ "$(line1 rev-zh)" = "svcgen: 无法解析 --rev no-such-rev：$why_en" ]'
check "--rev no-such-rev with --lang zh-CN: Chinese (exit 3)" \
	'[ "$(rc rev-lang)" = 3 ] && [ "$(line1 rev-lang)" = "$(line1 rev-zh)" ]'

say none-en C check "$tmp/nowhere"
say none-zh zh_CN.UTF-8 check "$tmp/nowhere"
none_why=$(line1 none-en | sed -n "s|^svcgen: $tmp/nowhere: ||p")
check "a folder that does not exist under LANG=C: as before (exit 3)" \
	'[ "$(rc none-en)" = 3 ] && [ -n "$none_why" ] && grep -qx "svcgen: 0 errors, 0 warnings in 0 files" "$tmp/none-en.err"'
check "a folder that does not exist under LANG=zh_CN: Chinese, strerror as it is (exit 3)" \
	'[ "$(rc none-zh)" = 3 ] && [ "$(line1 none-zh)" = "svcgen: $tmp/nowhere：$none_why" ] &&
	grep -qx "svcgen: 0 个错误，0 个警告，共检查 0 个文件" "$tmp/none-zh.err"'

say nogit-en C log C-0001 "$tmp/plain"
say nogit-zh zh_CN.UTF-8 log C-0001 "$tmp/plain"
say nogit-rev zh_CN.UTF-8 check "$tmp/plain" --rev HEAD
check "not in a git repository under LANG=C: English (exit 3)" \
	'[ "$(rc nogit-en)" = 3 ] && [ "$(line1 nogit-en)" = "svcgen: $tmp/plain: not in a git repository" ]'
check "not in a git repository under LANG=zh_CN: Chinese (exit 3)" \
	'[ "$(rc nogit-zh)" = 3 ] && [ "$(line1 nogit-zh)" = "svcgen: $tmp/plain：不在 git 仓库中" ] &&
	[ "$(rc nogit-rev)" = 3 ] && [ "$(line1 nogit-rev)" = "svcgen: 无法解析 --rev HEAD：$tmp/plain：不在 git 仓库中" ]'

# A build's failures: the reader's language, not the site's.
mkdir -p "$tmp/taken"
echo x >"$tmp/taken/file"
say taken-en C build "$tmp/plain" -o "$tmp/taken" --lang zh-CN --as-of 2026-11-27
say taken-zh zh_CN.UTF-8 build "$tmp/plain" -o "$tmp/taken" --lang en --as-of 2026-11-27
check "a build's failure in the locale's language, whatever the site's (exit 3)" \
	'[ "$(rc taken-en)" = 3 ] && [ "$(rc taken-zh)" = 3 ] &&
	grep -q "not empty and not a site svcgen built" "$tmp/taken-en.err" &&
	grep -q "不是空文件夹，也不是 svcgen 生成的站点" "$tmp/taken-zh.err"'
say nofold-en C build "$tmp/nowhere" -o "$tmp/nosite" --lang zh-CN --as-of 2026-11-27
say nofold-zh zh_CN.UTF-8 build "$tmp/nowhere" -o "$tmp/nosite" --lang en --as-of 2026-11-27
check "a build's failure reading the records in the locale's language, not the site's (exit 3)" \
	'[ "$(rc nofold-en)" = 3 ] && [ "$(line1 nofold-en)" = "svcgen: $tmp/nowhere: $none_why" ] &&
	[ "$(rc nofold-zh)" = 3 ] && [ "$(line1 nofold-zh)" = "svcgen: $tmp/nowhere：$none_why" ]'
awk '/^msgid "--as-of takes a date/ { skip = 1 } skip && /^$/ { skip = 0 } !skip' \
	"$tmp/cat.po" >"$tmp/no-usage.po"
check "planted: a usage error's text taken out of the catalogue is caught" \
	'! cmp -s "$tmp/cat.po" "$tmp/no-usage.po" && ! msgcmp "$tmp/no-usage.po" "$tmp/used.pot" 2>/dev/null'

# A build: the validation page and the terminal in the site's language.
mkdir -p "$tmp/r"
cp -R "$g"/. "$tmp/r/"
for lang in en zh-CN; do
	"$SVCGEN" build "$tmp/r" -o "$tmp/site-$lang" --as-of 2026-11-27 --lang "$lang" \
		>/dev/null 2>"$tmp/build-$lang.err"
done
check "the validation page of an en site is in English" \
	'grep -q "unknown field" "$tmp/site-en/validation.html" && ! grep -q "未知字段" "$tmp/site-en/validation.html"'
check "the validation page of a zh-CN site is in Chinese" \
	'grep -q "未知字段" "$tmp/site-zh-CN/validation.html" && ! grep -q "unknown field" "$tmp/site-zh-CN/validation.html"'
LANG=zh_CN.UTF-8 "$SVCGEN" build "$tmp/r" -o "$tmp/site-en" --as-of 2026-11-27 --lang en \
	>/dev/null 2>"$tmp/build-en-zh.err"
check "a build's last line is in the locale's language, the site's aside" \
	'grep -q "pages of .* 6 errors" "$tmp/build-zh-CN.err" && grep -q "已是最新.*6 个错误" "$tmp/build-en-zh.err"'
# Without --lang, svcgen.yaml's language, its own diagnostics included.
printf 'lang: en\nbogus: 1\n' >"$tmp/r/svcgen.yaml"
"$SVCGEN" build "$tmp/r" -o "$tmp/site-cfg" --as-of 2026-11-27 >/dev/null 2>"$tmp/build-cfg.err"
check "svcgen.yaml's lang: en gives English, for its own problems too" \
	'grep -q "unknown field .*bogus" "$tmp/site-cfg/validation.html" && ! grep -q "未知字段" "$tmp/site-cfg/validation.html"'
printf 'lang: zh-CN\nbogus: 1\n' >"$tmp/r/svcgen.yaml"
"$SVCGEN" build "$tmp/r" -o "$tmp/site-cfg2" --as-of 2026-11-27 >/dev/null 2>"$tmp/build-cfg2.err"
check "svcgen.yaml's lang: zh-CN gives Chinese, for its own problems too" \
	'grep -q "未知字段.*bogus" "$tmp/site-cfg2/validation.html" && ! grep -q "unknown field" "$tmp/site-cfg2/validation.html"'

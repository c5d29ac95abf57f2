#!/bin/sh
# Messages: the catalogue src/base/messages.def against the code and
# against itself, with gettext's tools (a test dependency), then svcgen's
# diagnostics in both languages on every golden case.
#
# - every text the code hands to diag_add, tr(), N_() (and the SVG
#   checker's reasons, and each rule's summary in rules.def) is in the
#   catalogue, and the catalogue holds nothing else (msgcmp both ways);
# - each Chinese text takes the conversions of its English one (msgfmt
#   --check-format), none is missing, none is there twice;
# - planted faults are caught: a text taken out, a conversion changed;
# - `check --lang zh-CN` and `--lang en` report the same problems at the
#   same places under the same rule ids, every message differs between
#   the two and every Chinese one has Chinese in it;
# - the locale chooses when --lang does not (LC_ALL, LC_MESSAGES, LANG);
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
# the SVG checker's reasons (check/attach.c) and the rules' summaries.
xgettext --from-code=UTF-8 --language=C -k -kdiag_add:6 -ktr:1 -kN_:1 -kRULE:4 \
	-kS_fail:3 -kS_fail_name:3 -kS_removed:3 \
	-kS_usage_error:1 -kS_usage:1 -kS_extra_arg:2 -kterm_error:1 \
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

#!/bin/sh
# svcgen init (docs/ci.md): a new department checks clean and builds; every
# file is there and parses (YAML by npm `yaml`, JSON by node); the CI and
# pre-commit snippets are those docs/ci.md shows; a folder that is not
# empty is refused, --force keeps what is there, and a symbolic link
# planted in the folder is never written through (with openat2 and with
# the walk); svcgen's .pre-commit-hooks.yaml run as pre-commit would run it
# passes on the new department and fails on a bad record.
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - init $1"; }
notok() { echo "not ok - init $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
kinds="customers equipment service visits complaints standards staff parts shipments dealers"
files="svcgen.yaml README.md .gitattributes .editorconfig .gitignore .pre-commit-config.yaml
.github/workflows/svcgen.yml .gitlab-ci.yml .vscode/settings.json .vscode/extensions.json
.svcgen/schema/.gitkeep attachments/.gitkeep"
for k in $kinds; do files="$files $k/.gitkeep .svcgen/schema/$k.json"; done
yaml=$top/tests/node_modules/yaml
[ -d "$yaml" ] || notok "npm yaml in tests/node_modules (make test installs it)"

d=$tmp/dept
"$SVCGEN" init "$d" >"$tmp/out" 2>"$tmp/err"
check "init DIR makes the folder and says what it did (exit 0)" \
	'[ $? -eq 0 ] && [ -d "$d" ] && [ ! -s "$tmp/out" ] && grep -q "a new department in $d: 32 files written, 0 kept" "$tmp/err"'
missing=
for f in $files; do [ -f "$d/$f" ] || missing="$missing $f"; done
check "every file is there" '[ -z "$missing" ] || { echo "# missing:$missing"; false; }'
differ=
for k in $kinds; do
	"$SVCGEN" schema --json-schema "$d" --kind "$k" | cmp -s - "$d/.svcgen/schema/$k.json" || differ="$differ $k"
done
check "each kind's JSON Schema is what svcgen schema --json-schema --kind prints for it" \
	'[ -z "$differ" ] || { echo "# differ:$differ"; false; }'

"$SVCGEN" check "$d" >"$tmp/check" 2>"$tmp/check.err"
check "svcgen check of it: exit 0, no diagnostic" \
	'[ $? -eq 0 ] && [ ! -s "$tmp/check" ] && grep -q "0 errors, 0 warnings in 0 files" "$tmp/check.err"'
"$SVCGEN" check "$d" --werror --format json >"$tmp/check.json" 2>/dev/null
check "svcgen check --werror --format json: exit 0, no problem" \
	'[ $? -eq 0 ] && node -e "const j=JSON.parse(require(\"fs\").readFileSync(process.argv[1])); process.exit((j.diagnostics||j).length===0?0:1)" "$tmp/check.json"'
"$SVCGEN" build "$d" -o "$tmp/site" >/dev/null 2>"$tmp/build.err"
check "svcgen build of it succeeds" '[ $? -eq 0 ] && [ -f "$tmp/site/index.html" ] && grep -q "0 errors, 0 warnings" "$tmp/build.err"'

# svcgen.yaml: every key of docs/config.md's table, with the default there.
keys=$(sed -n 's/^| `\([a-z_]*\)\(\.[a-z_]*\)\?` |.*/\1/p' docs/config.md | sort -u)
nokey=
for k in $keys; do grep -q "^$k:" "$d/svcgen.yaml" || nokey="$nokey $k"; done
for k in file_bytes depth attachment_bytes; do grep -q "^  $k: [0-9]" "$d/svcgen.yaml" || nokey="$nokey limits.$k"; done
check "svcgen.yaml writes out every setting of docs/config.md" '[ -n "$keys" ] && [ -z "$nokey" ] || { echo "# missing:$nokey"; false; }'
check "svcgen.yaml comments each setting in Chinese and English" \
	'[ "$(LC_ALL=C grep -c "^ *#.*[^ -~].* /\( \|$\)" "$d/svcgen.yaml")" -ge 13 ]'
# Every setting at its default: changing one away from it shows (a sanity
# check that the file is read at all), then the figures are those of no file.
"$SVCGEN" stats "$d" --format json --as-of 2026-12-07 >"$tmp/stats.with" 2>/dev/null
mkdir "$tmp/bare"
"$SVCGEN" stats "$tmp/bare" --format json --as-of 2026-12-07 >"$tmp/stats.bare" 2>/dev/null
check "its settings are the defaults: the same figures and targets as no svcgen.yaml" \
	'[ -s "$tmp/stats.with" ] && cmp -s "$tmp/stats.with" "$tmp/stats.bare"'
sed 's/^satisfied_at: 4/satisfied_at: 9/' "$d/svcgen.yaml" >"$tmp/bad.yaml"
mkdir "$tmp/bad" && cp "$tmp/bad.yaml" "$tmp/bad/svcgen.yaml"
"$SVCGEN" check "$tmp/bad" >"$tmp/bad.out" 2>/dev/null
check "the file is read: satisfied_at: 9 is an error at its line" \
	'[ $? -eq 1 ] && grep -q "^$tmp/bad/svcgen.yaml:$(grep -n "^satisfied_at" "$d/svcgen.yaml" | cut -d: -f1):15: error" "$tmp/bad.out"'

# Every YAML file parses (npm yaml, strict: duplicate keys and bad syntax
# throw), every JSON file parses; the workflow's shape is GitHub's and GitLab's.
cat >"$tmp/parse.js" <<'EOS'
const fs = require('fs');
const YAML = require(process.argv[2]);
const dir = process.argv[3];
let bad = 0;
const y = {};
for (const f of process.argv.slice(4)) {
	const text = fs.readFileSync(dir + '/' + f, 'utf8');
	try {
		if (f.endsWith('.json')) y[f] = JSON.parse(text);
		else {
			const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
			if (doc.errors.length) throw doc.errors[0];
			y[f] = doc.toJS();
		}
	} catch (e) {
		console.log('# ' + f + ': ' + e.message);
		bad++;
	}
}
if (bad) process.exit(1);
const gh = y['.github/workflows/svcgen.yml'];
const steps = gh.jobs.svcgen.steps;
const run = steps.map((s) => s.run || '').join('\n');
const uses = steps.map((s) => s.uses || '');
const sarif = steps.find((s) => (s.uses || '').startsWith('github/codeql-action/upload-sarif@'));
const art = steps.find((s) => (s.uses || '').startsWith('actions/upload-artifact@'));
const checkout = steps.find((s) => (s.uses || '').startsWith('actions/checkout@'));
const gl = y['.gitlab-ci.yml'].svcgen;
const vs = y['.vscode/settings.json']['yaml.schemas'];
const kinds = process.env.KINDS.split(' ');
const want = {
	'github: on push and pull_request': 'push' in gh.on && 'pull_request' in gh.on,
	'github: security-events: write': gh.permissions['security-events'] === 'write',
	'github: check --format sarif into the file upload-sarif uploads':
		/svcgen check --format sarif > svcgen.sarif/.test(run) && sarif && sarif.with.sarif_file === 'svcgen.sarif',
	'github: check --format github': /svcgen check --format github/.test(run),
	'github: the site built and uploaded as an artifact':
		/svcgen build -o site/.test(run) && art && art.with.path === 'site/',
	'github: the whole history': checkout && checkout.with['fetch-depth'] === 0,
	'gitlab: junit report': gl.artifacts.reports.junit === 'svcgen-junit.xml' &&
		gl.script.some((l) => /svcgen check --format junit > svcgen-junit.xml/.test(l)),
	'gitlab: report kept when the check fails': gl.artifacts.when === 'always',
	'gitlab: the site as an artifact': gl.artifacts.paths.includes('site/'),
	'vscode: every kind mapped to .svcgen/schema/<kind>.json':
		kinds.every((k) => JSON.stringify(vs['.svcgen/schema/' + k + '.json']) ===
			JSON.stringify([k + '/**/*.yaml', k + '/**/*.yml'])) && Object.keys(vs).length === kinds.length,
	'pre-commit: svcgen-check from a repo at a rev':
		y['.pre-commit-config.yaml'].repos[0].hooks[0].id === 'svcgen-check' &&
		/^v[0-9]/.test(y['.pre-commit-config.yaml'].repos[0].rev),
};
for (const [k, v] of Object.entries(want)) if (!v) { console.log('# wrong: ' + k); bad++; }
process.exit(bad ? 1 : 0);
EOS
ymls="svcgen.yaml .pre-commit-config.yaml .github/workflows/svcgen.yml .gitlab-ci.yml .vscode/settings.json .vscode/extensions.json"
KINDS=$kinds node "$tmp/parse.js" "$yaml" "$d" $ymls >"$tmp/parse.out" 2>&1
check "the YAML and JSON files parse; the workflows run check (sarif, github, junit) and build" \
	'[ $? -eq 0 ] || { cat "$tmp/parse.out"; false; }'

# The snippets are docs/ci.md's, byte for byte.
for f in .github/workflows/svcgen.yml .gitlab-ci.yml .pre-commit-config.yaml; do
	awk -v f="$f" '$0 == "<!-- init: " f " -->" { on = 1; next }
		on == 1 && /^```yaml$/ { on = 2; next } on == 2 && /^```$/ { exit } on == 2' docs/ci.md >"$tmp/doc.snippet"
	check "docs/ci.md shows $f as init writes it" '[ -s "$tmp/doc.snippet" ] && cmp -s "$tmp/doc.snippet" "$d/$f" || diff "$tmp/doc.snippet" "$d/$f" | sed "s/^/# /"'
done

# git: the attributes apply, the kind folders are kept, the site is ignored.
(cd "$d" && git init -q && git -c user.name=t -c user.email=t@example.org add -A &&
	git -c user.name=t -c user.email=t@example.org commit -qm init) >/dev/null 2>&1
check "git: *.yaml and *.md are text eol=lf" \
	'[ "$(cd "$d" && git check-attr eol -- customers/C-1.yaml service/SR-1.md x.yml | sed "s/.*: //" | tr "\n" " ")" = "lf lf lf " ]'
check "git: every kind folder is committed (its .gitkeep)" \
	'for k in $kinds attachments; do (cd "$d" && git ls-files --error-unmatch "$k/.gitkeep") >/dev/null 2>&1 || exit 1; done'
mkdir -p "$d/site" && : >"$d/site/index.html"
check "git: site/ is ignored" '(cd "$d" && git check-ignore -q site/index.html)'
rm -rf "$d/site"
check "editorconfig: UTF-8, LF, spaces, YAML by 2" \
	'grep -q "^charset = utf-8" "$d/.editorconfig" && grep -q "^end_of_line = lf" "$d/.editorconfig" &&
	grep -q "^indent_style = space" "$d/.editorconfig" && grep -A1 "^\[\*\.{yaml,yml}\]" "$d/.editorconfig" | grep -q "indent_size = 2"'
check "no file written holds a tab or a CR" '! grep -rlP "\t|\r" $(for f in $files; do echo "$d/$f"; done)'

# The hook, as pre-commit runs it: entry (split as a shell splits it) and
# args, in the repository's top folder, no file names; its files pattern.
cat >"$tmp/hook.js" <<'EOS'
const YAML = require(process.argv[2]);
const h = YAML.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
const cfg = YAML.parse(require('fs').readFileSync(process.argv[4], 'utf8'));
const hook = h.find((x) => x.id === cfg.repos[0].hooks[0].id);
if (!hook) process.exit(1);
const re = new RegExp(hook.files);
const yes = ['customers/C-0001.yaml', 'service/2026/12/SR-2026-0001.md', 'records/visits/V-1.yml',
	'svcgen.yaml', 'attachments/a/photo.jpg'];
const no = ['README.md', '.github/workflows/svcgen.yml', 'customers/.gitkeep', 'docs/x.md'];
if (!yes.every((p) => re.test(p)) || no.some((p) => re.test(p))) process.exit(2);
if (hook.language !== 'system' || hook.pass_filenames !== false) process.exit(3);
console.log(hook.entry);
EOS
entry=$(node "$tmp/hook.js" "$yaml" .pre-commit-hooks.yaml "$d/.pre-commit-config.yaml")
check ".pre-commit-hooks.yaml: the hook init's config names, system, no file names, matching records" \
	'[ $? -eq 0 ] && [ "$entry" = "svcgen check" ]'
mkdir "$tmp/bin" && ln -s "$SVCGEN" "$tmp/bin/svcgen"
(cd "$d" && PATH="$tmp/bin:$PATH" sh -c "$entry") >"$tmp/hook.out" 2>&1
check "the hook passes on the new department" '[ $? -eq 0 ]'
printf 'id: C-0001\nname: 示例\nregion: 火星\n' >"$d/customers/C-0001.yaml"
(cd "$d" && git add customers/C-0001.yaml && PATH="$tmp/bin:$PATH" sh -c "$entry") >"$tmp/hook.out" 2>&1
check "the hook fails on a bad record, naming it" \
	'[ $? -eq 1 ] && grep -q "^customers/C-0001.yaml:3:9: error: .*\[enum\]" "$tmp/hook.out"'
printf 'id: C-0001\nname: 示例\nregion: 华东\n' >"$d/customers/C-0001.yaml"
(cd "$d" && PATH="$tmp/bin:$PATH" sh -c "$entry") >/dev/null 2>&1
check "and passes again once it is fixed" '[ $? -eq 0 ]'

# Refusals, --force and planted links.
r=$tmp/nonempty
mkdir "$r" && echo mine >"$r/README.md" && mkdir "$r/notes"
"$SVCGEN" init "$r" >/dev/null 2>"$tmp/refused"
check "a folder that is not empty is refused (exit 2), naming what is there, writing nothing" \
	'[ $? -eq 2 ] && grep -q "$r is not empty: it holds README.md, notes;" "$tmp/refused" && [ "$(ls -A "$r" | tr "\n" " ")" = "README.md notes " ]'
mkdir "$tmp/gitonly" && git init -q "$tmp/gitonly"
"$SVCGEN" init "$tmp/gitonly" >/dev/null 2>&1
check "a folder holding only .git is empty enough" '[ $? -eq 0 ] && [ -f "$tmp/gitonly/svcgen.yaml" ]'
"$SVCGEN" init "$r" --force >/dev/null 2>"$tmp/forced"
check "--force writes what is missing, keeps README.md as it was and says so" \
	'[ $? -eq 0 ] && [ "$(cat "$r/README.md")" = mine ] && grep -q "kept README.md (it exists)" "$tmp/forced" &&
	grep -q "31 files written, 1 kept" "$tmp/forced" && [ -f "$r/svcgen.yaml" ]'
cp "$r/svcgen.yaml" "$tmp/before.yaml"
"$SVCGEN" init --force "$r" >/dev/null 2>"$tmp/again"
check "--force again overwrites nothing" \
	'[ $? -eq 0 ] && grep -q "0 files written, 32 kept" "$tmp/again" && cmp -s "$r/svcgen.yaml" "$tmp/before.yaml"'
: >"$tmp/afile"
"$SVCGEN" init "$tmp/afile" >/dev/null 2>"$tmp/notdir"
check "a file for DIR: exit 3, said" '[ $? -eq 3 ] && grep -q "is not a folder" "$tmp/notdir"'
"$SVCGEN" init "$tmp/no/such" >/dev/null 2>"$tmp/noparent"
check "DIR whose parent is missing: exit 3, said" '[ $? -eq 3 ] && grep -q "cannot make the folder" "$tmp/noparent"'
"$SVCGEN" init a b >/dev/null 2>&1
check "two folders: a usage error (exit 2)" '[ $? -eq 2 ]'
"$SVCGEN" init --bogus "$tmp/x" >/dev/null 2>&1
check "an unknown option: a usage error (exit 2), nothing made" '[ $? -eq 2 ] && [ ! -e "$tmp/x" ]'

for walk in "" 1; do
	l=$tmp/links$walk
	out=$tmp/outside$walk
	mkdir -p "$l" "$out/customers" "$out/wf"
	echo secret >"$out/victim"
	ln -s "$out/victim" "$l/svcgen.yaml"
	ln -s "$out/victim" "$l/README.md"
	ln -s "$out" "$l/customers"
	ln -s "$out" "$l/.vscode"
	mkdir "$l/.github" && ln -s "$out/wf" "$l/.github/workflows"
	ln -s "$out/nothing-yet" "$l/.gitlab-ci.yml"
	env ${walk:+SVCGEN_NO_OPENAT2=1} "$SVCGEN" init --force "$l" >/dev/null 2>"$tmp/links.err"
	rc=$?
	check "planted links${walk:+ (the walk)}: none followed, nothing written outside, each named as kept" \
		'[ $rc -eq 0 ] && [ "$(cat "$out/victim")" = secret ] && [ ! -e "$out/nothing-yet" ] &&
		[ -z "$(find "$out" -mindepth 2)" ] && [ "$(ls -A "$out" | tr "\n" " ")" = "customers victim wf " ] &&
		grep -q "kept svcgen.yaml (a symbolic link, not followed)" "$tmp/links.err" &&
		grep -q "kept customers (not a folder; a symbolic link is never followed)" "$tmp/links.err" &&
		grep -q "kept .github/workflows (not a folder" "$tmp/links.err" &&
		[ "$(grep -c "kept .vscode " "$tmp/links.err")" = 1 ] &&
		grep -q "kept .gitlab-ci.yml (a symbolic link" "$tmp/links.err" && [ -f "$l/equipment/.gitkeep" ]'
done

# In Chinese when the locale asks.
rm -rf "$tmp/zh"
LANG=zh_CN.UTF-8 "$SVCGEN" init "$tmp/zh" 2>"$tmp/zh.err" >/dev/null
check "its lines in the locale's language" 'grep -q "已在 $tmp/zh 建立新部门：写入 32 个文件" "$tmp/zh.err"'

#!/bin/sh
# The history on the site (docs/history.md, docs/site.md): audit trails on record pages, the
# page of a deleted record, the change log, the Atom feed (read by a real
# feed parser, npm feedparser), the audit page; builds with and without the
# history cache byte-identical; --rev builds the site of an older commit.
# The repository is the sample with a short history (tests/history-sample.sh).
set -u
tests=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
# check NAME COMMAND...: ok when the command succeeds.
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else nok "$name"; fi
}
has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qF -- "$2" "$1"; }
build() { "$SVCGEN" build "$repo" --as-of 2026-11-27 "$@" >/dev/null 2>>"$tmp/err"; }

repo=$tmp/repo
sh "$tests/history-sample.sh" "$repo" || nok "the sample as a git repository"
hash() { git -C "$repo" rev-parse --short=7 "$1"; }
build -o "$tmp/site" || nok "build with history"
site=$tmp/site

# A record's trail: commit, trailers, field by field, the finding.
p=$site/service/SR-2026-0001.html
check "trail: the post-closure edit's commit is on the ticket's page" has "$p" ">$(hash HEAD~3)</code>"
check "trail: its trailers" has "$p" "Approved-by: 李经理 &lt;li@example.com&gt;"
check "trail: the field that changed, under its label, with both values" \
	grep -q '<th scope="row" title="labor_hours">工时</th><td class="old">[0-9]*</td><td class="new">9</td>' "$p"
check "trail: an enumeration's value under its label, not its code" \
	grep -q '<th scope="row" title="type">服务类型</th><td class="old">—</td><td class="new">现场维修</td>' "$p"
check "trail: a nested field by its labels and the list item's number" \
	grep -q '<th scope="row" title="contacts\[0\]\.phone">联系人 #1 · 电话</th>' "$site/customers/C-0038.html"
check "trail: the finding on the change" has "$p" "[post-closure-edit]"
check "trail: the first version is there too" has "$p" ">$(hash HEAD~4)</code>"

# Personal data in a trail: masked unless --pii show.
p=$site/customers/C-0038.html
check "trail: a phone change is shown masked on both sides" \
	grep -q '<td class="old">133\*\*\*\*6760</td><td class="new">139\*\*\*\*5678</td>' "$p"
check "trail: no full phone number on the page" hasnt "$p" "13912345678"
build -o "$tmp/show" --pii show || nok "build with --pii show"
check "trail: --pii show shows the numbers" \
	grep -q '<td class="old">13329306760</td><td class="new">13912345678</td>' \
	"$tmp/show/customers/C-0038.html"

# A move keeps one trail.
p=$site/service/SR-2026-0002.html
check "trail: a moved ticket's page shows the move" \
	has "$p" "<code>service/2026/01/SR-2026-0002.md</code> → <code>service/archive/SR-2026-0002.md</code>"
check "trail: and the commit before the move" has "$p" ">$(hash HEAD~4)</code>"

# A deleted record keeps a page.
p=$site/visits/V-2026-0003.html
check "deleted: the visit keeps its page" test -f "$p"
check "deleted: marked deleted, with the commit that deleted it" \
	grep -q "class=\"deleted-note\".*>$(hash HEAD)</code>" "$p"
check "deleted: its last content" has "$p" "SR-2026-0002"
check "deleted: listed on the audit page" grep -q 'href="visits/V-2026-0003.html">V-2026-0003' \
	"$site/audit.html"
check "audit page: the post-closure finding" \
	grep -q 'SR-2026-0001</a>\(<span class="who">[^<]*</span>\)\{0,1\}</th><td>[^<]*<span class="muted">\[post-closure-edit\]' "$site/audit.html"

# The change log: newest first, every commit, records linked.
git -C "$repo" log --format=%h --abbrev=7 >"$tmp/want"
grep -o '<li id="c-[0-9a-f]*"' "$site/changes/index.html" | sed 's/.*c-//; s/"//' >"$tmp/got"
check "change log: the commits, newest first" cmp -s "$tmp/want" "$tmp/got"
check "change log: a deleted record is linked to its page" \
	has "$site/changes/index.html" 'href="../visits/V-2026-0003.html">V-2026-0003'
check "change log: trailers" has "$site/changes/index.html" "Reviewed-by: 王主管"

# The feed, read by a real parser.
cat >"$tmp/feed.js" <<'EOF'
const FeedParser = require('feedparser');
const fs = require('fs');
const path = require('path');
const [file, want] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const fp = new FeedParser({ strict: true, normalize: true, addmeta: true });
const items = [];
const fail = (m) => { console.log('FAIL ' + m); process.exitCode = 1; };
fp.on('error', (e) => fail('parser: ' + e.message));
fp.on('readable', function () { let it; while ((it = this.read())) items.push(it); });
fp.on('end', () => {
	const meta = fp.meta;
	if (meta['#type'] !== 'atom') fail('not read as Atom: ' + meta['#type']);
	const feedId = meta.guid || (meta['atom:id'] && meta['atom:id']['#']);
	if (!/^urn:uuid:[0-9a-f-]{36}$/.test(feedId || '')) fail('feed id ' + feedId);
	if (!meta['atom:updated']) fail('no feed updated');
	const ids = new Set();
	const titles = items.map((it) => it.title);
	for (const it of items) {
		const id = it.guid;
		if (id === feedId || ids.has(id)) fail('id not unique: ' + id);
		ids.add(id);
		const upd = it['atom:updated']['#'];
		if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(upd)) fail('updated ' + upd);
		if (!it.author) fail('no author: ' + id);
		const [page, frag] = it.link.split('#');
		const f = path.join(path.dirname(file), page);
		if (!fs.existsSync(f)) fail('link to nothing: ' + it.link);
		else if (!fs.readFileSync(f, 'utf8').includes('id="' + frag + '"')) fail('no anchor ' + it.link);
	}
	if (JSON.stringify(titles) !== want) fail('titles ' + JSON.stringify(titles) + ' != ' + want);
});
fp.end(text);
EOF
want=$(git -C "$repo" log --format=%s | node -e '
	const l = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
	process.stdout.write(JSON.stringify(l));')
if [ ! -d "$tests/node_modules/feedparser" ]; then
	nok "feed: npm feedparser (tests/install-deps.sh test)"
elif NODE_PATH=$tests/node_modules node "$tmp/feed.js" "$site/changes.atom" "$want" >"$tmp/feed.out" 2>&1 &&
	[ ! -s "$tmp/feed.out" ]; then
	ok "feed: Atom read by feedparser; ids unique, dates RFC 3339, titles the summaries, links resolve"
else
	nok "feed: Atom read by feedparser"
	sed 's/^/    /' "$tmp/feed.out" | head -5
fi
check "feed: well-formed XML (xmllint)" xmllint --noout "$site/changes.atom"
check "feed: markup in a summary is escaped" has "$site/changes.atom" "&lt;duplicate&gt;"

# The cache never changes a byte.
SVCGEN_NO_HISTORY_CACHE=1 build -o "$tmp/nocache" || nok "build without the cache"
rm -rf "$repo/.git/svcgen"
build -o "$tmp/cold" || nok "build writing the cache"
check "cache: the cache was written" test -n "$(ls "$repo/.git/svcgen/" 2>/dev/null)"
build -o "$tmp/warm" || nok "build reading the cache"
check "cache: uncached and cache-writing builds are byte-identical" diff -r "$tmp/nocache" "$tmp/cold"
check "cache: uncached and cache-reading builds are byte-identical" diff -r "$tmp/nocache" "$tmp/warm"
# A new commit: the warm cache walks it alone; the site equals a cache-less build.
sed -i 's/^labor_hours: 9/labor_hours: 10/' "$repo/service/2026/01/SR-2026-0001.md"
GIT_AUTHOR_DATE=2026-07-01T10:00:00+08:00 GIT_COMMITTER_DATE=2026-07-01T10:00:00+08:00 \
	git -C "$repo" -c user.name=张工 -c user.email=eng@example.com commit -qam "Ten hours"
build -o "$tmp/warm2" || nok "build after a new commit, cache warm"
SVCGEN_NO_HISTORY_CACHE=1 build -o "$tmp/nocache2" || nok "build after a new commit, no cache"
check "cache: after a new commit, warm and uncached builds are byte-identical" \
	diff -r "$tmp/nocache2" "$tmp/warm2"
check "cache: the new commit is on the page" has "$tmp/warm2/service/SR-2026-0001.html" \
	">$(hash HEAD)</code>"
printf 'garbage' | dd of="$(ls "$repo"/.git/svcgen/*.cache | head -1)" bs=1 seek=100 conv=notrunc \
	2>/dev/null
build -o "$tmp/corrupt" || nok "build with a damaged cache"
check "cache: a damaged cache is ignored: same site" diff -r "$tmp/nocache2" "$tmp/corrupt"

# Byte-identical across TZ and LC_ALL.
TZ=America/New_York LC_ALL=C.UTF-8 build -o "$tmp/tz" || nok "build under another TZ"
check "determinism: the history pages do not depend on TZ or LC_ALL" diff -r "$tmp/nocache2" "$tmp/tz"

# --rev: the site of an older commit, straight from git objects.
"$SVCGEN" build "$repo" --rev HEAD~2 -o "$tmp/rev" >/dev/null 2>>"$tmp/err" ||
	nok "build --rev HEAD~2"
check "--rev: the visit deleted later is a live record there" hasnt "$tmp/rev/visits/V-2026-0003.html" \
	"deleted-note"
check "--rev: today is the commit's date" grep -q "2026-04-01" "$tmp/rev/index.html"
check "--rev: the trail ends at that commit" hasnt "$tmp/rev/service/SR-2026-0001.html" \
	">$(hash HEAD)</code>"
check "--rev: the change log has that commit's history only" \
	test "$(grep -c '<li id="c-' "$tmp/rev/changes/index.html")" -eq 4

# Without git: the trail says so; with a shallow clone: incomplete, no failure.
cp -R "$tests/../records" "$tmp/plain"
"$SVCGEN" build "$tmp/plain" -o "$tmp/plain-site" --as-of 2026-11-27 >/dev/null 2>&1
check "no git: record pages say there is no history" \
	grep -q "class=\"muted\">[^<]*git" "$tmp/plain-site/service/SR-2026-0001.html"
check "no git: no change log" test ! -e "$tmp/plain-site/changes"
git clone -q --depth 2 "file://$repo" "$tmp/shallow" 2>/dev/null
"$SVCGEN" build "$tmp/shallow" -o "$tmp/shallow-site" --as-of 2026-11-27 >/dev/null 2>&1
check "shallow clone: built, the trail says the history is incomplete" \
	grep -q 'class="note"' "$tmp/shallow-site/service/SR-2026-0001.html"
# A corrupt repository: a clear error, exit 3, the old site intact.
cp -R "$repo" "$tmp/corrupt-repo"
cp -R "$site" "$tmp/corrupt-out"
blob=$(git -C "$repo" rev-parse HEAD~5:customers/dongbei/C-0038.yaml)
obj=$tmp/corrupt-repo/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)
chmod u+w "$obj" && printf 'garbage' >"$obj"
rm -rf "$tmp/corrupt-repo/.git/svcgen"
SVCGEN_NO_HISTORY_CACHE=1 "$SVCGEN" build "$tmp/corrupt-repo" -o "$tmp/corrupt-out" --as-of 2026-11-27 \
	>/dev/null 2>"$tmp/corrupt-err"
rc=$?
check "corrupt object: build exits 3" test "$rc" -eq 3
check "corrupt object: the error names the record" grep -q "cannot read a version of C-0038" \
	"$tmp/corrupt-err"
check "corrupt object: the old site is intact" diff -r "$site" "$tmp/corrupt-out"
"$SVCGEN" log C-0038 "$tmp/corrupt-repo" >/dev/null 2>&1
check "corrupt object: log exits 3" test $? -eq 3
if [ -s "$tmp/err" ]; then
	grep -v '^svcgen: [0-9]* pages' "$tmp/err" | sed 's/^/    /' | head -5
fi
exit 0

#!/bin/sh
# Long lists inside pages (docs/site.md, "Long lists"): a generated folder
# where one part, one standard, one customer and one technician have 1,234
# tickets (reported a day apart), and a second part only 20. Pages show
# the count and the 20 newest, and link the full list: pages of 500, 500
# and 234 rows holding every ticket once, in order, their navigation links
# resolving; a list of 20 has no full list. The same for the standards
# tree's citations, a drill-down page and a breakdown of more than 100
# weeks. Output identical on 1 and 2 threads. Then the validation report
# (1,258 missing-field and 13 unknown-field diagnostics: each rule's first
# 20 and its full list, in the order of `svcgen check`), a week's
# exceptions (30 and 25 records) and the audit page of a git history with
# 1,234 edits after closure and 600 deleted records; no page over 1 MiB.
# Then a week where one customer gets 1,234 ratings, 1,234 actions fall due
# and a key part fails 1,234 times: the customer's trend and the report
# show 20 of each and link the rest. Then 250 staff, 250 key parts (25
# alerts) and 1,100 standards: stats/staff.html and stats/key-parts.html in
# pages of 100, the standards tree in pages of 500, the dashboard's and the
# key-parts page's alerts 20 and a full list. Those pages valid for vnu.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

if ! command -v node >/dev/null 2>&1; then
	nok "node for the long list tests (Debian packages nodejs npm)"
	exit 0
fi
r=$tmp/records
mkdir -p "$r/service" "$r/parts" "$r/customers" "$r/standards" "$r/staff"
cat >"$r/svcgen.yaml" <<'EOF'
title: Long lists
lang: en
regions: [East]
models: [EV-1]
platforms: [City]
EOF
printf 'id: C-1\nname: Customer One\nregion: East\nsince: 2019-01-01\n' >"$r/customers/C-1.yaml"
printf 'id: ST-1\nname: Tech One\nrole: technician\nregion: East\nactive: true\n' >"$r/staff/ST-1.yaml"
printf 'id: P-1\nname: Big part\nkey: false\nunit_cost: 10.00\nsupplier: S\n' >"$r/parts/P-1.yaml"
printf 'id: P-2\nname: Small part\nkey: false\nunit_cost: 1.00\nsupplier: S\n' >"$r/parts/P-2.yaml"
printf -- '---\nid: TS-1\ntitle: A standard\ncategory: technical\ntopic: maintenance\nversion: "1.0"\nstatus: effective\neffective: 2019-01-01\nowner: Service\n---\n' >"$r/standards/TS-1.md"
# SR-0001 .. SR-1234, reported 2020-01-02 onwards, a day apart; the first 20 use P-2 too.
node -e '
const fs = require("fs"), dir = process.argv[1];
for (let i = 1; i <= 1234; i++) {
	const d = new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString().slice(0, 10);
	const id = "SR-" + String(i).padStart(4, "0");
	fs.writeFileSync(`${dir}/${id}.yaml`, `id: ${id}\ntype: maintenance\nstatus: closed\n` +
		`customer: C-1\nreported: ${d}T08:00+08:00\nresolved: ${d}T10:00+08:00\n` +
		`closed: ${d}T11:00+08:00\ntechnicians: [ST-1]\nstandards: [TS-1]\n` +
		`parts:\n  - part: P-1\n    qty: 1\n` + (i <= 20 ? "  - part: P-2\n    qty: 1\n" : ""));
}' "$r/service"

SVCGEN_JOBS=2 "$SVCGEN" build "$r" -o "$tmp/site" --as-of 2024-01-01 >/dev/null 2>"$tmp/err"
status=$?
check "build of 1,239 generated records exits 0" '[ $status -eq 0 ]'
[ $status -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -5
SVCGEN_JOBS=1 "$SVCGEN" build "$r" -o "$tmp/site1" --as-of 2024-01-01 >/dev/null 2>&1
check "the full lists are the same bytes on 1 and 2 threads" \
	'diff -r -x .svcgen-manifest "$tmp/site" "$tmp/site1" >/dev/null'

cat >"$tmp/check.js" <<'EOS'
const fs = require("fs"), path = require("path");
const site = process.argv[2];
const read = (p) => fs.readFileSync(path.join(site, p), "utf8");
const exists = (p) => fs.existsSync(path.join(site, p));
function ok(cond, name, why) {
	console.log(`${cond ? "ok" : "not ok"} - ${name}`);
	if (!cond && why) console.log("    " + String(why).slice(0, 400));
}
const sr = (i) => "SR-" + String(i).padStart(4, "0");
const newest = (n) => Array.from({ length: n }, (_, k) => sr(1234 - k));
const ids = (t) => [...t.matchAll(/<a href="(?:\.\.\/)+service\/(SR-\d+)\.html">/g)].map((m) => m[1]);
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
// The part of a page between two marks.
const between = (t, from, to) => {
	const i = t.indexOf(from);
	if (i < 0) return "";
	const j = t.indexOf(to, i + from.length);
	return t.slice(i, j < 0 ? t.length : j);
};
// Every relative link of a page leads to a file of the site.
function broken(p) {
	const bad = [];
	for (const m of read(p).matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)) {
		const to = path.normalize(path.join(path.dirname(p), m[1]));
		if (!exists(to)) bad.push(`${p} → ${m[1]}`);
	}
	return bad;
}
// A full list prefix1.html, prefix2.html, ...: its pages' rows and links.
function full(prefix, name, body) {
	const pages = [];
	for (let k = 1; exists(`${prefix}${k}.html`); k++) pages.push(read(`${prefix}${k}.html`));
	const rows = pages.map((p) => ids(body(p)));
	ok(same(rows.map((r) => r.length), [500, 500, 234]),
		`${name}: three pages of 500, 500 and 234 rows`, JSON.stringify(rows.map((r) => r.length)));
	ok(same(rows.flat(), newest(1234)), `${name}: every ticket once, newest first, across the pages`);
	ok(pages.every((p, k) => p.includes(`<p class="lede">Entries ${k * 500 + 1}–${Math.min(1234, k * 500 + 500)} / 1234 · Page ${k + 1} / 3</p>`)),
		`${name}: each page says which entries and which page it is`);
	const base = path.basename(prefix);
	ok(pages.every((p, k) => p.includes(`<a href="${base}${k + 1}.html" aria-current="page">${k + 1}</a>`) &&
		(k === 0 || p.includes(`<a rel="prev" href="${base}${k}.html">`)) &&
		(k === 2 || p.includes(`<a rel="next" href="${base}${k + 2}.html">`)) &&
		(k > 0 || !p.includes('rel="prev"')) && (k < 2 || !p.includes('rel="next"'))),
		`${name}: page navigation marks the page, previous and next where there are`);
	const bad = pages.flatMap((_, k) => broken(`${prefix}${k + 1}.html`));
	ok(bad.length === 0, `${name}: every link of its pages resolves`, bad.join("\n"));
}
const itemsBody = (p) => between(p, "<tbody>", "</tbody>");

// A part used by 1,234 tickets: its page shows the count and the 20 newest.
const part = read("parts/P-1.html"), group = between(part, 'id="bl-service"', "</section>");
ok(group.includes('<span class="count">(1234)</span>'), "parts/P-1.html: the tickets' count is 1234");
ok(same(ids(group), newest(20)), "parts/P-1.html: exactly the 20 newest tickets, newest first", ids(group).join(" "));
ok(group.includes('<a href="../lists/parts/P-1/service-1.html">'), "parts/P-1.html: links the full list");
ok(broken("parts/P-1.html").length === 0, "parts/P-1.html: every link resolves", broken("parts/P-1.html").join("\n"));
full("lists/parts/P-1/service-", "lists/parts/P-1/service", itemsBody);
ok(!exists("lists/parts/P-1/service-4.html") && !exists("lists/parts/P-1/service-0.html"),
	"lists/parts/P-1: no page past the last");
for (const [k, id] of [["customers", "C-1"], ["staff", "ST-1"], ["standards", "TS-1"]])
	ok(exists(`lists/${k}/${id}/service-3.html`) && same(ids(between(read(`${k}/${id}.html`), 'id="bl-service"', "</section>")), newest(20)),
		`${k}/${id}.html: the 20 newest, the full list in lists/${k}/${id}/`);

// A list of exactly 20: as it was, no link, no full list.
const small = between(read("parts/P-2.html"), 'id="bl-service"', "</section>");
ok(same(ids(small), Array.from({ length: 20 }, (_, k) => sr(20 - k))) && !small.includes('class="more"'),
	"parts/P-2.html: a list of 20 is shown whole, without a link to a full list");
ok(!exists("lists/parts/P-2"), "lists/parts/P-2: a list of 20 has no full list");

// The standards tree: the 20 newest citing tickets, the rest on cited-K.html.
const std = between(read("standards/tree.html"), "<summary>", "</details>");
ok(std.includes("(1234)") && same(ids(std), newest(20)), "standards/tree.html: TS-1 cited by 1234, the 20 newest shown");
ok(std.includes('<a href="../lists/standards/TS-1/cited-1.html">'), "standards/tree.html: links the citations' full list");
full("lists/standards/TS-1/cited-", "lists/standards/TS-1/cited", itemsBody);

// A drill-down page: resolution hours, every ticket 2 h, so in fact order.
const drill = read("stats/resolution_hours-all.html");
const head = ids(between(drill, '<ol class="ids" id="all">', "</ol>"));
ok(head.length === 20, "stats/resolution_hours-all.html: the first 20 of 1234 listed", head.length);
ok(drill.includes('<a href="../stats/resolution_hours-all-all-p1.html">'), "stats/resolution_hours-all.html: links the full list");
{
	const pages = [1, 2, 3].map((k) => read(`stats/resolution_hours-all-all-p${k}.html`));
	const rows = pages.map((p) => ids(between(p, '<ol class="ids"', "</ol>")));
	ok(same(rows.map((r) => r.length), [500, 500, 234]) && !exists("stats/resolution_hours-all-all-p4.html"),
		"stats/resolution_hours-all-all-pK.html: pages of 500, 500 and 234", JSON.stringify(rows.map((r) => r.length)));
	ok(new Set(rows.flat()).size === 1234 && same(rows.flat().slice(0, 20), head),
		"the drill-down's full list holds every ticket once, its first 20 those of the page");
	ok(pages.every((p, k) => p.includes(`<ol class="ids" start="${k * 500 + 1}">`)),
		"the drill-down's full list is numbered on from page to page");
	const bad = [1, 2, 3].flatMap((k) => broken(`stats/resolution_hours-all-all-p${k}.html`));
	ok(bad.length === 0, "the drill-down's full list: every link resolves", bad.join("\n"));
}

// A breakdown of more than 100 weeks: by-week.html then by-week-p2.html, each week once.
{
	const weeks = (p) => [...read(p).matchAll(/<th scope="row"><a href="\.\.\/reports\/week-(\d{4}-W\d\d)\.html/g)].map((m) => m[1]);
	const a = weeks("stats/by-week.html"), b = weeks("stats/by-week-p2.html");
	const csv = read("stats/by-week.csv").split("\r\n").slice(1).filter((l) => l).map((l) => l.split(",")[0]);
	const keys = [...new Set(csv)];
	ok(keys.length > 100 && exists("stats/by-week-p2.html") && !exists("stats/by-week-p3.html"),
		`stats/by-week: ${keys.length} weeks on two pages`);
	ok(new Set(a).size === 100 && same([...new Set(a), ...new Set(b)], keys),
		"stats/by-week: the first 100 weeks on the first page, the rest on the second, in order", `${new Set(a).size} ${new Set(b).size}`);
	ok(!read("stats/by-week-p2.html").includes("<svg") && read("stats/by-week.html").includes("<svg"),
		"stats/by-week: the trends on the first page only");
	const bad = [...broken("stats/by-week.html"), ...broken("stats/by-week-p2.html")];
	ok(bad.length === 0, "stats/by-week: every link of both pages resolves", bad.join("\n"));
}
EOS
node "$tmp/check.js" "$tmp/site"

# Many pages: the navigation stays bounded (first, last, two each side, gaps).
node -e '
const fs = require("fs"), dir = process.argv[1];
for (let i = 1235; i <= 6000; i++) {
	const d = new Date(Date.UTC(2020, 0, 1) + (i % 1400) * 86400000).toISOString().slice(0, 10);
	const id = "SR-" + String(i).padStart(4, "0");
	fs.writeFileSync(`${dir}/${id}.yaml`, `id: ${id}\ntype: maintenance\nstatus: closed\n` +
		`customer: C-1\nreported: ${d}T08:00+08:00\nresolved: ${d}T10:00+08:00\n` +
		`closed: ${d}T11:00+08:00\ntechnicians: [ST-1]\nparts:\n  - part: P-1\n    qty: 1\n`);
}' "$r/service"
"$SVCGEN" build "$r" -o "$tmp/big" --as-of 2024-01-01 >/dev/null 2>&1
p=$tmp/big/lists/parts/P-1/service-6.html
links=$(sed -n '/<nav class="pager pages"/,/<\/nav>/p' "$p" 2>/dev/null | grep -o '<li>[^<]*<[as][^>]*>[^<]*' | sed 's/.*>//' | tr '\n' ' ')
check "page 6 of 12: navigation ← 1 … 4 5 6 7 8 … 12 → (got: $links)" \
	'[ "$links" = "← Previous 1 … 4 5 6 7 8 … 12 Next → " ] && [ -f "$tmp/big/lists/parts/P-1/service-12.html" ] && [ ! -f "$tmp/big/lists/parts/P-1/service-13.html" ]'

# ---- validation.html, a report's exceptions, audit.html ----
# 1,234 customers without a region (every 50th without a name too: two
# problems at one position), 13 with an unknown field; 30 visits rated 1 and
# 25 tickets arriving after 24 hours, all in week 2026-W10.
v=$tmp/v
mkdir -p "$v/customers" "$v/staff" "$v/visits" "$v/service"
cp "$r/svcgen.yaml" "$v/svcgen.yaml"
printf 'id: ST-1\nname: Tech One\nrole: technician\nregion: East\nactive: true\n' >"$v/staff/ST-1.yaml"
printf 'id: K-1\nname: Customer One\nregion: East\n' >"$v/customers/K-1.yaml"
node -e '
const fs = require("fs"), dir = process.argv[1], p4 = (i) => String(i).padStart(4, "0");
for (let i = 1; i <= 1234; i++)
	fs.writeFileSync(`${dir}/customers/C-${p4(i)}.yaml`, `id: C-${p4(i)}\n` +
		(i % 50 ? `name: Customer ${i}\n` : "") + (i % 100 === 7 ? "colour: red\n" : ""));
for (let i = 1; i <= 30; i++)
	fs.writeFileSync(`${dir}/visits/V-${p4(i)}.yaml`, `id: V-${p4(i)}\nkind: routine\n` +
		`date: 2026-03-0${2 + (i % 5)}T10:00+08:00\ncustomer: K-1\nchannel: phone\nby: ST-1\n` +
		`reached: true\nsatisfaction: 1\n`);
for (let i = 1; i <= 25; i++)
	fs.writeFileSync(`${dir}/service/SR-${p4(i)}.yaml`, `id: SR-${p4(i)}\ntype: maintenance\n` +
		`status: resolved\ncustomer: K-1\nreported: 2026-03-02T08:00+08:00\n` +
		`arrived: 2026-03-0${3 + (i % 3)}T${String(8 + (i % 10)).padStart(2, "0")}:00+08:00\n` +
		`resolved: 2026-03-06T10:00+08:00\ntechnicians: [ST-1]\n`);
' "$v"
"$SVCGEN" check "$v" --as-of 2026-11-27 --format json >"$tmp/v.json" 2>/dev/null
SVCGEN_JOBS=2 "$SVCGEN" build "$v" -o "$tmp/vsite" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
status=$?
check "build of 1,291 records with 1,271 errors exits 1" '[ $status -eq 1 ]'
[ $status -eq 1 ] || sed 's/^/    /' "$tmp/err" | head -5
SVCGEN_JOBS=1 "$SVCGEN" build "$v" -o "$tmp/vsite1" --as-of 2026-11-27 >/dev/null 2>&1
check "the validation report's lists are the same bytes on 1 and 2 threads" \
	'diff -r -x .svcgen-manifest "$tmp/vsite" "$tmp/vsite1" >/dev/null'

# A history of 1,234 closed tickets, all edited after closure, then 600 deleted.
g=$tmp/g
if command -v git >/dev/null 2>&1; then
	mkdir -p "$g/service" "$g/customers" "$g/staff"
	cp "$r/svcgen.yaml" "$g/svcgen.yaml"
	cp "$v/staff/ST-1.yaml" "$g/staff/"
	cp "$v/customers/K-1.yaml" "$g/customers/"
	node -e '
const fs = require("fs"), dir = process.argv[1];
for (let i = 1; i <= 1234; i++) {
	const id = "SR-" + String(i).padStart(4, "0");
	fs.writeFileSync(`${dir}/service/${id}.yaml`, `id: ${id}\ntype: maintenance\nstatus: closed\n` +
		`customer: K-1\nreported: 2026-01-05T08:00+08:00\nresolved: 2026-01-05T10:00+08:00\n` +
		`closed: 2026-01-05T11:00+08:00\ntechnicians: [ST-1]\n`);
}' "$g"
	(
		export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C
		export GIT_AUTHOR_NAME='王工' GIT_AUTHOR_EMAIL=wang@jnev.example.cn
		export GIT_COMMITTER_NAME='售后档案管理' GIT_COMMITTER_EMAIL=records@jnev.example.cn
		gc() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -c commit.gpgsign=false commit -q -m "$2"; }
		cd "$g" && git -c init.defaultBranch=main init -q . && git add -A &&
			gc 2026-01-06T00:00:00Z "Add 1,234 tickets" &&
			for f in service/*.yaml; do echo 'labor_hours: 2' >>"$f"; done &&
			git add -A && gc 2026-01-07T00:00:00Z "Labour hours after closure" &&
			git rm -q service/SR-0[0-5]*.yaml service/SR-0600.yaml &&
			gc 2026-01-08T00:00:00Z "Remove 600 tickets"
	) >"$tmp/git.log" 2>&1 || sed 's/^/    /' "$tmp/git.log" | head -5
	edit=$(git -C "$g" rev-parse HEAD~1 2>/dev/null)
	del=$(git -C "$g" rev-parse HEAD 2>/dev/null)
	"$SVCGEN" build "$g" -o "$tmp/gsite" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
	status=$?
	check "build of a history with 1,234 findings and 600 deleted records exits 0" '[ $status -eq 0 ]'
	[ $status -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -5
else
	nok "git for the audit page's long lists"
	edit= del=
fi

cat >"$tmp/check2.js" <<'EOS'
const fs = require("fs"), path = require("path");
const [vsite, vjson, vdir, gsite, edit, del] = process.argv.slice(2);
function ok(cond, name, why) {
	console.log(`${cond ? "ok" : "not ok"} - ${name}`);
	if (!cond && why) console.log("    " + String(why).slice(0, 400));
}
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const p4 = (i) => String(i).padStart(4, "0");
const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
	.replace(/&gt;/g, ">").replace(/&amp;/g, "&");
function site(dir) {
	const exists = (p) => fs.existsSync(path.join(dir, p));
	const read = (p) => exists(p) ? fs.readFileSync(path.join(dir, p), "utf8") : "";
	const broken = (p) => {
		const bad = [];
		for (const m of read(p).matchAll(/href="([^"#]+)(?:#[^"]*)?"/g))
			if (!exists(path.normalize(path.join(path.dirname(p), m[1])))) bad.push(`${p} → ${m[1]}`);
		return bad;
	};
	// The pages prefix1.html, prefix2.html, ... of a full list.
	const pages = (prefix) => {
		const v = [];
		for (let k = 1; exists(`${prefix}${k}.html`); k++) v.push(read(`${prefix}${k}.html`));
		return v;
	};
	return { read, exists, broken, pages };
}
const between = (t, from, to) => {
	const i = t.indexOf(from);
	if (i < 0) return "";
	const j = t.indexOf(to, i + from.length);
	return t.slice(i, j < 0 ? t.length : j);
};
// Every page of a site under 1 MB.
function bounded(dir, name) {
	const big = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith(".html") && fs.statSync(p).size > 1 << 20) big.push(p);
		}
	};
	walk(dir);
	ok(big.length === 0, `${name}: no page over 1 MiB`, big.join(" "));
}
// A full list's pages: each says which entries it holds, marks itself in the navigation, links resolve.
function navigation(s, prefix, name, sizes) {
	const pages = s.pages(prefix), n = sizes.reduce((a, b) => a + b, 0), base = path.basename(prefix);
	ok(pages.length === sizes.length && pages.every((p, k) => p.includes(`<p class="lede">Entries ${k * 500 + 1}–${k * 500 + sizes[k]} / ${n} · Page ${k + 1} / ${sizes.length}</p>`) &&
		p.includes(`<a href="${base}${k + 1}.html" aria-current="page">${k + 1}</a>`) &&
		(k === 0 || p.includes(`<a rel="prev" href="${base}${k}.html">`)) &&
		(k === pages.length - 1 || p.includes(`<a rel="next" href="${base}${k + 2}.html">`))),
		`${name}: each page says which entries it holds and marks itself in the navigation`);
	const bad = pages.flatMap((_, k) => s.broken(`${prefix}${k + 1}.html`));
	ok(bad.length === 0, `${name}: every link of its pages resolves`, bad.join("\n"));
}

// ---- validation.html: counts by rule, each rule's first 20, the full lists.
{
	const s = site(vsite), top = vdir.replace(/\/*$/, "/");
	const diags = JSON.parse(fs.readFileSync(vjson, "utf8")).diagnostics;
	const want = (rule) => diags.filter((d) => d.rule === rule)
		.map((d) => `${d.path.slice(top.length)} ${d.line}:${d.column} ${d.severity} ${d.message}`);
	const rows = (t) => [...between(t, "<tbody>", "</tbody>").matchAll(
		/<tr class="(error|warning)"><td class="path">(?:<a href="([^"]*)">)?([^<]*)(?:<\/a>)?<\/td><td class="pos">(\d+):(\d+)<\/td><td><span class="tag sev-\1">[^<]*<\/span><\/td><td>([^<]*)<\/td><\/tr>/g)]
		.map((m) => `${unescape(m[3])} ${m[4]}:${m[5]} ${m[1]} ${unescape(m[6])}`);
	const missing = want("missing-field"), unknown = want("unknown-field");
	ok(missing.length === 1258 && unknown.length === 13 && diags.length === 1271,
		`svcgen check: 1258 missing-field and 13 unknown-field (${missing.length}, ${unknown.length})`);
	const page = s.read("validation.html");
	ok(page.includes('<span class="tag k-critical">1271 errors</span>'), "validation.html: 1271 errors counted");
	const table = between(page, 'id="h-rules"', "</section>");
	ok(/<a href="#r-missing-field"><code>missing-field<\/code><\/a><\/th><td><span class="tag sev-error">error<\/span> <\/td><td class="num">1258<\/td>/.test(table) &&
		/<a href="#r-unknown-field"><code>unknown-field<\/code><\/a><\/th><td><span class="tag sev-error">error<\/span> <\/td><td class="num">13<\/td>/.test(table),
		"validation.html: the table by rule counts 1258 missing-field and 13 unknown-field");
	const sec = between(page, '<section aria-labelledby="r-missing-field">', "</section>");
	ok(sec.includes('<span class="count">(1258)</span>') && same(rows(sec), missing.slice(0, 20)),
		"validation.html: missing-field's first 20, in the order of svcgen check", rows(sec).slice(0, 3).join(" | "));
	ok(sec.includes('<p class="more">Shown 20 / 1258 · <a href="validation-missing-field-p1.html">Full list (1258) →</a></p>'),
		"validation.html: links missing-field's full list");
	const small = between(page, '<section aria-labelledby="r-unknown-field">', "</section>");
	ok(same(rows(small), unknown) && !small.includes('class="more"') && !s.exists("validation-unknown-field-p1.html"),
		"validation.html: unknown-field's 13 shown whole, no full list");
	ok(s.broken("validation.html").length === 0, "validation.html: every link resolves", s.broken("validation.html").join("\n"));
	const pages = s.pages("validation-missing-field-p"), got = pages.map(rows);
	ok(same(got.map((r) => r.length), [500, 500, 258]), "validation-missing-field-pK.html: pages of 500, 500 and 258",
		JSON.stringify(got.map((r) => r.length)));
	ok(missing.length === 1258 && same(got.flat(), missing), "validation-missing-field-pK.html: every missing-field diagnostic once, in the order of svcgen check");
	ok(pages.every((p) => p.includes('<a href="validation.html#r-missing-field">Validation report</a>')),
		"validation-missing-field-pK.html: each links back to its section of the report");
	navigation(s, "validation-missing-field-p", "validation-missing-field-pK.html", [500, 500, 258]);
	bounded(vsite, "the validation fixture's site");
}

// ---- A week's exceptions: 30 visits outside the satisfaction rate, 25 arrivals over 24 h.
{
	const s = site(vsite), rep = s.read("reports/week-2026-W10.html");
	const recs = (t, kind) => [...t.matchAll(new RegExp(`<a href="\\.\\./${kind}/([A-Z]+-\\d+)\\.html">`, "g"))].map((m) => m[1]);
	const hours = (t) => [...t.matchAll(/<td class="num">([\d.]+)<\/td><td><span class="tag st-missed">/g)].map((m) => +m[1]);
	for (const [metric, kind, n, label] of [["satisfaction_rate", "visits", 30, "Satisfaction rate"],
		["arrival_hours", "service", 25, "Arrival time (hours)"]]) {
		const sec = between(rep, `<h3 id="x-${metric}">`, "<h3");
		const list = `reports/week-2026-W10-${metric}-p`;
		const full = s.pages(list), all = recs(between(full[0] || "", "<tbody>", "</tbody>"), kind);
		const ids = Array.from({ length: n }, (_, i) => `${kind === "visits" ? "V" : "SR"}-${p4(i + 1)}`);
		ok(sec.includes(`${label} <span class="count">(${n})</span>`), `week-2026-W10: ${metric}'s exceptions counted (${n})`);
		ok(full.length === 1 && same([...all].sort(), ids), `${list}1.html: the ${n} records once each`, all.join(" "));
		ok(same(recs(between(sec, "<tbody>", "</tbody>"), kind), all.slice(0, 20)),
			`week-2026-W10: ${metric}'s first 20 exceptions, those of its full list`);
		ok(sec.includes(`<p class="more">Shown 20 / ${n} · <a href="../${list}1.html">Full list (${n}) →</a></p>`),
			`week-2026-W10: links ${metric}'s full list`);
		ok(full[0] && full[0].includes(`<a href="week-2026-W10.html#x-${metric}">Weekly report 2026-W10</a>`),
			`${list}1.html: links back to the report`);
		navigation(s, list, `${list}K.html`, [n]);
	}
	const h = hours(between(s.read("reports/week-2026-W10-arrival_hours-p1.html"), "<tbody>", "</tbody>"));
	ok(h.length === 25 && h.every((x, i) => x > 24 && (i === 0 || h[i - 1] >= x)),
		"reports/week-2026-W10-arrival_hours-p1.html: hours and ✗, longest first", h.join(" "));
	ok(s.broken("reports/week-2026-W10.html").length === 0, "week-2026-W10: every link resolves",
		s.broken("reports/week-2026-W10.html").join("\n"));
}

// ---- audit.html: 1,234 edits after closure, 600 deleted records.
if (gsite && fs.existsSync(gsite)) {
	const s = site(gsite), page = s.read("audit.html");
	const ids = (t) => [...between(t, "<tbody>", "</tbody>").matchAll(/<tr><th scope="row"><a href="service\/(SR-\d+)\.html(?:#audit)?">\1<\/a>(?:<span class="who">[^<]*<\/span>)?<\/th>/g)].map((m) => m[1]);
	const commits = (t) => [...between(t, "<tbody>", "</tbody>").matchAll(/<code title="([0-9a-f]{40})">([0-9a-f]{7})<\/code>/g)].map((m) => m[1]);
	const sr = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `SR-${p4(from + i)}`);
	const fsec = between(page, 'id="h-findings"', "</section>"), dsec = between(page, 'id="h-deleted"', "</section>");
	ok(fsec.includes('<span class="count">(1234)</span>') && fsec.includes("[post-closure-edit]</span> 1234</span>"),
		"audit.html: 1234 findings, all post-closure-edit");
	ok(same(ids(fsec), sr(1, 20)) && commits(fsec).every((c) => c === edit) && commits(fsec).length === 20,
		"audit.html: the first 20 findings, by record, with the commit that made them");
	ok(fsec.includes('<a href="audit-findings-p1.html">Full list (1234) →</a>'), "audit.html: links the findings' full list");
	ok(dsec.includes('<span class="count">(600)</span>') && same(ids(dsec), sr(1, 20)) &&
		commits(dsec).every((c) => c === del) && dsec.includes('<a href="audit-deleted-p1.html">Full list (600) →</a>'),
		"audit.html: 600 deleted records, the first 20 with the commit that deleted them, a link to all");
	ok(s.broken("audit.html").length === 0, "audit.html: every link resolves", s.broken("audit.html").join("\n"));
	const f = s.pages("audit-findings-p"), d = s.pages("audit-deleted-p");
	ok(same(f.map((p) => ids(p).length), [500, 500, 234]) && same(f.flatMap(ids), sr(1, 1234)) &&
		f.every((p) => commits(p).every((c) => c === edit)),
		"audit-findings-pK.html: 500, 500 and 234 findings, each once, in order", JSON.stringify(f.map((p) => ids(p).length)));
	ok(same(d.map((p) => ids(p).length), [500, 100]) && same(d.flatMap(ids), sr(1, 600)) &&
		d.every((p) => commits(p).every((c) => c === del)),
		"audit-deleted-pK.html: 500 and 100 deleted records, each once, in order", JSON.stringify(d.map((p) => ids(p).length)));
	navigation(s, "audit-findings-p", "audit-findings-pK.html", [500, 500, 234]);
	navigation(s, "audit-deleted-p", "audit-deleted-pK.html", [500, 100]);
	bounded(gsite, "the audit fixture's site");
}
EOS
node "$tmp/check2.js" "$tmp/vsite" "$tmp/v.json" "$v" "$tmp/gsite" "$edit" "$del"

# ---- One week where everything happens: a customer's ratings, a report's
# actions due and a key part's failures, 1,234 each ----
h=$tmp/h
mkdir -p "$h/customers" "$h/staff" "$h/visits" "$h/service" "$h/parts"
cp "$r/svcgen.yaml" "$h/svcgen.yaml"
cp "$v/staff/ST-1.yaml" "$h/staff/"
cp "$v/customers/K-1.yaml" "$h/customers/"
printf 'id: P-K\nname: Key part\nkey: true\nunit_cost: 10.00\nsupplier: S\n' >"$h/parts/P-K.yaml"
# V-0001 .. V-1234 and SR-0001 .. SR-1234 in 2026-W10 (2026-03-02 .. 08), the
# visits rated 1 to 5 and each with an action due on 2026-03-08.
node -e '
const fs = require("fs"), dir = process.argv[1], p4 = (i) => String(i).padStart(4, "0");
for (let i = 1; i <= 1234; i++) {
	const d = `2026-03-0${2 + Math.floor((i - 1) / 206)}`, t = String(i % 24).padStart(2, "0");
	fs.writeFileSync(`${dir}/visits/V-${p4(i)}.yaml`, `id: V-${p4(i)}\nkind: routine\n` +
		`date: ${d}T${t}:00+08:00\ncustomer: K-1\nchannel: phone\nby: ST-1\nreached: true\n` +
		`satisfaction: ${1 + (i % 5)}\nactions:\n  - action: Call back ${i}\n    owner: ST-1\n` +
		`    due: 2026-03-08\n    done: false\n`);
	fs.writeFileSync(`${dir}/service/SR-${p4(i)}.yaml`, `id: SR-${p4(i)}\ntype: maintenance\n` +
		`status: resolved\ncustomer: K-1\nreported: ${d}T08:00+08:00\n` +
		`resolved: ${d}T10:00+08:00\ntechnicians: [ST-1]\nparts:\n  - part: P-K\n    qty: 1\n`);
}' "$h"
"$SVCGEN" build "$h" -o "$tmp/hsite" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
status=$?
check "build of a week of 1,234 ratings, actions and key-part failures exits 0" '[ $status -eq 0 ]'
[ $status -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -5
# What the checks of one built site below share (check3.js, check4.js).
cat >"$tmp/site.js" <<'EOS'
const fs = require("fs"), path = require("path");
module.exports = (dir) => {
	const exists = (p) => fs.existsSync(path.join(dir, p));
	const read = (p) => exists(p) ? fs.readFileSync(path.join(dir, p), "utf8") : "";
	return {
		fs, path, exists, read,
		ok(cond, name, why) {
			console.log(`${cond ? "ok" : "not ok"} - ${name}`);
			if (!cond && why) console.log("    " + String(why).slice(0, 400));
		},
		same: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
		between(t, from, to) {
			const i = t.indexOf(from);
			if (i < 0) return "";
			const j = t.indexOf(to, i + from.length);
			return t.slice(i, j < 0 ? t.length : j);
		},
		// The pages prefix1.html, prefix2.html, ... of a full list.
		pages(prefix) {
			const v = [];
			for (let k = 1; exists(`${prefix}${k}.html`); k++) v.push(read(`${prefix}${k}.html`));
			return v;
		},
		// The relative links of page p that lead to no file of the site.
		broken: (p) => [...read(p).matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)]
			.filter((m) => !exists(path.normalize(path.join(path.dirname(p), m[1])))).map((m) => `${p} → ${m[1]}`),
		p4: (i) => String(i).padStart(4, "0"),
	};
};
EOS
cat >"$tmp/check3.js" <<'EOS'
const dir = process.argv[2];
const { fs, path, read, ok, same, between, pages, broken, p4 } = require(process.argv[3])(dir);
const big = [];
(function walk(d) {
	for (const e of fs.readdirSync(d, { withFileTypes: true })) {
		const p = path.join(d, e.name);
		if (e.isDirectory()) walk(p);
		else if (e.name.endsWith(".html") && !/-p?\d+\.html$|^index\.html$/.test(e.name) &&
			fs.statSync(p).size > 100000) big.push(p);
	}
})(dir);
ok(big.length === 0, "a hot week: no page over 100 kB but full lists and index pages (500 rows each)", big.join(" "));

// The customer's ratings: the 20 newest on its page, oldest first; all on lists/customers/K-1/ratings-K.html.
// Visit i is dated by ((i - 1) / 206) and i mod 24 hours: the order by date, then id.
const when = (i) => `2026-03-0${2 + Math.floor((i - 1) / 206)}`;
const order = Array.from({ length: 1234 }, (_, k) => k + 1)
	.sort((a, b) => when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : a - b).map((i) => `V-${p4(i)}`);
const trend = between(read("customers/K-1.html"), 'id="h-satisfaction"', "</section>");
const shown = [...trend.matchAll(/<td class="src"><a href="\.\.\/visits\/(V-\d+)\.html">/g)].map((m) => m[1]);
ok(same(shown, order.slice(-20)), "customers/K-1.html: the 20 newest ratings, oldest first", shown.join(" "));
ok(trend.includes("1234 ratings") && trend.includes('<a href="../lists/customers/K-1/ratings-1.html">'),
	"customers/K-1.html: the count of all 1234 ratings and a link to them all");
const avg = (Array.from({ length: 1234 }, (_, k) => 1 + ((k + 1) % 5)).reduce((a, b) => a + b) / 1234).toFixed(1);
ok(trend.includes(`<strong>${avg}</strong>`), `customers/K-1.html: the average is of all 1234 ratings (${avg})`);
const rp = pages("lists/customers/K-1/ratings-");
const listed = rp.map((p) => [...p.matchAll(/<li><span class="date"><time datetime="(\d{4}-\d\d-\d\d)">\1<\/time><\/span> <span class="num">(\d)<\/span> <a href="\.\.\/\.\.\/\.\.\/visits\/(V-\d+)\.html">\3<\/a>(?:<span class="who">[^<]*<\/span>)?<\/li>/g)]);
ok(same(listed.map((l) => l.length), [500, 500, 234]), "ratings-K.html: pages of 500, 500 and 234",
	JSON.stringify(listed.map((l) => l.length)));
ok(same(listed.flat().map((m) => m[3]), [...order].reverse()) &&
	listed.flat().every((m) => m[1] === when(+m[3].slice(2)) && +m[2] === 1 + (+m[3].slice(2) % 5)),
	"ratings-K.html: every rating once, newest first, with its date and score");
ok(rp.every((_, k) => broken(`lists/customers/K-1/ratings-${k + 1}.html`).length === 0), "ratings-K.html: every link resolves");

// The week's report: 20 actions due, 20 of the key part's tickets, and links to all of them.
const rep = read("reports/week-2026-W10.html");
const acts = between(rep, 'id="h-actions"', "</section>");
const arows = [...acts.matchAll(/<tr><th scope="row"><a href="\.\.\/visits\/(V-\d+)\.html">/g)].map((m) => m[1]);
ok(acts.includes('<span class="count">(1234)</span>') && arows.length === 20 &&
	acts.includes('<a href="../reports/week-2026-W10-actions-p1.html">'),
	"reports/week-2026-W10.html: 1234 actions due counted, 20 shown, the rest linked", arows.length);
const ap = pages("reports/week-2026-W10-actions-p");
const alist = ap.map((p) => [...p.matchAll(/<li><a href="\.\.\/visits\/(V-\d+)\.html">\1<\/a>(?:<span class="who">[^<]*<\/span>)? Call back (\d+) · ST-1 · <span class="date"><time datetime="2026-03-08">2026-03-08<\/time><\/span><\/li>/g)]);
ok(same(alist.map((l) => l.length), [500, 500, 234]) && new Set(alist.flat().map((m) => m[1])).size === 1234 &&
	alist.flat().every((m) => m[1] === `V-${p4(+m[2])}`) && same(alist.flat().slice(0, 20).map((m) => m[1]), arows),
	"week-2026-W10-actions-pK.html: every action once, the first 20 those of the report",
	JSON.stringify(alist.map((l) => l.length)));
const parts = between(rep, 'id="h-parts"', "</section>");
const plinks = [...parts.matchAll(/<a href="\.\.\/service\/(SR-\d+)\.html">/g)].map((m) => m[1]);
ok(parts.includes('<td class="num">1234</td>') && plinks.length === 20 &&
	parts.includes('<a href="../reports/week-2026-W10-part-P-K-p1.html">'),
	"reports/week-2026-W10.html: P-K failed 1234 times, 20 tickets linked, then all of them", plinks.length);
const pp = pages("reports/week-2026-W10-part-P-K-p");
const plist = pp.map((p) => [...between(p, "<tbody>", "</tbody>").matchAll(/<a href="\.\.\/service\/(SR-\d+)\.html">/g)].map((m) => m[1]));
ok(same(plist.map((l) => l.length), [500, 500, 234]) && new Set(plist.flat()).size === 1234,
	"week-2026-W10-part-P-K-pK.html: every ticket once", JSON.stringify(plist.map((l) => l.length)));
ok([...ap.keys()].every((k) => broken(`reports/week-2026-W10-actions-p${k + 1}.html`).length === 0) &&
	[...pp.keys()].every((k) => broken(`reports/week-2026-W10-part-P-K-p${k + 1}.html`).length === 0) &&
	broken("reports/week-2026-W10.html").length === 0,
	"the report and its full lists: every link resolves");
EOS
node "$tmp/check3.js" "$tmp/hsite" "$tmp/site.js"

# ---- Tables of many rows: 250 staff, 250 key parts (25 of them with an
# alert), 1,100 standards; pages of 100 rows (500 standards) ----
t=$tmp/t
mkdir -p "$t/staff" "$t/parts" "$t/standards" "$t/service" "$t/customers"
cp "$r/svcgen.yaml" "$t/svcgen.yaml"
cp "$v/customers/K-1.yaml" "$t/customers/"
node -e '
const fs = require("fs"), dir = process.argv[1], p4 = (i) => String(i).padStart(4, "0");
for (let i = 1; i <= 250; i++) {
	fs.writeFileSync(`${dir}/staff/ST-${p4(i)}.yaml`, `id: ST-${p4(i)}\nname: Tech ${i}\nrole: technician\nregion: East\nactive: true\n`);
	fs.writeFileSync(`${dir}/parts/P-${p4(i)}.yaml`, `id: P-${p4(i)}\nname: Part ${i}\nkey: true\nunit_cost: 1.00\nsupplier: S\nalert_threshold: 0\n`);
}
// Part i (i <= 25) fails once, in month i of 2024-01 .. 2026-01: one alert each.
for (let i = 1; i <= 25; i++) {
	const m = new Date(Date.UTC(2024, i - 1, 10)).toISOString().slice(0, 10);
	fs.writeFileSync(`${dir}/service/SR-${p4(i)}.yaml`, `id: SR-${p4(i)}\ntype: maintenance\nstatus: resolved\n` +
		`customer: K-1\nreported: ${m}T08:00+08:00\nresolved: ${m}T10:00+08:00\ntechnicians: [ST-0001]\n` +
		`standards: [TS-${p4(1100)}]\nparts:\n  - part: P-${p4(i)}\n    qty: 1\n`);
}
// 1,100 standards: 400 technical, 400 management, 300 work, in two topics each.
const cat = (i) => i <= 400 ? 0 : i <= 800 ? 1 : 2;
const topics = [["maintenance", "inspection"], ["training", "spare_parts"], ["follow_up", "assessment"]];
for (let i = 1; i <= 1100; i++)
	fs.writeFileSync(`${dir}/standards/TS-${p4(i)}.md`, `---\nid: TS-${p4(i)}\ntitle: Standard ${i}\n` +
		`category: ${["technical", "management", "work"][cat(i)]}\ntopic: ${topics[cat(i)][i % 2 ? 0 : 1]}\n` +
		`version: "1.0"\nstatus: effective\neffective: 2020-01-01\nowner: S\n---\n`);
' "$t"
"$SVCGEN" build "$t" -o "$tmp/tsite" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"
status=$?
check "build of 250 staff, 250 key parts and 1,100 standards exits 0" '[ $status -eq 0 ]'
[ $status -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -5
cat >"$tmp/check4.js" <<'EOS'
const dir = process.argv[2];
const { exists, read, ok, same, broken, p4 } = require(process.argv[3])(dir);
const range = (pre, a, b) => Array.from({ length: b - a + 1 }, (_, k) => pre + p4(a + k));
// A table cut into pages: first, first-p2, ...; the ids each page's rows link.
function table(first, rest, re, sizes, name) {
	const files = [first, ...sizes.slice(1).map((_, k) => rest(k + 2))];
	const ids = files.map((f) => [...read(f).matchAll(re)].map((m) => m[1]));
	ok(same(ids.map((l) => l.length), sizes) && !exists(rest(sizes.length + 1)),
		`${name}: pages of ${sizes.join(", ")}`, JSON.stringify(ids.map((l) => l.length)));
	const n = sizes.reduce((a, b) => a + b, 0);
	ok(files.every((f, k) => read(f).includes(`<p class="lede">Entries ${k === 0 ? 1 : sizes.slice(0, k).reduce((a, b) => a + b, 0) + 1}–${sizes.slice(0, k + 1).reduce((a, b) => a + b, 0)} / ${n} · Page ${k + 1} / ${sizes.length}</p>`) &&
		read(f).includes(`aria-current="page">${k + 1}</a>`)), `${name}: each page says which rows it holds and marks itself`);
	const bad = files.flatMap(broken);
	ok(bad.length === 0, `${name}: every link of its pages resolves`, bad.join("\n"));
	return ids.flat();
}
const staff = table("stats/staff.html", (k) => `stats/staff-p${k}.html`,
	/<tr><th scope="row"><a href="\.\.\/staff\/(ST-\d+)\.html">/g, [100, 100, 50], "stats/staff");
ok(same(staff, range("ST-", 1, 250)), "stats/staff: every staff member once, in order");
const parts = table("stats/key-parts.html", (k) => `stats/key-parts-p${k}.html`,
	/<tr><th scope="row"><a href="\.\.\/parts\/(P-\d+)\.html">[^<]*<\/a><\/th><td>(?:<a href="#p-\d+">Part \d+<\/a>|Part \d+)<\/td><td class="num">0<\/td>/g, [100, 100, 50], "stats/key-parts");
ok(same([...new Set(parts)], range("P-", 1, 250)), "stats/key-parts: every key part in the summary once, in order");
// The 25 alerts: the 20 newest on the key-parts page and the dashboard, all 25 on their list.
const alerts = (t) => [...t.matchAll(/<tr><th scope="row"><a href="(?:\.\.\/)?parts\/(P-\d+)\.html">[^<]*<\/a><\/th><td>Part \d+<\/td><td class="date">/g)].map((m) => m[1]);
const newest = range("P-", 6, 25).reverse();
ok(same(alerts(read("stats/key-parts.html")), newest) && read("stats/key-parts.html").includes('<a href="../stats/key-parts-alerts-p1.html">'),
	"stats/key-parts.html: the 20 newest of 25 alerts, and a link to all", alerts(read("stats/key-parts.html")).join(" "));
ok(!read("stats/key-parts-p2.html").includes('id="h-alerts"'), "stats/key-parts-p2.html: the alerts on the first page only");
ok(same(alerts(read("index.html")), newest) && read("index.html").includes('<a href="stats/key-parts-alerts-p1.html">'),
	"index.html: the 20 newest of 25 part alerts, and a link to all", alerts(read("index.html")).join(" "));
const all = [...read("stats/key-parts-alerts-p1.html").matchAll(/<li><a href="\.\.\/parts\/(P-\d+)\.html">\1<\/a><span class="who"> · Part \d+<\/span> · <span class="date">(\d{4}-\d\d)<\/span> · 1 ▲ \/ 0<\/li>/g)];
ok(same(all.map((m) => m[1]), range("P-", 1, 25).reverse()) &&
	all.every((m) => m[2] === new Date(Date.UTC(2024, +m[1].slice(2) - 1, 10)).toISOString().slice(0, 7)),
	"stats/key-parts-alerts-p1.html: all 25 alerts, newest first, with month and threshold", all.length);
// The standards tree: 500 a page, in category, topic, id order; a category's heading on each page it spans.
// Within a category by topic (the even ids' topic sorts first in each), then id.
const order = [0, 1, 2].flatMap((c) => [0, 1].flatMap((odd) =>
	range("TS-", 1, 1100).filter((id) => { const i = +id.slice(3); return (i <= 400 ? 0 : i <= 800 ? 1 : 2) === c && i % 2 === odd; })));
const tree = table("standards/tree.html", (k) => `standards/tree-${k}.html`,
	/<p class="std-head"><a href="\.\.\/standards\/(TS-\d+)\.html">/g, [500, 500, 100], "standards/tree");
ok(same(tree, order), "standards/tree: every standard once, by category, topic and id");
{
	const k = Math.floor(tree.indexOf("TS-1100") / 500), file = k ? `tree-${k + 1}.html` : "tree.html";
	ok(k === 1 && read("lists/standards/TS-1100/cited-1.html").includes(`<a href="../../../standards/${file}">`),
		`lists/standards/TS-1100/cited-1.html: leads back to the tree's page holding TS-1100 (${file})`);
}
ok((read("standards/tree-2.html").match(/<section class="std-cat">/g) || []).length === 2 &&
	(read("standards/tree-3.html").match(/<section class="std-cat">/g) || []).length === 1,
	"standards/tree: a page shows the categories of the standards it holds");
EOS
node "$tmp/check4.js" "$tmp/tsite" "$tmp/site.js"

# ---- Names of 3,000 characters: lists show 80 and "…", record pages all ----
n=$tmp/n
mkdir -p "$n/customers"
cp "$r/svcgen.yaml" "$n/svcgen.yaml"
node -e '
const fs = require("fs"), dir = process.argv[1];
for (let i = 1; i <= 600; i++)
	fs.writeFileSync(`${dir}/customers/C-${String(i).padStart(4, "0")}.yaml`,
		`id: C-${String(i).padStart(4, "0")}\nname: ${"长".repeat(2999)}${i % 10}\nregion: East\n`);
fs.writeFileSync(`${dir}/customers/C-0601.yaml`, `id: C-0601\nname: ${"Alpha ".repeat(30)}Zebraword\nregion: East\n`);
' "$n"
"$SVCGEN" build "$n" -o "$tmp/nsite" --as-of 2026-11-27 >/dev/null 2>&1
check "600 names of 3,000 characters: customers/index.html under 500 kB ($(wc -c <"$tmp/nsite/customers/index.html") bytes; 4.7 MB when names were shown whole)" \
	'[ "$(wc -c <"$tmp/nsite/customers/index.html")" -lt 500000 ] && [ "$(wc -c <"$tmp/nsite/customers/page-1.html")" -lt 500000 ]'
check "... an index row shows the name's first 80 characters and …" \
	'grep -q "<span class=\"v\">$(printf "%080d" 0 | sed "s/0/长/g")…</span>" "$tmp/nsite/customers/index.html"'
check "... the record's own page shows it whole" \
	'grep -q "$(printf "%02999d" 0 | sed "s/0/长/g")1" "$tmp/nsite/customers/C-0001.html"'
check "... and search finds a word past the 80 characters (the shard of 'z' lists C-0601)" \
	'grep -q "\"C-0601\"" "$tmp/nsite/search/7a.js"'

# The new kinds of pages are valid HTML.
vnu=tests/node_modules/vnu-jar/build/dist/vnu.jar
if command -v java >/dev/null 2>&1 && [ -f "$vnu" ]; then
	mkdir -p "$tmp/vnu/reports"
	for p in validation.html validation-missing-field-p2.html reports/week-2026-W10.html \
		reports/week-2026-W10-arrival_hours-p1.html reports/week-2026-W10-satisfaction_rate-p1.html; do
		cp "$tmp/vsite/$p" "$tmp/vnu/$p"
	done
	for p in audit.html audit-findings-p3.html audit-deleted-p2.html; do
		cp "$tmp/gsite/$p" "$tmp/vnu/$p" 2>/dev/null
	done
	mkdir -p "$tmp/vnu/hot/reports" "$tmp/vnu/hot/customers" "$tmp/vnu/hot/lists"
	for p in reports/week-2026-W10.html reports/week-2026-W10-actions-p1.html \
		reports/week-2026-W10-part-P-K-p3.html customers/K-1.html; do
		cp "$tmp/hsite/$p" "$tmp/vnu/hot/$p"
	done
	cp "$tmp/hsite/lists/customers/K-1/ratings-2.html" "$tmp/vnu/hot/lists/ratings-2.html"
	mkdir -p "$tmp/vnu/t/stats" "$tmp/vnu/t/standards"
	for p in stats/staff-p2.html stats/key-parts-p2.html stats/key-parts-alerts-p1.html standards/tree-2.html; do
		cp "$tmp/tsite/$p" "$tmp/vnu/t/$p"
	done
	java -Xss4m -jar "$vnu" --errors-only --skip-non-html "$tmp/vnu" >"$tmp/vnu.txt" 2>&1
	check "vnu: the validation report, a week's exceptions, the audit page, a hot week's report and ratings, their full lists, and tables in pages ($(find "$tmp/vnu" -name '*.html' | wc -l | tr -d ' ') pages), no errors" \
		'! grep -q "error:" "$tmp/vnu.txt" && [ "$(find "$tmp/vnu" -name "*.html" | wc -l)" -eq 17 ]'
	grep 'error:' "$tmp/vnu.txt" | head -5 | sed 's/^/    /'
else
	nok "java and tests/node_modules/vnu-jar for the HTML checker (tests/install-deps.sh test)"
fi

#!/bin/sh
# Long lists inside pages (docs/site.md, "Long lists"): a generated folder
# where one part, one standard, one customer and one technician have 1,234
# tickets (reported a day apart), and a second part only 20. Pages show
# the count and the 20 newest, and link the full list: pages of 500, 500
# and 234 rows holding every ticket once, in order, their navigation links
# resolving; a list of 20 has no full list. The same for the standards
# tree's citations, a drill-down page and a breakdown of more than 100
# weeks. Output identical on 1 and 2 threads.
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

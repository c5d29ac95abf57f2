#!/bin/sh
# Index pages in slices (docs/site.md, "Index pages"), on the customers of
# tests/paging-records.sh: 1,234 of them make page-1.html .. page-3.html
# (500, 500, 234 rows) and index.html (the newest 500), each newest first,
# with page-local ranks and filter menus, and rows-1.js .. rows-3.js, the
# rows with their sort keys for the script. A new customer changes only the
# last slice and index.html; a kind of at most 500 records has index.html
# alone; rows files stay under 512 KiB, in parts when a slice's rows need it.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

if ! command -v node >/dev/null 2>&1; then
	nok "node to read the index pages and rows files (Debian package nodejs)"
	exit 0
fi
r=$tmp/r
sh tests/paging-records.sh "$r" 1234
if ! "$SVCGEN" build "$r" -o "$tmp/a" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"; then
	nok "build of 1234 customers"
	sed 's/^/    /' "$tmp/err" | head -5
	exit 0
fi
c=$tmp/a/customers
check "1234 customers: page-1.html .. page-3.html and rows-1.js .. rows-3.js beside index.html" \
	'[ "$(ls "$c" | grep -c "^page-")" -eq 3 ] && [ -f "$c/page-3.html" ] && [ "$(ls "$c" | grep -c "^rows-")" -eq 3 ] && [ -f "$c/rows-3.js" ] && [ -f "$c/index.html" ]'
check "one dealer: index.html and rows-1.js, no page-<k>.html" \
	'[ -f "$tmp/a/dealers/rows-1.js" ] && [ -z "$(ls "$tmp/a/dealers" | grep "^page-")" ]'

# What the pages and rows files hold, against what the generator wrote.
cat >"$tmp/check.js" <<'EOF'
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, nArg] = process.argv.slice(2);
const n = Number(nArg), R = 500, K = Math.ceil(n / R);
const dir = path.join(site, "customers");
const regions = ["华东", "华南", "华北", "华中", "西南", "西北", "东北"];
let failed = 0;
const ok = (cond, name, detail) => {
	console.log((cond ? "ok - " : "not ok - ") + name);
	if (!cond) {
		failed++;
		if (detail) console.log("    " + String(detail).split("\n").slice(0, 5).join("\n    "));
	}
};
/* Customer i as tests/paging-records.sh writes it. */
const rec = (i) => {
	const since = i % 5 ? [2000 + (i * 13) % 26, (i * 7) % 12 + 1, (i * 11) % 28 + 1] : null;
	return {
		id: "C-" + i,
		name: "客户" + String((i * 7919) % 100003).padStart(5, "0"),
		region: (i * 31) % 7,
		dealer: i % 3 ? "D-1" : null,
		since: since && since.map((v, j) => String(v).padStart(j ? 2 : 4, "0")).join("-"),
		instant: since && Date.UTC(since[0], since[1] - 1, since[2]) / 1000 - 8 * 3600,
	};
};
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, j) => a + j);
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/* The rows of a page in the order written: id, data-*, style vars. */
function rows(file) {
	const html = fs.readFileSync(path.join(dir, file), "utf8");
	const out = [];
	const re = /<tr((?: data-[a-z_]+="\d+")*) style="([^"]*)"><th scope="row"><a href="([^"]*)">([^<]*)<\/a><\/th>/g;
	let m;
	while ((m = re.exec(html))) {
		const data = {}, vars = {};
		for (const d of m[1].matchAll(/data-([a-z_]+)="(\d+)"/g)) data[d[1]] = Number(d[2]);
		for (const v of m[2].split(";").filter(Boolean)) {
			const [k, val] = v.split(":");
			vars[k] = Number(val);
		}
		out.push({ id: m[4], href: m[3], i: Number(m[4].slice(2)), data, vars });
	}
	return { html, rows: out };
}
const pages = range(1, K).map((k) => ["page-" + k + ".html", k]).concat([["index.html", 0]]);
const read = {};
for (const [f] of pages) read[f] = rows(f);

/* Every record once across page-<k>.html, slice k its ids, newest first. */
const all = range(1, K).flatMap((k) => read["page-" + k + ".html"].rows.map((r) => r.id));
ok(all.length === n && new Set(all).size === n && range(1, n).every((i) => all.includes("C-" + i)),
	`every customer exactly once across page-1..${K}.html (${all.length} rows, ${new Set(all).size} ids)`);
const bad = [];
for (let k = 1; k <= K; k++) {
	const want = range((k - 1) * R + 1, Math.min(k * R, n)).reverse().map((i) => "C-" + i);
	const got = read["page-" + k + ".html"].rows.map((r) => r.id);
	if (!eq(got, want)) bad.push(`page-${k}.html: ${got[0]} .. ${got[got.length - 1]} (${got.length})`);
}
ok(bad.length === 0, `slice k holds ids ${R}(k-1)+1 .. ${R}k of the id order, newest first`, bad.join("\n"));
const idx = read["index.html"].rows.map((r) => r.id);
ok(eq(idx, range(n - R + 1, n).reverse().map((i) => "C-" + i)),
	`index.html holds the newest ${R}, newest first (${idx[0]} .. ${idx[idx.length - 1]})`);
ok(pages.every(([f]) => read[f].rows.every((r) => r.href === r.id + ".html" && fs.existsSync(path.join(dir, r.href)))),
	"every row links its record's page");

/* The navigation: its links resolve; every page links the newest and each slice. */
const navBad = [];
for (const [f, k] of pages) {
	const nav = /<nav class="pages[^"]*" aria-label="[^"]+">([\s\S]*?)<\/nav>/.exec(read[f].html);
	if (!nav) {
		navBad.push(`${f}: no navigation`);
		continue;
	}
	const hrefs = [...nav[1].matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
	const missing = hrefs.filter((h) => !fs.existsSync(path.join(dir, h)));
	const want = ["index.html"].concat(range(1, K).map((j) => "page-" + j + ".html"));
	const current = [...nav[1].matchAll(/href="([^"]*)" aria-current="page"/g)].map((m) => m[1]);
	if (missing.length || !want.every((h) => hrefs.includes(h)) || !current.length || !current.every((h) => h === f))
		navBad.push(`${f}: missing ${missing.join(" ")}; links ${[...new Set(hrefs)].join(" ")}; current ${current.join(" ")}`);
	const total = /<p class="where">([^<]*)<\/p>/.exec(nav[1]);
	if (!total || (k === 0 || k === K) !== total[1].includes(String(n)))
		navBad.push(`${f}: the count of the kind is said on index.html and the last page only (${total && total[1]})`);
}
const labelled = /<a href="page-2\.html"[^>]*>C-501 – C-1000<\/a>/.test(read["page-1.html"].html) &&
	/<a href="page-3\.html"[^>]*>C-1001 – [^<C]+<\/a>/.test(read["page-1.html"].html);
ok(navBad.length === 0 && labelled, "the navigation of every page links the newest, every slice by its ids, and itself as current",
	navBad.join("\n") + (labelled ? "" : "\nslices not labelled by their ids"));

/* Page-local ranks: within each page, 1..m for the id and the names (all
 * different), dense for regions, missing dates after the rest. */
const rankBad = [];
for (const [f] of pages) {
	const rs = read[f].rows, m = rs.length;
	const perm = (key) => eq(rs.map((r) => r.vars[key]).sort((a, b) => a - b), range(1, m));
	if (!perm("--a") || !perm("--a-name"))
		rankBad.push(`${f}: --a or --a-name is not 1..${m}`);
	const byName = rs.slice().sort((a, b) => a.vars["--a-name"] - b.vars["--a-name"]).map((r) => rec(r.i).name);
	const byId = rs.slice().sort((a, b) => a.vars["--a"] - b.vars["--a"]).map((r) => r.i);
	if (!eq(byName, byName.slice().sort()) || !eq(byId, byId.slice().sort((a, b) => a - b)))
		rankBad.push(`${f}: the ranks do not sort by name, or by id`);
	if (!rs.every((r) => r.vars["--d-name"] === m + 1 - r.vars["--a-name"]))
		rankBad.push(`${f}: --d-name is not the reverse of --a-name`);
	const present = [...new Set(rs.map((r) => rec(r.i).region))].sort((a, b) => a - b);
	if (!rs.every((r) => r.vars["--a-region"] === present.indexOf(rec(r.i).region) + 1 && r.data.region === r.vars["--a-region"]))
		rankBad.push(`${f}: region ranks are not the places among the regions on the page`);
	const dates = [...new Set(rs.filter((r) => rec(r.i).since).map((r) => rec(r.i).since))].sort();
	if (!rs.every((r) => r.vars["--a-since"] === (rec(r.i).since ? dates.indexOf(rec(r.i).since) + 1 : dates.length + 1)))
		rankBad.push(`${f}: date ranks are not the places among the page's dates, missing last`);
	/* The filter menu: the regions on the page, with their counts on the page. */
	const sel = /<select id="f-region"[^>]*>([\s\S]*?)<\/select>/.exec(read[f].html);
	const opts = sel ? [...sel[1].matchAll(/<option value="(\d+)" data-key="(\d+)">([^<]*) \((\d+)\)<\/option>/g)] : [];
	if (opts.length !== present.length ||
		!opts.every((o, j) => Number(o[1]) === j + 1 && Number(o[2]) === present[j] && o[3] === regions[present[j]] &&
			Number(o[4]) === rs.filter((r) => r.data.region === j + 1).length))
		rankBad.push(`${f}: the region menu is not the page's regions with their counts (${opts.map((o) => o[3] + o[4]).join(" ")})`);
}
ok(rankBad.length === 0, "ranks and filter menus are the page's own: 1..m within each page, counts on the page", rankBad.join("\n"));

/* rows-<k>.js: slice k's rows in id order, once each, with the cells and
 * sort keys of the records. */
const rowsBad = [], seen = [];
let biggest = 0;
for (let k = 1; k <= K; k++) {
	const file = path.join(dir, `rows-${k}.js`);
	const got = [];
	biggest = Math.max(biggest, fs.statSync(file).size);
	try {
		vm.runInNewContext(fs.readFileSync(file, "utf8"), { svcgenRows: (...a) => got.push(a) });
	} catch (e) {
		rowsBad.push(`rows-${k}.js: ${e}`);
		continue;
	}
	if (got.length !== 1 || got[0][0] !== k || got[0][1] !== 1 || got[0][2] !== 1) {
		rowsBad.push(`rows-${k}.js: called svcgenRows(${got.map((g) => g.slice(0, 3).join(",")).join(" ")})`);
		continue;
	}
	const list = got[0][3];
	if (!eq(list.map((r) => r[0]), range((k - 1) * R + 1, Math.min(k * R, n)).map((i) => "C-" + i)))
		rowsBad.push(`rows-${k}.js: not slice ${k} in id order`);
	for (const [id, href, cells, keys] of list) {
		const w = rec(Number(id.slice(2)));
		seen.push(id);
		// The dealer's name beside its id, cut to 24 characters (docs/site.md, "Names beside ids").
		const wantCells = [w.name, [regions[w.region], 0, 0, regions[w.region]], w.dealer && ["D-1 · 经销商 \"一\" \\ </script><!-- …", "../dealers/D-1.html"], w.since];
		const wantKeys = [w.name, w.region, w.dealer, w.instant];
		if (href !== id + ".html" || !eq(cells, wantCells) || !eq(keys, wantKeys)) {
			rowsBad.push(`${id}: ${JSON.stringify([href, cells, keys])}, not ${JSON.stringify([wantCells, wantKeys])}`);
			break;
		}
	}
}
ok(rowsBad.length === 0 && seen.length === n && new Set(seen).size === n,
	`rows-1..${K}.js: every customer once, its cells as shown and its sort keys (${seen.length} rows, the biggest file ${biggest} bytes)`,
	rowsBad.join("\n"));
ok(biggest > 0 && biggest <= 512 * 1024, `rows files at most 512 KiB (${biggest})`);

/* A value that would end a script or a string comes back as it was. */
let dealer = null;
try {
	vm.runInNewContext(fs.readFileSync(path.join(site, "dealers", "rows-1.js"), "utf8"), { svcgenRows: (k, p, np, l) => { dealer = l[0]; } });
} catch (e) {
	dealer = String(e);
}
const raw = fs.readFileSync(path.join(site, "dealers", "rows-1.js"), "utf8");
ok(dealer && dealer[2] && dealer[2][0] === "经销商 \"一\" \\ </script><!-- 'x'" && !/<\/script|<!--/.test(raw),
	"rows files escape what would end a script or a string", JSON.stringify(dealer));
process.exit(failed ? 1 : 0);
EOF
node "$tmp/check.js" "$tmp/a" 1234 || true

# One customer more, with a higher id: only the last slice, its rows and
# index.html change (and the new customer's own page).
cp -R "$r" "$tmp/r2"
printf 'id: C-1235\nname: 客户99999\nregion: 西北\nsince: 2026-01-02\n' >"$tmp/r2/customers/C-1235.yaml"
"$SVCGEN" build "$tmp/r2" -o "$tmp/b" --as-of 2026-11-27 >/dev/null 2>&1
diff -rq "$tmp/a/customers" "$tmp/b/customers" | sed "s|$tmp/||g" | sort >"$tmp/changed"
printf '%s\n' "Files a/customers/index.html and b/customers/index.html differ" \
	"Files a/customers/page-3.html and b/customers/page-3.html differ" \
	"Files a/customers/rows-3.js and b/customers/rows-3.js differ" \
	"Only in b/customers: C-1235.html" | sort >"$tmp/want"
check "a customer added after the others changes only page-3.html, rows-3.js and index.html of the index ($(wc -l <"$tmp/changed") files)" \
	'cmp -s "$tmp/changed" "$tmp/want"'
[ -s "$tmp/changed" ] && ! cmp -s "$tmp/changed" "$tmp/want" && sed 's/^/    /' "$tmp/changed" | head -8

# Deterministic: one thread, another time zone and locale, the same bytes.
SVCGEN_JOBS=1 TZ=America/Los_Angeles LC_ALL=C "$SVCGEN" build "$r" -o "$tmp/a1" --as-of 2026-11-27 >/dev/null 2>&1
check "index pages and rows files byte-identical across threads, TZ and LC_ALL" \
	'diff -r "$tmp/a/customers" "$tmp/a1/customers" >/dev/null && diff -r "$tmp/a/dealers" "$tmp/a1/dealers" >/dev/null'

# At most 500 records: index.html alone; 501: two slices.
for k in 500 501; do
	sh tests/paging-records.sh "$tmp/r$k" $k
	"$SVCGEN" build "$tmp/r$k" -o "$tmp/s$k" --as-of 2026-11-27 >/dev/null 2>&1
done
check "500 customers: index.html of 500 rows and rows-1.js, no page-<k>.html, no navigation between pages" \
	'[ -z "$(ls "$tmp/s500/customers" | grep "^page-")" ] && [ "$(ls "$tmp/s500/customers" | grep -c "^rows-")" -eq 1 ] &&
	 [ "$(grep -c "^<tr data-" "$tmp/s500/customers/index.html")" -eq 500 ] && ! grep -q "class=\"pages" "$tmp/s500/customers/index.html"'
check "501 customers: page-1.html (500 rows) and page-2.html (1 row)" \
	'[ "$(ls "$tmp/s501/customers" | grep -c "^page-")" -eq 2 ] && [ "$(grep -c "^<tr data-" "$tmp/s501/customers/page-1.html")" -eq 500 ] &&
	 [ "$(grep -c "^<tr data-" "$tmp/s501/customers/page-2.html")" -eq 1 ] && grep -q "href=\"C-501.html\"" "$tmp/s501/customers/page-2.html"'

# Rows that do not fit 512 KiB: the slice's rows go on in rows-1-2.js, ...
# which the first part announces.
long=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "长" }')
sed -i "s/^name: 客户/name: $long/" "$tmp/r500/customers/"*.yaml
"$SVCGEN" build "$tmp/r500" -o "$tmp/long" --as-of 2026-11-27 >/dev/null 2>&1
read -r parts big rows <<-EOT
	$(node -e '
const fs = require("fs"), path = require("path"), vm = require("vm");
const dir = process.argv[1];
const files = fs.readdirSync(dir).filter((f) => /^rows-/.test(f));
let got = [], big = 0, announced = 0;
for (const f of files) {
	big = Math.max(big, fs.statSync(path.join(dir, f)).size);
	vm.runInNewContext(fs.readFileSync(path.join(dir, f), "utf8"), { svcgenRows: (k, p, n, l) => {
		const want = p === 1 ? "rows-1.js" : `rows-1-${p}.js`;
		if (k === 1 && f === want) got[p - 1] = l;
		if (p === 1) announced = n;
	} });
}
const ids = got.flat().map((r) => r[0]);
const inOrder = ids.every((id, i) => id === "C-" + (i + 1));
console.log(announced === files.length ? files.length : -1, big, inOrder ? ids.length : -1);
' "$tmp/long/customers" 2>/dev/null || echo "0 0 0")
EOT
check "a slice of long rows: $parts rows files (as announced), the biggest $big bytes, $rows rows in order" \
	'[ "$parts" -gt 1 ] && [ "$big" -le 524288 ] && [ "$rows" -eq 500 ]'

# Many slices: the short list (newest, the newest slice, the neighbours,
# the oldest, gaps between) and every slice in a <details>, newest first.
sh tests/paging-records.sh "$tmp/r4001" 4001
"$SVCGEN" build "$tmp/r4001" -o "$tmp/s4001" --as-of 2026-11-27 >/dev/null 2>&1
p5=$tmp/s4001/customers/page-5.html
short=$(sed -n '/<nav class="pages/,/<details>/p' "$p5" | grep -o 'href="[^"]*"\|class="gap"' | sed 's/href="//; s/"$//; s/class="gap/…/' | tr '\n' ' ')
all=$(sed -n '/<details>/,/<\/details>/p' "$p5" | grep -o 'href="[^"]*"' | sed 's/href="//; s/"$//' | tr '\n' ' ')
check "4001 customers, page-5.html: short list $short" \
	'[ "$short" = "index.html page-9.html … page-6.html page-5.html page-4.html … page-1.html " ]'
check "and every slice in a <details>, newest first" \
	'[ "$all" = "page-9.html page-8.html page-7.html page-6.html page-5.html page-4.html page-3.html page-2.html page-1.html " ]'

# A kind with a main date lists its records by it, newest first, ties by
# id (docs/site.md, "Index pages"): 1,100 shipments whose dates do not
# follow their ids (SH-i on day (i * 37) mod 550 after 2020-01-01, so two
# a day, the first of them sometimes the higher id), cut into slices of
# that order; rows-<k>.js in it too, and the ids' own ranks for sorting.
d=$tmp/dated
mkdir -p "$d/shipments" "$d/dealers" "$d/parts"
printf 'id: D-1\nname: 经销商\nregion: 华东\n' >"$d/dealers/D-1.yaml"
printf 'id: P-1\nname: 配件\n' >"$d/parts/P-1.yaml"
awk -v dir="$d/shipments" 'BEGIN {
	for (i = 1; i <= 1100; i++) {
		f = dir "/SH-" i ".yaml"
		t = 1577836800 + ((i * 37) % 550) * 86400
		printf "id: SH-%d\ndate: %s\nto: D-1\nlines:\n  - part: P-1\n    qty: 1\n    correct: true\n", i, strftime("%Y-%m-%d", t, 1) >f
		close(f)
	}
}'
if "$SVCGEN" build "$d" -o "$tmp/ds" --as-of 2026-11-27 >/dev/null 2>"$tmp/err"; then
	res=$(node -e '
const fs = require("fs"), vm = require("vm"), dir = process.argv[1];
const day = (i) => (i * 37) % 550;
/* The kind order, oldest first: by date, ties by id. */
const order = Array.from({ length: 1100 }, (_, j) => j + 1).sort((a, b) => day(a) - day(b) || a - b);
const ids = (f) => [...fs.readFileSync(dir + "/" + f, "utf8").matchAll(/<tr[^>]* style="--a:(\d+);[^"]*"><th scope="row"><a href="[^"]*">SH-(\d+)<\/a>/g)]
	.map((m) => [Number(m[2]), Number(m[1])]);
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const out = [];
const idx = ids("index.html").map((r) => r[0]);
out.push(eq(idx, order.slice(-500).reverse()) ? "index" : "index.html: " + idx.slice(0, 3));
for (let k = 1; k <= 3; k++) {
	const rows = ids("page-" + k + ".html");
	const want = order.slice((k - 1) * 500, k * 500);
	const byId = want.slice().sort((a, b) => a - b);
	out.push(eq(rows.map((r) => r[0]), want.slice().reverse()) ? "page" + k : "page-" + k + ".html: " + rows.slice(0, 3).map((r) => r[0]));
	out.push(rows.every((r) => r[1] === byId.indexOf(r[0]) + 1) ? "rank" + k : "page-" + k + ".html: --a is not the id rank");
	let got = [];
	vm.runInNewContext(fs.readFileSync(dir + "/rows-" + k + ".js", "utf8"), { svcgenRows: (a, b, c, l) => { got = l; } });
	out.push(eq(got.map((r) => Number(r[0].slice(3))), want) ? "rows" + k : "rows-" + k + ".js: " + got.slice(0, 3).map((r) => r[0]));
}
const html = fs.readFileSync(dir + "/index.html", "utf8");
out.push(/<option value="date-desc" selected>/.test(html) && /<option value="id-desc">/.test(html) &&
	/<th scope="col" data-col="date" data-time="day" aria-sort="descending">/.test(html) ? "default" : "the default sort is not the date");
console.log(out.join(" "));
' "$tmp/ds/shipments" 2>&1)
	check "1100 shipments out of id order: index.html and each page newest first by date, ties by id; rows files in that order; ids ranked; the date sort selected ($res)" \
		'[ "$res" = "index page1 rank1 rows1 page2 rank2 rows2 page3 rank3 rows3 default" ]'
	# The customers, which have no main date, stay in id order (above).
else
	nok "build of 1100 shipments"
	sed 's/^/    /' "$tmp/err" | head -5
fi

/* node site.test.js SITE [SITE-EN [SITE-EVIL [SITE-PAGED]]]: the generated
 * site in a real browser (Debian's chromium, headless), opened from file://;
 * SITE-EVIL, the site of tests/attachments-evil.sh, and SITE's attachments
 * are opened from file:// and from a web server on 127.0.0.1 too;
 * SITE-PAGED, the site of tests/paging-records.sh (1,234 customers), for
 * index pages in slices. Prints TAP-like lines; see tests/suites/browser.sh. */
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, fileUrl, serve, ok, step, failures } = require("./lib");

const site = path.resolve(process.argv[2] || "site");
const siteEn = process.argv[3] ? path.resolve(process.argv[3]) : null;
const siteEvil = process.argv[4] ? path.resolve(process.argv[4]) : null;
const sitePaged = process.argv[5] ? path.resolve(process.argv[5]) : null;
const url = (p, base) => fileUrl(path.join(base || site, p));
const axeSource = require.resolve("axe-core/axe.min.js");

/* The rows of the index table in the order shown, those shown only. */
async function shownRows(page) {
	return page.$$eval("#records tbody tr", (rows) =>
		rows
			.filter((r) => getComputedStyle(r).display !== "none")
			.map((r) => ({ top: r.getBoundingClientRect().top, id: r.cells[0].textContent.trim(), el: r }))
			.sort((a, b) => a.top - b.top)
			.map((r) => r.id));
}

/* The text of column `col` of the row of record id, by the rows' cells. */
async function cellTexts(page, col) {
	return page.$$eval("#records", ([t], col) => {
		const heads = Array.from(t.tHead.rows[0].cells).map((c) => c.getAttribute("data-col"));
		const i = heads.indexOf(col);
		const out = {};
		for (const r of t.tBodies[0].rows) out[r.cells[0].textContent.trim()] = r.cells[i].textContent.trim();
		return out;
	}, col);
}

/* ISO dates and times of the records (+08:00 when they say no offset) as instants. */
/* Each row's <time datetime> in a column, by id. */
async function cellTimes(page, col) {
	return page.$$eval("#records", ([t], col) => {
		const heads = Array.from(t.tHead.rows[0].cells).map((c) => c.getAttribute("data-col"));
		const i = heads.indexOf(col);
		const out = {};
		for (const r of t.tBodies[0].rows) {
			const tm = r.cells[i].querySelector("time");
			out[r.cells[0].textContent.trim()] = tm ? tm.getAttribute("datetime") : "";
		}
		return out;
	}, col);
}

function instant(s) {
	if (!s) return NaN;
	if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += "T00:00";
	if (!/(Z|[+-]\d{2}:\d{2})$/.test(s)) s += "+08:00";
	return Date.parse(s);
}

function isSorted(values, cmp) {
	for (let i = 1; i < values.length; i++) if (cmp(values[i - 1], values[i]) > 0) return false;
	return true;
}

async function axe(page, name) {
	await page.addScriptTag({ path: axeSource });
	const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"], preload: false }));
	const bad = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
	const other = res.violations.filter((v) => !(v.impact === "serious" || v.impact === "critical"));
	ok(bad.length === 0, `axe: ${name}: no serious or critical violations` +
		(other.length ? ` (${other.length} minor or moderate: ${other.map((v) => v.id).join(", ")})` : ""),
	bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`).join("\n"));
}

(async () => {
	const ctx = await launch();
	const errors = [];
	ctx.on("page", (p) => {
		p.on("pageerror", (e) => errors.push(String(e)));
		p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
	});
	const page = await ctx.newPage();
	const ticket = "SR-2026-0001";

	await step("dashboard", async (name) => {
		await page.goto(url("index.html"));
		const h1 = await page.textContent("h1");
		const tiles = await page.$$eval("ul.tiles li", (l) => l.length);
		const cards = await page.$$eval("ul.cards a", (l) => l.map((a) => a.getAttribute("href")));
		ok(h1.trim() === "总览" && tiles >= 4 && cards.length === 10,
			`${name}: heading, alert tiles and a card per kind (${tiles} tiles, ${cards.length} cards)`);
		ok(await page.getAttribute("header .brand", "aria-current") === "page", `${name}: the home link is the current page`);
	});

	await step("search finds a ticket and opens it", async (name) => {
		await page.click("header .search-link");
		await page.waitForURL(/search\.html$/);
		await page.fill("#q", ticket.toLowerCase());
		await page.waitForSelector("#results li a");
		const first = await page.textContent("#results li a");
		const status = await page.textContent("#search-status");
		ok(first === ticket, `${name}: the ticket comes first (${status.trim()})`, `first result: ${first}`);
		await page.click(`#results li a:text-is("${ticket}")`);
		await page.waitForURL(new RegExp(`service/${ticket}\\.html$`));
		ok((await page.textContent("h1")).includes(ticket), `${name}: its page opens`);
	});

	await step("search from the address (?q=)", async (name) => {
		await page.goto(url("search.html") + "?q=C-0001");
		await page.waitForSelector("#results li a");
		ok(await page.textContent("#results li a") === "C-0001", name);
	});

	/* The index is in shards loaded on demand: only those that can hold the
	 * query's words, from file:// (no fetch). */
	for (const [what, q, want] of [["an id", "sr-2026-0001", ticket], ["a customer's name (Chinese)", "捷运物流", "C-0040"],
		["two words", "ev-200 控制器", "P-CTL-200"]]) {
		await step(`sharded search: ${what}`, async (name) => {
			await page.goto(url("search.html") + "?q=" + encodeURIComponent(q));
			await page.waitForSelector("#results li a");
			const ids = await page.$$eval("#results li a", (l) => l.map((a) => a.textContent));
			const texts = await page.$$eval("#results li", (l) => l.map((li) => li.textContent.toLowerCase()));
			ok(ids.includes(want), `${name}: ${q} finds ${want} (${ids.length} results)`, ids.slice(0, 5).join(" "));
			ok(texts.every((t) => q.split(" ").every((w) => t.includes(w))), `${name}: every result holds every word`);
			const loaded = await page.$$eval('script[src^="search/"]', (l) => l.map((e) => e.getAttribute("src")));
			const total = await page.evaluate(() => Object.values(window.SVCGEN_SEARCH.keys).reduce((n, p) => n + p.length, 0));
			const keys = loaded.filter((src) => src !== "search/index.js").map((src) =>
				Buffer.from(src.replace(/^search\/|(-\d+)?\.js$/g, ""), "hex").toString("utf8"));
			ok(keys.length >= 1 && keys.length * 10 < total && keys.every((k) => q.split(" ").some((w) => w.startsWith(k) || k.startsWith(w))),
				`${name}: only the shards of one word are loaded (${keys.length} of ${total}: ${keys.join(" ")})`);
		});
	}

	/* Names beside ids (docs/site.md, "Names beside ids"): search by a
	 * customer's name, a serial number, and a customer and an engineer. */
	for (const [what, q, want] of [["a customer's name finds its tickets", "成都通衢物流有限公司", "SR-2026-0026"],
		["a unit's serial number", "EV200-2303-0024", "SR-2026-0026"],
		["a component's serial number", "M1002605230", "EV100-2605-0016"],
		["a customer and an engineer", "成都通衢 郭建华", "SR-2026-0026"]]) {
		await step(`search by names: ${what}`, async (name) => {
			await page.goto(url("search.html") + "?q=" + encodeURIComponent(q));
			await page.waitForSelector("#results li a");
			const ids = await page.$$eval("#results li a", (l) => l.map((a) => a.textContent));
			const texts = await page.$$eval("#results li", (l) => l.map((li) => li.textContent.toLowerCase()));
			ok(ids.includes(want), `${name}: ${q} finds ${want} (${ids.length} results)`, ids.slice(0, 5).join(" "));
			ok(texts.every((t) => q.toLowerCase().split(" ").every((w) => t.includes(w))), `${name}: every result shows every word`);
		});
	}

	/* Dates and times (docs/site.md, "Dates and times"): one format, in the
	 * configured zone, the exact value in <time datetime>. */
	await step("dates and times", async (name) => {
		const times = async (path, sel) => {
			await page.goto(url(path));
			return page.$$eval(sel, (l) => l.map((t) => [t.textContent, t.getAttribute("datetime")]));
		};
		let t = await times("service/SR-2026-0001.html", "dl.fields time");
		ok(JSON.stringify(t[0]) === JSON.stringify(["2026-01-05 10:45", "2026-01-05T10:45+08:00"]),
			`${name}: a time with its offset, shown in the zone; its text kept in the attribute`, JSON.stringify(t[0]));
		ok(t.some((x) => x[0] === "2026-01-06 16:40" && x[1] === "2026-01-06T16:40+08:00"),
			`${name}: a time without an offset is in the configured zone, and the attribute says which`, JSON.stringify(t));
		t = await times("service/SR-2026-0088.html", "dl.fields time");
		ok(JSON.stringify(t[0]) === JSON.stringify(["2026-08-21 15:05", "2026-08-21T15:05:00+08:00"]),
			`${name}: seconds dropped from the text, kept in the attribute`, JSON.stringify(t[0]));
		t = await times("service/SR-2026-0001.html", "#audit .commit time");
		ok(t.length > 0 && t.every((x) => /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(x[0]) &&
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/.test(x[1]) &&
			((d) => d >= 0 && d < 60000)(new Date(x[1]).getTime() - Date.parse(x[0].replace(" ", "T") + "+08:00"))),
		`${name}: commit times in the same format and zone, exact in the attribute`, JSON.stringify(t));
		ok((await page.textContent("footer.site")).includes("时间均为 UTC+08:00"), `${name}: the footer names the zone`);
		const bare = await page.$$eval("main", ([m]) => {
			const c = m.cloneNode(true);
			c.querySelectorAll("time, script, style").forEach((e) => e.remove());
			return (c.textContent.match(/\d{4}-\d\d-\d\d/g) || []).length;
		});
		ok(bare === 0, `${name}: no date on a ticket's page outside <time> (${bare})`);
	});

	await step("names on pages", async (name) => {
		await page.goto(url("service/SR-2026-0026.html"));
		const cust = await page.$eval('dl.fields a[href^="../customers/"]', (a) => a.textContent.trim());
		const tech = await page.$eval('dl.fields a[href^="../staff/"]', (a) => a.textContent.trim());
		ok(cust === "C-0032 · 成都通衢物流有限公司" && tech === "ST-025 · 郭建华",
			`${name}: a ticket's customer and engineer by id and name (${cust}; ${tech})`);
		await page.goto(url("service/index.html"));
		const row = await page.$eval('tbody tr:has(th a[href="SR-2026-0026.html"])', (tr) =>
			[...tr.querySelectorAll("td")].map((td) => [td.getAttribute("data-label"), td.textContent.trim()]));
		const cell = (l) => (row.find((c) => c[0] === l) || [])[1];
		ok(cell("客户") === "C-0032 · 成都通衢物流有限公司" && cell("设备") === "EV200-2303-0024 · EV-200" &&
			cell("服务工程师") === "ST-025 · 郭建华" && /^\d+$/.test(cell("已开天数") || ""),
			`${name}: the tickets' index shows customer, unit, engineer and days open`, JSON.stringify(row));
		await page.goto(url("customers/C-0032.html"));
		const units = await page.$$eval("#bl-equipment ~ .scroll tbody tr", (l) => l.map((tr) => tr.textContent));
		const head = await page.textContent("#bl-equipment ~ .scroll thead");
		ok(units.length > 0 && units.every((t) => /在保|已过保/.test(t)) && head.includes("保修") && head.includes("2026-11-27"),
			`${name}: the dossier says whether each unit is under warranty as of the as-of date (${units.length} units)`, head);
		const who = await page.$$eval("#bl-service ~ .scroll tbody th .who", (l) => l.map((e) => e.textContent));
		ok(who.length > 0 && who.every((t) => t.includes("成都通衢物流有限公司")),
			`${name}: the dossier's tickets name the customer and engineer beside their ids`, who.join(" | "));
	});

	await step("the validation page in the site's language", async (name) => {
		await page.goto(url("validation.html"));
		const msgs = await page.$$eval("table.diagnostics tbody tr td:last-child", (l) => l.map((td) => td.textContent));
		const about = await page.$$eval("section[aria-labelledby^='r-'] > p.muted", (l) => l.map((p) => p.textContent));
		const cjk = (t) => /[\u4e00-\u9fff]/.test(t) && !/\b(was edited|is not|expected)\b/.test(t);
		ok(msgs.length > 0 && msgs.every(cjk) && about.length > 0 && about.every(cjk),
			`${name}: every message and every rule's meaning in Chinese (${msgs.length} messages)`, msgs.concat(about).join(" | "));
	});

	await step("backlinks", async (name) => {
		await page.goto(url(`service/${ticket}.html`));
		const cust = await page.$eval('dl.fields a[href^="../customers/"]', (a) => a.getAttribute("href").replace(/^.*\/|\.html$/g, ""));
		await page.click('dl.fields a[href^="../customers/"]');
		await page.waitForURL(new RegExp(`customers/${cust}\\.html$`));
		const back = page.locator(`#bl-service ~ .scroll a:text-is("${ticket}")`);
		ok(await back.count() === 1, `${name}: customer ${cust}'s dossier lists ticket ${ticket}`);
		await back.click();
		await page.waitForURL(new RegExp(`service/${ticket}\\.html$`));
		ok(true, `${name}: following it comes back to the ticket`);
	});

	await step("index sorts and filters with the script", async (name) => {
		await page.goto(url("service/index.html"));
		const all = await shownRows(page);
		const reported = await cellTimes(page, "reported");
		/* Newest first by the time reported, ties by id (docs/site.md, "Index pages"). */
		ok(all.length > 100 && isSorted(all, (a, b) => instant(reported[b]) - instant(reported[a]) || b.localeCompare(a)) &&
			await page.getAttribute('th[data-col="reported"]', "aria-sort") === "descending" &&
			await page.inputValue("#sort") === "reported-desc",
		`${name}: ${all.length} tickets, newest reported first, and the page says so`);
		await page.click('th[data-col="reported"] button');
		await page.waitForSelector(".idx.all");
		let order = await shownRows(page);
		const dom = await page.$$eval("#records tbody tr", (rows) => rows.map((r) => r.cells[0].textContent.trim()));
		ok(isSorted(order.map((id) => instant(reported[id])), (a, b) => a - b) &&
			await page.getAttribute('th[data-col="reported"]', "aria-sort") === "ascending" &&
			await page.getAttribute('th[data-col="id"]', "aria-sort") === null,
		`${name}: a click on a header sorts by it, aria-sort says so`);
		ok(JSON.stringify(dom) === JSON.stringify(order), `${name}: the rows are moved too (screen readers read them sorted)`);
		const drawn = await cellTimes(page, "reported");
		ok(order.length > 0 && order.every((id) => drawn[id] && instant(drawn[id]) === instant(reported[id])),
			`${name}: the script's rows show times in <time> too, the same instants`);
		await page.click('th[data-col="reported"] button');
		order = await shownRows(page);
		ok(isSorted(order.map((id) => instant(reported[id])), (a, b) => b - a) &&
			await page.getAttribute('th[data-col="reported"]', "aria-sort") === "descending" &&
			await page.inputValue("#sort") === "reported-desc",
		`${name}: a second click sorts descending, and the sort menu follows`);
		const status = await cellTexts(page, "status");
		const closed = await page.$eval("#f-status", (s) => (Array.from(s.options).find((o) => /已关闭/.test(o.text)) || {}).text);
		if (!ok(closed, `${name}: the status filter offers the statuses present, with their counts`)) return;
		await page.selectOption("#f-status", { label: closed });
		const shown = await shownRows(page);
		const n = Number(/\((\d+)\)/.exec(closed)[1]);
		ok(shown.length === n && shown.every((id) => status[id] === "已关闭") &&
			(await page.textContent("#total")).trim() === String(n),
		`${name}: the status filter shows the ${n} closed tickets, and says how many`);
		await page.fill("#filter", "C-0006");
		const both = await shownRows(page);
		ok(both.length > 0 && both.length < n, `${name}: the text filter narrows it further (${both.length})`);
		await page.click('button[type="reset"]');
		/* The reset puts the page's rows back on the next turn of the event loop: wait for it. */
		await page.waitForFunction((want) => {
			const rows = Array.from(document.querySelectorAll("#records tbody tr"))
				.filter((r) => getComputedStyle(r).display !== "none")
				.map((r) => ({ top: r.getBoundingClientRect().top, id: r.cells[0].textContent.trim() }))
				.sort((a, b) => a.top - b.top)
				.map((r) => r.id);
			return document.getElementById("shown").textContent.trim() !== "" &&
				!document.querySelector("#records tbody tr[hidden]") && rows.join() === want;
		}, all.join(), { timeout: 5000 }).catch(() => {});
		ok((await shownRows(page)).join() === all.join() && await page.inputValue("#sort") === "reported-desc" &&
			!await page.$(".idx.all"), `${name}: reset shows the page as rendered again, newest first`);
		await page.keyboard.press("Tab");
		await page.focus('th[data-col="status"] button');
		await page.keyboard.press("Enter");
		ok(await page.getAttribute('th[data-col="status"]', "aria-sort") === "ascending",
			`${name}: a header sorts from the keyboard too`);
	});

	/* Index pages in slices (tests/paging-records.sh: 1,234 customers, customer
	 * i's values from i): the newest 500 on index.html, slices of 500 from
	 * the oldest on page-<k>.html; the script sorts and filters them all. */
	const pagedRec = (i) => {
		const since = i % 5 ? [2000 + (i * 13) % 26, (i * 7) % 12 + 1, (i * 11) % 28 + 1] : null;
		return { id: "C-" + i, i, name: "客户" + String((i * 7919) % 100003).padStart(5, "0"),
			region: ["华东", "华南", "华北", "华中", "西南", "西北", "东北"][(i * 31) % 7],
			since: since && Date.UTC(since[0], since[1] - 1, since[2]) };
	};
	const paged = Array.from({ length: 1234 }, (_, j) => pagedRec(j + 1));
	if (sitePaged) {
		await step("index pages in slices", async (name) => {
			await page.goto(url("customers/index.html", sitePaged));
			let ids = await shownRows(page);
			ok(ids.length === 500 && ids[0] === "C-1234" && ids[499] === "C-735",
				`${name}: index.html shows the newest 500, newest first (${ids[0]} .. ${ids[ids.length - 1]})`);
			await page.click('nav.pages a[href="page-2.html"]');
			await page.waitForURL(/customers\/page-2\.html$/);
			ids = await shownRows(page);
			ok(ids.length === 500 && ids[0] === "C-1000" && ids[499] === "C-501" &&
				await page.getAttribute('nav.pages a[aria-current="page"]', "href") === "page-2.html",
			`${name}: following a page link opens slice 2 (${ids[0]} .. ${ids[ids.length - 1]}), marked current`);
			ok(await page.isHidden(".page-note"), `${name}: with the script, the note that sorting is the page's own is hidden`);
		});
		await step("sorting the whole kind with the script", async (name) => {
			await page.goto(url("customers/page-2.html", sitePaged));
			await page.click('th[data-col="name"] button');
			await page.waitForSelector(".idx.all");
			const byName = paged.slice().sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => r.id);
			let ids = await shownRows(page);
			ok(JSON.stringify(ids) === JSON.stringify(byName.slice(0, 500)) &&
				await page.getAttribute('th[data-col="name"]', "aria-sort") === "ascending",
			`${name}: by name, the first rows are the kind's smallest names (${ids[0]}, not only page 2's), aria-sort says so`);
			ok((await page.textContent("#total")).trim() === "1234" && (await page.textContent("#shown")).trim() === "1–500",
				`${name}: 1–500 of the 1234 shown`);
			await page.click('th[data-col="name"] button');
			ids = await shownRows(page);
			ok(ids[0] === byName[1233] && ids[1] === byName[1232], `${name}: descending, the largest first (${ids[0]})`);
			await page.selectOption("#sort", "since-asc");
			/* Ties newest first, as on the pages; customers without a date last. */
			const bySince = paged.slice().sort((a, b) => ((a.since === null) - (b.since === null)) ||
				(a.since - b.since) || b.i - a.i).map((r) => r.id);
			ids = await shownRows(page);
			ok(JSON.stringify(ids) === JSON.stringify(bySince.slice(0, 500)), `${name}: by date, the earliest of the kind first (${ids[0]})`);
			await page.click("#next");
			await page.click("#next");
			ids = await shownRows(page);
			ok(JSON.stringify(ids) === JSON.stringify(bySince.slice(1000)) && await page.isDisabled("#next") &&
				(await page.textContent("#shown")).trim() === "1001–1234",
			`${name}: the next rows, to the last (${ids[ids.length - 1]}, no date)`);
		});
		await step("filtering the whole kind with the script", async (name) => {
			await page.goto(url("customers/page-2.html", sitePaged));
			const label = await page.$eval("#f-region", (s) => Array.from(s.options).find((o) => o.text.startsWith("华北")).text);
			await page.selectOption("#f-region", { label });
			await page.waitForSelector(".idx.all");
			const north = paged.filter((r) => r.region === "华北");
			const region = await cellTexts(page, "region");
			let ids = await shownRows(page);
			ok((await page.textContent("#total")).trim() === String(north.length) && ids.length === north.length &&
				ids.every((id) => region[id] === "华北"),
			`${name}: a region chosen on page 2 (${label}) finds the kind's ${north.length} customers there`);
			ok(await page.$eval("#f-region", (s) => s.options[s.selectedIndex].text) === `华北 (${north.length})`,
				`${name}: the menu counts the whole kind`);
			await page.fill("#filter", "客户0");
			ids = await shownRows(page);
			const both = north.filter((r) => r.name.startsWith("客户0"));
			ok((await page.textContent("#total")).trim() === String(both.length) && ids.length === both.length,
				`${name}: the text filter narrows it to ${both.length}`);
			await page.click('button[type="reset"]');
			/* The page's rows come back on the next turn of the event loop: wait for them. */
			await page.waitForFunction(() => !document.querySelector(".idx.all") &&
				document.getElementById("total").textContent.trim() === "500" &&
				document.querySelector("#records tbody tr:not([hidden])") !== null &&
				document.querySelector("#records tbody tr").cells[0].textContent.trim() === "C-1000",
			null, { timeout: 5000 }).catch(() => {});
			ids = await shownRows(page);
			ok(ids.length === 500 && ids[0] === "C-1000" && await page.inputValue("#sort") === "id-desc" &&
				(await page.textContent("#total")).trim() === "500",
			`${name}: reset shows page 2 as rendered`);
			await axe(page, `${name}: a page of a kind in slices (customers/page-2.html)`);
		});
	}

	await step("print preview of a customer dossier", async (name) => {
		await page.goto(url("customers/C-0013.html"));
		const onScreen = await page.isVisible("header.site nav");
		await page.emulateMedia({ media: "print" });
		const hidden = await page.evaluate(() => ["header.site", "footer.site", ".skip", "[data-print]"]
			.map((s) => document.querySelector(s)).filter((e) => e && getComputedStyle(e).display !== "none").length);
		const head = await page.isVisible(".print-head");
		const chart = await page.isVisible("table.trend");
		ok(onScreen && hidden === 0 && head && chart,
			`${name}: no navigation, footer or buttons; the site and as-of date on top; the satisfaction trend`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		await page.emulateMedia({ media: "screen" });
		const pdf = await page.pdf({ format: "A4", printBackground: true });
		const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
		ok(pdf.slice(0, 5).toString() === "%PDF-" && pages >= 1 && pages <= 6 && overflow <= 0,
			`${name}: prints as a ${pages}-page PDF (${Math.round(pdf.length / 1024)} KiB), nothing cut on the right`);
	});

	await step("phone-sized screen", async (name) => {
		await page.setViewportSize({ width: 390, height: 844 });
		const wide = [];
		for (const p of ["index.html", "service/index.html", `service/${ticket}.html`, "customers/C-0013.html",
			"standards/tree.html", "search.html", "validation.html", "visits/index.html"]) {
			await page.goto(url(p));
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			if (w > 390) wide.push(`${p}: ${w}px`);
		}
		ok(wide.length === 0, `${name}: no page is wider than 390px`, wide.join("\n"));
		await page.goto(url("service/index.html"));
		await axe(page, `${name}: an index, its rows as cards (service/index.html)`);
		await page.setViewportSize({ width: 1280, height: 900 });
	});

	/* The layout at a phone's width (390 px) and a desktop's (1280 px):
	 * screenshots to look at (SHOTS, tests/suites/browser.sh), and the
	 * checks that say what they should show. */
	const shots = process.env.SHOTS || null;
	if (shots) fs.mkdirSync(shots, { recursive: true });
	const shoot = async (file, w) => {
		if (!shots) return;
		const full = await page.evaluate(() => document.documentElement.scrollHeight);
		await page.screenshot({ path: path.join(shots, file), fullPage: true,
			clip: { x: 0, y: 0, width: w, height: Math.min(full, 2400) } });
	};
	await step("layout at 390 px", async (name) => {
		await page.setViewportSize({ width: 390, height: 844 });
		const wrapped = [], boxes = [];
		for (const p of ["stats/index.html", "stats/by-month.html", "stats/by-region.html", "stats/staff.html",
			"stats/complaints.html", "stats/cost.html", "reports/week-2026-W10.html", "reports/month-2026-03.html",
			`service/${ticket}.html`, "customers/C-0013.html", "validation.html", "audit.html"]) {
			await page.goto(url(p));
			const r = await page.evaluate(() => {
				/* A header cell whose text breaks across lines is narrower than its words. */
				const bad = [];
				for (const th of document.querySelectorAll("main th")) {
					if (!th.getClientRects().length || getComputedStyle(th).display !== "table-cell") continue;
					const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
					for (let t = walk.nextNode(); t; t = walk.nextNode()) {
						if (!t.textContent.trim()) continue;
						const range = document.createRange();
						range.selectNodeContents(t);
						const tops = new Set(Array.from(range.getClientRects()).map((q) => Math.round(q.top)));
						if (tops.size > 1) bad.push(`"${th.textContent.trim().slice(0, 24)}" on ${tops.size} lines`);
					}
				}
				const scrolling = Array.from(document.querySelectorAll("main .scroll"))
					.filter((b) => b.scrollWidth > b.clientWidth + 1);
				return {
					bad, scrolls: scrolling.length,
					cue: scrolling.every((b) => /gradient/.test(getComputedStyle(b).backgroundImage)),
					wide: document.documentElement.scrollWidth,
				};
			});
			if (r.bad.length || r.wide > 390 || !r.cue) wrapped.push(`${p}: ${r.bad.slice(0, 3).join(", ")} (page ${r.wide}px${r.cue ? "" : ", a scrolling box without its cue"})`);
			if (r.scrolls) boxes.push(`${p} ${r.scrolls}`);
		}
		ok(wrapped.length === 0, `${name}: no table header breaks across lines, no page wider than the screen, ` +
			`every scrolling table box has its edge shadows`, wrapped.join("\n"));
		ok(boxes.some((b) => b.startsWith("stats/index.html")) && boxes.some((b) => b.startsWith("reports/")),
			`${name}: wide tables scroll in their own box (${boxes.join(", ")})`);

		await page.goto(url("index.html"));
		const nav = await page.evaluate(() => {
			const links = Array.from(document.querySelectorAll("header.site nav a"));
			const box = document.querySelector("header.site nav").getBoundingClientRect();
			return { n: links.length, out: links.filter((a) => {
				const q = a.getBoundingClientRect();
				return !q.width || q.left < box.left - 1 || q.right > Math.min(box.right, innerWidth) + 1 ||
					q.top < box.top - 1 || q.bottom > box.bottom + 1;
			}).map((a) => a.textContent) };
		});
		ok(nav.n >= 14 && nav.out.length === 0, `${name}: all ${nav.n} navigation links in sight`, nav.out.join(", "));
		/* Each KPI card's periods and sparkline fit the card; the sparkline stays small, its labels in sight. */
		const cards = await page.evaluate(() => Array.from(document.querySelectorAll("li.kpi")).map((li) => {
			const box = li.getBoundingClientRect(), t = li.querySelector("table.kpi-periods"),
				svg = li.querySelector("svg.spark");
			const q = t ? t.getBoundingClientRect() : null, g = svg ? svg.getBoundingClientRect() : null;
			const labels = svg ? Array.from(svg.querySelectorAll("text")).map((x) => x.getBoundingClientRect()) : [];
			return { name: li.querySelector("h3").textContent, rows: t ? t.querySelectorAll("tbody tr").length : 0,
				fits: !!q && !!g && q.left >= box.left - 1 && q.right <= box.right + 1 && g.right <= box.right + 1,
				spark: g ? Math.round(g.width) : 0, labels: labels.length,
				seen: labels.every((r) => r.width > 0 && r.left >= box.left - 1 && r.right <= Math.min(box.right, 390) + 1) };
		}));
		const badCards = cards.filter((c) => c.rows !== 4 || !c.fits || c.spark < 120 || c.spark > 241 || c.labels < 2 || !c.seen);
		ok(cards.length >= 8 && badCards.length === 0 && (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
			`${name}: ${cards.length} KPI cards, each with its four periods and a sparkline (${cards.map((c) => c.spark).join(", ")} px) ` +
			"whose month and value labels are in sight, within the card", JSON.stringify(badCards));
		await shoot("phone-dashboard.png", 390);

		/* The audit trail: the field, its value before and after, all on screen. */
		await page.goto(url(`service/${ticket}.html`));
		const diff = await page.evaluate(() => Array.from(document.querySelectorAll("#audit table.diff"))
			.filter((t) => t.getClientRects().length)
			.flatMap((t) => Array.from(t.querySelectorAll("tbody tr")).map((tr) => {
				const q = tr.querySelector("td.new").getBoundingClientRect();
				return { w: q.width, right: q.right, text: tr.querySelector("td.new").textContent };
			})));
		ok(diff.length > 0 && diff.every((d) => d.w > 0 && d.right <= 390),
			`${name}: the audit trail's new values are on screen (${diff.map((d) => d.text).join(", ")})`);
		await page.locator("#audit").scrollIntoViewIfNeeded();
		if (shots) await page.locator("#audit").screenshot({ path: path.join(shots, "phone-trail.png") });
		await page.goto(url("stats/index.html"));
		await shoot("phone-stats.png", 390);
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(url("index.html"));
		await shoot("desktop-dashboard.png", 1280);
		await page.goto(url("stats/index.html"));
		await shoot("desktop-stats.png", 1280);
	});

	await step("feed autodiscovery", async (name) => {
		const feeds = [];
		for (const p of ["index.html", `service/${ticket}.html`, "stats/by-month.html"]) {
			await page.goto(url(p));
			const href = await page.$eval('head link[rel="alternate"][type="application/atom+xml"]', (l) => l.href).catch(() => null);
			feeds.push(href && fs.existsSync(new URL(href)) && /changes\.atom$/.test(href));
		}
		ok(feeds.every(Boolean), `${name}: every page names the site's Atom feed, which exists`);
		if (siteEvil) {
			/* tests/attachments-evil.sh's records are in no git repository. */
			await page.goto(url("index.html", siteEvil));
			ok(!await page.$('link[type="application/atom+xml"]') && !fs.existsSync(path.join(siteEvil, "changes.atom")),
				`${name}: a site without history (no feed) names none`);
		}
	});

	await step("dark colour scheme", async (name) => {
		await page.emulateMedia({ colorScheme: "dark" });
		await page.goto(url("index.html"));
		const lum = await page.evaluate(() => {
			const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
			const l = (c) => rgb(c).reduce((n, v) => n + v, 0) / 3;
			return { bg: l(getComputedStyle(document.documentElement).backgroundColor),
				ink: l(getComputedStyle(document.body).color) };
		});
		ok(lum.bg < 40 && lum.ink > 200, `${name}: dark ground, light text (${Math.round(lum.bg)} / ${Math.round(lum.ink)})`);
		await shoot("desktop-dashboard-dark.png", 1280);
		for (const [what, p] of [["dashboard", "index.html"], ["a ticket with its trail", `service/${ticket}.html`],
			["the figures", "stats/index.html"], ["an index", "service/index.html"], ["a report", "reports/week-2026-W10.html"]]) {
			await page.goto(url(p));
			await axe(page, `${name}: ${what} (${p})`);
		}
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(url("stats/index.html"));
		await axe(page, `${name}: the figures at 390 px`);
		await page.goto(url("index.html"));
		await axe(page, `${name}: the dashboard's cards at 390 px`);
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.emulateMedia({ colorScheme: "light" });
	});

	await step("print: the as-of and print dates", async (name) => {
		const today = new Date();
		const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
		const heads = [];
		for (const p of ["customers/C-0013.html", "reports/week-2026-W48.html", "reports/week-2026-W10.html"]) {
			await page.goto(url(p));
			await page.emulateMedia({ media: "print" });
			heads.push(await page.evaluate(() => {
				const h = document.querySelector(".print-head");
				return getComputedStyle(h).display !== "none" ? h.innerText : "";
			}));
			const navShown = await page.isVisible("header.site nav");
			ok(!navShown, `${name}: ${p} prints without the navigation`);
			await page.emulateMedia({ media: "screen" });
		}
		ok(heads.every((h) => h.includes(day)), `${name}: the print date on the page's head (${heads.join(" | ")})`);
		ok(heads[1].includes("2026-11-27") && !heads[0].includes("2026-11-27") && !heads[2].includes("2026-11-27"),
			`${name}: the report of the week still running says its as-of date when printed; an ended week's and a dossier do not`);
	});

	for (const [what, p] of [["dashboard", "index.html"], ["a ticket", `service/${ticket}.html`],
		["a customer dossier", "customers/C-0013.html"], ["an index", "service/index.html"],
		["the search page", "search.html"], ["the standards tree", "standards/tree.html"]]) {
		await step(`axe: ${what}`, async () => {
			await page.goto(url(p));
			if (p === "search.html") {
				await page.fill("#q", "SR-2026-00");
				await page.waitForSelector("#results li");
			}
			await axe(page, `${what} (${p})`);
		});
	}
	if (siteEn) {
		await step("axe: an English index", async () => {
			await page.goto(url("visits/index.html", siteEn));
			await axe(page, "an English index (en/visits/index.html)");
		});
	}

	ok(errors.length === 0, "no script errors", errors.slice(0, 5).join("\n"));
	ok(ctx.outside.length === 0, "no request leaves the site", ctx.outside.slice(0, 5).join("\n"));
	await ctx.cleanup();

	/* Attachments that would run script (tests/attachments-evil.sh): each
	 * link of the ticket's page followed as a reader would, from file:// and
	 * from a plain web server; every payload logs "PWNED ...", which must
	 * never be seen. The sample's SVG diagrams still show as images. */
	if (siteEvil) {
		const ev = await launch();
		const seen = [];
		ev.on("page", (p) => {
			p.on("console", (m) => seen.push(m.text()));
			p.on("pageerror", (e) => seen.push(String(e)));
			p.on("dialog", (d) => { seen.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
		});
		const servers = [await serve(siteEvil), await serve(site)];
		/* The two servers are the site; any other address is outside (lib.js). */
		await ev.route(/^http:/, (route) => {
			const u = route.request().url();
			if (servers.some((sv) => u.startsWith(sv.origin + "/"))) route.continue();
			else route.fallback();
		});
		const page2 = await ev.newPage();
		const bases = [["file://", (p, top) => url(p, top)],
			["a web server", (p, top) => `${servers[top === siteEvil ? 0 : 1].origin}/${p}`]];
		for (const [where, at] of bases) {
			await step(`attachments from ${where} run no script`, async (name) => {
				await page2.goto(at("service/SR-1.html", siteEvil));
				const links = await page2.$$eval('main a[href*="attachments/"]', (l) => l.map((a) => a.href));
				const shown = [];
				for (const href of [...new Set(links)]) {
					const before = seen.length;
					await page2.goto(href);
					const doc = await page2.evaluate(() => ({
						type: document.contentType,
						svg: document.documentElement.localName === "svg" && !document.querySelector("parsererror"),
					}));
					shown.push(`${href.replace(/^.*attachments\//, "")}: ${doc.type}${doc.svg ? " (drawn)" : ""}` +
						(seen.length > before ? ` ${seen.slice(before).join(" | ")}` : ""));
					if (/\.svg$/.test(href)) ok(doc.svg, `${name}: ${href.replace(/^.*attachments\//, "")} opens as a drawing`);
					else ok(doc.type === "text/plain", `${name}: ${href.replace(/^.*attachments\//, "")} opens as text (${doc.type})`);
				}
				const pwned = seen.filter((m) => /PWNED/.test(m));
				ok(links.length >= 9 && pwned.length === 0,
					`${name}: ${links.length} links followed, no payload ran`, pwned.concat(shown).join("\n"));
				await page2.goto(at("service/SR-1.html", siteEvil));
				await page2.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
				const w = await page2.$eval('img[src*="attachments/"]', (i) => i.naturalWidth);
				ok(w > 0 && seen.filter((m) => /PWNED/.test(m)).length === 0,
					`${name}: the cleaned SVG in the body shows as an image (${w}px wide)`);
			});
			await step(`the sample's SVG diagrams from ${where} show as images`, async (name) => {
				const widths = [];
				for (const id of ["SR-2026-0022", "SR-2026-0025", "SR-2026-0080", "SR-2026-0088"]) {
					await page2.goto(at(`service/${id}.html`, site));
					widths.push(...await page2.$$eval('ul.attachments a[href$=".svg"]', (l) =>
						Promise.all(l.map((a) => new Promise((done) => {
							const img = new Image();
							img.onload = () => done(img.naturalWidth);
							img.onerror = () => done(0);
							img.src = a.href;
						})))));
				}
				ok(widths.length === 4 && widths.every((w) => w === 320), `${name}: ${widths.join(", ")}px wide`);
			});
		}
		ok(ev.outside.length === 0, "the attachments load nothing from elsewhere", ev.outside.slice(0, 5).join("\n"));
		for (const sv of servers) await sv.close();
		await ev.cleanup();
	}

	/* Without JavaScript: the CSS alone sorts and filters. */
	const bare = await launch({ javaScriptEnabled: false });
	const p2 = await bare.newPage();
	await step("index without JavaScript", async (name) => {
		await p2.goto(url("service/index.html"));
		const all = await shownRows(p2);
		const reported = await cellTimes(p2, "reported");
		const status = await cellTexts(p2, "status");
		ok(await p2.isHidden(".text-filter") && (await p2.textContent("#shown")) === "",
			`${name}: what needs a script is hidden (the count comes from a CSS counter)`);
		await p2.selectOption("#sort", "reported-desc");
		let order = await shownRows(p2);
		ok(order.length === all.length && isSorted(order.map((id) => instant(reported[id])), (a, b) => b - a),
			`${name}: the sort menu sorts by date, newest first`);
		/* The page is in date order: the ids sort by their own ranks, either way. */
		await p2.selectOption("#sort", "id-asc");
		order = await shownRows(p2);
		ok(order.length === all.length && isSorted(order, (a, b) => a.localeCompare(b)), `${name}: by id, ascending`);
		await p2.selectOption("#sort", "id-desc");
		order = await shownRows(p2);
		ok(order.length === all.length && isSorted(order, (a, b) => b.localeCompare(a)), `${name}: by id, descending`);
		await p2.selectOption("#sort", "status-asc");
		order = await shownRows(p2);
		const rank = ["待处理", "已派工", "处理中", "待配件", "已解决", "已关闭", "已取消"];
		ok(isSorted(order.map((id) => rank.indexOf(status[id])), (a, b) => a - b),
			`${name}: statuses sort in their workflow order`);
		const open = await p2.$eval("#f-status", (s) => (Array.from(s.options).find((o) => /待处理/.test(o.text)) || {}).text);
		if (!ok(open, `${name}: the status filter offers the statuses present`)) return;
		await p2.selectOption("#f-status", { label: open });
		const shown = await shownRows(p2);
		const n = Number(/\((\d+)\)/.exec(open)[1]);
		ok(shown.length === n && shown.every((id) => status[id] === "待处理"),
			`${name}: the status filter shows the ${n} open tickets`);
		await p2.selectOption("#f-type", { index: 1 });
		ok((await shownRows(p2)).length <= n, `${name}: two filters combine`);
		await p2.click('button[type="reset"]');
		ok((await shownRows(p2)).join() === all.join(), `${name}: the reset button (a form reset) shows them all again`);
	});
	if (sitePaged) {
		await step("a page of a kind in slices without JavaScript", async (name) => {
			await p2.goto(url("customers/page-2.html", sitePaged));
			ok(await p2.isVisible(".page-note"), `${name}: the page says that sorting and filtering are its own`);
			await p2.selectOption("#sort", "name-asc");
			const ids = await shownRows(p2);
			const mine = paged.filter((r) => r.i > 500 && r.i <= 1000).sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => r.id);
			ok(JSON.stringify(ids) === JSON.stringify(mine), `${name}: the sort menu sorts the page's own rows (${ids[0]} first)`);
		});
	}
	await bare.cleanup();

	console.log(`# ${failures()} failed`);
	process.exit(failures() ? 1 : 0);
})().catch((e) => {
	console.log("not ok - the browser test ran to its end");
	console.log("    " + String(e && e.stack ? e.stack : e).split("\n").slice(0, 8).join("\n    "));
	process.exit(1);
});

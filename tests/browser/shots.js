/* node shots.js SITE OUTDIR: screenshots of a few pages, desktop and phone,
 * and a PDF of a customer dossier, to look at (not a test). */
"use strict";
const path = require("path");
const { launch, fileUrl } = require("./lib");

(async () => {
	const [site, out] = process.argv.slice(2);
	const ctx = await launch();
	const page = await ctx.newPage();
	const pages = process.argv[4] ? process.argv.slice(4) : ["index.html", "service/index.html",
		"customers/C-0001.html", "service/SR-2026-0001.html", "standards/tree.html", "search.html", "validation.html"];
	for (const [w, h, tag] of [[1280, 900, "desk"], [390, 844, "phone"]]) {
		await page.setViewportSize({ width: w, height: h });
		for (const p of pages) {
			await page.goto(fileUrl(path.join(site, p)));
			const full = await page.evaluate(() => document.documentElement.scrollHeight);
			await page.screenshot({ path: path.join(out, tag + "-" + p.replace(/\//g, "_") + ".png"), fullPage: true,
				clip: { x: 0, y: 0, width: w, height: Math.min(full, tag === "desk" ? 1300 : 2000) } });
		}
	}
	await page.goto(fileUrl(path.join(site, "customers/C-0001.html")));
	await page.pdf({ path: path.join(out, "dossier.pdf"), format: "A4" });
	await ctx.cleanup();
})();

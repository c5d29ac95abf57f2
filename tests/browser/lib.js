/* Shared by the browser tests: Debian's chromium through playwright-core,
 * headless, offline, with a fresh profile; TAP-like output. */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

async function launch(extra) {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), "svcgen-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
		],
		viewport: { width: 1280, height: 900 },
		locale: "zh-CN",
		...(extra || {}),
	});
	/* Nothing but the site's own files: a request elsewhere is an error. */
	const outside = [];
	await context.route(/^(?!file:)/, (route) => {
		outside.push(route.request().url());
		route.abort();
	});
	context.outside = outside;
	context.cleanup = async () => {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	};
	return context;
}

function fileUrl(p) {
	return pathToFileURL(path.resolve(p)).href;
}

let failures = 0;
function ok(cond, name, detail) {
	if (cond) {
		console.log("ok - " + name);
	} else {
		failures++;
		console.log("not ok - " + name);
		if (detail) for (const line of String(detail).split("\n")) console.log("    " + line);
	}
	return cond;
}

/* Runs fn(name); an exception is one failed test, not the end of the suite. */
async function step(name, fn) {
	try {
		await fn(name);
	} catch (e) {
		ok(false, name, (e && e.stack ? e.stack : String(e)).split("\n").slice(0, 6).join("\n"));
	}
}

module.exports = { launch, fileUrl, ok, step, failures: () => failures };

/* Shared by the browser tests: Debian's chromium through playwright-core,
 * headless, offline, with a fresh profile; TAP-like output. */
"use strict";
const fs = require("fs");
const http = require("http");
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

/* A static web server on 127.0.0.1 (a free port) for the folder root, the
 * Content-Type by extension as common servers send it, nothing else (no
 * nosniff, no CSP): how a site copied to a plain web server is served.
 * Resolves to { origin, close() }. */
const TYPES = {
	".html": "text/html; charset=utf-8", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
	".xml": "application/xml", ".svg": "image/svg+xml", ".css": "text/css", ".js": "text/javascript",
	".json": "application/json", ".atom": "application/atom+xml", ".txt": "text/plain; charset=utf-8",
	".csv": "text/csv", ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
};
function serve(root) {
	const top = path.resolve(root);
	const server = http.createServer((req, res) => {
		let rel;
		try {
			rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
		} catch (e) {
			rel = "/";
		}
		let file = path.join(top, path.normalize(rel));
		if (file !== top && !file.startsWith(top + path.sep)) file = top;
		if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
		fs.readFile(file, (err, data) => {
			if (err) {
				res.writeHead(404, { "Content-Type": "text/plain" });
				res.end("not found");
				return;
			}
			res.writeHead(200, { "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream" });
			res.end(data);
		});
	});
	return new Promise((resolve, reject) => {
		server.on("error", reject);
		server.listen(0, "127.0.0.1", () => resolve({
			origin: `http://127.0.0.1:${server.address().port}`,
			close: () => new Promise((done) => {
				server.close(done);
				server.closeAllConnections();
			}),
		}));
	});
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

module.exports = { launch, fileUrl, serve, ok, step, failures: () => failures };

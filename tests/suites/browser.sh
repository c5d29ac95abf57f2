#!/bin/sh
# The site in a real browser: Debian's chromium, headless, driven by
# tests/browser/site.test.js (npm playwright-core, axe-core) over the sample
# site opened from file://, over the site of tests/attachments-evil.sh
# (attachments that would run script) opened from file:// and from a web
# server on 127.0.0.1, and over index pages in slices (tests/paging-records.sh)
# from file://. Installs chromium when it is missing and it can.
set -u
tests=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$tests/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nok() { echo "not ok - $1"; }
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
	sh "$tests/install-deps.sh" build chromium >"$tmp/log" 2>&1 || true
fi
if [ ! -x "$chromium" ]; then
	nok "chromium for the browser tests ($chromium; Debian package chromium, as root: apt-get install chromium)"
	sed 's/^/    /' "$tmp/log" 2>/dev/null | tail -3
	exit 0
fi
if ! command -v node >/dev/null 2>&1; then
	nok "node for the browser tests (Debian packages nodejs npm)"
	exit 0
fi
if [ ! -d "$tests/node_modules/playwright-core" ] || [ ! -d "$tests/node_modules/axe-core" ]; then
	(cd "$tests" && npm install --no-audit --no-fund --loglevel=error >"$tmp/log" 2>&1)
	if [ ! -d "$tests/node_modules/playwright-core" ] || [ ! -d "$tests/node_modules/axe-core" ]; then
		nok "npm playwright-core and axe-core in tests/node_modules (cd tests && npm install)"
		sed 's/^/    /' "$tmp/log" | tail -3
		exit 0
	fi
fi

cd "$top" || exit 1
sh "$tests/attachments-evil.sh" "$tmp/evil-records"
# Index pages in slices: 1,234 customers, three slices (tests/paging-records.sh).
sh "$tests/paging-records.sh" "$tmp/paged-records" 1234
# The sample as `make site` builds it: with its year of history.
sh "$tests/sample-history.sh" "$tmp/sample"
if ! "$SVCGEN" build "$tmp/sample/records" -o "$tmp/site" --as-of 2026-11-27 >/dev/null 2>"$tmp/err" ||
	! "$SVCGEN" build records -o "$tmp/en" --lang en --as-of 2026-11-27 >/dev/null 2>>"$tmp/err" ||
	! "$SVCGEN" build "$tmp/evil-records" -o "$tmp/evil" --as-of 2026-11-27 >/dev/null 2>>"$tmp/err" ||
	! "$SVCGEN" build "$tmp/paged-records" -o "$tmp/paged" --as-of 2026-11-27 >/dev/null 2>>"$tmp/err"; then
	nok "build of the sample site, of tests/attachments-evil.sh and of tests/paging-records.sh for the browser"
	sed 's/^/    /' "$tmp/err" | head -5
	exit 0
fi
# A browser that hangs must not hang the suite.
# Screenshots at 390 and 1280 px: in $tmp/shots, or SVCGEN_SHOTS to keep them.
CHROMIUM=$chromium SHOTS=${SVCGEN_SHOTS:-$tmp/shots} timeout 400 node "$tests/browser/site.test.js" "$tmp/site" "$tmp/en" "$tmp/evil" "$tmp/paged" 2>"$tmp/node-err"
status=$?
if [ $status -ne 0 ] && [ $status -ne 1 ]; then
	nok "the browser test ended (status $status)"
	sed 's/^/    /' "$tmp/node-err" | tail -5
fi
exit 0

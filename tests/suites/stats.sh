#!/bin/sh
# Statistics: `svcgen stats --format json` on hand-built fixtures.
#
# Each case is a folder tests/stats/<case>/ with
#   records/           a records folder (with its svcgen.yaml)
#   expected*.json     one run each: the figures expected, in the JSON shape of
#                      docs/metrics.md, with // comments giving the hand
#                      computation. Its "as_of" (required) and "period"
#                      (optional; "all" means no --period option) say how to
#                      run svcgen, and are compared like the other figures.
#   csv-rows           optional: "DIM ROW" lines, each a row that
#                      `svcgen stats --by DIM --format csv` must print
#                      (DIM all: without --by).
#   check-errors       optional: the validation errors the records carry on
#                      purpose, one "path [rule-id]" a line (path relative to
#                      records/); without it `svcgen check` must exit 0.
# Every leaf of an expected file is one TAP line: numbers compare after
# rounding both sides to three decimals (half away from zero), null must be
# null, the string "(absent)" means the key must not be there, arrays and
# other values compare exactly.
set -u
SVCGEN=${SVCGEN:-./svcgen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/compare.js" <<'EOS'
// compare.js LABEL EXPECTED ACTUAL STATUS STDERR: one TAP line per figure.
// compare.js --args EXPECTED: prints its as_of and period ("-" and "all" if absent).
const fs = require("fs");
const [label, expFile, actFile, status, errFile] = process.argv.slice(2);

// expected files are JSON with // comments: drop them, outside strings.
function stripComments(text) {
	let out = "", inStr = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inStr) {
			out += c;
			if (c === "\\") out += text[++i];
			else if (c === '"') inStr = false;
		} else if (c === '"') {
			inStr = true;
			out += c;
		} else if (c === "/" && text[i + 1] === "/") {
			while (i < text.length && text[i] !== "\n") i++;
			out += "\n";
		} else out += c;
	}
	return out;
}

function leaves(v, path, acc) {
	if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) {
		for (const k of Object.keys(v)) leaves(v[k], path.concat(k), acc);
	} else acc.push([path, v]);
	return acc;
}

// Half away from zero, three decimals; toPrecision absorbs binary noise
// such as 12.5875 * 1000 = 12587.499999999998.
function round3(x) {
	const m = Number((Math.abs(x) * 1000).toPrecision(12));
	return Math.sign(x) * Math.round(m) / 1000;
}

const show = (v) => (v === undefined ? "(absent)" : JSON.stringify(v));

let expected;
try {
	expected = JSON.parse(stripComments(fs.readFileSync(expFile, "utf8")));
} catch (e) {
	console.log(label === "--args" ? "- all" : `not ok - stats ${label}: ${expFile} does not parse: ${e.message}`);
	process.exit(0);
}
if (label === "--args") {
	console.log(`${expected.as_of || "-"} ${expected.period || "all"}`);
	process.exit(0);
}
let actual, why = null;
const text = fs.readFileSync(actFile, "utf8");
try {
	actual = JSON.parse(text);
} catch (e) {
	const err = fs.readFileSync(errFile, "utf8").split("\n")[0];
	why = `svcgen stats exited ${status}, output is not JSON` + (err ? `: ${err}` : "");
}
if (!why && status !== "0") why = `svcgen stats exited ${status}`;

for (const [path, want] of leaves(expected, [], [])) {
	const name = `stats ${label}: ${path.join(".")} = ${show(want)}`;
	if (why) {
		console.log(`not ok - ${name} (${why})`);
		continue;
	}
	let got = actual;
	for (const k of path) got = got !== null && typeof got === "object" && !Array.isArray(got) && k in got ? got[k] : undefined;
	let good;
	if (want === "(absent)") good = got === undefined;
	else if (typeof want === "number") good = typeof got === "number" && round3(got) === round3(want);
	else if (want !== null && typeof want === "object") good = JSON.stringify(got) === JSON.stringify(want);
	else good = got === want;
	console.log(good ? `ok - ${name}` : `not ok - ${name}: got ${show(got)}`);
}
EOS

if ! command -v node >/dev/null 2>&1; then
	echo "not ok - stats: node is needed to compare the JSON"
	exit 0
fi

for dir in tests/stats/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	[ -d "$dir/records" ] || continue

	for exp in "$dir"/expected*.json; do
		[ -f "$exp" ] || continue
		# A label per run: the case, and the period when it is not "all".
		set -- $(node "$tmp/compare.js" --args "$exp")
		as_of=$1 period=$2
		label=$case
		[ "$period" = all ] || label="$case --period $period"
		if [ "$as_of" = - ]; then
			echo "not ok - stats $label: $exp does not parse or has no \"as_of\""
			continue
		fi
		if [ "$period" = all ]; then
			"$SVCGEN" stats "$dir/records" --as-of "$as_of" --format json >"$tmp/out" 2>"$tmp/err"
		else
			"$SVCGEN" stats "$dir/records" --as-of "$as_of" --period "$period" --format json >"$tmp/out" 2>"$tmp/err"
		fi
		node "$tmp/compare.js" "$label" "$exp" "$tmp/out" "$?" "$tmp/err"
	done

	# csv-rows (optional): "DIM ROW", a row `svcgen stats --by DIM --format csv` prints.
	if [ -f "$dir/csv-rows" ]; then
		set -- $(node "$tmp/compare.js" --args "$dir/expected.json")
		grep -v '^#' "$dir/csv-rows" | while read -r dim row; do
			if [ "$dim" = all ]; then
				"$SVCGEN" stats "$dir/records" --as-of "$1" --format csv
			else
				"$SVCGEN" stats "$dir/records" --as-of "$1" --by "$dim" --format csv
			fi 2>/dev/null | tr -d '\r' >"$tmp/csv"
			if grep -qxF -- "$row" "$tmp/csv"; then
				echo "ok - stats $case: --by $dim --format csv has $row"
			else
				echo "not ok - stats $case: --by $dim --format csv has $row"
			fi
		done
	fi

	# The fixture itself: clean, or exactly the errors it carries on purpose.
	set -- $(node "$tmp/compare.js" --args "$dir/expected.json")
	as_of=$1
	[ "$as_of" != - ] || as_of=2026-01-01
	"$SVCGEN" check "$dir/records" --as-of "$as_of" >"$tmp/check" 2>/dev/null
	status=$?
	sed -n 's|^'"$dir"'/records/\([^:]*\):[0-9]*:[0-9]*: error: .*\(\[[a-z-]*\]\)$|\1 \2|p' "$tmp/check" | sort >"$tmp/got-errors"
	if [ -f "$dir/check-errors" ]; then
		grep -v '^#' "$dir/check-errors" | sort >"$tmp/want-errors"
	else
		: >"$tmp/want-errors"
	fi
	want_status=0
	[ -s "$tmp/want-errors" ] && want_status=1
	if [ "$status" != "$want_status" ]; then
		echo "not ok - stats $case: svcgen check exited $status, want $want_status"
	elif cmp -s "$tmp/got-errors" "$tmp/want-errors"; then
		echo "ok - stats $case: the fixture checks with $(wc -l <"$tmp/want-errors" | tr -d ' ') deliberate errors"
	else
		echo "not ok - stats $case: svcgen check errors differ from check-errors:"
		diff "$tmp/want-errors" "$tmp/got-errors" | sed 's/^/    /' | head -10
	fi
done

# The table for people: columns aligned by display width (a Chinese
# character takes two columns), words in the chosen language.
cat >"$tmp/align.js" <<'EOJ'
"use strict";
const fs = require("fs");
const [label, file] = process.argv.slice(2);
const wide = (c) => /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c);
const width = (s) => Array.from(s).reduce((n, c) => n + (wide(c) ? 2 : 1), 0);
const blocks = fs.readFileSync(file, "utf8").replace(/\n$/, "").split("\n\n");
const bad = [];
for (const b of blocks) {
	/* Where each cell starts and ends, in columns: the same on every line. */
	const cols = b.split("\n").map((line) => {
		const out = [];
		let at = 0;
		for (const m of line.matchAll(/ *(\S+)/g)) {
			const lead = m[0].length - m[1].length;
			out.push([at + lead, at + lead + width(m[1])]);
			at += lead + width(m[1]);
		}
		return out;
	});
	const head = cols[0];
	cols.forEach((c, i) => {
		/* key and metric start together; value, num, den, target end together */
		const same = c[0][0] === head[0][0] && c[1][0] === head[1][0] &&
			[2, 3, 4, 5].every((k) => c[k] && c[k][1] === head[k][1]);
		if (!same) bad.push(b.split("\n")[i]);
	});
}
console.log(bad.length ? `not ok - ${label}\n    ${bad.slice(0, 3).join("\n    ")}` : `ok - ${label}`);
EOJ
"$SVCGEN" stats tests/stats/breakdowns/records --as-of 2027-01-10 --by region >"$tmp/table" 2>"$tmp/err"
if grep -q '^华东 ' "$tmp/table" && grep -q '保修期内客户回访率' "$tmp/table" && grep -q '^区域 ' "$tmp/table"; then
	echo "ok - stats --format table: Chinese words (the config's language), regions as written"
else
	echo "not ok - stats --format table: Chinese words (the config's language), regions as written"
	sed 's/^/    /' "$tmp/table" "$tmp/err" | head -5
fi
node "$tmp/align.js" "stats --format table: columns line up by display width (华东, 华南)" "$tmp/table"
"$SVCGEN" stats tests/stats/breakdowns/records --as-of 2027-01-10 --by region --lang en >"$tmp/table-en" 2>"$tmp/err"
if grep -q '^Region ' "$tmp/table-en" && grep -q 'Satisfaction rate' "$tmp/table-en" && ! grep -q '满意' "$tmp/table-en"; then
	echo "ok - stats --lang en: the table's words in English"
else
	echo "not ok - stats --lang en: the table's words in English"
	sed 's/^/    /' "$tmp/table-en" "$tmp/err" | head -5
fi
"$SVCGEN" stats tests/stats/breakdowns/records --as-of 2027-01-10 --lang fr >/dev/null 2>&1
[ $? = 2 ] && echo "ok - stats --lang fr: a usage error" || echo "not ok - stats --lang fr: a usage error"

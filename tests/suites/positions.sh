#!/bin/sh
# Positions: for every diagnostic svcgen prints on every golden case
# (tests/golden/<case>/records), checks that file:line:col really points at
# the offending node. The text found at line:col (columns in code points, a
# UTF-8 BOM is no column, CRLF is one line break) must start with the key or
# value the message quotes; rules that point at a field's value must find
# that field's key just before the column; whole-file rules must say 1:1;
# `encoding` must point at the first invalid byte and name it; `kind-folder`
# at the first record file of the folder in byte order; `id-dup` must name an
# earlier file with the same id; `pii-in-body` must point at a number that
# its masked text matches, and never print the number itself. The
# diagnostics must also come sorted by path (byte order), line, column.
# One "ok - positions <case>" line per case. Needs node (a test dependency).
set -u
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/check.js" <<'EOF'
'use strict';
const fs = require('fs');
const path = require('path');
const [caseDir, outFile] = process.argv.slice(2);
const out = fs.readFileSync(outFile, 'utf8').split('\n');
const diagRe = /^(.*?):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$/;
const problems = [];
let count = 0;
const cache = new Map();

function bad(d, why) {
	problems.push(`${d.raw}\n      -> ${why}`);
}

// The file's lines as arrays of code points (BOM dropped, CR dropped).
function fileLines(file) {
	if (cache.has(file)) return cache.get(file);
	let buf = fs.readFileSync(file);
	if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
	const text = buf.toString('utf8');
	const lines = text.split('\n').map((l) => Array.from(l.endsWith('\r') ? l.slice(0, -1) : l));
	cache.set(file, lines);
	return lines;
}

// First invalid UTF-8 sequence of a buffer: {offset, line, col} or null.
function firstBadUtf8(buf) {
	let i = 0, line = 1, lineStart = 0;
	if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = lineStart = 3;
	const pos = (off) => {
		const cps = Array.from(buf.subarray(lineStart, off).toString('utf8')).length;
		return { offset: off, line, col: cps + 1 };
	};
	while (i < buf.length) {
		const c = buf[i];
		if (c < 0x80) {
			if (c === 0x0a) { line++; lineStart = i + 1; }
			i++;
			continue;
		}
		let len, min;
		if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
		else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
		else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
		else return pos(i);
		if (i + len > buf.length) return pos(i);
		let cp = c & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
		for (let k = 1; k < len; k++) {
			if ((buf[i + k] & 0xc0) !== 0x80) return pos(i);
			cp = (cp << 6) | (buf[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return pos(i);
		i += len;
	}
	return null;
}

// A YAML double- or single-quoted scalar at the start of s, unescaped.
function unquote(s) {
	if (s[0] === "'") {
		let r = '';
		for (let i = 1; i < s.length; i++) {
			if (s[i] === "'" && s[i + 1] === "'") { r += "'"; i++; } else if (s[i] === "'") break; else r += s[i];
		}
		return r;
	}
	if (s[0] !== '"') return null;
	let r = '';
	for (let i = 1; i < s.length; i++) {
		const ch = s[i];
		if (ch === '"') break;
		if (ch !== '\\') { r += ch; continue; }
		const e = s[++i];
		const map = { '0': '\0', t: '\t', n: '\n', r: '\r', '\\': '\\', '"': '"', '/': '/', ' ': ' ', e: '\x1b', a: '\x07', b: '\b' };
		if (e in map) r += map[e];
		else if (e === 'x' || e === 'u' || e === 'U') {
			const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
			r += String.fromCodePoint(parseInt(s.substr(i + 1, n), 16));
			i += n;
		} else r += e;
	}
	return r;
}

// Does the text at the position start with the token (plain or quoted)?
function startsTok(text, tok) {
	let t = tok;
	if (t.endsWith('…')) t = t.slice(0, -1);
	if (text.startsWith(t)) return true;
	const u = unquote(text);
	if (u !== null && u.startsWith(t)) return true;
	// Truncated tokens may stop at a NUL or newline in the value.
	return false;
}

// Is the key `key` written just before the column (block or flow style)?
function keyBefore(prefix, key) {
	const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[\\s{,])("${k}"|'${k}'|${k})\\s*:\\s*$`).test(prefix);
}

function quoted(msg, re) {
	const m = re.exec(msg);
	return m ? m[1] : null;
}

// Record files of a folder, at any depth, as paths relative to dir.
function recordFiles(dir, rel) {
	let r = [];
	for (const name of fs.readdirSync(path.join(dir, rel))) {
		if (name.startsWith('.')) continue;
		const p = rel ? `${rel}/${name}` : name;
		const st = fs.lstatSync(path.join(dir, p));
		if (st.isDirectory()) r = r.concat(recordFiles(dir, p));
		else if (/\.(ya?ml|md)$/.test(name)) r.push(p);
	}
	return r;
}

function byteCmp(a, b) {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

let prev = null;
for (const raw of out) {
	if (!raw || raw.startsWith('exit: ')) continue;
	const m = diagRe.exec(raw);
	if (!m) { problems.push(`${raw}\n      -> not a diagnostic line`); continue; }
	count++;
	const d = { raw, path: m[1], line: +m[2], col: +m[3], sev: m[4], msg: m[5], rule: m[6] };
	if (prev) {
		const c = byteCmp(prev.path, d.path) || prev.line - d.line || prev.col - d.col;
		if (c > 0) bad(d, `not sorted: comes after ${prev.path}:${prev.line}:${prev.col}`);
	}
	prev = d;
	const file = path.join(caseDir, d.path);
	let st;
	try { st = fs.lstatSync(file); } catch (e) { bad(d, 'no such file'); continue; }
	const at11 = d.line === 1 && d.col === 1;
	if (st.isSymbolicLink() || st.isDirectory()) {
		if (d.rule !== 'symlink') bad(d, 'a link or folder can only have a symlink diagnostic');
		if (!at11) bad(d, 'expected 1:1');
		continue;
	}
	if (['symlink', 'too-large', 'front-matter'].includes(d.rule)) {
		if (!at11) bad(d, 'expected 1:1');
		if (d.rule === 'symlink') bad(d, 'not a symbolic link');
		continue;
	}
	if (d.rule === 'kind-folder') {
		if (!at11) bad(d, 'expected 1:1');
		const folder = quoted(d.msg, /folder '([^']*)'/);
		const rel = path.relative(caseDir, file).split(path.sep).join('/');
		const parts = rel.split('/');
		if (parts[1] !== folder) { bad(d, `file is not in folder ${folder}`); continue; }
		const root = path.join(caseDir, parts[0]);
		const files = recordFiles(root, folder).sort(byteCmp);
		if (files[0] !== parts.slice(1).join('/')) bad(d, `the first record file of ${folder} in byte order is ${files[0]}`);
		continue;
	}
	if (d.rule === 'encoding') {
		const buf = fs.readFileSync(file);
		if (/UTF-16|UTF-32/.test(d.msg)) {
			if (!at11) bad(d, 'expected 1:1');
			continue;
		}
		const b = firstBadUtf8(buf);
		if (!b) { bad(d, 'the file is valid UTF-8'); continue; }
		if (b.line !== d.line || b.col !== d.col) bad(d, `first bad byte is at ${b.line}:${b.col}`);
		const hex = quoted(d.msg, /0x([0-9A-Fa-f]{2})/);
		if (hex && parseInt(hex, 16) !== buf[b.offset]) bad(d, `first bad byte is 0x${buf[b.offset].toString(16)}`);
		continue;
	}
	const lines = fileLines(file);
	const isMd = file.endsWith('.md');
	if (d.line < 1 || d.line > lines.length || d.col < 1 || d.col > lines[d.line - 1].length + 1) {
		bad(d, `position outside the file (${lines.length} lines)`);
		continue;
	}
	const cps = lines[d.line - 1];
	// a value may start with its tag or anchor; the node starts there
	const text0 = cps.slice(d.col - 1).join('');
	const text = d.rule === 'yaml-alias' ? text0 : text0.replace(/^([!&]\S*\s+)+/, '');
	const prefix = cps.slice(0, d.col - 1).join('');
	const expectTok = (re, what) => {
		const tok = quoted(d.msg, re);
		if (tok === null) { bad(d, `message does not quote the ${what}`); return null; }
		if (!startsTok(text, tok)) bad(d, `text at the column is ${JSON.stringify(text.slice(0, 30))}, not the ${what} ${JSON.stringify(tok)}`);
		return tok;
	};
	const expectKey = (key) => {
		if (!keyBefore(prefix, key)) bad(d, `no key "${key}:" just before the column (${JSON.stringify(prefix.slice(-30))})`);
	};
	const fieldOf = () => quoted(d.msg, /^([A-Za-z_][A-Za-z0-9_-]*): /);
	switch (d.rule) {
	case 'yaml-syntax':
		if (/tab/.test(d.msg) && !/\t/.test(prefix + (text[0] || ''))) bad(d, 'no tab at or before the column');
		if (/second YAML document/.test(d.msg) && !text.startsWith('---')) bad(d, 'not at a "---" line');
		break;
	case 'yaml-alias': {
		const a = quoted(d.msg, /^anchor '([^']*)'/), al = quoted(d.msg, /^alias '([^']*)'/);
		const tag = quoted(d.msg, /^tag '([^']*)'/);
		if (a !== null && !text.startsWith('&' + a.replace(/^&/, ''))) bad(d, `not at anchor &${a}`);
		if (al !== null && !text.startsWith('*' + al.replace(/^\*/, ''))) bad(d, `not at alias *${al}`);
		if (/merge key/.test(d.msg) && !text.startsWith('<<')) bad(d, 'not at <<');
		if (tag !== null) {
			const short = tag.replace(/^tag:yaml\.org,2002:/, '!!');
			if (!text.startsWith(short)) bad(d, `not at tag ${short}`);
		}
		break;
	}
	case 'dup-key': {
		const key = expectTok(/key '([^']*)'/, 'key');
		const first = +quoted(d.msg, /line (\d+)/);
		if (key !== null && first) {
			const l = (lines[first - 1] || []).join('');
			if (first > d.line || !new RegExp(`(^|[\\s{,-])("|')?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}("|')?\\s*:`).test(l))
				bad(d, `line ${first} does not hold an earlier key "${key}"`);
		}
		break;
	}
	case 'too-deep':
		if (!/^([[{]|- |-$|[^\s#:][^:]*:)/.test(text)) bad(d, `not at a collection or key: ${JSON.stringify(text.slice(0, 20))}`);
		break;
	case 'unknown-field':
		expectTok(/(?:field|rule|metric) '([^']*)'/, 'key');
		if (!/^("[^"]*"|'[^']*'|[^\s:{}\[\],][^:]*?)\s*:/.test(text)) bad(d, 'not at a key');
		break;
	case 'missing-field':
		if (!(text.startsWith('{') || /^("[^"]*"|'[^']*'|[^\s:{}\[\],#-][^:]*?)\s*:/.test(text))) bad(d, 'not at the first key of a mapping');
		else if (!text.startsWith('{') && !/^(\s*-\s+)*\s*$|{\s*$/.test(prefix)) bad(d, 'not the first key of its mapping');
		break;
	case 'type': {
		if (/expected a mapping of (fields|settings)|record is empty/.test(d.msg)) {
			if (!(at11 || (isMd && d.line === 2 && d.col === 1))) bad(d, 'expected 1:1 (or 2:1, the start of a front matter)');
			break;
		}
		const field = fieldOf();
		if (field === null) { bad(d, 'message does not name the field'); break; }
		if (/found a value that is not valid/.test(d.msg)) {
			// a PII field: the value must not be in the message
			const v = (unquote(text) ?? text.split(/[,}\]#]/)[0]).trim();
			if (v.length >= 3 && d.msg.includes(v)) bad(d, `personal data ${JSON.stringify(v)} echoed in the message`);
			break;
		}
		const tok = quoted(d.msg, /found '(.*)'$/);
		if (tok !== null) {
			if (tok === '') { if (!/^(""|'')/.test(text)) bad(d, 'not at an empty string'); }
			else if (!startsTok(text, tok)) bad(d, `text at the column is ${JSON.stringify(text.slice(0, 30))}, not ${JSON.stringify(tok)}`);
		} else if (/found a mapping/.test(d.msg)) {
			if (!/^({|[^\s:]+:)/.test(text)) bad(d, 'not at a mapping');
		} else if (/found a list/.test(d.msg)) {
			if (!/^(\[|- |-$)/.test(text)) bad(d, 'not at a list');
		}
		// the value of a field in flow or block style: the key is before it, or a list item is
		if (!/found an empty list item/.test(d.msg) && !keyBefore(prefix, field) && !/(^\s*-\s*|[[,]\s*)$/.test(prefix) &&
		    !(/found a (mapping|list)/.test(d.msg) && /^\s*$/.test(prefix)))
			bad(d, `neither the key "${field}:" nor a list item just before the column`);
		break;
	}
	case 'enum': {
		const tok = expectTok(/: '([^']*)' is not/, 'value');
		const field = fieldOf();
		if (tok !== null && field && !keyBefore(prefix, field) && !/(^\s*-\s*|[[,]\s*)$/.test(prefix)) bad(d, `no key "${field}:" or list item before the column`);
		break;
	}
	case 'id-format':
	case 'id-filename':
	case 'id-dup':
		expectTok(/^id '(.*?)' (?:is|differs|has)/, 'id');
		expectKey('id');
		if (d.rule === 'id-dup') {
			const first = quoted(d.msg, /already used by (\S+)/);
			if (!first || !fs.existsSync(path.join(caseDir, first))) bad(d, 'does not name an existing first file');
			else if (byteCmp(first, d.path) >= 0) bad(d, `${first} does not sort before this file`);
			else {
				const id = quoted(d.msg, /^id '(.*?)'/);
				const t = fs.readFileSync(path.join(caseDir, first), 'utf8');
				const fm = /^\s*id:\s*["']?([^"'\r\n]*)/m.exec(t);
				if (!fm || fm[1].toLowerCase() !== id.toLowerCase()) bad(d, `${first} does not have id ${id} (ignoring case)`);
			}
		}
		break;
	case 'ref-missing':
		expectTok(/has id '(.*?)'/, 'reference');
		break;
	case 'ref-kind':
		expectTok(/: '(.*?)' is a record of/, 'reference');
		break;
	case 'ref-customer':
		expectTok(/(?:unit|ticket|complaint|customer) '(.*?)'/, 'reference');
		break;
	case 'attachment-missing':
		expectTok(/attachment '(.*?)' (?:must|does|is|cannot)/, 'attachment');
		break;
	case 'attachment-active':
		expectTok(/attachment '(.*?)' (?:holds|is|cannot)/, 'attachment');
		break;
	case 'date-order': {
		const m2 = /^(\w+) \((.*?)\) is before (\w+)/.exec(d.msg);
		if (m2) {
			expectKey(m2[1]);
			if (!startsTok(text, m2[2])) bad(d, `text at the column is not ${m2[2]}`);
		} else expectKey('date');
		break;
	}
	case 'status-fields': {
		const m2 = /^(status|type|kind) '(.*?)' requires/.exec(d.msg);
		if (m2) {
			expectKey(m2[1]);
			if (!startsTok(text, m2[2])) bad(d, `text at the column is not ${m2[2]}`);
		} else if (/reached: false/.test(d.msg)) {
			expectKey('reached');
			if (!startsTok(text, 'false')) bad(d, 'not at false');
		} else bad(d, 'unknown status-fields message');
		break;
	}
	case 'standard-not-effective':
		expectTok(/standard '(.*?)'/, 'standard');
		break;
	case 'supersede-cycle': {
		// at this standard's own `supersedes` value
		expectKey('supersedes');
		const me = quoted(d.msg, /standard '(.*?)'/);
		const idl = lines.find((l) => /^id:/.test(l.join('')));
		if (!me || !idl || idl.join('').replace(/^id:\s*/, '').trim() !== me) bad(d, `the message does not name this file's standard`);
		if (!/^\S/.test(text)) bad(d, 'not at a value');
		break;
	}
	case 'complaint-loop':
		expectTok(/visit '(.*?)'/, 'visit');
		expectKey('confirmation');
		break;
	case 'shipment-issue':
		if (/correct: false needs/.test(d.msg)) {
			expectKey('correct');
			if (!startsTok(text, 'false')) bad(d, 'not at false');
		} else {
			expectTok(/issue '(.*?)'/, 'issue');
			expectKey('issue');
		}
		break;
	case 'follow-up-overdue':
		expectKey('closed');
		if (!/^["']?\d{4}-\d\d-\d\d/.test(text)) bad(d, 'not at a date');
		break;
	case 'complaint-stale':
		expectKey('status');
		expectTok(/complaint still (\w+)/, 'status');
		break;
	case 'pii-in-body': {
		const masked = quoted(d.msg, /\(([0-9Xx*-]+)\)/);
		if (!masked) { bad(d, 'message does not show the masked number'); break; }
		const seen = Array.from(text).slice(0, masked.length);
		const ok = seen.length === masked.length && Array.from(masked).every((ch, i) => ch === '*' || ch === seen[i]);
		if (!ok) bad(d, `text at the column ${JSON.stringify(text.slice(0, 20))} does not match ${masked}`);
		if (!/\*{3,}/.test(masked)) bad(d, 'the number is not masked');
		const digits = seen.join('');
		if (digits.length > 6 && d.msg.includes(digits)) bad(d, 'the whole number is in the message');
		break;
	}
	default:
		bad(d, `no position check for rule ${d.rule}`);
	}
}
console.log(`${count} ${problems.length}`);
for (const p of problems) console.log('    ' + p);
EOF

status=0
for dir in tests/golden/*/; do
	name=$(basename "$dir")
	args="--as-of 2026-11-27"
	[ -f "$dir/args" ] && args="$args $(cat "$dir/args")"
	# shellcheck disable=SC2086
	(cd "$dir" && "$SVCGEN" check records $args >"$tmp/out" 2>/dev/null)
	node "$tmp/check.js" "$top/$dir" "$tmp/out" >"$tmp/res" 2>&1
	read -r n_diags n_bad <"$tmp/res" || n_bad=x
	if [ "${n_bad:-x}" = 0 ]; then
		echo "ok - positions $name ($n_diags diagnostics)"
	else
		echo "not ok - positions $name"
		tail -n +2 "$tmp/res" | head -40
		status=1
	fi
done
exit $status

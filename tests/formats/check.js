#!/usr/bin/env node
// check.js - the JSON side of tests/suites/formats.sh: reads svcgen's json
// and sarif output and the SARIF Multitool's verdict on it. Each command
// prints what is wrong, one line each, and exits 1; or prints nothing, exit 0.
//
//   node check.js json FILE ERRORS WARNINGS FILES  counts of --format json
//   node check.js multitool                        path of the Multitool binary
//   node check.js sarif-log LOG [ALLOWED-RULE...]  the Multitool's findings
//   node check.js sarif-schema FILE                the SARIF 2.1.0 JSON schema
//   node check.js sarif-match SARIF JSON RULES.DEF the same diagnostics as json
'use strict';
const fs = require('fs');
const path = require('path');

const problems = [];
const want = (cond, what) => {
	if (!cond)
		problems.push(what);
};
const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const [cmd, ...args] = process.argv.slice(2);

// The schema the Multitool ships: the OASIS SARIF 2.1.0 schema (draft 2020-12).
const schemaFile = () => {
	const bin = require('@microsoft/sarif-multitool');
	return path.join(path.dirname(bin), 'sarif-2.1.0.json');
};

switch (cmd) {
case 'json': {
	const [file, errors, warnings, files] = args;
	const j = readJSON(file);
	const sev = (s) => j.diagnostics.filter((d) => d.severity === s).length;
	want(Array.isArray(j.diagnostics), 'diagnostics is not an array');
	want(j.errors === Number(errors), `errors ${j.errors}, want ${errors}`);
	want(j.warnings === Number(warnings), `warnings ${j.warnings}, want ${warnings}`);
	want(j.files === Number(files), `files ${j.files}, want ${files}`);
	want(sev('error') === j.errors, `${sev('error')} error diagnostics, errors says ${j.errors}`);
	want(sev('warning') === j.warnings,
	     `${sev('warning')} warning diagnostics, warnings says ${j.warnings}`);
	for (const d of j.diagnostics)
		want(typeof d.path === 'string' && d.line >= 1 && d.column >= 1 &&
			     typeof d.rule === 'string' && typeof d.message === 'string',
		     `malformed diagnostic ${JSON.stringify(d)}`);
	break;
}
case 'multitool':
	console.log(require('@microsoft/sarif-multitool'));
	break;
case 'sarif-log': {
	// The Multitool exits 0 whatever it finds, and says nothing at all about
	// a file it could not deserialize: read its log, and insist on findings
	// (with notes on, SARIF2003 always has one) so that silence fails.
	const [file, ...allowed] = args;
	const log = readJSON(file);
	const run = log.runs && log.runs[0];
	const results = (run && run.results) || [];
	const inv = (run && run.invocations && run.invocations[0]) || {};
	want(inv.executionSuccessful === true, 'the Multitool did not run successfully');
	for (const n of inv.toolExecutionNotifications || [])
		problems.push(`tool notification: ${n.message && n.message.text}`);
	want(results.length > 0, 'the Multitool reported nothing: did it read the file?');
	for (const r of results) {
		const level = r.level || 'warning';
		const text = r.message.text || `${r.message.id} ${JSON.stringify(r.message.arguments)}`;
		if (level === 'error' || (level === 'warning' && !allowed.includes(r.ruleId)))
			problems.push(`${level} ${r.ruleId}: ${text}`);
	}
	break;
}
case 'sarif-schema': {
	const Ajv2020 = require('ajv/dist/2020');
	const addFormats = require('ajv-formats');
	const ajv = new Ajv2020({allErrors: true, strict: false});
	addFormats(ajv);
	const validate = ajv.compile(readJSON(schemaFile()));
	if (!validate(readJSON(args[0])))
		for (const e of validate.errors)
			problems.push(`${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
	break;
}
case 'sarif-match': {
	const [sarifFile, jsonFile, rulesDef] = args;
	const s = readJSON(sarifFile);
	const j = readJSON(jsonFile);
	const ids = [...fs.readFileSync(rulesDef, 'utf8').matchAll(/^RULE\(\w+, "([^"]+)"/gm)]
			    .map((m) => m[1]);
	want(s.version === '2.1.0', 'version is not 2.1.0');
	want(s.$schema === 'https://json.schemastore.org/sarif-2.1.0.json', '$schema');
	want(s.runs.length === 1, `${s.runs.length} runs`);
	const run = s.runs[0];
	const drv = run.tool.driver;
	want(drv.name === 'svcgen', `driver name ${drv.name}`);
	want(/^\d+\.\d+\.\d+/.test(drv.version), `driver version ${drv.version}`);
	want(run.columnKind === 'unicodeCodePoints', `columnKind ${run.columnKind}`);
	want(JSON.stringify(drv.rules.map((r) => r.id)) === JSON.stringify(ids),
	     'driver rules are not the rules of rules.def, in order');
	for (const r of drv.rules) {
		want(r.shortDescription && r.shortDescription.text, `rule ${r.id}: no description`);
		want(r.help && r.help.text.includes(`docs/rules/${r.id}.md`),
		     `rule ${r.id}: help does not name its page`);
		want(['error', 'warning'].includes(r.defaultConfiguration.level),
		     `rule ${r.id}: level ${r.defaultConfiguration.level}`);
	}
	want(run.results.length === j.diagnostics.length,
	     `${run.results.length} results, json has ${j.diagnostics.length} diagnostics`);
	run.results.forEach((r, i) => {
		const d = j.diagnostics[i] || {};
		const loc = r.locations[0].physicalLocation;
		const uri = loc.artifactLocation.uri;
		want(drv.rules[r.ruleIndex].id === r.ruleId, `result ${i}: ruleIndex is not ${r.ruleId}`);
		want(r.ruleId === d.rule && r.level === d.severity && r.message.text === d.message,
		     `result ${i} differs from json: ${JSON.stringify(r)}`);
		// A URI reference: printable ASCII, no space, each byte of the path;
		// a file: URI for an absolute path.
		const rel = d.path.startsWith('/') ? uri.replace(/^file:\/\//, '') : uri;
		want(/^[A-Za-z0-9\-._~/%]+$/.test(rel), `result ${i}: uri ${uri} is not encoded`);
		want(decodeURIComponent(rel) === d.path, `result ${i}: uri ${uri} is not ${d.path}`);
		want(loc.region.startLine === d.line && loc.region.startColumn === d.column,
		     `result ${i}: region ${JSON.stringify(loc.region)}`);
	});
	break;
}
default:
	problems.push(`usage: check.js json|multitool|sarif-log|sarif-schema|sarif-match ...`);
}
for (const p of problems)
	console.log(p);
process.exit(problems.length ? 1 : 0);

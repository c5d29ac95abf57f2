// json-schema-compare.js SCHEMA DIR CHECK_JSON - the .yaml records of DIR
// (and its svcgen.yaml) validated by ajv against SCHEMA (the output of
// `svcgen schema --json-schema`), as an editor reads them (YAML 1.2's core
// schema, the `yaml` package the YAML language server uses), next to what
// `svcgen check --format json` said (CHECK_JSON) of the rules a schema
// expresses (docs/editors.md). One line per problem and place:
//   agree FILE POINTER        both flag it
//   check-only FILE POINTER RULE
//   ajv-only FILE POINTER KEYWORD
// and a last line "files N" (the records read). Exit 2 on a setup failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { yamlFiles } = require("./yaml-files");
const YAML = require("yaml");
const Ajv = require("ajv/dist/2020");

const [schemaFile, dir, checkFile] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
// strict: unknown keywords, formats, union types and ignored keywords are
// errors. multipleOf on decimals needs a precision in ajv (0.1 + 0.2).
const ajv = new Ajv({ strict: true, allErrors: true, multipleOfPrecision: 9 });
ajv.addSchema(schema, "svcgen");
const kinds = Object.keys(schema.$defs);
const validators = {};
for (const k of kinds) validators[k] = ajv.compile({ $ref: "svcgen#/$defs/" + k });

const compared = new Set(["type", "enum", "missing-field", "unknown-field", "id-format"]);
const check = JSON.parse(fs.readFileSync(checkFile, "utf8")).diagnostics;

const esc = (k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1");

// Where each node starts (line:col, code points as svcgen counts them) -> its pointer.
function positions(doc, lc, text) {
  const at = new Map(), firstKey = new Map();
  const pos = (off) => {
    const { line, col } = lc.linePos(off);
    const start = lc.lineStarts[line - 1];
    return line + ":" + ([...text.slice(start, off)].length + 1);
  };
  const visit = (node, ptr) => {
    if (!node || !node.range) return;
    at.set(pos(node.range[0]), ptr);
    if (YAML.isMap(node)) {
      // An empty mapping's missing fields are reported where it starts.
      if (!node.items.length) firstKey.set(pos(node.range[0]), ptr);
      node.items.forEach((pair, i) => {
        const k = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
        const p = ptr + "/" + esc(k);
        if (pair.key && pair.key.range) {
          if (i === 0) firstKey.set(pos(pair.key.range[0]), ptr);
          at.set("key " + pos(pair.key.range[0]), p);
        }
        visit(pair.value, p);
      });
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => visit(item, ptr + "/" + i));
    }
  };
  if (doc.contents) visit(doc.contents, "");
  else at.set("1:1", ""); // the record is empty
  return { at, firstKey };
}

// Only the deepest: an anyOf fails at a field because a branch failed below it.
function deepest(ptrs) {
  const all = [...ptrs];
  return new Set(all.filter((p) => !all.some((q) => q !== p && q.startsWith(p + "/"))));
}

const lines = [];
let files = 0;
for (const file of yamlFiles(dir)) {
  const rel = path.relative(dir, file);
  const kind = rel === "svcgen.yaml" ? "config" : rel.split(path.sep)[0];
  if (!validators[kind] || (kind === "config" && rel !== "svcgen.yaml")) continue;
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    lines.push("yaml-error " + rel);
    continue;
  }
  files++;
  const data = doc.toJS({ maxAliasCount: -1 });
  const v = validators[kind];
  const ajvPtrs = new Map();
  if (!v(data === undefined ? null : data)) {
    for (const e of v.errors) {
      let p = e.instancePath;
      if (e.keyword === "required") p += "/" + esc(e.params.missingProperty);
      if (e.keyword === "additionalProperties") p += "/" + esc(e.params.additionalProperty);
      if (!ajvPtrs.has(p)) ajvPtrs.set(p, e.keyword);
    }
  }
  const keep = deepest(ajvPtrs.keys());
  const { at, firstKey } = positions(doc, lc, text);
  const checkPtrs = new Map();
  const shown = path.join(path.basename(dir), rel);
  for (const d of check) {
    if (!compared.has(d.rule) || path.normalize(d.path) !== path.normalize(shown)) continue;
    const where = d.line + ":" + d.column;
    let p;
    if (d.rule === "missing-field") {
      const m = /'([^']*)'/.exec(d.message);
      p = (firstKey.get(where) ?? "") + "/" + esc(m ? m[1] : "?");
    } else if (d.rule === "unknown-field") {
      p = at.get("key " + where) ?? "?" + where;
    } else {
      p = at.get(where) ?? "?" + where;
    }
    if (!checkPtrs.has(p)) checkPtrs.set(p, d.rule);
  }
  for (const p of [...new Set([...keep, ...checkPtrs.keys()])].sort()) {
    if (keep.has(p) && checkPtrs.has(p)) lines.push("agree " + rel + " " + p);
    else if (checkPtrs.has(p)) lines.push("check-only " + rel + " " + p + " " + checkPtrs.get(p));
    else lines.push("ajv-only " + rel + " " + p + " " + ajvPtrs.get(p));
  }
}
lines.push("files " + files);
process.stdout.write(lines.join("\n") + "\n");

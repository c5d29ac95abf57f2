// json-schema-editor.js SCHEMAS DIR CHECK_JSON - the .yaml records of DIR
// validated by the YAML language server itself (the one behind VS Code's
// YAML extension), with the schema SCHEMAS/<kind>.json for each kind
// (`svcgen schema --json-schema DIR --kind <kind>`), as docs/editors.md sets
// it up; next to the lines where `svcgen check --format json` (CHECK_JSON)
// reported the rules a schema expresses. One line per problem and line:
//   agree FILE LINE           both flag it
//   check-only FILE LINE RULE
//   editor-only FILE LINE MESSAGE
// and a last line "files N".
"use strict";
const fs = require("fs");
const path = require("path");
const { yamlFiles } = require("./yaml-files");
const { pathToFileURL } = require("url");
const { getLanguageService } = require("yaml-language-server/lib/umd/languageservice/yamlLanguageService");
const { TextDocument } = require("vscode-languageserver-textdocument");

const [schemas, dir, checkFile] = process.argv.slice(2);
const compared = new Set(["type", "enum", "missing-field", "unknown-field", "id-format"]);
const check = JSON.parse(fs.readFileSync(checkFile, "utf8")).diagnostics;

const services = {};
function service(kind) {
  const file = path.resolve(schemas, kind + ".json");
  if (!fs.existsSync(file)) return null;
  if (!services[kind]) {
    const ls = getLanguageService({
      schemaRequestService: (uri) => Promise.resolve(fs.readFileSync(new URL(uri), "utf8")),
      workspaceContext: { resolveRelativePath: (rel, res) => new URL(rel, res).href },
    });
    ls.configure({ validate: true, yamlVersion: "1.2", schemas: [{ uri: pathToFileURL(file).href, fileMatch: ["*.yaml"] }] });
    services[kind] = ls;
  }
  return services[kind];
}

(async () => {
  const lines = [];
  let files = 0;
  for (const file of yamlFiles(dir)) {
    const rel = path.relative(dir, file);
    const kind = rel === "svcgen.yaml" ? "config" : rel.split(path.sep)[0];
    const ls = service(kind);
    if (!ls || (kind === "config" && rel !== "svcgen.yaml")) continue;
    files++;
    const doc = TextDocument.create(pathToFileURL(path.resolve(file)).href, "yaml", 1, fs.readFileSync(file, "utf8"));
    const editor = new Map();
    for (const d of await ls.doValidation(doc, false)) {
      const line = d.range.start.line + 1;
      if (!editor.has(line)) editor.set(line, d.message.replace(/\s+/g, " "));
    }
    const shown = path.join(path.basename(dir), rel);
    const checked = new Map();
    for (const d of check)
      if (compared.has(d.rule) && path.normalize(d.path) === path.normalize(shown) && !checked.has(d.line))
        checked.set(d.line, d.rule);
    for (const line of [...new Set([...editor.keys(), ...checked.keys()])].sort((a, b) => a - b)) {
      if (editor.has(line) && checked.has(line)) lines.push(`agree ${rel} ${line}`);
      else if (checked.has(line)) lines.push(`check-only ${rel} ${line} ${checked.get(line)}`);
      else lines.push(`editor-only ${rel} ${line} ${editor.get(line)}`);
    }
  }
  lines.push("files " + files);
  process.stdout.write(lines.join("\n") + "\n");
})().catch((e) => {
  console.error(e);
  process.exit(2);
});

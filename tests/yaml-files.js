// yaml-files.js - the .yaml files below a folder, in byte order of names at
// each level (as svcgen walks them): for json-schema-compare.js and
// json-schema-editor.js.
"use strict";
const fs = require("fs");
const path = require("path");

function yamlFiles(d, out = []) {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (e.isFile() && e.name.endsWith(".yaml")) out.push(p);
  }
  return out;
}

module.exports = { yamlFiles };

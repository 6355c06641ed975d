// Parse every .tf file under a directory with @cdktf/hcl2json (HashiCorp's Go HCL parser
// compiled to WebAssembly), one file at a time, in one Node process.
//
// Parse only: each file becomes a JSON object; nothing is merged, evaluated or resolved.
// Prints the number of files parsed; a file that fails is named on stderr, exit code 1.
// NODE_PATH must point at the node_modules the harness installed.

import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const require = createRequire(join(resolve(process.env.NODE_PATH ?? "."), "noop.js"));
const { parse } = require("@cdktf/hcl2json");

function* tfFiles(directory) {
  const entries = readdirSync(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* tfFiles(path);
    else if (entry.isFile() && entry.name.endsWith(".tf")) yield path;
  }
}

let parsed = 0;
let failed = 0;
for (const path of tfFiles(process.argv[2])) {
  try {
    const result = await parse(path, readFileSync(path, "utf-8"));
    JSON.stringify(result);
    parsed += 1;
  } catch (error) {
    failed += 1;
    console.error(`${path}: ${error}`);
  }
}
console.log(`hcl2json: ${parsed} files parsed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;

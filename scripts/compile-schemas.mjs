// npm run build, after tsc: compile every JSON Schema the library checks input against into Ajv's standalone code
// (dist/scenario/schemas.compiled.cjs), so that no command compiles one at start (src/scenario/validate.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = new URL('../dist/scenario/schemas.compiled.cjs', import.meta.url);
// An earlier build's file must not stand in for the schemas being read now.
rmSync(out, { force: true });
// Loading the library makes every checker, each of which registers its schema.
await import('../dist/index.js');
const { SCHEMAS, AJV_OPTIONS, schemaHash } = await import('../dist/scenario/validate.js');
const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const names = {};
for (const [name, schema] of SCHEMAS) {
  ajv.addSchema(schema, name);
  names[name] = name;
}
let code = standaloneCode(ajv, names);
const hashes = Object.fromEntries([...SCHEMAS].map(([name, schema]) => [name, schemaHash(schema)]));
code += `\nconst hashes = ${JSON.stringify(hashes)};\nfor (const name of Object.keys(hashes)) exports[name] = { hash: hashes[name], validate: exports[name] };\n`;
writeFileSync(out, code);
console.log(`compiled ${SCHEMAS.size} schemas into ${out.pathname}`);

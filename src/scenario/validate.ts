/**
 * Structural validation of one policy set (base + overrides) against the JSON
 * Schema, turning Ajv's errors into messages that name the key and the rule.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Path } from './errors.js';
import { resolvedSchema } from './schema.js';

/** How every schema is compiled (also by scripts/compile-schemas.mjs, ahead of time). */
export const AJV_OPTIONS = { allErrors: true, discriminator: true, strict: false, verbose: true } as const;

/** A schema's fingerprint: a validator compiled ahead of time is used only for the schema it was compiled from. */
export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/**
 * The validators `npm run build` compiled ahead of time into dist/scenario/schemas.compiled.cjs (Ajv's standalone
 * code), by name, with the hash of their schema: compiling the scenario schema took a quarter of a second at
 * every start. Absent (tests on the sources), or for a schema that changed since, the schema is compiled here.
 */
const require = createRequire(import.meta.url);
const compiled = ((): Record<string, { hash: string; validate: ValidateFunction }> => {
  try {
    return require('./schemas.compiled.cjs') as Record<string, { hash: string; validate: ValidateFunction }>;
  } catch {
    return {};
  }
})();
let ajv: Ajv | null = null;
/** Every schema a checker was made for, by name: what scripts/compile-schemas.mjs compiles. */
export const SCHEMAS = new Map<string, object>();

function validatorFor(name: string, schema: object): ValidateFunction {
  SCHEMAS.set(name, schema);
  const ahead = compiled[name];
  if (ahead !== undefined && ahead.hash === schemaHash(schema)) return ahead.validate;
  // Ajv itself is loaded only then.
  if (ajv === null) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = new AjvClass(AJV_OPTIONS);
  }
  return ajv.compile(schema);
}

const validateResolved = validatorFor('resolved', resolvedSchema);

/** A checker for another schema (the replay input, say), with the same messages; `name` is its name among the compiled ones. */
export function schemaChecker(name: string, schema: Record<string, unknown>): (data: unknown) => SchemaProblem[] {
  const validate = validatorFor(name, schema);
  return (data) => problemsOf(validate, data);
}

export interface SchemaProblem {
  path: Path;
  /** Point at the key rather than its value (an unknown key). */
  key: boolean;
  message: string;
}

function toPath(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // A long value is shown by its start and its length: a message is for reading.
  if (typeof v === 'string') return v.length > 60 ? `"${v.slice(0, 40)}..." (${v.length} characters)` : `"${v}"`;
  return String(v);
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `expected ${String(p.type).replace(',', ' or ')}, got ${describe(e.data)}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}, got ${describe(e.data)}`;
    case 'const':
      return `expected ${String(p.allowedValue)}, got ${describe(e.data)}`;
    case 'required':
      return `missing required key "${String(p.missingProperty)}"`;
    case 'minProperties':
    case 'maxProperties': {
      const expected = (e.parentSchema as Record<string, unknown>)['x-expected'];
      return `expected ${String(expected ?? `${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${String(p.limit)} keys`)}, got ${describe(e.data)}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}, got ${describe(e.data)}`;
    case 'discriminator': {
      const tag = String(p.tag);
      const options = ((e.parentSchema as { oneOf?: Array<{ properties: Record<string, { const: string }> }> }).oneOf ?? [])
        .map((s) => s.properties[tag]?.const)
        .join(', ');
      return p.error === 'tag' ? `"${tag}" must be one of ${options}` : `unknown ${tag} ${describe(p.tagValue)}: expected one of ${options}`;
    }
    default:
      return e.message ?? e.keyword;
  }
}

/** Problems of `data` against the scenario schema, one per place and rule. */
export function schemaProblems(data: unknown): SchemaProblem[] {
  return problemsOf(validateResolved, data);
}

function problemsOf(validate: ValidateFunction, data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A value that fits none of several shapes gets one sentence naming them all.
  const anyOfAt = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'anyOf' && !anyOfAt.has(e.instancePath)) anyOfAt.set(e.instancePath, e);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (p: SchemaProblem) => {
    const k = `${p.path.join('.')}|${p.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(p);
    }
  };
  for (const e of errors) {
    const path = toPath(e.instancePath);
    const shaped = anyOfAt.get(e.instancePath);
    if (shaped) {
      if (e === shaped) {
        const expected = (e.parentSchema as Record<string, unknown>)['x-expected'];
        add({ path, key: false, message: `expected ${String(expected ?? 'another value')}, got ${describe(e.data)}` });
      }
      continue;
    }
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      add({ path: [...path, extra], key: true, message: `unknown key "${extra}"; expected one of: ${known.join(', ')}` });
      continue;
    }
    add({ path, key: false, message: message(e) });
  }
  return out;
}

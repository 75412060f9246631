/**
 * `oneflow.service_template`: the SuperNode role taken from a real OneFlow
 * service template (JSON), as users keep it: either the template body
 * ({"name", "roles": [...]}) or `oneflow-template show <id> --json` output
 * (DOCUMENT.TEMPLATE.BODY). Fields given in the scenario override it. JSON is
 * read with the YAML parser so problems can name their line and JSON path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Path } from './errors.js';
import { isPlainObject } from './merge.js';
import { Locator } from './positions.js';

/** The role fields OneFlow's role body shares with a scenario's `oneflow.role`. */
export const ROLE_FIELDS = ['cardinality', 'min_vms', 'max_vms', 'cooldown', 'shutdown_action', 'elasticity_policies', 'scheduled_policies'];

export interface TemplateRole {
  file: string;
  role: Record<string, unknown>;
  /** Where the role is in the JSON document. */
  rolePath: Path;
  /** The template's SuperLink role (named superlink), if it has one, for sim lint. */
  superlinkRole: Record<string, unknown> | null;
  locator: Locator;
}

export type TemplateResult = { ok: true; value: TemplateRole } | { ok: false; line: number; column: number; message: string };

export function readServiceTemplate(file: string, baseDir: string, roleName: string | undefined): TemplateResult {
  const full = resolve(baseDir, file);
  if (!existsSync(full)) return { ok: false, line: 1, column: 1, message: `service template "${file}" not found (looked for ${full})` };
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    return {
      ok: false,
      line: 1,
      column: 1,
      message: `service template "${file}" cannot be read (${full}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give the path of a JSON file`,
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const pos = lines.linePos(doc.errors[0]!.pos[0]);
    return {
      ok: false,
      line: pos.line,
      column: pos.col,
      message: `service template ${full}:${pos.line}:${pos.col}: not valid JSON: ${doc.errors[0]!.message.split('\n')[0]}`,
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, line: 1, column: 1, message: `service template ${full}: ${(e as Error).message}` };
  }
  let base: Path = [];
  let body: unknown = data;
  if (isPlainObject(data) && isPlainObject(data.DOCUMENT)) {
    base = ['DOCUMENT', 'TEMPLATE', 'BODY'];
    body = (data.DOCUMENT as { TEMPLATE?: { BODY?: unknown } }).TEMPLATE?.BODY;
  }
  const locator = new Locator(doc, lines);
  const fail = (path: Path, message: string): TemplateResult => {
    const p = locator.locate(path);
    return { ok: false, line: p.line, column: p.column, message: `service template ${full}:${p.line}:${p.column}: ${jsonPath(path)}: ${message}` };
  };
  if (!isPlainObject(body) || !Array.isArray(body.roles)) return fail([...base, 'roles'], 'expected a service template with a "roles" list');
  const roles = body.roles as unknown[];
  const names = roles.map((r) => (isPlainObject(r) ? String(r.name) : ''));
  let index: number;
  if (roleName !== undefined) index = names.indexOf(roleName);
  else {
    const elastic = roles
      .map((r, i) => (isPlainObject(r) && (Array.isArray(r.elasticity_policies) || Array.isArray(r.scheduled_policies)) ? i : -1))
      .filter((i) => i >= 0);
    index = elastic.length === 1 ? elastic[0]! : names.indexOf('supernode');
  }
  if (index < 0)
    return fail(
      [...base, 'roles'],
      `no role ${roleName !== undefined ? `named "${roleName}"` : 'to take (set oneflow.role_name)'}; the template has: ${names.join(', ')}`,
    );
  const pick = (r: Record<string, unknown>) => Object.fromEntries(ROLE_FIELDS.filter((k) => k in r).map((k) => [k, r[k]]));
  const role = roles[index] as Record<string, unknown>;
  const sl = names.indexOf('superlink');
  const superlinkRole = sl >= 0 && sl !== index ? pick(roles[sl] as Record<string, unknown>) : null;
  return { ok: true, value: { file: full, role: pick(role), rolePath: [...base, 'roles', index], superlinkRole, locator } };
}

/** A JSON path as people write it: roles[1].elasticity_policies[0].cooldown */
export function jsonPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

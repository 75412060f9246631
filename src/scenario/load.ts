/**
 * YAML -> validated, resolved policy sets. Every problem is collected with its
 * file, line, column and path, and thrown together as one UserError.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { type Alias, type Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { decisionSchema, resolveDecision } from './decision.js';
import { isPrefix, type Path, pathString, type ScenarioIssue, UserError } from './errors.js';
import { gigabytes, memoryAvailable, memoryEstimate } from './limits.js';
import { lintSchema, type RuleId } from './lint-rules.js';
import { deepMerge, isPlainObject } from './merge.js';
import { hasPath, Locator } from './positions.js';
import { resolveScenario } from './resolve.js';
import type { ScenarioFile, SourcePosition } from './scenario-file.js';
import { jsonPath, readServiceTemplate, type TemplateRole } from './service-template.js';
import { schemaChecker, schemaProblems } from './validate.js';

export interface LoadOptions {
  /** Override the scenario's seed. */
  seed?: number | undefined;
  /** Override the number of replications. */
  replications?: number | undefined;
  /** Keep only this policy set. */
  policySet?: string | undefined;
  /** Values set at scenario paths in every policy set, after its overrides (sim sweep's --set). */
  set?: ReadonlyArray<{ path: string; value: unknown }>;
}

/**
 * Set `value` at a dotted path (list items by index) of plain data. A missing mapping is created;
 * a list item that is not there is "absent" (this policy set has no such policy), anything else
 * in the way is an error.
 */
export function setAtPath(data: Record<string, unknown>, path: string, value: unknown): { ok: true } | { ok: false; absent: boolean; reason: string } {
  const segs = path.split('.');
  let cur: unknown = data;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(segs[i + 1]!);
    const here = segs.slice(0, i).join('.');
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return { ok: false, absent: false, reason: `${here} is a list: expected an index, got "${seg}"` };
      const idx = Number(seg);
      if (idx >= cur.length) return { ok: false, absent: true, reason: `${here} has ${cur.length} item${cur.length === 1 ? '' : 's'}, no index ${idx}` };
      if (last) cur[idx] = value;
      else cur = cur[idx];
    } else if (isPlainObject(cur)) {
      if (last) cur[seg] = value;
      else {
        if (cur[seg] === undefined) {
          if (nextIsIndex) return { ok: false, absent: true, reason: `${segs.slice(0, i + 1).join('.')} is not given` };
          cur[seg] = {};
        }
        cur = cur[seg];
      }
    } else return { ok: false, absent: false, reason: `${here} is not a mapping or a list` };
  }
  return { ok: true };
}

/** Read and validate a scenario file. Throws UserError on any problem. */
export function loadScenarioFile(file: string, options: LoadOptions = {}): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError([{ file, line: 1, column: 1, path: '', message: `cannot read the scenario: ${(e as Error).message}` }]);
  }
  return parseScenario(text, file, options);
}

/** Validate scenario text; `file` names it in errors and anchors relative paths. */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): ScenarioFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        column: lines.linePos(e.pos[0]).col,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const data = yamlData(doc, lines, file);
  const loaded = fromData(data, file, new Locator(doc, lines), options);
  loaded.reload = (more) => parseScenario(text, file, { ...options, ...more });
  return loaded;
}

/** Aliases a scenario may expand, at most (the YAML library's guard against "billion laughs" files). */
export const MAX_ALIAS_COUNT = 100;

/**
 * The document as data. The YAML library throws for an alias with no anchor and for aliases that expand too far:
 * both become positioned problems at the first such alias.
 */
function yamlData(doc: Document, lines: LineCounter, file: string): unknown {
  // A key JavaScript objects cannot hold as data (it would set the prototype, and vanish).
  const reserved: ScenarioIssue[] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') {
        const pos = lines.linePos(pair.key.range?.[0] ?? 0);
        reserved.push({ file, line: pos.line, column: pos.col, path: '', message: '"__proto__" is not a scenario key; remove it' });
      }
    },
  });
  if (reserved.length > 0) throw new UserError(reserved);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let alias: Alias | null = null;
    let unresolved = false;
    visit(doc, {
      Alias(_key, node) {
        const missing = node.resolve(doc) === undefined;
        if (alias === null || (missing && !unresolved)) {
          alias = node;
          unresolved = missing;
        }
        return missing ? visit.BREAK : undefined;
      },
    });
    const found = alias as Alias | null;
    const pos = lines.linePos(found?.range?.[0] ?? 0);
    const name = found?.source ?? '';
    const message = unresolved
      ? `YAML: the alias *${name} names no anchor (&${name}) before it; define the anchor or write the value out`
      : `YAML: aliases here expand to more than ${MAX_ALIAS_COUNT} values (${e instanceof Error ? e.message : String(e)}); write the values out instead of nesting aliases`;
    throw new UserError([{ file, line: pos.line, column: pos.col, path: '', message }]);
  }
}

/** Validate a scenario given as plain data (a notebook's object). Positions are then 1:1. */
export function scenarioFromObject(data: unknown, label = '<object>', baseDir = process.cwd(), options: LoadOptions = {}): ScenarioFile {
  const loaded = fromData(data, label, null, options, baseDir);
  loaded.reload = (more) => scenarioFromObject(data, label, baseDir, { ...options, ...more });
  return loaded;
}

function fromData(data: unknown, file: string, locator: Locator | null, options: LoadOptions, baseDir = dirname(resolvePath(file))): ScenarioFile {
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  const report = (issue: ScenarioIssue) => {
    const key = `${issue.file}:${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  };
  const at = (path: Path, key = false) => locator?.locate(path, key) ?? { line: 1, column: 1 };

  if (!isPlainObject(data)) {
    report({ file, line: 1, column: 1, path: '', message: 'a scenario is a YAML mapping with at least a name (see docs/scenario.md)' });
    throw new UserError(issues);
  }
  const { policy_sets: rawSets, decision: rawDecision, lint: rawLint, ...base } = data;
  const sets: Array<{ name: string; description: string; override: Record<string, unknown>; index: number | null }> = [];
  if (rawSets === undefined) sets.push({ name: 'default', description: '', override: {}, index: null });
  else if (!Array.isArray(rawSets) || rawSets.length === 0)
    report({ file, ...at(['policy_sets']), path: 'policy_sets', message: 'expected a non-empty list of {name, description, ...overrides}' });
  else
    rawSets.forEach((s, i) => {
      if (!isPlainObject(s) || typeof s.name !== 'string' || s.name === '') {
        report({
          file,
          ...at(['policy_sets', i]),
          path: `policy_sets.${i}`,
          message: 'a policy set is a mapping with a name, e.g. {name: recommended, ...overrides}',
        });
        return;
      }
      const { name, description, ...override } = s;
      for (const key of ['decision', 'lint'])
        if (key in override) {
          report({
            file,
            ...at(['policy_sets', i, key], true),
            path: `policy_sets.${i}.${key}`,
            message: `${key} is for the whole file, not one policy set: move it to the top level`,
          });
          delete override[key];
        }
      if (description !== undefined && typeof description !== 'string')
        report({ file, ...at(['policy_sets', i, 'description']), path: `policy_sets.${i}.description`, message: 'expected a string' });
      if (sets.some((o) => o.name === name))
        report({ file, ...at(['policy_sets', i, 'name']), path: `policy_sets.${i}.name`, message: `policy set name "${name}" is used twice` });
      sets.push({ name, description: typeof description === 'string' ? description : '', override, index: i });
    });

  const resolved = [];
  const locators = new Map<string, (path: Path) => SourcePosition>();
  const absent = new Map<string, string[]>();
  const written = new Map<string, Record<string, unknown>>();
  for (const set of sets) {
    // A problem at `path` is shown where that value was written: in the policy set when it overrides it, else in the base.
    const where = (path: Path, key = false) => {
      if (
        set.index !== null &&
        (hasPath(set.override, path) || (path.length > 0 && !hasPath(base, path.slice(0, 1)) && hasPath(set.override, path.slice(0, 1))))
      ) {
        const full = ['policy_sets', set.index, ...path];
        return { ...at(full, key), path: pathString(full) };
      }
      return { ...at(path, key), path: pathString(path) };
    };
    const own = deepMerge(base, set.override) as Record<string, unknown>;
    let merged = structuredClone(own);
    // A real OneFlow service template supplies the role; the scenario's own role fields override it.
    const oneflow = merged.oneflow;
    let template: TemplateRole | null = null;
    if (isPlainObject(oneflow) && typeof oneflow.service_template === 'string') {
      const t = readServiceTemplate(oneflow.service_template, baseDir, typeof oneflow.role_name === 'string' ? oneflow.role_name : undefined);
      if (!t.ok) {
        report({ file, ...where(['oneflow', 'service_template']), message: t.message });
        continue;
      }
      template = t.value;
      merged = { ...merged, oneflow: { ...oneflow, role: deepMerge(template.role, oneflow.role ?? {}) } };
      if (template.superlinkRole && !isPlainObject(oneflow.superlink_role)) (merged.oneflow as Record<string, unknown>).superlink_role = template.superlinkRole;
    }
    // A value the template gave is shown where it is in the template's JSON.
    const from = (path: Path, key = false) => {
      if (template && path[0] === 'oneflow' && path[1] === 'role' && path.length > 2 && !hasPath(own, path)) {
        const inJson = [...template.rolePath, ...path.slice(2)];
        const p = template.locator.locate(inJson, key);
        return { file: template.file, line: p.line, column: p.column, path: `${pathString(path)} (${jsonPath(inJson)} in the service template)` };
      }
      return { file, ...where(path, key) };
    };
    locators.set(set.name, (path) => from(path));
    written.set(set.name, structuredClone(merged));
    for (const { path, value } of options.set ?? []) {
      const r = setAtPath(merged, path, structuredClone(value));
      // A list item a policy set does not have leaves that policy set as it is; see below.
      if (!r.ok && r.absent) absent.set(path, [...(absent.get(path) ?? []), `${set.name}: ${r.reason}`]);
      else if (!r.ok) report({ file, line: 1, column: 1, path, message: r.reason });
    }
    if (options.seed !== undefined) merged.seed = options.seed;
    if (options.replications !== undefined) merged.replications = options.replications;
    const problems = schemaProblems(merged);
    for (const p of problems) report({ ...from(p.path, p.key), message: p.message });
    // Drop what the schema refused, so the rules below still check the rest in the same pass.
    for (const p of problems) removePath(merged, p.path);
    try {
      resolved.push(
        resolveScenario(merged, set, {
          baseDir,
          // A rule about a value the schema refused (or its parent) would only repeat that problem.
          error: (path, message) => {
            if (!problems.some((p) => p.path.length > 0 && (isPrefix(p.path, path) || isPrefix(path, p.path)))) report({ ...from(path), message });
          },
          fileError: (traceFile, line, path, message) => report({ file: resolvePath(baseDir, traceFile), line, column: 1, path: where(path).path, message }),
        }),
      );
    } catch (e) {
      // With the schema's problems already reported, a value it refused may still trip a rule; those are enough.
      if (problems.length === 0) throw e;
    }
  }
  for (const [path, why] of absent)
    if (why.length === sets.length) report({ file, line: 1, column: 1, path, message: `no policy set has it (${why.join('; ')})` });
  const decisionProblems = rawDecision === undefined ? [] : checkDecision(rawDecision);
  const lintProblems = rawLint === undefined ? [] : checkLint(rawLint);
  for (const [key, problems] of [
    ['decision', decisionProblems],
    ['lint', lintProblems],
  ] as const)
    for (const p of problems) {
      const path = [key, ...p.path];
      report({ file, ...at(path, p.key), path: pathString(path), message: p.message });
    }
  const lintIgnore = lintProblems.length === 0 && isPlainObject(rawLint) && Array.isArray(rawLint.ignore) ? (rawLint.ignore as RuleId[]) : [];
  const decision = resolveDecision(
    decisionProblems.length === 0 ? (rawDecision as Record<string, unknown> | undefined) : undefined,
    sets.map((s) => s.name),
    (path, message) => report({ file, ...at(path), path: pathString(path), message }),
  );
  if (options.policySet !== undefined && !sets.some((s) => s.name === options.policySet))
    report({
      file,
      ...at(['policy_sets']),
      path: 'policy_sets',
      message: `no policy set named "${options.policySet}"; the file has: ${sets.map((s) => s.name).join(', ')}`,
    });
  if (issues.length > 0) throw new UserError(issues.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1)));
  const policySets = options.policySet === undefined ? resolved : resolved.filter((s) => s.policy_set === options.policySet);
  // Refused with an estimate rather than killed by the system halfway (docs/scenario.md, Limits).
  const need = memoryEstimate(policySets);
  if (need > memoryAvailable())
    throw new UserError([
      {
        file,
        ...at(['replications']),
        path: 'replications',
        message: `this run would need about ${gigabytes(need)} of memory and ${gigabytes(memoryAvailable())} is available: lower replications, the horizon or the number of SuperNodes (or split it with sim sweep --shard)`,
      },
    ]);
  return {
    file,
    name: String(base.name),
    policySets,
    decision,
    lintIgnore,
    rawPolicySets: sets.map(({ name, description, override }) => ({ name, description, override, merged: written.get(name) ?? {} })),

    locate: (policySet, path) => {
      const locate = locators.get(policySet);
      if (!locate) throw new RangeError(`no policy set named ${policySet}`);
      return locate(path);
    },
  };
}

const checkDecision = schemaChecker('decision', decisionSchema);
const checkLint = schemaChecker('lint', lintSchema);

function removePath(obj: Record<string, unknown>, path: Path): void {
  // A bad list item takes its whole list with it (the rest of the list is checked next time).
  const listAt = path.findIndex((seg) => typeof seg === 'number');
  const target = listAt >= 0 ? path.slice(0, listAt) : path;
  if (target.length === 0) return;
  let cur: unknown = obj;
  for (const seg of target.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  if (cur !== null && typeof cur === 'object') delete (cur as Record<string, unknown>)[String(target[target.length - 1])];
}

/**
 * The library's one loader: a scenario from a YAML file's path, or from plain data shaped
 * like one (relative trace and template files are then read from the current folder).
 * Throws UserError listing every problem.
 */
export function loadScenario(source: string | Record<string, unknown>, options: LoadOptions = {}): ScenarioFile {
  if (typeof source !== 'string' && (source === null || typeof source !== 'object' || Array.isArray(source)))
    throw new UserError([{ path: 'source', message: 'expected the path of a scenario file, or a scenario as an object' }], { input: 'the arguments' });
  if (options === null || typeof options !== 'object')
    throw new UserError([{ path: 'options', message: 'expected an object {seed?, replications?, policySet?}' }], { input: 'the arguments' });
  return typeof source === 'string' ? loadScenarioFile(source, options) : scenarioFromObject(source, '<object>', process.cwd(), options);
}

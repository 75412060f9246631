/**
 * The library's pure functions as notebooks call them, with their arguments checked first: a wrong type is
 * refused with a UserError naming the argument, never a TypeError from deep inside, nor a NaN answer.
 */
import { newCardinality as modelNewCardinality } from '../models/oneflow/cardinality.js';
import { type Evaluation, evaluateExpression as modelEvaluate } from '../models/oneflow/expression.js';
import { type Problem, UserError } from './errors.js';

const INPUT = { input: 'the arguments', notDone: 'nothing was computed' };

function check(problems: Problem[]): void {
  if (problems.length > 0) throw new UserError(problems, INPUT);
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** newCardinality(policy, cardinality, minVms?, maxVms?): see models/oneflow/cardinality.ts. */
export function newCardinality(policy: unknown, cardinality: unknown, minVms: unknown = null, maxVms: unknown = null): ReturnType<typeof modelNewCardinality> {
  const problems: Problem[] = [];
  if (!isObject(policy)) problems.push({ path: 'policy', message: 'expected an object {type, adjust, min_adjust_step?}' });
  else {
    if (typeof policy.type !== 'string') problems.push({ path: 'policy.type', message: 'expected a string such as CHANGE, PERCENTAGE_CHANGE or CARDINALITY' });
    if (typeof policy.adjust !== 'number' || !Number.isSafeInteger(policy.adjust)) problems.push({ path: 'policy.adjust', message: 'expected an integer' });
    if (policy.min_adjust_step !== undefined && !isCount(policy.min_adjust_step))
      problems.push({ path: 'policy.min_adjust_step', message: 'expected a whole number >= 0' });
  }
  if (!isCount(cardinality)) problems.push({ path: 'cardinality', message: 'expected a whole number >= 0' });
  if (minVms !== null && !isCount(minVms)) problems.push({ path: 'minVms', message: 'expected a whole number >= 0, or null' });
  if (maxVms !== null && !isCount(maxVms)) problems.push({ path: 'maxVms', message: 'expected a whole number >= 0, or null' });
  check(problems);
  const p = policy as { type: string; adjust: number; min_adjust_step?: number };
  return modelNewCardinality(p, cardinality as number, minVms as number | null, maxVms as number | null);
}

/** evaluateExpression(expression, vms): see models/oneflow/expression.ts; an expression that does not parse throws ExpressionError. */
export function evaluateExpression(expression: unknown, vms: unknown): Evaluation {
  const problems: Problem[] = [];
  if (typeof expression !== 'string') problems.push({ path: 'expression', message: 'expected a string such as "CPU > 80"' });
  if (!Array.isArray(vms)) problems.push({ path: 'vms', message: "expected a list of the VMs' attributes ({NAME: value})" });
  else
    vms.forEach((vm, i) => {
      if (!isObject(vm)) problems.push({ path: `vms[${i}]`, message: 'expected an object of attributes' });
      else
        for (const [k, v] of Object.entries(vm))
          if (v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'string')
            problems.push({ path: `vms[${i}].${k}`, message: 'expected a number or a string' });
    });
  check(problems);
  return modelEvaluate(expression as string, vms as Array<Record<string, number | string>>);
}

/**
 * The ids of sim lint's rules: the deployment spec's seven anti-patterns and the pitfalls found
 * in Flower's and OneFlow's code (src/lint). A scenario's `lint: {ignore: [...]}` names them.
 */
export const RULE_IDS = [
  'AP-01',
  'AP-02',
  'AP-03',
  'AP-04',
  'AP-05',
  'AP-06',
  'AP-07',
  'PF-01',
  'PF-02',
  'PF-03',
  'PF-04',
  'PF-05',
  'PF-06',
  'PF-07',
  'PF-08',
  'PF-09',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

export const lintSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'what sim lint (and the recommendation) leaves out',
  properties: { ignore: { type: 'array', items: { enum: [...RULE_IDS] }, description: 'rule ids to leave out, e.g. [PF-08]' } },
};

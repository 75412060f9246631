/** The recommendation in a few lines, as `sim run` and `sim tune` print it after the table. */
import type { Recommendation } from '../experiment/recommend.js';
import { goalMetric } from '../scenario/decision.js';
import { formatMetric } from '../scenario/metrics.js';

/** `tuned`: the candidates are a grid's points, so there is no baseline line. */
export function recommendationText(r: Recommendation, color = false, tuned = false): string {
  const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[0m` : t);
  const objective = goalMetric(r.decision.objective);
  const lines = [r.policy_set === null ? bold('recommendation: none') : `${bold('recommendation:')} ${bold(r.policy_set)}`, `  ${r.reason}`];
  const a = r.against_baseline;
  if (a !== null) {
    const interval = Number.isNaN(a.ci_low)
      ? 'no interval with 1 replication'
      : `[${formatMetric(objective, a.ci_low, true)}, ${formatMetric(objective, a.ci_high, true)}]`;
    const level = `${Math.round(r.decision.confidence * 1000) / 10} %`;
    lines.push(
      `  against the baseline ${r.decision.baseline}: ${objective} ${formatMetric(objective, a.mean_difference, true)} ${interval} (paired, ${level} simultaneous): ${a.verdict}`,
    );
  } else if (r.policy_set !== null && !tuned) lines.push(`  it is the baseline (${r.decision.baseline})`);
  if (r.excluded.length > 0) lines.push(`  excluded: ${r.excluded.map((e) => e.policy_set).join(', ')} (recommendation.json says why)`);
  return `${lines.join('\n')}\n`;
}

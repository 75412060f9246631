/**
 * fl-cluster-sim's library API: what notebooks and tests import from
 * 'fl-cluster-sim'. Everything else is internal.
 */
export { loadScenario } from './load-scenario.js';
export { loadScenarioFile, parseScenario, scenarioFromObject } from './scenario/load.js';
export type { LoadOptions } from './scenario/load.js';
export { ScenarioError, formatIssue } from './scenario/errors.js';
export type { ScenarioIssue } from './scenario/errors.js';
export { scenarioSchema } from './scenario/schema.js';
export { parseDuration, parseRate, parseSize } from './scenario/units.js';
export type { Scenario, StrategyConfig } from './models/config.js';
export type { ScenarioFile } from './scenario/scenario-file.js';

export { runScenario, outputFiles } from './run.js';
export type { RunResult } from './run.js';
export { compare } from './experiment/compare.js';
export type { ComparisonRow, Verdict } from './experiment/compare.js';
export { recommend } from './experiment/recommend.js';
export type { Recommendation, RecommendInput, Contender, Exclusion } from './experiment/recommend.js';
export { tune, TuneError } from './experiment/tune.js';
export type { TuneOptions, TuneResult, TuneCandidate, CandidateStatus } from './experiment/tune.js';
export type { Decision, Goal, Constraint } from './scenario/decision.js';
export { METRIC_NAMES } from './scenario/metrics.js';
export type { MetricName } from './scenario/metrics.js';
export { sweep, gridPoints, parseSet, validateGrid, SweepError } from './sweep.js';
export type { Grid, GridAxis, Shard, SweepOptions, SweepPoint, SweepResult, SweepRow } from './sweep.js';
export { lintScenario } from './lint/lint.js';
export type { Finding } from './lint/finding.js';
export type { RoundRow, ScalingRow, TimelineRow, ReplicationResult, ExperimentOptions } from './models/experiment.js';
export type { PolicySetSummary, ReplicationFigures } from './experiment/figures.js';
export { runCluster } from './models/cluster.js';

// Flower's decisions, as pure functions.
export { aggregateOutcome, messageAggregateOutcome, sampleSize, strategyDefaults } from './models/strategy.js';
export { discoveryDelayMs, flowerBackoffCapMs, maxTries, retryAfterFailure } from './models/retry.js';

// OneFlow's decisions, as pure functions.
export { evaluateExpression, ExpressionError, parseExpression, attributeValue } from './models/oneflow/expression.js';
export type { Evaluation, VmAttributes } from './models/oneflow/expression.js';
export { newCardinality, calculateNewCardinality } from './models/oneflow/cardinality.js';
export { autoscalerTick, cooldownDuration } from './models/oneflow/autoscaler.js';
export type { TickDecision } from './models/oneflow/autoscaler.js';
export { initialRoleState, scaleRole } from './models/oneflow/policy.js';
export type { RoleScalingState } from './models/oneflow/policy.js';

// Replaying OneFlow's decisions on recorded VM metrics.
export { replayAutoscaler, ReplayInputError } from './replay.js';
export type { ReplayInput, ReplayTick, ReplayProblem } from './replay.js';

// The engine, for those who build their own models on it.
export { Engine, Priority, EventBudgetExceeded } from './sim/engine.js';
export { stream, Streams } from './sim/random.js';
export { sampler } from './sim/distributions.js';
export type { Distribution } from './sim/distributions.js';
export { estimate, pairedDifference } from './sim/statistics.js';
export type { Estimate } from './sim/statistics.js';

export { comparisonTable } from './report/table.js';
export { paretoFront } from './report/pareto.js';
// Vega-Lite specifications to SVG, for notebooks' own plots (Vega is loaded on first use).
export { renderSvg as renderVegaLite, tradeoffSpec, forestSpec } from './report/charts.js';
export type { TradeoffPoint, DecisionStatus } from './report/charts.js';
export { VERSION } from './version.js';

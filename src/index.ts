/**
 * fl-cluster-sim's library API: what notebooks and tests import from
 * 'fl-cluster-sim'. Everything else is internal (package.json exports only ".").
 */
// biome-ignore-all assist/source/organizeImports: grouped by what a reader looks for, not by path.

// Scenarios: load and validate (one loader), the schema, units; user mistakes as one error class.
export { loadScenario } from './scenario/load.js';
export { LIMITS } from './scenario/limits.js';
export type { LoadOptions } from './scenario/load.js';
export { UserError, formatProblem, formatUserError } from './scenario/errors.js';
export type { Problem, ScenarioIssue, SourcePosition } from './scenario/errors.js';
export { scenarioSchema } from './scenario/schema.js';
export { parseDuration, parseRate, parseSize } from './scenario/units.js';
export { parseSet, gridPoints } from './scenario/grid.js';
export type { Grid, GridAxis, Shard, SweepPoint } from './scenario/grid.js';
export type { Decision, Goal, Constraint } from './scenario/decision.js';
export { METRIC_NAMES } from './scenario/metrics.js';
export type { MetricName } from './scenario/metrics.js';
export type { Scenario, StrategyConfig } from './models/config.js';
export type { ScenarioFile } from './scenario/scenario-file.js';

// Experiments, one entry point per level: a cluster replication (models), a replication's rows,
// a whole scenario, a sweep, a tune; then the decision over a run's figures.
export { defaultEventBudget, EVENTS_PER_NODE_DAY, runCluster } from './models/cluster.js';
export { runReplication } from './experiment/replication.js';
export type { RoundRow, ScalingRow, TimelineRow, ReplicationResult } from './experiment/replication.js';
export { runScenario } from './experiment/run.js';
export type { RunResult, RunOptions } from './experiment/run.js';
export { sweep } from './experiment/sweep.js';
export type { SweepOptions, SweepResult, SweepRow } from './experiment/sweep.js';
export { tune } from './experiment/tune.js';
export type { TuneOptions, TuneResult, TuneCandidate, CandidateStatus } from './experiment/tune.js';
export { ReplicationFailed, reproduceCommand } from './experiment/failure.js';
export type { ReplicationFailure } from './experiment/failure.js';
export { compare } from './experiment/compare.js';
export type { ComparisonRow, Verdict } from './experiment/compare.js';
export { recommend } from './experiment/recommend.js';
export type { Recommendation, RecommendInput, Contender, Exclusion } from './experiment/recommend.js';
export type { PolicySetSummary, ReplicationFigures } from './experiment/figures.js';
export { lintScenario } from './lint/lint.js';
export type { Finding } from './lint/finding.js';

// Replaying OneFlow's decisions on recorded VM metrics.
export { replayAutoscaler } from './experiment/replay.js';
export type { ReplayInput, ReplayTick, ReplayProblem, ReplayOptions } from './experiment/replay.js';

// Flower's decisions, as pure functions.
export { aggregateOutcome, messageAggregateOutcome, nodesNeeded, phaseSkipped, sampleSize, samplingFails, strategyDefaults } from './models/flower/strategy.js';
export { flowerBackoffCapMs, maxTries, retryAfterFailure } from './models/flower/retry.js';
export { heartbeatDelayMs, onlineWindowMs } from './models/flower/liveness.js';

// OpenNebula's and OneFlow's decisions, as pure functions.
export { discoveryDelayMs, discoveryGivesUp } from './models/opennebula/discovery.js';
export { ExpressionError, parseExpression, attributeValue, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './models/oneflow/expression.js';
// The pure functions notebooks call most, with their arguments checked (a UserError names a wrong one).
export { evaluateExpression, newCardinality } from './scenario/library.js';
export type { Evaluation, VmAttributes } from './models/oneflow/expression.js';
export { calculateNewCardinality } from './models/oneflow/cardinality.js';
export { autoscalerTick, cooldownDuration } from './models/oneflow/autoscaler.js';
export type { TickDecision } from './models/oneflow/autoscaler.js';
export { initialRoleState, scaleRole } from './models/oneflow/policy.js';
export type { RoleScalingState } from './models/oneflow/policy.js';
export { scaleInVictims, shutdownIsGraceful } from './models/oneflow/scale-in.js';

// The engine, for those who build their own models on it.
export { Engine, Priority, EventBudgetExceeded } from './sim/engine.js';
export { Scope } from './sim/scope.js';
export { stream, Streams } from './sim/random.js';
export { sampler } from './sim/distributions.js';
export type { Distribution } from './sim/distributions.js';
export { estimate, pairedDifference } from './sim/statistics.js';
export type { Estimate } from './sim/statistics.js';

// Reports: the files of a run, the table, plots.
export { outputFiles } from './report/run-files.js';
export { comparisonTable } from './report/table.js';
export { paretoFront } from './report/pareto.js';
// Vega-Lite specifications to SVG, for notebooks' own plots (Vega is loaded on first use).
export { renderSvg as renderVegaLite, tradeoffSpec, forestSpec } from './report/charts.js';
export type { TradeoffPoint, DecisionStatus } from './report/charts.js';
export { VERSION } from './version.js';

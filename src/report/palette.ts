/**
 * The report's colours, one per meaning across every plot: each failure cause
 * keeps its colour wherever it shows, and series that share a plot can be told
 * apart (Okabe-Ito's colour-blind-safe palette first).
 */

import type { RoundCause } from '../models/flower/round.js';
import type { ClientFailureCause } from '../models/flower/superlink.js';

export const ROUND_CAUSE_COLORS: Record<RoundCause, string> = {
  cancelled: '#E69F00',
  no_results: '#D55E00',
  completion_rate: '#CC79A7',
  failures_rejected: '#0072B2',
};

export const CLIENT_CAUSE_COLORS: Record<ClientFailureCause, string> = {
  disconnected: '#56B4E9',
  timeout: '#A6761D',
  gave_up: '#332288',
  scaled_in: '#882255',
};

export const SUCCEEDED = '#009E73';
export const UNFINISHED = '#999999';
/** A figure that is not a cause (the failure rate's bars). */
export const NEUTRAL = '#4D4D4D';

/** Cardinality, connected and training clients, and OneFlow's actions, in one plot. */
export const SERIES_COLORS = {
  cardinality: '#0072B2',
  connected: '#009E73',
  training: '#E69F00',
  scale_up: '#000000',
  scale_down: '#6A3D9A',
} as const;

/** The recommendation's marks: the pick, the other contenders, the other feasible sets, the excluded. */
export const STATUS_COLORS = {
  recommended: '#000000',
  contender: '#0072B2',
  feasible: '#56B4E9',
  excluded: '#BBBBBB',
} as const;

export const VERDICT_COLORS = {
  better: '#009E73',
  worse: '#D55E00',
  indistinguishable: '#777777',
} as const;

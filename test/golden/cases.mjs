// The golden runs: a small fixed run of each shipped scenario. Shared by the golden test and
// `npm run golden:update`, so both make exactly the same files.
export const CASES = [
  { name: 'edge-churn', file: 'scenarios/edge-churn.yaml', replications: 2, set: [{ path: 'horizon', value: '6h' }] },
  ...[
    'AP-01-min-available-equals-cardinality',
    'AP-02-short-scale-down-cooldown',
    'AP-03-superlink-elasticity',
    'AP-04-min-vms-below-min-fit',
    'AP-05-large-edge-image',
    'AP-06-cpu-average-trigger',
    'AP-07-cooldown-blocks-scale-up',
  ].map((name) => ({ name, file: `scenarios/anti-patterns/${name}.yaml`, replications: 2, set: [] })),
];

export const FILES = ['summary.csv', 'rounds.csv', 'scaling.csv', 'timeline.csv'];

/**
 * The Pareto front of a trade-off where both figures are costs (lower is
 * better), e.g. failure rate against VM-hours: the points no other point beats
 * on both. Returned in order of the first figure.
 */
export function paretoFront<T>(points: readonly T[], a: (p: T) => number, b: (p: T) => number): T[] {
  const sorted = [...points].sort((p, q) => a(p) - a(q) || b(p) - b(q));
  const front: T[] = [];
  let best = Infinity;
  for (const p of sorted) {
    if (b(p) < best) {
      front.push(p);
      best = b(p);
    }
  }
  return front;
}

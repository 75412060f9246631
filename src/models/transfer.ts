/** Milliseconds to move `bytes` at `bps` bits per second (no compression: flower.md §6). */
export function transferMs(bytes: number, bps: number): number {
  return Math.round((bytes * 8 * 1000) / bps);
}

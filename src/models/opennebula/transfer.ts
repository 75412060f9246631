/** Milliseconds to move `bytes` at `bps` bits per second (serialized arrays, no compression: common/parameter.py). */
export function transferMs(bytes: number, bps: number): number {
  return Math.round((bytes * 8 * 1000) / bps);
}

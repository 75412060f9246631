/**
 * "All of n": `arrive()` n times and `done` runs on the last arrival. n = 0 never
 * runs `done`; what an empty wait means is the caller's to decide.
 */
export class Countdown {
  constructor(
    private left: number,
    private readonly done: () => void,
  ) {}

  /** Arrivals still to come. */
  get remaining(): number {
    return this.left;
  }

  arrive(): void {
    if (this.left > 0 && --this.left === 0) this.done();
  }
}

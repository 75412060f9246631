// A plain JavaScript binary heap of {time, seq, fn} objects, as a textbook would write it: the reference
// every figure of `npm run bench` is divided by, measured in the same run (this machine is noisy).
export class PlainHeap {
  constructor() {
    this.items = [];
    this.seq = 0;
  }

  push(time, fn) {
    const items = this.items;
    const item = { time, seq: this.seq++, fn };
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (p.time < time || (p.time === time && p.seq < item.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (items[r].time < items[l].time || (items[r].time === items[l].time && items[r].seq < items[l].seq)) ? r : l;
        const ci = items[c];
        if (ci.time > last.time || (ci.time === last.time && ci.seq > last.seq)) break;
        items[i] = ci;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }

  get size() {
    return this.items.length;
  }
}

/** The hold benchmark on the plain heap: `pending` events, each popped and pushed again at now + Exp(1 s); events per second. */
export function plainHold(pending, events, rng) {
  const heap = new PlainHeap();
  let now = 0;
  const next = () => now + Math.round(-Math.log(1 - rng()) * 1000);
  const fire = () => {};
  for (let i = 0; i < pending; i++) heap.push(next(), fire);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    const e = heap.pop();
    now = e.time;
    e.fn();
    heap.push(next(), fire);
  }
  return events / (Number(process.hrtime.bigint() - t0) / 1e9);
}

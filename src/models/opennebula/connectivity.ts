/**
 * Links and sites: whether a SuperNode can reach the SuperLink (and OneGate).
 * A node is reachable only when its own link and its site are both up.
 * Per-node links start when the node's VM is created; outages come from a
 * two-state Markov process (exponential up and down times) or a trace file.
 */
import { exponentialDraw } from '../../sim/distributions.js';
import { type Engine, Priority } from '../../sim/engine.js';
import type { Streams } from '../../sim/random.js';
import type { ConnectivityConfig, LinkModel } from '../config.js';

/** One on/off line: down while any outage covers now. */
class Line {
  depth = 0;
  /** Time the line last came up (or was created up). */
  upSince: number;
  constructor(now: number) {
    this.upSince = now;
  }
  get up(): boolean {
    return this.depth === 0;
  }
}

/** Told of a node's link or site going down or coming back: `before` the change is seen, `after` it. */
export interface LinkWatcher {
  before(): void;
  after(): void;
}

const NOBODY: LinkWatcher = { before: () => {}, after: () => {} };

export class Connectivity {
  private readonly links: Line[] = [];
  private readonly sites: Line[];
  private readonly siteOf: number[] = [];
  private readonly watchers: LinkWatcher[] = [];
  /** VMs by site, in creation order. */
  private readonly members: number[][];

  constructor(
    private readonly engine: Engine,
    private readonly streams: Streams,
    private readonly config: ConnectivityConfig,
  ) {
    this.sites = config.sites.map(() => new Line(0));
    this.members = config.sites.map(() => []);
    this.sites.forEach((line, s) => {
      const members = this.members[s]!;
      this.drive(line, config.site_outages, s, `site-${s}`, {
        before: () => {
          for (const vm of members) this.watchers[vm]!.before();
        },
        after: () => {
          for (const vm of members) this.watchers[vm]!.after();
          this.onSiteChange(s, line.up);
        },
      });
    });
  }

  /** Called when a site goes down or comes back (the front-end watches its hosts through it). */
  onSiteChange: (site: number, up: boolean) => void = () => {};

  siteUp(site: number): boolean {
    return this.sites[site]!.up;
  }

  /** Sites are given to VMs round-robin in creation order. */
  siteIndexFor(vmIndex: number): number {
    return vmIndex % this.config.sites.length;
  }

  /** Start the link of VM `vmIndex` (creation order from 0) now. */
  addNode(vmIndex: number, watcher: LinkWatcher = NOBODY): void {
    const line = new Line(this.engine.now);
    this.links[vmIndex] = line;
    this.siteOf[vmIndex] = this.siteIndexFor(vmIndex);
    this.watchers[vmIndex] = watcher;
    this.members[this.siteOf[vmIndex]!]!.push(vmIndex);
    this.drive(line, this.config.link, vmIndex, `supernode-${vmIndex}`, watcher);
  }

  reachable(vmIndex: number): boolean {
    return this.links[vmIndex]!.up && this.sites[this.siteOf[vmIndex]!]!.up;
  }

  /** Whether the node reaches the OpenNebula front-end (OneGate): its link, and its site unless that site's outages spare the front-end. */
  frontEndReachable(vmIndex: number): boolean {
    return this.links[vmIndex]!.up && (!this.config.front_end || this.sites[this.siteOf[vmIndex]!]!.up);
  }

  /** True when the node has been reachable without a break since `since`. */
  reachableThroughout(vmIndex: number, since: number): boolean {
    const link = this.links[vmIndex]!;
    const site = this.sites[this.siteOf[vmIndex]!]!;
    return link.up && site.up && link.upSince <= since && site.upSince <= since;
  }

  bandwidth(vmIndex: number): number {
    return this.config.sites[this.siteIndexFor(vmIndex)]!.bandwidth;
  }

  private drive(line: Line, model: LinkModel, index: number, entity: string, watcher: LinkWatcher): void {
    const engine = this.engine;
    const down = () => {
      if (line.depth > 0) {
        line.depth++;
        return;
      }
      watcher.before();
      line.depth++;
      watcher.after();
    };
    const up = () => {
      if (line.depth > 1) {
        line.depth--;
        return;
      }
      watcher.before();
      line.depth--;
      line.upSince = engine.now;
      watcher.after();
    };
    if (model.model === 'markov') {
      const rng = this.streams.fresh(entity, 'outage');
      const exp = (mean: number) => exponentialDraw(mean, rng);
      const goDown = () => {
        down();
        engine.schedule(exp(model.mean_down), goUp, Priority.URGENT);
      };
      const goUp = () => {
        up();
        engine.schedule(exp(model.mean_up), goDown, Priority.URGENT);
      };
      engine.schedule(exp(model.mean_up), goDown, Priority.URGENT);
    } else if (model.model === 'trace') {
      for (const [from, to] of model.outages.get(index) ?? []) {
        if (to <= engine.now) continue;
        engine.at(Math.max(from, engine.now), down, Priority.URGENT);
        engine.at(to, up, Priority.URGENT);
      }
    }
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SimResult, sim } from './sim.js';
import { tempDir } from './temp.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a developer machine without it skips, CI never does.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

describe('report.html', () => {
  const out = tempDir('flsim-report-');
  let run: SimResult;
  beforeAll(async () => {
    run = await sim('run', 'scenarios/edge-churn.yaml', '--replications', '2', '--out', out, '--quiet');
  });

  it('is written by every sim run, self-contained: no script, no external resource', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    const ids = [...html.matchAll(/<figure class="plot" id="([\w-]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'tradeoff',
      'paired-differences',
      'failure-rate',
      'failure-causes',
      'client-failures',
      'round-timeline',
      'clients',
      'round-durations',
    ]);
    expect(html).toContain('<h2>The scenario as run</h2>');
  });

  it('answers the question first: the recommendation and its reason come before the plots and the table', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const rec = JSON.parse(readFileSync(join(out, 'recommendation.json'), 'utf8'));
    const pick = html.indexOf(`<h2>Deploy: ${rec.policy_set}</h2>`);
    expect(pick).toBeGreaterThan(0);
    expect(html.indexOf(rec.reason)).toBeGreaterThan(pick);
    expect(pick).toBeLessThan(html.indexOf('id="tradeoff"'));
    expect(html.indexOf('id="tradeoff"')).toBeLessThan(html.indexOf('<h2>Comparison</h2>'));
    // Axis tick labels never repeat within an axis (percentages among them), and no label is cut off with an ellipsis.
    for (const group of html.matchAll(/role-axis-label"[^>]*>((?:<text[^>]*>[^<]*<\/text>)+)/g)) {
      const shown = [...group[1]!.matchAll(/<text[^>]*opacity="1"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(new Set(shown).size).toBe(shown.length);
    }
    expect(html).not.toMatch(/…<\/text>/);
    // The table shows each policy set's description.
    expect(html).toContain('<div class="desc">The same without federated evaluation');
  });

  it.runIf(haveChromium)('opens in headless Chromium with every plot visible and no console error', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${join(out, 'report.html')}`);
      const plots = page.locator('figure.plot svg');
      expect(await plots.count()).toBe(8);
      for (let i = 0; i < 8; i++) {
        const svg = plots.nth(i);
        await svg.scrollIntoViewIfNeeded();
        expect(await svg.isVisible()).toBe(true);
        const box = (await svg.boundingBox())!;
        expect(box.width).toBeGreaterThan(200);
        expect(box.height).toBeGreaterThan(100);
        // Each plot drew marks, not an empty frame.
        expect(await svg.locator('path, rect, line').count()).toBeGreaterThan(10);
      }
      expect(await page.locator('table tbody tr').count()).toBe(9);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

// How heavy the pages are and how fast the results page renders, measured in the browser.
// Prints a report; fails only when the results page with its CSS and JS reaches 60 KB.
// FIRSTSTOP_PERF_OUT=file.json also writes the numbers to a file.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { startBrowser, startFirststop } from './harness.js';

const RUNS = 7;
const pages = {
  home: '/en/',
  results: `/en/search?q=${encodeURIComponent("my trash wasn't picked up")}`,
  article: '/articles/missed-garbage-pickup',
  agent: `/en/agent?q=${encodeURIComponent('pothole in the road')}&caller=es`,
};

let server;
let browser;

before(async () => {
  server = await startFirststop();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Bytes of `url` on the wire with `encoding` asked for (no decoding). */
function bytes(url, encoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      let n = 0;
      res.on('data', (chunk) => { n += chunk.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test('page weights and the render time of the results page', async () => {
  const page = await browser.page();
  const report = { weights: {}, timing: {} };
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(`${server.base}${path}`);
    const assets = await page.evaluate(() => ({
      css: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href),
      js: [...document.querySelectorAll('script[src]')].map((s) => s.src),
    }));
    const weight = { html: {}, css: {}, js: {} };
    for (const [kind, urls] of [['html', [`${server.base}${path}`]], ['css', assets.css], ['js', assets.js]]) {
      for (const encoding of ['', 'gzip', 'br']) {
        let sum = 0;
        for (const url of urls) sum += await bytes(url, encoding);
        weight[kind][encoding || 'raw'] = sum;
      }
    }
    weight.total = Object.fromEntries(['raw', 'gzip', 'br'].map((e) => [e, weight.html[e] + weight.css[e] + weight.js[e]]));
    report.weights[name] = weight;
  }

  const cdp = await page.context().newCDPSession(page);
  for (const cache of ['cold', 'warm']) {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: cache === 'cold' });
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      await page.goto(`${server.base}${pages.results}`, { waitUntil: 'load' });
      runs.push(await page.evaluate(async () => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = await new Promise((resolve) => {
          new PerformanceObserver((list) => {
            resolve(list.getEntries().find((e) => e.name === 'first-contentful-paint'));
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => resolve(undefined), 2000);
        });
        return {
          ttfb: nav.responseStart - nav.startTime,
          domContentLoaded: nav.domContentLoadedEventEnd - nav.startTime,
          firstContentfulPaint: fcp ? fcp.startTime : NaN,
          load: nav.loadEventEnd - nav.startTime,
        };
      }));
    }
    report.timing[cache] = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, Number(median(runs.map((r) => r[k])).toFixed(1))]));
  }
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

  const lines = ['page weights (HTML + CSS + JS; raw / gzip / br):'];
  for (const [name, w] of Object.entries(report.weights)) {
    const part = (k) => `${k} ${kb(w[k].raw)} / ${kb(w[k].gzip)} / ${kb(w[k].br)}`;
    lines.push(`  ${name.padEnd(8)} ${part('html')}; ${part('css')}; ${part('js')}; total ${kb(w.total.raw)} / ${kb(w.total.gzip)} / ${kb(w.total.br)}`);
  }
  lines.push(`results page render, median of ${RUNS} runs (ms from navigation start):`);
  for (const [cache, t] of Object.entries(report.timing)) {
    lines.push(`  ${cache} cache: TTFB ${t.ttfb}, first contentful paint ${t.firstContentfulPaint}, DOMContentLoaded ${t.domContentLoaded}, load ${t.load}`);
  }
  console.log(lines.join('\n'));
  if (process.env.FIRSTSTOP_PERF_OUT) fs.writeFileSync(process.env.FIRSTSTOP_PERF_OUT, JSON.stringify(report, null, 2));

  assert.ok(report.weights.results.total.raw < 60 * 1024, `results page is ${kb(report.weights.results.total.raw)}`);
  for (const name of Object.keys(pages)) {
    assert.ok(report.weights[name].html.gzip < report.weights[name].html.raw, `${name} HTML is compressed`);
    assert.ok(report.weights[name].css.br < report.weights[name].css.raw, `${name} CSS is compressed`);
  }
  assert.deepEqual(browser.problems, []);
});

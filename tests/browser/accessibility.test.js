// WCAG 2.1 AA as far as a machine can tell: axe-core on every kind of page, in English, Spanish,
// Arabic and the newer languages (Korean, Khmer, Lao, Nepali, Japanese, Chuukese), with the
// language switcher open too; no sideways scrolling at 320 px or at 200% zoom; a skip link that
// works.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startBrowser, startFirststop } from './harness.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pages = {
  home: '/en/',
  results: `/en/search?q=${encodeURIComponent("my trash wasn't picked up")}`,
  'results with 911 notice': `/en/search?q=${encodeURIComponent('my house is on fire')}`,
  article: '/articles/report-pothole',
  agent: `/en/agent?q=${encodeURIComponent('pothole in the road')}&caller=es`,
  'agent, blank': '/en/agent',
  'Spanish results': `/es/search?q=${encodeURIComponent('bache en la calle')}`,
  'Arabic home': '/ar/',
  'Korean results': `/ko/search?q=${encodeURIComponent('pothole')}`,
  'Khmer home': '/km/',
  'Lao results': `/lo/search?q=${encodeURIComponent('garbage')}`,
  'Nepali article': '/articles/report-pothole?lang=ne',
  'Japanese agent': `/ja/agent?q=${encodeURIComponent('pothole')}&caller=ko`,
  'Chuukese home': '/chk/',
  'not found': '/no/such/page',
  'bad input': '/en/search?q=',
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

/** axe's serious and critical violations on the current page. */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [name, path] of Object.entries(pages)) {
  test(`axe finds nothing serious on the ${name} page`, async () => {
    const page = await browser.page();
    browser.problems.length = 0;
    const response = await page.goto(`${server.base}${path}`);
    assert.deepEqual(await violations(page), []);
    // The 404 and 400 pages log their own status; nothing else may appear.
    const expected = `the server responded with a status of ${response.status()}`;
    assert.deepEqual(browser.problems.filter((p) => response.ok() || !p.includes(expected)), []);
  });
}

test('axe finds nothing serious with the language switcher open', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  for (const path of ['/en/', '/km/']) {
    await page.goto(`${server.base}${path}`);
    await page.locator('.langs summary').click();
    assert.deepEqual(await violations(page), [], path);
  }
  assert.deepEqual(browser.problems, []);
});

test('no sideways scrolling at 320 px wide or at 200% zoom', async () => {
  const page = await browser.page();
  // 200% zoom of a 1280 px window lays out like a 640 px one with twice the pixels.
  for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 450 }]) {
    await page.setViewportSize(viewport);
    for (const path of [pages.home, pages.results, pages.article, pages.agent, pages['Arabic home'], pages['Khmer home'], pages['Korean results']]) {
      await page.goto(`${server.base}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= viewport.width, `${path} at ${viewport.width} px is ${wide} px wide`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the skip link is the first stop and lands on the main content', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  await page.goto(`${server.base}${pages.results}`);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => ({ text: document.activeElement.textContent, visible: document.activeElement.getBoundingClientRect().top >= 0 }));
  assert.equal(skip.text, 'Skip to main content');
  assert.ok(skip.visible, 'it shows when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'keyboard focus is visible');
  assert.deepEqual(browser.problems, []);
});

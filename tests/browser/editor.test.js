// The editors' workspace as a bureau editor uses it: sign in, write a new article for the
// bureau, preview it, publish it and find it through the residents' search within 2 seconds;
// save over a version someone else changed and get the conflict page; revert from the history.
// Axe finds nothing serious on any of its pages; the form works without JavaScript and on a
// 360 px wide phone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startBrowser, startFirststop } from './harness.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
let password;

before(async () => {
  server = await startFirststop();
  browser = await startBrowser();
  const printed = await server.firststop('accounts', 'add', 'ed', '--role', 'editor', '--bureau', 'pbot');
  password = printed.trim().split('\n').pop().trim();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function violations(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function signIn(page) {
  await page.goto(`${server.base}/editor?lang=en`);
  await page.waitForURL(/\/signin\?next=/);
  await page.getByLabel('Name').fill('ed');
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(/\/editor\?lang=en$/), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Searches the residents' page until the answer card or a result has `title`; the ms it took. */
async function searchUntil(page, q, title, limitMs) {
  const started = Date.now();
  for (;;) {
    await page.goto(`${server.base}/en/search?q=${encodeURIComponent(q)}`);
    const text = await page.locator('main').innerText();
    if (text.includes(title)) return Date.now() - started;
    if (Date.now() - started > limitMs) return null;
    await page.waitForTimeout(100);
  }
}

test('an editor writes, previews, publishes, conflicts and reverts', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  await signIn(page);
  assert.equal(await page.locator('h1').innerText(), "Your bureau's articles");
  assert.ok(await page.getByRole('link', { name: 'Report a pothole' }).count() > 0, 'pbot articles are listed');
  assert.equal(await page.getByRole('link', { name: /graffiti/i }).count(), 0, 'other bureaus are not');
  assert.deepEqual(await violations(page), [], 'the article list');

  // A new article for the bureau.
  await page.getByRole('link', { name: 'Write a new article' }).click();
  await page.getByLabel('Address (slug)').fill('report-broken-streetlight');
  await page.getByLabel('Title').fill('Report a broken streetlight');
  await page.getByLabel('Summary').fill('Report a streetlight that is out online or call 311.');
  assert.match(await page.locator('#summary-count').innerText(), /^52 of 300 characters$/);
  await page.getByLabel('Keywords').fill('street lamp out\nlight pole dark');
  await page.getByLabel('Actions').fill('Report it online | https://www.portland.gov/transportation/streetlights\nCall 311 | tel:+1-503-823-4000');
  await page.getByLabel('Article text (Markdown)').fill('Streetlights are repaired by the transportation bureau.\n\n## What to do\n\nTell us the pole number.');
  assert.deepEqual(await violations(page), [], 'the new article form');

  // The preview opens the page as residents will see it, in a new tab; nothing is published.
  const [preview] = await Promise.all([
    browser.context.waitForEvent('page'),
    page.getByRole('button', { name: 'Preview' }).click(),
  ]);
  await preview.waitForLoadState();
  assert.equal(await preview.locator('h1').innerText(), 'Report a broken streetlight');
  assert.match(await preview.locator('main').innerText(), /Tell us the pole number/);
  await preview.close();
  const res = await fetch(`${server.base}/articles/report-broken-streetlight`);
  assert.equal(res.status, 404, 'a preview publishes nothing');

  // Save: published, and found by residents' search within 2 seconds.
  await Promise.all([page.waitForURL(/saved=published/), page.getByRole('button', { name: 'Save' }).click()]);
  assert.match(await page.locator('p.saved').innerText(), /Saved/);
  const search = await browser.context.newPage();
  const took = await searchUntil(search, 'broken streetlight', 'Report a broken streetlight', 2000);
  assert.ok(took !== null, 'the new article is in search within 2 s');
  assert.deepEqual(await violations(page), [], 'the edit form');

  // Two editors on the same version: the second save gets the conflict page, with both versions.
  const editUrl = `${server.base}/editor/articles/pbot/report-broken-streetlight?lang=en`;
  await page.goto(editUrl);
  const other = await browser.context.newPage();
  await other.goto(editUrl);
  await other.getByLabel('Title').fill('Report a dark streetlight');
  await Promise.all([other.waitForURL(/saved=published/), other.getByRole('button', { name: 'Save' }).click()]);
  await other.close();
  await page.getByLabel('Summary').fill('Report a streetlight that is out, online or by calling 311.');
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Save' }).click()]);
  await page.locator('h1', { hasText: 'Someone else changed this article' }).waitFor();
  assert.match(await page.getByRole('textbox', { name: 'Your version' }).inputValue(), /out, online or by calling 311/);
  assert.match(await page.locator('pre.source').innerText(), /title = "Report a dark streetlight"/);
  assert.deepEqual(await violations(page), [], 'the conflict page');
  const live = await (await fetch(`${server.base}/articles/report-broken-streetlight`)).text();
  assert.doesNotMatch(live, /by calling 311/, 'the stale save changed nothing');

  // Revert to the first revision from the history.
  await page.goto(`${server.base}/editor/articles/pbot/report-broken-streetlight/history?lang=en`);
  assert.equal(await page.locator('tbody tr').count(), 2);
  assert.deepEqual(await violations(page), [], 'the history');
  await page.getByRole('link', { name: 'Changes 2' }).click();
  assert.match(await page.locator('pre.diff').innerText(), /\+ title = "Report a dark streetlight"/);
  await Promise.all([
    page.waitForURL(/\/history/),
    page.getByRole('button', { name: 'Make this version live (1)' }).click(),
  ]);
  assert.equal(await page.locator('tbody tr').count(), 3);
  assert.match(await page.locator('tbody tr').first().innerText(), /revert to 1/);
  const back = await searchUntil(search, 'broken streetlight', 'Report a broken streetlight', 2000);
  assert.ok(back !== null, 'the reverted version is served');
  await search.close();
  // The conflict page is answered 409 on purpose; Chromium logs every 4xx page as an error.
  const unexpected = browser.problems.filter((p) => !/status of 409 \(Conflict\)/.test(p));
  assert.deepEqual(unexpected, []);
});

test('without JavaScript the summary limit is checked on save, beside the field', async () => {
  const noJs = await startBrowser({ javaScriptEnabled: false });
  try {
    const page = await noJs.page();
    await signIn(page);
    await page.goto(`${server.base}/editor/articles/pbot/report-pothole?lang=en`);
    await page.getByLabel('Summary').fill('x'.repeat(320));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').waitFor();
    const summary = page.getByLabel('Summary');
    assert.equal(await summary.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#summary-problem').innerText(), /320 characters/);
    const live = await fetch(`${server.base}/articles/report-pothole`);
    assert.doesNotMatch(await live.text(), /xxxxxxxxxx/, 'nothing was saved');
  } finally {
    await noJs.close();
  }
});

test('the workspace on a 360 px phone: no sideways scroll, every control reachable', async () => {
  const phone = await startBrowser({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const page = await phone.page();
    await signIn(page);
    for (const url of ['/editor?lang=en', '/editor/articles/pbot/report-pothole?lang=en', '/editor/articles/pbot/report-pothole/history?lang=en', '/editor/new?lang=en&keyword=pothole%20on%20my%20street']) {
      await page.goto(`${server.base}${url}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `${url} is ${wide} px wide`);
    }
    assert.equal(await page.getByLabel('Keywords').inputValue(), 'pothole on my street', 'the to-do list question is the keyword');
    // The form with problems beside its fields, on the phone.
    await page.getByLabel('Address (slug)').fill('Not A Slug');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#slug-problem').waitFor();
    assert.deepEqual(await violations(page), [], 'the form with problems');
    if (process.env.FIRSTSTOP_SCREENSHOTS) {
      fs.mkdirSync(process.env.FIRSTSTOP_SCREENSHOTS, { recursive: true });
      await page.goto(`${server.base}/editor?lang=en`);
      await page.screenshot({ path: path.join(process.env.FIRSTSTOP_SCREENSHOTS, 'editor-list-360.png'), fullPage: false });
      await page.goto(`${server.base}/editor/articles/pbot/report-pothole?lang=en`);
      await page.screenshot({ path: path.join(process.env.FIRSTSTOP_SCREENSHOTS, 'editor-edit-360.png'), fullPage: true });
    }
  } finally {
    await phone.close();
  }
});

// A 311 agent with a caller waiting, keyboard only: "/" to search, type, Enter, arrows through
// the answer and results, "c" to copy the answer, a digit for the caller's language, Enter to
// open.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, startFirststop } from './harness.js';

let server;
let browser;

before(async () => {
  server = await startFirststop();
  browser = await startBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName, id: el.id, text: el.textContent.trim(), href: el.getAttribute('href') };
});

test('the agent flow, with the keyboard only', async () => {
  const page = await browser.page();
  const keys = page.keyboard;
  await page.goto(`${server.base}/en/agent`);
  assert.equal((await focused(page)).id, 'q', 'the search box has focus on arrival');

  // Leave the box, then "/" brings the focus back.
  await keys.press('Escape');
  assert.notEqual((await focused(page)).id, 'q');
  await keys.press('/');
  assert.equal((await focused(page)).id, 'q');

  await keys.type('pothole in the road');
  await Promise.all([page.waitForURL(/\/en\/agent\?q=pothole/), keys.press('Enter')]);
  await page.locator('.answer').waitFor();

  // The answer has focus; the arrows walk the answer and the results.
  const answer = await focused(page);
  assert.match(answer.text, /pothole/i, `focus starts on the answer: ${answer.text}`);
  assert.match(await page.locator('.answer .facts').innerText(), /Portland Bureau of Transportation/);
  assert.ok((await page.locator('.answer .actions a').count()) >= 1);
  await keys.press('ArrowDown');
  const second = await focused(page);
  assert.notEqual(second.href, answer.href);
  await keys.press('ArrowDown');
  await keys.press('ArrowUp');
  await keys.press('ArrowUp');
  assert.equal((await focused(page)).href, answer.href, 'back on the answer');

  // "c" copies the answer with its phone number and link.
  await keys.press('c');
  await page.locator('#agent-status', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /pothole/i);
  assert.match(copied, /Phone: \d{3}-\d{3}-\d{4}\./);
  assert.ok(copied.includes(`${server.base}/articles/report-pothole`), copied);

  // "2" picks Spanish as the caller's language and searches again.
  await Promise.all([page.waitForURL(/caller=es/), keys.press('2')]);
  await page.locator('.caller-card').waitFor();
  assert.equal(await page.locator('#caller').inputValue(), 'es');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the agent keeps an English interface');
  assert.match(await page.locator('.caller-card').innerText(), /bache/i);
  await keys.press('ArrowDown');
  const spanish = await focused(page);
  assert.match(spanish.href, /^\/es\/articles\/report-pothole/);
  await keys.press('c');
  await page.locator('#agent-status', { hasText: 'Copied' }).waitFor();
  const copiedEs = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copiedEs, /Teléfono: /);
  assert.ok(copiedEs.includes(`${server.base}/es/articles/report-pothole`), copiedEs);

  // Enter opens the focused item.
  await Promise.all([page.waitForURL(/\/es\/articles\/report-pothole/), keys.press('Enter')]);
  assert.match(await page.locator('h1').innerText(), /bache/i);
  assert.deepEqual(browser.problems, []);
});

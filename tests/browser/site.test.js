// A resident's visit: search from the home page, narrow by bureau, read it in Spanish.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, startFirststop } from './harness.js';

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

test('search from the home page and see the answer card first', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/en/`);
  await page.getByLabel('Search City services').fill("my trash wasn't picked up");
  await Promise.all([page.waitForURL(/\/en\/search\?q=/), page.keyboard.press('Enter')]);
  const answer = page.locator('.answer');
  await answer.waitFor();
  assert.match(await answer.locator('h2').innerText(), /garbage|recycling|compost/i);
  assert.ok((await answer.locator('.actions a').count()) >= 1, 'action buttons');
  assert.match(await answer.locator('.facts').innerText(), /Bureau of Planning and Sustainability/);
  assert.match(await answer.locator('.facts').innerText(), /\d{3}-\d{3}-\d{4}/, 'a phone number');
  const answerBox = await answer.boundingBox();
  const firstHit = await page.locator('.hit').first().boundingBox();
  assert.ok(answerBox.y < firstHit.y, 'the answer card is above the results');
  assert.match(await page.getByRole('status').innerText(), /^Results: \d+/);
  assert.deepEqual(browser.problems, []);
});

test('someone in danger sees the 911 notice first and no unrelated answer card', async () => {
  const page = await browser.page();
  for (const [ui, question] of [
    ['en', 'my house is on fire'],
    ['en', "my dad collapsed and he isn't breathing"],
    ['es', 'mi casa se está quemando'],
    ['zh-hans', '我家着火了'],
  ]) {
    await page.goto(`${server.base}/${ui}/`);
    await page.locator('input[name=q]').fill(question);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.keyboard.press('Enter')]);
    const notice = page.locator('.emergency');
    await notice.waitFor();
    assert.equal(await notice.locator('a[href="tel:911"]').count(), 1, question);
    const noticeBox = await notice.boundingBox();
    const heading = await page.locator('h1').boundingBox();
    assert.ok(noticeBox.y < heading.y, `${question}: the notice is above everything`);
    // The card an agent would read aloud is about the emergency, or there is none.
    const cards = page.locator('.answer');
    if ((await cards.count()) > 0) {
      assert.match(await cards.locator('a').first().getAttribute('href') ?? '', /when-to-call-911/, question);
    }
  }
  assert.deepEqual(browser.problems, []);
});

test('filter the results by bureau with a plain link', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/en/search?q=${encodeURIComponent('pay my water bill')}`);
  const filters = page.getByRole('complementary', { name: 'Narrow results' });
  const water = filters.getByRole('link', { name: 'Portland Water Bureau' });
  await Promise.all([page.waitForURL(/bureau=water/), water.click()]);
  const metas = await page.locator('.hit .meta').allInnerTexts();
  assert.ok(metas.length > 0, 'some results');
  for (const meta of metas) assert.match(meta, /Portland Water Bureau/);
  const chosen = page.locator('.filters a[aria-current]', { hasText: 'Portland Water Bureau' });
  assert.equal(await chosen.count(), 1, 'the chosen bureau is marked');
  const crawled = page.locator('.hit .url', { hasText: '/water/pay-your-bill' });
  assert.equal(await crawled.count(), 1, 'the crawled page is among them');
  assert.deepEqual(browser.problems, []);
});

test('switch to Spanish and get the Spanish interface and results', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/en/`);
  const switcher = page.getByRole('navigation', { name: 'Language' });
  await switcher.locator('summary').click();
  await Promise.all([page.waitForURL(/\/es\/$/), switcher.getByRole('link', { name: 'Español' }).click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await page.locator('h1').innerText(), '¿Cómo podemos ayudarle?');
  await page.getByLabel('Buscar servicios de la Ciudad').fill('hay un bache en mi calle');
  await Promise.all([page.waitForURL(/\/es\/search\?q=/), page.getByRole('button', { name: 'Buscar' }).click()]);
  assert.equal(await page.locator('#results-h').innerText(), 'Resultados');
  assert.match(await page.getByRole('status').innerText(), /^Resultados: \d+/);
  const answer = page.locator('.answer h2');
  assert.equal(await answer.getAttribute('lang'), 'es');
  assert.match(await answer.innerText(), /bache/i);
  assert.match(await page.locator('.answer .facts').innerText(), /Oficina de Transporte de Portland/, 'the bureau by its Spanish name');
  const langs = await page.locator('.hit h3').evaluateAll((hs) => hs.map((h) => h.lang));
  const spanish = langs.filter((l) => l === 'es').length;
  assert.ok(spanish * 2 > langs.length, `mostly Spanish results: ${langs}`);
  assert.deepEqual(browser.problems, []);
});

test('script in a crawled page is shown as text and never runs', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/en/search?q=${encodeURIComponent('compost bins')}`);
  const title = page.locator('.hit h3', { hasText: 'Compost bins' });
  assert.match(await title.innerText(), /<img src=x onerror="alert\('title'\)">/);
  assert.equal(await page.locator('main img').count(), 0, 'no image was made from the text');
  await page.getByRole('link', { name: /Compost bins/ }).first().waitFor();
  assert.deepEqual(browser.problems, [], 'no alert, no CSP violation');
});

test('suggestions appear while typing', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/en/`);
  await page.getByLabel('Search City services').pressSequentially('potho', { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll('#q-suggestions option').length > 0);
  const options = await page.locator('#q-suggestions option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.some((o) => /pothole/i.test(o)), `suggestions: ${options}`);
  assert.deepEqual(browser.problems, []);
});

test('search, filters and pages all work with JavaScript off', async () => {
  const plain = await startBrowser({ javaScriptEnabled: false });
  try {
    const page = await plain.page();
    await page.goto(`${server.base}/en/`);
    await page.getByLabel('Search City services').fill('garbage');
    await Promise.all([page.waitForURL(/\/en\/search\?q=garbage/), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('.hit').count(), 10);
    await Promise.all([page.waitForURL(/page=2/), page.locator('.pager a[rel=next]').click()]);
    assert.ok((await page.locator('.hit').count()) > 0, 'page 2 has results');
    const bureau = page.locator('.filters').getByRole('link', { name: 'Bureau of Planning and Sustainability' });
    await Promise.all([page.waitForURL(/bureau=bps/), bureau.click()]);
    for (const meta of await page.locator('.hit .meta').allInnerTexts()) assert.match(meta, /Planning and Sustainability/);
    const switcher = page.getByRole('navigation', { name: 'Language' });
    await switcher.locator('summary').click();
    const spanish = switcher.getByRole('link', { name: 'Español' });
    await Promise.all([page.waitForURL(/\/es\/search\?q=garbage&bureau=bps/), spanish.click()]);
    assert.equal(await page.locator('#results-h').innerText(), 'Resultados');
    assert.deepEqual(plain.problems, []);
  } finally {
    await plain.close();
  }
});

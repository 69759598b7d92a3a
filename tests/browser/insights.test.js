// The insights dashboard as a City leader uses it: residents search (and click) through the
// site, then an insights reader signs in through the real form and reads the dashboard and a
// question's drill-down, with and without JavaScript; axe finds nothing serious.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startBrowser, startFirststop } from './harness.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
let password;

before(async () => {
  server = await startFirststop();
  browser = await startBrowser();
  password = (await server.firststop('accounts', 'add', 'iris', '--role', 'insights')).trim();
  await server.firststop('accounts', 'add', 'ed', '--role', 'editor', '--bureau', 'pbot');
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

/** Residents' searches through the pages, each question three times, and a click on a result. */
async function residentsSearch(page) {
  const questions = ["my trash wasn't picked up", 'pothole in the road', 'hay un bache en mi calle', 'zzyzx quagga'];
  for (let round = 0; round < 3; round += 1) {
    for (const q of questions) {
      await page.goto(`${server.base}/en/search?q=${encodeURIComponent(q)}`);
    }
  }
  await page.goto(`${server.base}/en/search?q=${encodeURIComponent('pothole in the road')}`);
  const link = page.locator('.answer h2 a');
  assert.match(await link.getAttribute('href'), /^\/go\?s=/, 'result links record their click');
  await Promise.all([page.waitForURL(/\/articles\/report-pothole/), link.click()]);
}

/** Signs in on the form the dashboard sends an anonymous reader to. */
async function signIn(page, name, secret) {
  await page.goto(`${server.base}/insights?lang=en`);
  await page.waitForURL(/\/signin\?next=/);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an insights reader signs in and reads the dashboard and a drill-down', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  await residentsSearch(page);

  await signIn(page, 'iris', 'not the password');
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByRole('alert').innerText(), 'Wrong name or password.');
  assert.deepEqual(await violations(page), [], 'the sign-in page');
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(/\/insights\?lang=en$/), page.getByRole('button', { name: 'Sign in' }).click()]);

  // The writer keeps up to 200 ms in memory: reload until this visit's searches are in.
  let total = 0;
  for (let i = 0; i < 20 && total < 13; i += 1) {
    if (i > 0) await page.reload();
    total = Number((await page.locator('.totals dd').first().innerText()).replace(/\D/g, ''));
  }
  assert.ok(total >= 13, `searches counted: ${total}`);
  assert.equal(await page.locator('h1').innerText(), 'Insights: what residents ask');
  const top = await page.locator('#top-h + .table-wrap tbody th').allInnerTexts();
  assert.ok(top.includes('pothole in the road'), `top questions: ${top}`);
  const todo = page.locator('#todo-h ~ .table-wrap');
  assert.equal(await todo.getByRole('link', { name: 'zzyzx quagga', exact: true }).count(), 1, 'a question with no result is on the to-do list');
  const write = todo.getByRole('link', { name: /^Write an answer\W+zzyzx quagga$/ });
  assert.match(await write.getAttribute('href'), /^\/editor\/new\?keyword=zzyzx\+quagga$/);
  assert.equal(await page.locator('svg.bars rect.bar').count(), 30);
  await page.getByText('Show the numbers as a table').first().click();
  assert.ok(await page.locator('#days-h ~ details .table-wrap').isVisible());
  assert.deepEqual(await violations(page), [], 'the dashboard');

  // Filter to Spanish questions with the GET form.
  await page.locator('#language').selectOption('es');
  await Promise.all([page.waitForURL(/language=es/), page.getByRole('button', { name: 'Show' }).click()]);
  const spanish = await page.locator('#top-h + .table-wrap tbody th').allInnerTexts();
  assert.deepEqual(spanish, ['hay un bache en mi calle']);

  // The drill-down of the pothole question shows its click on position 1.
  await page.goto(`${server.base}/insights?lang=en`);
  await Promise.all([page.waitForURL(/\/insights\/questions\/\d+/), page.getByRole('link', { name: 'pothole in the road' }).first().click()]);
  assert.equal(await page.locator('h1').innerText(), 'Question: “pothole in the road”');
  const clicks = await page.locator('#positions-h ~ .table-wrap tbody tr').allInnerTexts();
  assert.ok(clicks.some((row) => /^1\s+1$/.test(row.trim())), `clicks by position: ${clicks}`);
  assert.deepEqual(await violations(page), [], 'the drill-down');

  // On a 360 px phone the tables scroll inside their own region; the page never scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const url of ['/insights?lang=en', page.url()]) {
    await page.goto(url.startsWith('/') ? `${server.base}${url}` : url);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 360, `${url} is ${wide} px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The dashboard in two of the newer interface languages, each in its own script.
  for (const [tag, heading] of [['ko', '검색 분석: 주민들이 묻는 것'], ['km', 'ស្ថិតិ៖ អ្វីដែលអ្នករស់នៅសួរ']]) {
    await page.goto(`${server.base}/insights?lang=${tag}`);
    assert.equal(await page.locator('html').getAttribute('lang'), tag);
    assert.equal(await page.locator('h1').innerText(), heading);
    assert.ok((await page.locator('#top-h + .table-wrap tbody th').allInnerTexts()).includes('pothole in the road'));
    assert.deepEqual(await violations(page), [], `the dashboard in ${tag}`);
  }

  // The dashboard in Arabic reads right to left.
  await page.goto(`${server.base}/insights?lang=ar`);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('h1').innerText(), 'الإحصاءات: ماذا يسأل السكان');
  assert.deepEqual(await violations(page), [], 'the Arabic dashboard');

  // Sign out with the button; the dashboard asks to sign in again.
  await Promise.all([page.waitForURL(/\/ar\/$/), page.getByRole('button', { name: 'تسجيل الخروج' }).click()]);
  await page.goto(`${server.base}/insights`);
  await page.waitForURL(/\/signin/);
  assert.deepEqual(browser.problems.filter((p) => !p.includes('status of 401')), [], 'only the wrong password');
});

test('an editor gets the not-allowed page, and everything works without JavaScript', async () => {
  const plain = await startBrowser({ javaScriptEnabled: false });
  try {
    const page = await plain.page();
    const editorPassword = (await server.firststop('accounts', 'add', 'ana', '--role', 'editor', '--bureau', 'water')).trim();
    await signIn(page, 'ana', editorPassword);
    await page.waitForURL(/\/insights\?lang=en$/);
    assert.equal(await page.locator('h1').innerText(), 'Not allowed');
    const response = await page.goto(`${server.base}/insights`);
    assert.equal(response.status(), 403);
    assert.equal(await page.locator('h1').innerText(), 'Not allowed');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/en\/$/);

    await signIn(page, 'iris', password);
    await page.waitForURL(/\/insights/);
    assert.ok((await page.locator('#top-h + .table-wrap tbody th').count()) > 0);
    await Promise.all([page.waitForURL(/to=/), page.getByRole('button', { name: 'Show' }).click()]);
    assert.ok((await page.locator('svg.bars rect.bar').count()) > 0);
    assert.deepEqual(plain.problems.filter((p) => !p.includes('status of 403')), []);
  } finally {
    await plain.close();
  }
});

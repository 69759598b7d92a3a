// The site in the city's 17 languages: switch language with the keyboard only, search in the
// new interface, and use the switcher on a 320 px phone and at 200% zoom.

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

const ENDONYMS = ['English', 'Español', 'Tiếng Việt', '简体中文', '繁體中文', 'Русский', 'Українська',
  'Soomaali', 'العربية', '日本語', '한국어', 'Română', 'नेपाली', 'ភាសាខ្មែរ', 'ພາສາລາວ', 'Filipino',
  'Kapasen Chuuk'];

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName, text: el.textContent.trim(), lang: el.getAttribute('lang'), href: el.getAttribute('href') };
});

/** Presses Tab until `wanted(focused element)` holds; fails after `limit` presses. */
async function tabTo(page, wanted, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (wanted(el)) return el;
  }
  throw new Error(`Tab never reached the element (last: ${JSON.stringify(await focused(page))})`);
}

/** From a page, opens the language switcher and picks `name`, with the keyboard only. */
async function switchWithKeyboard(page, name, urlPattern) {
  await tabTo(page, (el) => el.tag === 'SUMMARY');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.langs details').getAttribute('open'), '', 'Enter opens the switcher');
  await tabTo(page, (el) => el.tag === 'A' && el.text === name, ENDONYMS.length + 2);
  await Promise.all([page.waitForURL(urlPattern), page.keyboard.press('Enter')]);
}

test('switch to Korean with the keyboard, search, and read the results in Korean', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  await page.goto(`${server.base}/en/`);
  await switchWithKeyboard(page, '한국어', /\/ko\/$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  assert.equal(await page.locator('h1').innerText(), '무엇을 도와드릴까요?');
  assert.match(await page.locator('.langs summary').innerText(), /언어:\s*한국어/);

  await tabTo(page, (el) => el.tag === 'INPUT');
  await page.keyboard.type('pothole');
  await Promise.all([page.waitForURL(/\/ko\/search\?q=pothole/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').innerText(), '‘pothole’ 검색 결과');
  assert.equal(await page.locator('#results-h').innerText(), '검색 결과');
  assert.match(await page.getByRole('status').innerText(), /^검색 결과: \d+건$/);
  const answer = page.locator('.answer');
  assert.equal(await answer.locator('.eyebrow').innerText(), '답변');
  assert.equal(await answer.locator('h2').getAttribute('lang'), 'en', 'an English answer says so');
  assert.match(await answer.locator('h2').innerText(), /pothole/i);
  const bureau = answer.locator('.facts dd').first();
  assert.equal(await bureau.getAttribute('lang'), 'en', 'no Korean name: the English one, marked');
  assert.ok((await page.locator('.hit').count()) > 0, 'results');

  // A question that nothing answers gets the Korean "nothing matched", with 311 to call.
  await page.goto(`${server.base}/ko/search?q=${encodeURIComponent('뷁뷁')}`);
  assert.equal(await page.locator('.results p').innerText(), '‘뷁뷁’에 대한 결과가 없습니다. 다른 단어로 검색하거나 311에 전화하세요.');
  assert.deepEqual(browser.problems, []);
});

test('switch from Korean to Khmer with the keyboard; Escape closes the switcher', async () => {
  const page = await browser.page();
  browser.problems.length = 0;
  await page.goto(`${server.base}/ko/search?q=pothole`);
  await tabTo(page, (el) => el.tag === 'SUMMARY');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'English', 'the first language follows the button');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.langs details').getAttribute('open'), null, 'Escape closes it');
  assert.equal((await focused(page)).tag, 'SUMMARY', 'and the focus goes back to its button');

  await page.keyboard.press('Enter');
  await tabTo(page, (el) => el.tag === 'A' && el.text === 'ភាសាខ្មែរ', ENDONYMS.length + 2);
  await Promise.all([page.waitForURL(/\/km\/search\?q=pothole/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'km');
  assert.equal(await page.locator('#results-h').innerText(), 'លទ្ធផល');
  assert.match(await page.getByRole('status').innerText(), /^លទ្ធផល៖ \d+$/);
  assert.equal(await page.locator('[aria-current][lang=km]').count(), 1, 'Khmer is marked as current');
  assert.deepEqual(browser.problems, []);
});

test('the switcher names every language in its own script, lang and dir on each', async () => {
  const page = await browser.page();
  await page.goto(`${server.base}/ar/`);
  const links = await page.locator('.langs li a').evaluateAll((as) => as.map((a) => ({
    text: a.textContent, lang: a.lang, dir: a.dir, hreflang: a.hreflang,
  })));
  assert.deepEqual(links.map((l) => l.text), ENDONYMS);
  for (const l of links) {
    assert.equal(l.hreflang, l.lang);
    assert.equal(l.dir, l.lang === 'ar' ? 'rtl' : 'ltr', l.text);
  }
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl', 'Arabic pages stay right to left');
});

test('the open switcher fits a 320 px phone and 200% zoom, every language on screen', async () => {
  const page = await browser.page();
  for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 450 }]) {
    await page.setViewportSize(viewport);
    for (const path of ['/en/', '/km/search?q=pothole', '/ar/', '/chk/']) {
      await page.goto(`${server.base}${path}`);
      await page.locator('.langs summary').click();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= viewport.width, `${path} at ${viewport.width} px is ${wide} px wide with the switcher open`);
      const boxes = await page.locator('.langs li a').evaluateAll((as) => as.map((a) => {
        const r = a.getBoundingClientRect();
        return { text: a.textContent, left: r.left, right: r.right, height: r.height };
      }));
      assert.equal(boxes.length, 17);
      for (const b of boxes) {
        assert.ok(b.left >= 0 && b.right <= viewport.width, `${b.text} on ${path} is off screen: ${b.left}..${b.right}`);
        assert.ok(b.height >= 24, `${b.text} on ${path} is a ${b.height} px target`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

// The world the browser tests run in: a small crawled site served from this process, the
// project's firststop.toml and content/, `firststop crawl`, `index` and `serve` on a free port,
// and headless Chromium. Nothing is built here: target/debug/firststop must exist.

import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
const binary = process.env.FIRSTSTOP_BIN || path.join(root, 'target', 'debug', 'firststop');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const run = promisify(execFile);

/** Serves `fixture-site/`: `/a/b` is `a/b.html`, `/` is `index.html`. */
function startFixtureSite() {
  const dir = path.join(here, 'fixture-site');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://fixture');
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('User-agent: *\nAllow: /\n');
    }
    const rel = url.pathname === '/' ? 'index.html' : `${url.pathname.slice(1)}.html`;
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The project's config with the crawl pointed at the fixture site, quickly. */
function testConfig(origin) {
  const project = fs.readFileSync(path.join(root, 'firststop.toml'), 'utf8');
  const head = project.slice(0, project.indexOf('[[sites]]')).replace(/^min_delay_ms = \d+/m, 'min_delay_ms = 0');
  return `${head}
[[sites]]
seeds = ["${origin}/"]
bureau = "311"
sections = { "/transportation" = "pbot", "/water" = "water", "/bps" = "bps" }
`;
}

/**
 * Crawls the fixture site, indexes it with the project's articles and starts `firststop serve`
 * on a free port. Returns `{ base, firststop, stop }`: `firststop(...args)` runs another command
 * (`accounts add ...`) on the same config and data.
 */
export async function startFirststop() {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: run \`cargo build\` (or \`cargo test\`) first`);
  }
  const site = await startFixtureSite();
  const origin = `http://127.0.0.1:${site.address().port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firststop-browser-'));
  const config = path.join(dir, 'firststop.toml');
  const data = path.join(dir, 'data');
  fs.writeFileSync(config, testConfig(origin));
  fs.cpSync(path.join(root, 'content'), path.join(dir, 'content'), { recursive: true });
  const env = { ...process.env, FIRSTSTOP_LOG: 'warn' };
  await run(binary, ['crawl', '--config', config, '--data', data], { env, cwd: dir });
  await run(binary, ['index', '--config', config, '--data', data, '--content', path.join(dir, 'content')], { env, cwd: dir });
  site.close();

  const server = spawn(binary, ['serve', '--config', config, '--data', data, '--addr', '127.0.0.1:0'], {
    env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`firststop serve did not start:\n${stderr}`)), 30000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`firststop serve exited with ${code}:\n${stderr}`)));
  });
  await waitForHealth(base);
  return {
    base,
    /** Runs `firststop ARGS... --config C --data D` on this server's files; its stdout. */
    async firststop(...args) {
      const { stdout } = await run(binary, [...args, '--config', config, '--data', data], { env, cwd: dir });
      return stdout;
    },
    stop() {
      server.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(base) {
  for (let i = 0; i < 100; i += 1) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base}/healthz never answered`);
}

/**
 * Headless Chromium with a fresh profile. Every page it opens fails the test on a console error
 * (a CSP violation is one) or a JavaScript dialog (an injected `alert`).
 */
export async function startBrowser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'firststop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(15000);
  const problems = [];
  context.on('page', (page) => watch(page, problems));
  context.pages().forEach((page) => watch(page, problems));
  return {
    context,
    problems,
    async page() {
      return context.pages()[0] || context.newPage();
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, problems) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog on ${page.url()}: ${dialog.message()}`);
    dialog.dismiss();
  });
}

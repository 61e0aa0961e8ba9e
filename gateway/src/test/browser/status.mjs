// The admin status page in headless Chromium, for AdminHealthIT: opens URL#token=TOKEN at a phone's width and
// prints "VIEW <json>" whenever what a person sees changes: the visible rows of each table as cell texts, e.g.
// {"accounts":[["sip:alice@sip.test","alice@jabber.test","online","1"]],"subscriptions":[...],...}. Commands on
// stdin: "SEARCH <text>" types into the search box, "SHOT <file>" saves a screenshot. It stops when stdin closes (the
// test ends) or after 3 minutes, and closes the browser. Usage: node status.mjs URL TOKEN
import puppeteer from 'puppeteer-core';
import readline from 'node:readline';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

const [url, token] = process.argv.slice(2);
const say = (line) => process.stdout.write(line.replace(/\n/g, ' ') + '\n');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'status-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  // Root needs --no-sandbox; the closed network needs no background traffic (docs/STACK.md).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code);
};
setTimeout(() => stop(0), 180_000).unref();

try {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 900, isMobile: true, hasTouch: true });
  page.on('pageerror', (e) => say('ERROR ' + e.message));
  await page.goto(url + '#token=' + encodeURIComponent(token), { waitUntil: 'load' });
  say('LOADED');
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    try {
      if (line.startsWith('SEARCH ')) {
        await page.click('#search', { clickCount: 3 });
        await page.keyboard.press('Backspace');
        await page.keyboard.type(line.slice(7));
        say('SEARCHED');
      } else if (line.startsWith('SHOT ')) {
        await page.screenshot({ path: line.slice(5), fullPage: true });
        say('SHOT');
      }
    } catch (e) {
      say('ERROR ' + e.message);
    }
  });
  lines.on('close', () => stop(0));
  let last = '';
  while (!stopping) {
    const view = await page.evaluate(() => {
      const out = {};
      for (const table of document.querySelectorAll('table')) {
        out[table.id] = [...table.querySelectorAll('tbody tr')]
          .filter((tr) => !tr.hidden && tr.offsetParent !== null)
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
      }
      out.status = document.getElementById('status').textContent.startsWith('updated') ? 'updated' : 'not updated';
      return JSON.stringify(out);
    });
    if (view !== last) {
      say('VIEW ' + view);
      last = view;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
} catch (e) {
  if (!stopping) {
    say('ERROR ' + e.message);
    await stop(1);
  }
}

// A browser phone for BrowserPhoneIT: JsSIP in headless Chromium subscribes to one presentity over SIP WebSocket
// (RFC 7118) and prints one line per event on stdout ("READY", "ACCEPTED", "NOTIFY <json>", "TERMINATED <code>",
// "ERROR <text>"). Usage: node phone.mjs WS_URL FROM_URI TARGET_URI [SPKI]; SPKI (base64 SHA-256 of the server's
// public key) makes Chromium accept that one self-signed key for wss:, as a provisioned phone would. It stops when stdin closes (the test ends)
// or after 3 minutes, whichever comes first, and closes the browser.
import { buildSync } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

const [wsUrl, fromUri, targetUri, spki] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const say = (line) => process.stdout.write(line.replace(/\n/g, ' ') + '\n');

// The npm package ships CommonJS only: bundle it for the page.
const bundle = buildSync({
  entryPoints: [path.join(here, 'node_modules/jssip/lib/JsSIP.js')],
  bundle: true, format: 'iife', globalName: 'JsSIP', platform: 'browser', write: false, logLevel: 'silent',
}).outputFiles[0].text;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  // Root needs --no-sandbox; the closed network needs no background traffic (docs/STACK.md §13).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ...(spki ? [`--ignore-certificate-errors-spki-list=${spki}`] : [])],
});
const stop = async (code) => {
  await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code);
};
process.stdin.on('end', () => stop(0));
process.stdin.resume();
setTimeout(() => stop(0), 180_000).unref();

try {
  const page = await browser.newPage();
  page.on('console', (msg) => { if (msg.text().startsWith('PHONE ')) say(msg.text().slice(6)); });
  page.on('pageerror', (e) => say('ERROR ' + e.message));
  await page.setContent('<!doctype html><title>phone</title>');
  await page.addScriptTag({ content: bundle });
  await page.evaluate((wsUrl, fromUri, targetUri) => {
    const out = (line) => console.log('PHONE ' + line);
    const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(wsUrl)], uri: fromUri, register: false });
    ua.on('connected', () => {
      out('READY');
      const sub = ua.subscribe(targetUri, 'presence', 'application/pidf+xml',
        { expires: 120, contentType: 'application/pidf+xml' });
      sub.on('accepted', () => out('ACCEPTED'));
      sub.on('notify', (isFinal, request, body) => out('NOTIFY ' + JSON.stringify({
        state: request.getHeader('Subscription-State'), via: request.getHeader('Via'), body: body || '' })));
      sub.on('terminated', (code, reason) => out('TERMINATED ' + code + ' ' + (reason || '')));
      sub.subscribe();
    });
    ua.on('disconnected', () => out('DISCONNECTED'));
    ua.start();
  }, wsUrl, fromUri, targetUri);
} catch (e) {
  say('ERROR ' + e.message);
  await stop(1);
}

// Drives `journey serve` in headless Chromium as a workshop would: a broken
// file, a fix, an edit, and prints how long each redraw took on the page.
// Usage (from the repository root, with Debian's chromium installed):
//   go build -o bin/ ./cmd/... && cp examples/online-store.yaml /tmp/map.yaml
//   bin/journey serve /tmp/map.yaml --addr 127.0.0.1:8765 &
//   (cd .ci/browser && npm ci) && node .ci/browser/serve-check.js /tmp/map.yaml
// Screenshots go to /tmp/journey-serve-*.png.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

(async () => {
  const file = process.argv[2];
  const base = process.argv[3] || 'http://127.0.0.1:8765/';
  const good = fs.readFileSync(path.join(__dirname, '../../examples/online-store.yaml'), 'utf8');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const step = async (name, content, ready) => {
    const t0 = Date.now();
    fs.writeFileSync(file, content);
    await page.waitForFunction(ready, null, { timeout: 10000 });
    console.log(`${name}: ${Date.now() - t0} ms`);
    await page.screenshot({ path: `/tmp/journey-serve-${name}.png` });
  };
  fs.writeFileSync(file, good);
  await page.goto(base);
  await page.waitForSelector('#map svg');
  await step('broken', good.replace('name: Checkout\n', 'nme: Checkout\n'),
    () => document.getElementById('status').textContent.includes('error') && document.querySelector('#map svg'));
  await step('fixed-and-edited', good.replace('name: Instagram ad', 'name: Radio spot'),
    () => (document.querySelector('#map svg') || {}).textContent.includes('Radio spot'));
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });

// Drives `journey serve` in headless Chromium as a workshop would, and fails
// (exit 1) when the page does not do what the README promises: draw the
// map, keep the last good map while the file has errors and list them, and
// redraw within a second of a save once the file is good again. Prints how
// long each redraw took on the page. .ci/browser/run.sh runs it in CI.
// By hand (from the repository root, with Debian's chromium installed):
//   go build -o bin/ ./cmd/... && cp examples/online-store.yaml /tmp/map.yaml
//   bin/journey serve /tmp/map.yaml --data examples/online-store.ga4.csv --addr 127.0.0.1:8765 &
//   (cd .ci/browser && npm ci) && node .ci/browser/serve-check.js /tmp/map.yaml
// Screenshots go to /tmp/journey-serve-*.png.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

// The README promises a redraw within a second of a save; the check allows
// three, for a CI machine busy with other work, and prints the time taken.
const redrawWithin = 3000;
const waitAtMost = 10000;

(async () => {
  const file = process.argv[2];
  const base = process.argv[3] || 'http://127.0.0.1:8765/';
  if (!file) throw new Error('usage: node serve-check.js MAP_FILE [BASE_URL]');
  const good = fs.readFileSync(path.join(__dirname, '../../examples/online-store.yaml'), 'utf8');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failed = false;
  const check = (ok, what) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed = true;
  };
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const mapSVG = () => page.evaluate(() => (document.querySelector('#map svg') || {}).outerHTML || '');
  const status = () => page.evaluate(() => document.getElementById('status').textContent);
  const problems = () => page.evaluate(() => {
    const p = document.getElementById('problems');
    return p.classList.contains('show') ? p.textContent : '';
  });
  // step saves content and waits until ready() holds on the page; it
  // fails the check when that takes longer than waitAtMost.
  const step = async (name, content, ready, arg) => {
    const t0 = Date.now();
    fs.writeFileSync(file, content);
    try {
      await page.waitForFunction(ready, arg, { timeout: waitAtMost });
    } catch (e) {
      check(false, `${name}: the page did not get there in ${waitAtMost} ms (status ${JSON.stringify(await status())})`);
      await page.screenshot({ path: `/tmp/journey-serve-${name}.png` });
      return false;
    }
    const ms = Date.now() - t0;
    console.log(`${name}: ${ms} ms`);
    await page.screenshot({ path: `/tmp/journey-serve-${name}.png` });
    return ms;
  };

  fs.writeFileSync(file, good);
  await page.goto(base);
  await page.waitForSelector('#map svg', { timeout: waitAtMost });
  const first = await mapSVG();
  check(first.includes('Instagram ad'), 'the first map is drawn from the file');
  check(first.includes('%'), 'the first map carries the figures of the data');

  // Broken files: the errors are listed, the map stays the last good one.
  const broken = [
    ['broken-key', good.replace('name: Checkout\n', 'nme: Checkout\n'), 'nme'],
    ['broken-yaml', good.replace('name: Checkout\n', 'name: [Checkout\n'), 'yaml-syntax'],
  ];
  for (const [name, content, mention] of broken) {
    const ok = await step(name, content,
      (m) => document.getElementById('status').textContent.includes('error') &&
        document.getElementById('problems').textContent.includes(m), mention);
    if (ok === false) continue;
    // Give a wrong redraw time to land before looking at the map.
    await page.waitForTimeout(2 * redrawWithin);
    check((await mapSVG()) === first, `${name}: the page keeps the last good map`);
    check((await problems()).includes('last good one'), `${name}: the page says the map is the last good one`);
  }

  // Fixed and edited: the page redraws with the edit and clears the errors.
  const ms = await step('fixed-and-edited', good.replace('name: Instagram ad', 'name: Radio spot'),
    () => (document.querySelector('#map svg') || { outerHTML: '' }).outerHTML.includes('Radio spot') &&
      document.getElementById('status').textContent === 'live');
  if (ms !== false) {
    check(ms <= redrawWithin, `fixed-and-edited: redrawn in ${ms} ms, within ${redrawWithin} ms`);
    check(!(await mapSVG()).includes('Instagram ad'), 'fixed-and-edited: the old name is gone from the map');
    check((await problems()) === '', 'fixed-and-edited: no problems listed');
  }
  // The switch: the canvas, redrawn in place at the next save, and back.
  await page.click('#views button[data-view="canvas"]');
  try {
    await page.waitForFunction(() => {
      const svg = document.querySelector('#map svg');
      return svg && svg.querySelector('.emotion-curve, #emotion-curve') && svg.outerHTML.includes('Radio spot');
    }, null, { timeout: waitAtMost });
    check(true, 'canvas: the switch shows the canvas with its emotion curve');
  } catch (e) {
    check(false, 'canvas: the switch did not show the canvas');
  }
  await page.screenshot({ path: '/tmp/journey-serve-canvas.png' });
  const canvasMs = await step('canvas-edited', good.replace('name: Instagram ad', 'name: Podcast ad'),
    () => {
      const svg = document.querySelector('#map svg');
      return svg && svg.querySelector('.emotion-curve, #emotion-curve') && svg.outerHTML.includes('Podcast ad');
    });
  if (canvasMs !== false) {
    check(canvasMs <= redrawWithin, `canvas-edited: the canvas redrawn in ${canvasMs} ms, within ${redrawWithin} ms`);
  }
  await page.click('#views button[data-view="flow"]');
  try {
    await page.waitForFunction(() => {
      const svg = document.querySelector('#map svg');
      return svg && !svg.querySelector('.emotion-curve, #emotion-curve') && svg.outerHTML.includes('Podcast ad');
    }, null, { timeout: waitAtMost });
    check(true, 'flow: the switch shows the flow picture again');
  } catch (e) {
    check(false, 'flow: the switch did not bring the flow picture back');
  }

  await browser.close();
  if (failed) {
    console.error('serve check: the page of journey serve did not behave as the README says');
    process.exit(1);
  }
  console.log('serve check: journey serve draws, keeps the last good map and redraws');
})().catch((e) => { console.error(e); process.exit(1); });

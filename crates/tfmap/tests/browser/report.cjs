// Drives the HTML report in headless Chromium for crates/tfmap/tests/report.rs:
//   node report.cjs CASES.json
// CASES.json: { "browser": { puppeteer launch options }, "cases": [ { "file", "search",
// "expect", "screenshot"? } ] }. For each report: opens it from its file URL with every
// request that is not a file request failed (and counted), then checks no console error,
// page error or dialog happened, that searching `search` and picking the first result shows
// `expect` in the details panel, that clicking a drawn node shows that node, that every
// level and toggle works, and that no script from the data ran (window.tfmapInjected).
// Prints one line per problem and exits 1 if there was any.
'use strict';
const fs = require('fs');
const url = require('url');
const puppeteer = require('puppeteer-core');

async function check(browser, test, problems) {
  const fail = (what) => problems.push(`${test.file}: ${what}`);
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 850 });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().startsWith('file:')) return request.continue();
    fail(`network request to ${request.url()}`);
    return request.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') fail(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => fail(`page error: ${error.message}`));
  page.on('dialog', async (dialog) => {
    fail(`dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
  const started = Date.now();
  await page.goto(url.pathToFileURL(test.file).href, { waitUntil: 'load' });
  await page.waitForSelector('#canvas svg');
  console.error(`${test.file}: opened in ${Date.now() - started} ms`);

  // Search, pick the first result, read the details panel.
  await page.type('#search', test.search);
  await page.waitForSelector('#results li button');
  await page.click('#results li button');
  const heading = await page.$eval('#details h2', (h) => h.textContent);
  if (heading !== test.expect) fail(`search "${test.search}" showed "${heading}", not "${test.expect}"`);
  const details = await page.$eval('#details', (d) => d.textContent);
  for (const word of ['file', 'role', 'platform', 'Attributes', 'Edges out', 'Edges in']) {
    if (!details.includes(word)) fail(`the details of "${test.expect}" lack "${word}"`);
  }
  if (test.screenshot) await page.screenshot({ path: test.screenshot });

  // Click a drawn node in each level: the panel shows what it stands for.
  const levels = await page.$$eval('#levels button', (buttons) => buttons.length);
  for (let level = 0; level < levels; level++) {
    await page.click(`#levels button:nth-child(${level + 1})`);
    // The largest node inside the viewport, clicked where the mouse would click it.
    const target = await page.evaluate(() => {
      const view = document.getElementById('viewport').getBoundingClientRect();
      let best = null;
      document.querySelectorAll('#canvas g.node:not(.hidden)').forEach((g) => {
        const r = g.getBoundingClientRect();
        const inside = r.left >= view.left && r.top >= view.top && r.right <= view.right && r.bottom <= view.bottom;
        if (inside && (!best || r.width * r.height > best.area)) {
          best = { id: g.id, x: r.left + r.width / 2, y: r.top + r.height / 2, area: r.width * r.height };
        }
      });
      if (!best) return null;
      const data = JSON.parse(document.getElementById('tfmap-data').textContent);
      const level = data.levels.find((l) => best.id.startsWith(l.name + '-'));
      const key = best.id.slice(level.name.length + 1);
      const index = Number(key.slice(1));
      best.expected = key[0] === 'n' ? data.nodes[index].id : level.summaries[index].title;
      return best;
    });
    if (!target) { fail(`level ${level} shows no node inside the viewport`); continue; }
    const expected = target.expected;
    await page.mouse.click(target.x, target.y);
    const shown = await page.$eval('#details h2', (h) => h.textContent);
    if (shown !== expected) fail(`clicking a node of level ${level} showed "${shown}", not "${expected}"`);
  }

  // The toggles, on and off, and the other tabs.
  for (const toggle of ['#show-implicit', '#show-raw', '#show-data']) {
    await page.click(toggle);
    await page.click(toggle);
  }
  for (const tab of ['findings', 'comparison', 'diagnostics', 'details']) {
    await page.click(`#tabs button[data-tab="${tab}"]`);
    if (await page.$eval(`#${tab}`, (t) => t.hidden)) fail(`tab ${tab} did not open`);
  }
  const injected = await page.evaluate(() => typeof window.tfmapInjected);
  if (injected !== 'undefined') fail('a script from the data ran (window.tfmapInjected is set)');
  await page.close();
}

(async () => {
  const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await puppeteer.launch(input.browser);
  const problems = [];
  try {
    for (const test of input.cases) {
      try {
        await check(browser, test, problems);
      } catch (error) {
        problems.push(`${test.file}: ${error.stack || error}`);
      }
    }
  } finally {
    await browser.close();
  }
  for (const problem of problems) console.log(problem);
  process.exit(problems.length ? 1 : 0);
})();

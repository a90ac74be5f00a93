// Drives the web console of a running local stack in headless Chromium (Debian's, not a downloaded one) and checks
// what a user sees: open an account and deposit through the forms, the balance and its chart update, a past
// instant's balance, the timeline's pages, a live event arriving, a 422 explained in words. Screenshots go to the
// given folder. Usage: node console.mjs <consoleUrl> <commandUrl> <screenshotDir>. It first imports an account with
// a backdated history of 15 events through the command API (the local stack allows occurredAt). Prints one JSON
// line per check; any failed check ends the script with exit code 1.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [consoleUrl, commandUrl, shots] = process.argv.slice(2);
const history = `ui-history-${Date.now()}`;
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 30_000;
mkdirSync(shots, { recursive: true });

const report = (check, detail) => console.log(JSON.stringify({ check, ...detail }));

async function text(page, selector) {
  return (await page.locator(selector).textContent()).trim();
}

async function expectText(page, selector, pattern, check) {
  await page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s)?.textContent ?? ''),
    [selector, pattern.source], { timeout: WAIT });
  report(check, { selector, text: await text(page, selector) });
}

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function field(page, name) {
  return text(page, `#account-summary dd[data-field="${name}"]`);
}

async function post(path, body) {
  const response = await fetch(commandUrl + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/** Opened 2025-01-10 with 100.00, then 10.00 on the 15th of each month from February 2025 to March 2026. */
async function importHistory() {
  await post('/accounts', { accountId: history, holder: 'Grace Hopper', initialDeposit: '100.00',
    occurredAt: '2025-01-10T09:00:00Z' });
  for (let i = 1; i <= 14; i++) {
    const month = new Date(Date.UTC(2025, i, 15, 9));
    await post(`/accounts/${history}/deposits`, { amount: '10.00', description: 'salary',
      occurredAt: month.toISOString() });
  }
  report('history imported', { account: history });
}

await importHistory();
const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  // refused answers (the 422) are logged as errors too: only the page's own policy breaches count here
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && errors.push(m.text()));
  await page.goto(consoleUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT });
  await expectText(page, '#live-state', /live: on/, 'live tail connected');
  await expectText(page, '#command-url', new RegExp(commandUrl.replace(/[.]/g, '\\.')), 'command service named');

  // open an account and deposit through the forms
  const id = `ui-${Date.now()}`;
  await page.fill('#open-form input[name=accountId]', id);
  await page.fill('#open-form input[name=holder]', 'Ada Lovelace');
  await page.fill('#open-form input[name=initialDeposit]', '100.00');
  await page.click('#open-form button[type=submit]');
  await expectText(page, '#account-title', new RegExp(`^${id}$`), 'opened account shown');
  await expectText(page, '#account-summary dd[data-field="balance"]', /^100\.00$/, 'balance after opening');
  await expectText(page, '#command-result', /Opened/, 'open confirmed');
  await shot(page, '01-opened');

  await page.fill('#deposit-form input[name=amount]', '25.50');
  await page.click('#deposit-form button[type=submit]');
  await expectText(page, '#account-summary dd[data-field="balance"]', /^125\.50$/, 'balance after deposit');
  await expectText(page, '#account-summary dd[data-field="version"]', /^2$/, 'version after deposit');
  await page.waitForFunction(() => {
    const points = Chart.getChart('balance-chart')?.data.datasets[0].data ?? [];
    return points.length === 2 && points[1].y === 125.5;
  }, null, { timeout: WAIT });
  report('balance chart updated', { points: await page.evaluate(
    () => Chart.getChart('balance-chart').data.datasets[0].data.map((p) => p.y)) });
  await page.fill('#search', 'ui-');
  await page.click('#search-form button[type=submit]');
  await expectText(page, '#account-list tbody', new RegExp(`${id}Ada Lovelace125\\.50OPEN`), 'found by search');
  await shot(page, '02-deposited');

  // a 422 explained: more than the balance
  await page.fill('#withdraw-form input[name=amount]', '1000.00');
  await page.click('#withdraw-form button[type=submit]');
  await expectText(page, '#command-result', /^422: Refused: the account has not got enough money/,
    '422 explained in words');
  if (await field(page, 'balance') !== '125.50') {
    throw new Error('a refused withdrawal changed the balance shown');
  }
  await shot(page, '03-refused');

  // the account with a backdated history: pick it from the list, a past instant, the timeline's pages
  await page.fill('#search', history);
  await page.click('#search-form button[type=submit]');
  await page.click(`#account-list tbody tr[data-account-id="${history}"]`);
  await expectText(page, '#account-title', new RegExp(`^${history}$`), 'history account opened from the list');
  await page.fill('#balance-at', '2025-02-01T12:00:00');
  await page.click('#balance-at-form button[type=submit]');
  await expectText(page, '#balance-at-result', /Balance at 2025-02-01 12:00:00 UTC: 100\.00 \(version 1\)/,
    'balance at a past instant');
  await page.fill('#balance-at', '2025-07-20T00:00:00');
  await page.click('#balance-at-form button[type=submit]');
  await expectText(page, '#balance-at-result', /: 160\.00 \(version 7\)/, 'balance at another past instant');

  await expectText(page, '#events-page', /^versions 1–10$/, 'timeline first page');
  await page.click('#events-next');
  await expectText(page, '#events-page', /^versions 11–15 \(the latest\)$/, 'timeline second page');
  const rows = await page.locator('#events tbody tr').count();
  if (rows !== 5) {
    throw new Error(`the second timeline page has ${rows} rows, not 5`);
  }
  await page.click('#events-first');
  await expectText(page, '#events-page', /^versions 1–10$/, 'timeline back to the first page');

  await page.fill('#year', '2025');
  await page.click('#year-form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#monthly-table tbody tr').length === 12,
    null, { timeout: WAIT });
  report('monthly statements 2025', { months: await page.locator('#monthly-table tbody tr').count() });

  // a live event: a deposit sent by someone else arrives in the tail and refreshes the open account
  await post(`/accounts/${history}/deposits`, { amount: '7.00' });
  await expectText(page, '#live-events', new RegExp(`${history} v16 MoneyDeposited 7\\.00`), 'live event arrived');
  await expectText(page, '#account-summary dd[data-field="version"]', /^16$/, 'open account refreshed by it');
  await expectText(page, '#account-summary dd[data-field="balance"]', /^247\.00$/, 'its new balance');

  // a transfer through the form, out of the new account into the history account, followed to COMPLETED
  await page.fill('#search', id);
  await page.click('#search-form button[type=submit]');
  await page.click(`#account-list tbody tr[data-account-id="${id}"]`);
  await expectText(page, '#account-title', new RegExp(`^${id}$`), 'new account opened again');
  await page.fill('#transfer-form input[name=toAccountId]', history);
  await page.fill('#transfer-form input[name=amount]', '5.00');
  await page.click('#transfer-form button[type=submit]');
  await expectText(page, '#command-result', /^Transfer \S+ is PENDING\.$/, 'transfer accepted');
  await expectText(page, '#account-summary dd[data-field="balance"]', /^120\.50$/, 'source debited');
  await expectText(page, '#transfers tbody', new RegExp(`out${history}5\\.00COMPLETED`), 'transfer out completed');
  await page.fill('#search', history);
  await page.click('#search-form button[type=submit]');
  await page.click(`#account-list tbody tr[data-account-id="${history}"]`);
  await expectText(page, '#transfers tbody', new RegExp(`in${id}5\\.00COMPLETED`), 'transfer in shown at the target');
  await expectText(page, '#account-summary dd[data-field="balance"]', /^252\.00$/, 'target credited');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500); // the chart's redraw: only for a steady screenshot
  await shot(page, 'console', false);
  await shot(page, '04-history');
  if (errors.length) {
    throw new Error(`errors in the page: ${errors.join('; ')}`);
  }
  report('done', { screenshots: shots });
} catch (e) {
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}

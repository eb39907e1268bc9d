// Loads the dashboard tab in Debian's Chromium (driven by playwright-core) as Teams would host it, once per scenario,
// and prints what the page showed as JSON for the test to check. The Teams SDK's host is answered by an init script:
// the SDK's frameless (mobile client) channel, window.nativeInterface, gets the host's replies to initialize,
// getContext and authentication.getAuthToken.
//   node check-dashboard.mjs '{"baseUrl":"http://127.0.0.1:5000/","chromium":"/usr/bin/chromium","scenarios":[...]}'
// A scenario: { name, token (null: getAuthToken fails), locale, oid, tid, query (e.g. "?as=…" for the local sign-in),
// clickFirstRep, width, height, filterWins: { search, bu, shared } (the wins list's filters, filled after the page settled) }.
import { chromium } from 'playwright-core';

const input = JSON.parse(process.argv[2]);

function teamsHost({ token, locale, oid, tid }) {
  window.nativeInterface = {
    framelessPostMessage(json) {
      const message = JSON.parse(json);
      const reply = (args) => setTimeout(() => window.onNativeMessage({ data: { id: message.id, uuidAsString: message.uuidAsString, args } }), 0);
      window.teamsHostCalls = [...(window.teamsHostCalls || []), message.func];
      switch (message.func) {
        case 'initialize':
          reply(['content', 'web', JSON.stringify({ apiVersion: 4, supports: { appInstallDialog: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {} } }), '2.58.0']);
          break;
        case 'getContext':
          reply([{ locale, theme: 'default', entityId: 'dashboard', userObjectId: oid, tid, hostClientType: 'web', frameContext: 'content', appSessionId: 'session-1', hostName: 'Teams' }]);
          break;
        case 'authentication.getAuthToken':
          reply(token ? [true, token] : [false, 'resourceRequiresConsent']);
          break;
        default:
          reply([]);
      }
    },
  };
}

const browser = await chromium.launch({ executablePath: input.chromium, args: ['--no-sandbox'] });
const results = [];
try {
  for (const scenario of input.scenarios) {
    const context = await browser.newContext({ locale: scenario.locale, viewport: { width: scenario.width || 1280, height: scenario.height || 900 } });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    if (!scenario.query) await page.addInitScript(teamsHost, scenario);
    const started = Date.now();
    await page.goto(new URL(`dashboard${scenario.query || ''}`, input.baseUrl).toString());
    // Settled: a message is shown, or every visible section's charts have drawn and its tables are filled.
    await page.waitForFunction(() => {
      if (!document.getElementById('message').hidden) return true;
      if (document.getElementById('views').hidden) return false;
      const sections = [...document.querySelectorAll('main section')].filter((s) => !s.hidden);
      return sections.length > 0 && sections.every((s) => [...s.querySelectorAll('canvas')].every((c) => c.dataset.drawn)
        && [...s.querySelectorAll('tbody')].every((b) => b.children.length > 0))
        && (document.getElementById('wins').hidden || document.getElementById('wins-count').textContent !== '');
    }, null, { timeout: 15000 });
    const settledMs = Date.now() - started;
    const read = () => page.evaluate(() => ({
      sections: [...document.querySelectorAll('main section')].filter((s) => !s.hidden).map((s) => s.id),
      drawn: [...document.querySelectorAll('canvas[data-drawn]')].filter((c) => !c.closest('section').hidden).map((c) => c.id),
      message: document.getElementById('message').hidden ? null : document.getElementById('message').textContent,
      reason: document.getElementById('message').dataset.reason || null,
      lang: document.documentElement.lang,
      headings: [...document.querySelectorAll('main section:not([hidden]) h2')].map((h) => h.textContent),
      teamRows: [...document.querySelectorAll('#team-table tbody tr')].map((r) => r.cells[0].textContent),
      sparklines: document.querySelectorAll('#team-table svg.spark polyline').length,
      exports: [...document.querySelectorAll('#exports a')].map((a) => a.getAttribute('href')),
      firstChartMs: window.dashboardFirstChartMs ?? null,
      hostCalls: window.teamsHostCalls || [],
      scrollWidth: document.documentElement.scrollWidth,
      blockerThemes: JSON.parse(document.getElementById('blockers-chart').dataset.themes || '[]'),
      wins: [...document.querySelectorAll('#wins-list li')].map((li) => li.textContent),
      winsCount: document.getElementById('wins-count').textContent,
      scrollHints: [...document.querySelectorAll('.scroll-hint')].filter((h) => !h.hidden && !h.closest('section').hidden).map((h) => h.nextElementSibling.querySelector('table').id),
      periods: [...document.querySelectorAll('main section:not([hidden]) .period')].map((p) => p.textContent),
      coachingEmpty: document.getElementById('coaching-empty').hidden ? null : document.getElementById('coaching-empty').textContent,
      repRequests: [...document.querySelectorAll('#rep-requests li')].map((li) => li.textContent),
      repSummary: document.getElementById('rep-summary').textContent,
      repCommitments: [...document.querySelectorAll('#rep-commitments li')].map((li) => li.textContent),
    }));
    const result = { name: scenario.name, settledMs, ...(await read()) };
    if (result.exports.length > 0) {
      // The first export, as a click downloads it: fetched with the tab's token, saved from the answer.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#exports a')]);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      result.download = { name: download.suggestedFilename(), firstLine: Buffer.concat(chunks).toString('utf8').split('\n')[0] };
    }
    if (scenario.sortBy) {
      await page.click(`#team-table th button[data-sort="${scenario.sortBy}"]`);
      await page.click(`#team-table th button[data-sort="${scenario.sortBy}"]`);
      result.sortedRows = (await read()).teamRows;
    }
    if (scenario.filterWins) {
      const { search, bu, shared } = scenario.filterWins;
      if (search) await page.fill('#wins-search', search);
      if (bu) await page.selectOption('#wins-bu', bu);
      if (shared) await page.check('#wins-shared');
      result.filteredWins = (await read()).wins;
    }
    if (scenario.clickFirstRep) {
      await page.click('#team-table tbody tr');
      await page.waitForFunction(() => document.getElementById('rep-chart').dataset.drawn && !document.getElementById('rep').hidden, null, { timeout: 10000 });
      result.rep = await read();
      result.repName = await page.textContent('#rep-name');
    }
    if (scenario.screenshot) await page.screenshot({ path: scenario.screenshot, fullPage: true });
    result.consoleErrors = consoleErrors;
    results.push(result);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));

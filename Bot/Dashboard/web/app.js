// The CoachBot dashboard tab. Signs in with Teams single sign-on (authentication.getAuthToken), reads
// /api/dashboard/{view} with that token, and draws what the server allows this person to see.
import { app, authentication } from '@microsoft/teams-js';
import {
  Chart, LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip,
} from 'chart.js';
import { languageOf, texts } from './strings.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

const $ = (id) => document.getElementById(id);
const state = { auth: '', locale: 'en', text: null, me: null, charts: {}, team: null, wins: [], sort: { key: 'regionId', dir: 1 } };
const palette = ['#5b5fc7', '#e3008c', '#00a2ad', '#c19c00', '#8764b8', '#498205', '#ca5010', '#038387'];

// Marks each canvas once it has drawn, and the time of the first chart drawn since the page started (what the benchmark reads).
Chart.register({
  id: 'drawn',
  afterRender(chart) {
    if (!chart.canvas.dataset.drawn) {
      chart.canvas.dataset.drawn = 'true';
      if (window.dashboardFirstChartMs === undefined) window.dashboardFirstChartMs = performance.now();
    }
  },
});

async function signIn() {
  const as = new URLSearchParams(location.search).get('as');
  if (as) {
    // The local run only: the server accepts this in Development with Dashboard:LocalSignIn, and refuses it anywhere else.
    return { auth: `Local ${as}`, locale: navigator.language };
  }
  try {
    await app.initialize();
  } catch {
    return { error: 'notInTeams', locale: navigator.language };
  }
  const context = await app.getContext();
  const locale = context.app?.locale || navigator.language;
  try {
    const token = await authentication.getAuthToken();
    return { auth: `Bearer ${token}`, locale };
  } catch {
    return { error: 'signIn', locale };
  }
}

function show(message) {
  const box = $('message');
  box.textContent = state.text.t(message);
  box.hidden = false;
  box.dataset.reason = message;
}

async function get(path) {
  const response = await fetch(`/api/dashboard/${path}`, { headers: { Authorization: state.auth } });
  if (response.ok) return response.json();
  const problem = await response.json().catch(() => ({}));
  const error = new Error(problem.title || String(response.status));
  error.status = response.status;
  error.title = problem.title;
  throw error;
}

// An export is fetched with the tab's sign-in token, like the views: no credential ever sits in a URL.
async function download(url) {
  const response = await fetch(`${url}?weeks=${$('period').value}`, { headers: { Authorization: state.auth } });
  if (!response.ok) return fail({ status: response.status });
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '')?.[1] || 'export.csv';
  const file = URL.createObjectURL(await response.blob());
  const save = Object.assign(document.createElement('a'), { href: file, download: name });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(file), 60_000);
}

function fail(error) {
  if (error.status === 401) show('signIn');
  else if (error.title === 'not-on-roster') show('notOnRoster');
  else show('failed');
}

const percent = (v, digits = 0) => (v === null || v === undefined ? '–'
  : new Intl.NumberFormat(state.locale, { style: 'percent', maximumFractionDigits: digits }).format(v));
const signed = (v) => new Intl.NumberFormat(state.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v);
const money = (v, currency) => new Intl.NumberFormat(state.locale, { style: 'currency', currency, maximumFractionDigits: 0, notation: 'compact' }).format(v);

function weekLabel(iso) {
  const [year, week] = iso.split('-W').map(Number);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() + ((week - 1) * 7 - ((jan4.getUTCDay() + 6) % 7)) * 86400000);
  return new Intl.DateTimeFormat(state.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(monday);
}

// "2026-10-13" as the locale writes a day.
const day = (iso) => new Intl.DateTimeFormat(state.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const periodLine = (view) => state.text.t('periodLine', { from: day(view.from), to: day(view.to) });

// A table wider than its box says that it scrolls sideways (a hint above it, its right edge shaded).
function markScrolling() {
  document.querySelectorAll('.scroll').forEach((box) => {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('overflows', overflows);
    const hint = box.previousElementSibling;
    if (hint && hint.classList.contains('scroll-hint')) hint.hidden = !overflows;
  });
}
window.addEventListener('resize', markScrolling);

function draw(id, config) {
  state.charts[id]?.destroy();
  const canvas = $(id);
  delete canvas.dataset.drawn;
  config.options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
  state.charts[id] = new Chart(canvas, config);
}

const rateAxis = { min: 0, max: 1, ticks: { callback: (v) => percent(v) } };

function presenceDatasets(series, target, labels) {
  // spanGaps false: a week nobody answered is a gap in the line, never a zero.
  return [
    ...series.map((s, i) => ({ label: s.name, data: s.rates, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], spanGaps: false, tension: 0.2 })),
    { label: state.text.t('target'), data: labels.map(() => target), borderColor: '#8a8886', borderDash: [6, 4], pointRadius: 0, borderWidth: 1 },
  ];
}

function filters() {
  const query = new URLSearchParams({ weeks: $('period').value });
  if ($('region').value) query.set('region', $('region').value);
  if ($('bu').value) query.set('bu', $('bu').value);
  return query.toString();
}

async function drawRegions() {
  const view = await get(`regions?${filters()}`);
  const series = [{ ...view.team, name: state.text.t('team') }, ...view.regions];
  draw('regions-chart', {
    type: 'line',
    data: { labels: view.weeks.map(weekLabel), datasets: presenceDatasets(series, view.target, view.weeks) },
    options: { scales: { y: rateAxis }, plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent(c.parsed.y)}` } } } },
  });
}

function sparkline(values) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 100 20');
  svg.setAttribute('preserveAspectRatio', 'none');
  const step = values.length > 1 ? 100 / (values.length - 1) : 0;
  let points = [];
  const flush = () => {
    if (points.length) {
      const line = document.createElementNS(svg.namespaceURI, 'polyline');
      line.setAttribute('points', points.length === 1 ? `${points[0]} ${points[0].replace(/^[\d.]+/, (x) => Number(x) + 1)}` : points.join(' '));
      svg.append(line);
    }
    points = [];
  };
  values.forEach((v, i) => {
    if (v === null) flush();
    else points.push(`${(i * step).toFixed(1)},${(19 - v * 18).toFixed(1)}`);
  });
  flush();
  return svg;
}

function renderTeam() {
  const { key, dir } = state.sort;
  const rows = [...state.team.reps].sort((a, b) => {
    const x = a[key], y = b[key];
    if (x === y) return a.name.localeCompare(b.name, state.locale);
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === 'string' ? x.localeCompare(y, state.locale) : x - y) * dir;
  });
  const body = $('team-table').tBodies[0];
  body.replaceChildren(...rows.map((rep) => {
    const tr = document.createElement('tr');
    tr.dataset.rep = rep.id;
    tr.tabIndex = 0;
    const cells = [rep.name, state.me.regions.find((r) => r.id === rep.regionId)?.name ?? rep.regionId, null,
      rep.thisWeek === null ? state.text.t('noAnswer') : percent(rep.thisWeek),
      rep.trend === null ? '–' : `${rep.trend >= 0 ? '↗' : '↘'} ${state.text.t('perWeek', { v: signed(rep.trend * 100) })}`];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      if (i === 2) td.append(sparkline(rep.presence));
      else td.textContent = text;
      if (i === 3 && rep.thisWeek !== null && rep.thisWeek < state.team.target) td.className = 'down';
      tr.append(td);
    });
    tr.title = state.text.n('answered', rep.answered, { m: rep.expected });
    const open = () => openRep(rep.id, true);
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    return tr;
  }));
  document.querySelectorAll('#team-table th button').forEach((b) => {
    b.setAttribute('aria-sort', b.dataset.sort === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
  });
}

async function drawTeam() {
  state.team = await get(`team?${filters()}`);
  renderTeam();
  markScrolling();
}

async function drawRequests() {
  const view = await get(`requests?${filters()}`);
  const units = view.businessUnits;
  $('requests-period').textContent = periodLine(view);
  const categories = [...new Set(units.flatMap((u) => u.objections.map((o) => o.category)))];
  draw('requests-chart', {
    type: 'bar',
    data: {
      labels: units.map((u) => u.name),
      datasets: [
        { label: state.text.t('open'), data: units.map((u) => u.open), backgroundColor: palette[0] },
        { label: state.text.t('escalations'), data: units.map((u) => u.escalationsRaised), backgroundColor: palette[1] },
        ...categories.map((c, i) => ({
          label: state.text.of('categories', c), stack: 'objections', backgroundColor: palette[(i + 2) % palette.length],
          data: units.map((u) => u.objections.find((o) => o.category === c)?.count ?? 0),
        })),
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  $('requests-table').tBodies[0].replaceChildren(...units.map((u) => {
    const tr = document.createElement('tr');
    const cells = [u.name, String(u.open), u.open ? state.text.n('days', u.oldestDays) : '–',
      u.medianHoursToAcknowledge === null ? '–' : state.text.n('hours', Math.round(u.medianHoursToAcknowledge)),
      String(u.escalationsRaised),
      u.objections.length ? u.objections.map((o) => `${state.text.of('categories', o.category)} ${o.count}`).join(', ') : '–'];
    tr.append(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
    return tr;
  }));
  markScrolling();
}

async function drawScoreboard() {
  const view = await get(`scoreboard?${filters()}`);
  const lines = view.businessUnits;
  draw('scoreboard-chart', {
    type: 'bar',
    data: {
      labels: lines.map((l) => l.name),
      datasets: [
        { label: state.text.t('delivered'), data: lines.map((l) => l.share ?? 0), backgroundColor: palette[0] },
        { label: state.text.t('objective'), data: lines.map(() => 1), backgroundColor: 'rgba(138, 136, 134, 0.35)', grouped: false, order: 1 },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: Math.max(1, ...lines.map((l) => l.share ?? 0)), ticks: { callback: (v) => percent(v) } } } },
  });
  $('scoreboard-list').replaceChildren(...lines.map((l) => Object.assign(document.createElement('li'), {
    textContent: `${l.name}: ${money(l.delivered, l.currency)} / ${money(l.objective, l.currency)} (${percent(l.share)}), ${state.text.n('deals', l.deliveredCount)}, ${state.text.n('winsCredited', l.winsCredited ?? 0)}`,
  })));
}

// Blockers by theme over the period: one stacked bar per week, one colour per theme (those without a theme as "Other").
async function drawBlockers() {
  const view = await get(`blockers?${filters()}&lang=${languageOf(state.locale)}`);
  const weeks = [...new Set(view.blockers.map((b) => b.week))].sort();
  const labels = Object.fromEntries(view.themes.map((t) => [t.id, t.name]));
  const themes = [...new Set(view.blockers.map((b) => b.theme ?? ''))].sort((a, b) => (a === '') - (b === '') || a.localeCompare(b));
  $('blockers-none').hidden = view.blockers.length > 0;
  // The themes drawn, in legend order, for whoever reads the page (the browser tests among them).
  $('blockers-chart').dataset.themes = JSON.stringify(themes.map((t) => (t ? labels[t] ?? t : state.text.t('otherTheme'))));
  draw('blockers-chart', {
    type: 'bar',
    data: {
      labels: weeks.map(weekLabel),
      datasets: themes.map((theme, i) => ({
        label: theme ? labels[theme] ?? theme : state.text.t('otherTheme'),
        data: weeks.map((w) => view.blockers.filter((b) => b.week === w && (b.theme ?? '') === theme).length),
        backgroundColor: theme ? palette[i % palette.length] : '#8a8886',
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

// The wins of the period, newest first, filtered on the page: words, the BU credited, shared only.
function renderWins() {
  const words = $('wins-search').value.trim().toLowerCase();
  const bu = $('wins-bu').value;
  const sharedOnly = $('wins-shared').checked;
  const units = Object.fromEntries(state.me.businessUnits.map((b) => [b.id, b.name]));
  const shown = state.wins.filter((w) => (!words || `${w.rep} ${w.text} ${w.customer}`.toLowerCase().includes(words))
    && (!bu || w.buCredited === bu) && (!sharedOnly || w.shared));
  $('wins-count').textContent = state.text.n('winsCount', shown.length);
  $('wins-list').replaceChildren(...shown.map((w) => {
    const item = document.createElement('li');
    const credit = w.buCredited ? ` · ${state.text.t('creditedTo', { bu: units[w.buCredited] ?? w.buCredited })}` : '';
    item.textContent = `${weekLabel(w.week)} · ${w.rep}: ${w.text}${w.customer ? ` · ${w.customer}` : ''}${credit}${w.shared ? '' : ` · ${state.text.t('notShared')}`}`;
    item.dataset.bu = w.buCredited ?? '';
    return item;
  }));
}

async function drawWins() {
  const view = await get(`wins?${filters()}`);
  state.wins = view.wins;
  renderWins();
}

async function drawCoaching() {
  const view = await get(`coaching?${filters()}`);
  draw('coaching-chart', {
    type: 'bar',
    data: {
      labels: view.tracks.map((t) => state.text.of('tracks', t.track)),
      datasets: [
        { label: state.text.t('progress'), data: view.tracks.map((t) => t.progress ?? 0), backgroundColor: palette[2] },
        { label: state.text.t('done'), data: view.tracks.map((t) => (t.sent ? t.done / t.sent : 0)), backgroundColor: palette[3] },
      ],
    },
    options: { scales: { y: rateAxis } },
  });
  // Nothing sent in the period: say so and why, rather than an empty chart.
  $('coaching-period').textContent = periodLine(view);
  const empty = view.tracks.length === 0;
  $('coaching-empty').textContent = empty ? state.text.t('coachingEmpty', { from: day(view.from), to: day(view.to) }) : '';
  $('coaching-empty').hidden = !empty;
  $('coaching-chart-box').hidden = empty;
}

async function openRep(id, fromTable) {
  const view = await get(`rep/${encodeURIComponent(id)}?weeks=${$('period').value}`);
  for (const section of ['regions', 'team', 'requests', 'scoreboard', 'coaching', 'blockers', 'wins']) $(section).hidden = true;
  $('rep').hidden = false;
  $('back').hidden = !fromTable;
  $('rep-name').textContent = view.name;
  $('rep-summary').textContent = `${state.text.t('average', { a: percent(view.average), t: percent(view.target) })} · ${state.text.n('coachingDone', view.coachingDone, { m: view.coachingLength })}`;
  draw('rep-chart', {
    data: {
      labels: view.weeks.map(weekLabel),
      datasets: [
        { type: 'line', label: state.text.t('presence'), data: view.presence, borderColor: palette[0], backgroundColor: palette[0], spanGaps: false, yAxisID: 'y' },
        { type: 'line', label: state.text.t('target'), data: view.weeks.map(() => view.target), borderColor: '#8a8886', borderDash: [6, 4], pointRadius: 0, borderWidth: 1, yAxisID: 'y' },
        { type: 'bar', label: state.text.t('visits'), data: view.visits, backgroundColor: 'rgba(0, 162, 173, 0.45)', yAxisID: 'visits' },
      ],
    },
    options: { scales: { y: rateAxis, visits: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } } } },
  });
  // Each list says "none" in its own words: French "aucune demande", "aucun engagement".
  const list = (id, items, text, none) => $(id).replaceChildren(...(items.length
    ? items.map((item) => Object.assign(document.createElement('li'), { textContent: text(item) }))
    : [Object.assign(document.createElement('li'), { textContent: state.text.t(none) })]));
  list('rep-requests', view.openRequests, (r) => `${r.reference} · ${r.businessUnitName || r.businessUnitId} · ${r.customer} · ${state.text.of('states', r.state)} · ${state.text.n('days', r.ageDays)}`, 'noneRequests');
  list('rep-commitments', view.commitments, (c) => `${weekLabel(c.week)} · ${c.commitment}`, 'noneCommitments');
}

function closeRep() {
  $('rep').hidden = true;
  for (const view of state.me.views) if (view !== 'rep') $(view).hidden = false;
}

async function refresh() {
  const draws = {
    regions: drawRegions, team: drawTeam, requests: drawRequests, scoreboard: drawScoreboard, coaching: drawCoaching, blockers: drawBlockers, wins: drawWins,
  };
  const views = state.me.views.filter((v) => v in draws);
  // A rep sees their own page, with their own wins and blockers under it.
  const own = views.filter((v) => v === 'blockers' || v === 'wins');
  try {
    if (views.length === own.length && state.me.repId) {
      await openRep(state.me.repId, false);
      for (const v of own) $(v).hidden = false;
      await Promise.all(own.map((v) => draws[v]()));
    }
    else await Promise.all(views.map((v) => draws[v]()));
  } catch (error) {
    fail(error);
  }
}

function fillSelect(select, options, allLabel) {
  select.replaceChildren(...[...(allLabel ? [['', allLabel]] : []), ...options].map(([value, label]) => Object.assign(document.createElement('option'), { value, textContent: label })));
}

// The chat's rule: the person's own choice (language en|fr), else the Teams locale when it is English or French, else
// the roster's language (me.language, the organisation's default when the roster names none).
function pageLanguage(me, locale) {
  if (me.chosenLanguage) return me.chosenLanguage;
  return /^(en|fr)\b/i.test(locale || '') ? languageOf(locale) : me.language;
}

// Words in that language; numbers and dates as the Teams locale writes them when it is of the same language.
function applyLanguage(language, locale) {
  state.locale = locale && languageOf(locale) === language && /^(en|fr)\b/i.test(locale) ? locale : language;
  state.language = language;
  state.text = texts(language, state.locale);
  document.documentElement.lang = language;
  document.querySelectorAll('[data-text]').forEach((el) => { el.textContent = state.text.t(el.dataset.text); });
}

async function start() {
  const session = await signIn();
  applyLanguage(languageOf(session.locale || 'en'), session.locale || 'en');
  if (session.error) return show(session.error);
  state.auth = session.auth;
  try {
    state.me = await get('me');
  } catch (error) {
    return fail(error);
  }
  const me = state.me;
  applyLanguage(pageLanguage(me, session.locale), session.locale);
  if (me.views.length === 0) return show('nothing');
  fillSelect($('period'), me.periods.map((n) => [String(n), state.text.t('weeksOption', { n })]));
  fillSelect($('region'), me.regions.map((r) => [r.id, r.name]), state.text.t('all'));
  fillSelect($('bu'), me.businessUnits.map((b) => [b.id, b.name]), state.text.t('all'));
  $('region').parentElement.hidden = me.regions.length < 2;
  $('bu').parentElement.hidden = me.businessUnits.length < 2 || !me.views.includes('requests');
  $('filters').hidden = false;
  if (me.exports && me.exports.length) {
    $('exports').replaceChildren(...me.exports.map((e) => {
      const link = Object.assign(document.createElement('a'), {
        href: e.url, textContent: state.text.t('export', { d: state.text.of('datasets', e.dataset) }),
      });
      link.addEventListener('click', (event) => { event.preventDefault(); download(e.url); });
      return link;
    }));
    $('exports').hidden = false;
  }
  for (const view of me.views) if (view !== 'rep') $(view).hidden = false;
  $('views').hidden = false;
  $('filters').addEventListener('change', () => { if (!$('rep').hidden && $('back').hidden === false) closeRep(); refresh(); });
  $('back').addEventListener('click', closeRep);
  fillSelect($('wins-bu'), me.businessUnits.map((b) => [b.id, b.name]), state.text.t('all'));
  for (const id of ['wins-search', 'wins-bu', 'wins-shared']) $(id).addEventListener('input', renderWins);
  document.querySelectorAll('#team-table th button').forEach((b) => b.addEventListener('click', () => {
    state.sort = { key: b.dataset.sort, dir: state.sort.key === b.dataset.sort ? -state.sort.dir : 1 };
    renderTeam();
  }));
  await refresh();
  if (session.auth.startsWith('Bearer')) app.notifySuccess();
}

start();

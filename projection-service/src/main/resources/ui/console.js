// The kes web console: the projection's read models of an account (chart, statements, balance at an instant,
// timeline, transfers), the account list, a live tail of new events, and forms that send commands to the command
// service. Plain ES modules; the chart library (Chart.js, vendored under vendor/) is the global `Chart`.
import { command, explain, ProblemError, query, stream } from './api.js';

const $ = (id) => document.getElementById(id);
const PAGE = 20;
const TIMELINE_PAGE = 10;
const CHART_EVENTS_MAX = 5000;
const TRANSFER_FOLLOWS = 30;
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const state = {
  commandUrl: null,
  listNext: null,
  search: '',
  account: null,          // the open account's current view
  timelineFrom: 1,
  charts: {},
};

// ---------------------------------------------------------------------------------------------------- helpers

function text(value) {
  return value === undefined || value === null ? '' : String(value);
}

function cell(row, value, className) {
  const td = row.insertCell();
  td.textContent = text(value);
  if (className) {
    td.className = className;
  }
  return td;
}

function formatMoney(value) {
  return value === undefined || value === null ? '' : money.format(Number(value));
}

function formatInstant(value) {
  return value ? value.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
}

/** A fresh Idempotency-Key (randomUUID needs a secure context; getRandomValues does not). */
function newKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function showResult(message, ok) {
  const box = $('command-result');
  box.textContent = message;
  box.className = ok ? 'ok' : 'error';
}

function utcYear() {
  return new Date().getUTCFullYear();
}

// ----------------------------------------------------------------------------------------------- account list

async function loadList(append) {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (append && state.listNext) {
    params.set('after', state.listNext);
  } else if (state.search) {
    // the ids from the prefix on: `after` is exclusive, the exact id is asked for on its own
    params.set('after', state.search);
  }
  const body = tbody('account-list');
  if (!append) {
    body.replaceChildren();
    if (state.search) {
      const exact = await query(`/accounts/${encodeURIComponent(state.search)}`, { allowMissing: true });
      if (exact) {
        listRow(body, exact);
      }
    }
  }
  const page = await query(`/accounts?${params}`);
  const accounts = state.search ? page.accounts.filter((a) => a.accountId.startsWith(state.search)) : page.accounts;
  accounts.forEach((account) => listRow(body, account));
  const more = page.next && (!state.search || accounts.length === page.accounts.length);
  state.listNext = more ? page.next : null;
  $('list-more').hidden = !state.listNext;
  $('list-message').textContent = body.rows.length ? '' : (state.search ? 'No account matches.' : 'No accounts yet.');
}

function tbody(tableId) {
  return $(tableId).tBodies[0];
}

function listRow(body, account) {
  const row = body.insertRow();
  row.dataset.accountId = account.accountId;
  fillListRow(row, account);
  row.addEventListener('click', () => openAccount(account.accountId));
}

function fillListRow(row, account) {
  row.replaceChildren();
  cell(row, account.accountId);
  cell(row, account.holder);
  cell(row, formatMoney(account.balance), 'num');
  cell(row, account.status);
  row.classList.toggle('selected', state.account?.accountId === account.accountId);
}

function updateListRow(account) {
  const row = tbody('account-list').querySelector(`tr[data-account-id="${CSS.escape(account.accountId)}"]`);
  if (row) {
    fillListRow(row, account);
  }
}

// ---------------------------------------------------------------------------------------------- account page

async function openAccount(id, position) {
  const path = `/accounts/${encodeURIComponent(id)}` + (position ? `?position=${encodeURIComponent(position)}` : '');
  let account;
  try {
    account = await query(path);
  } catch (e) {
    showResult(e.message, false);
    return;
  }
  const switched = state.account?.accountId !== account.accountId;
  state.account = account;
  if (location.hash !== `#account=${encodeURIComponent(id)}`) {
    history.replaceState(null, '', `#account=${encodeURIComponent(id)}`);
  }
  $('account').hidden = false;
  $('nothing-open').hidden = true;
  $('account-title').textContent = account.accountId;
  for (const dd of document.querySelectorAll('#account-summary dd')) {
    const field = dd.dataset.field;
    dd.textContent = field === 'balance' ? formatMoney(account.balance)
      : field.endsWith('At') ? formatInstant(account[field]) : text(account[field]);
  }
  for (const row of tbody('account-list').rows) {
    row.classList.toggle('selected', row.dataset.accountId === account.accountId);
  }
  updateListRow(account);
  if (switched) {
    $('command-result').textContent = '';
    $('balance-at-result').textContent = '';
    state.timelineFrom = 1;
  }
  await Promise.all([loadHistory(account), loadTimeline(), loadMonths()]);
}

/** Every event (up to a bound) in version order: the balance chart and the transfers come from them. */
async function allEvents(id) {
  const events = [];
  let from = 1;
  while (from && events.length < CHART_EVENTS_MAX) {
    const page = await query(`/accounts/${encodeURIComponent(id)}/events?fromVersion=${from}&limit=1000`);
    events.push(...page.events);
    from = page.nextVersion;
  }
  return events;
}

/** The balance after each event: its own balanceAfter where it has one, else the running sum. */
function balances(events) {
  let balance = 0;
  const points = [];
  for (const event of events) {
    const d = event.data || {};
    const amount = Number(d.amount || 0);
    switch (event.type) {
      case 'AccountOpened': balance = Number(d.initialDeposit || 0); break;
      case 'MoneyDeposited': case 'InterestAdded': case 'TransferCredited': case 'TransferRefunded':
        balance += amount; break;
      case 'MoneyWithdrawn': case 'TransferDebited': balance -= amount; break;
      default: break;
    }
    if (d.balanceAfter !== undefined && d.balanceAfter !== null) {
      balance = Number(d.balanceAfter);
    }
    points.push({ x: Date.parse(event.occurredAt), y: balance, version: event.version });
  }
  return points;
}

async function loadHistory(account) {
  const events = await allEvents(account.accountId);
  drawBalance(balances(events));
  await showTransfers(events);
}

function chart(id, config) {
  state.charts[id]?.destroy();
  state.charts[id] = new Chart($(id), config);
}

function drawBalance(points) {
  chart('balance-chart', {
    type: 'line',
    data: { datasets: [{ label: 'balance', data: points, stepped: 'before', borderColor: '#2563eb',
      backgroundColor: 'rgba(37, 99, 235, .12)', fill: true, pointRadius: 3 }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', ticks: { callback: (v) => new Date(v).toISOString().slice(0, 10) } } },
      plugins: { tooltip: { callbacks: {
        title: (items) => new Date(items[0].parsed.x).toISOString().replace('.000Z', 'Z'),
        label: (item) => `balance ${formatMoney(item.parsed.y)} (version ${item.raw.version})`,
      } } },
    },
  });
}

async function showTransfers(events) {
  const body = tbody('transfers');
  body.replaceChildren();
  const moves = events.filter((e) => ['TransferDebited', 'TransferCredited', 'TransferRefunded'].includes(e.type));
  for (const event of moves.reverse()) {
    const d = event.data;
    const row = body.insertRow();
    row.dataset.transferId = d.transferId;
    cell(row, formatInstant(event.occurredAt));
    cell(row, d.transferId);
    cell(row, event.type === 'TransferDebited' ? 'out' : event.type === 'TransferCredited' ? 'in' : 'refund in');
    cell(row, d.toAccountId || d.fromAccountId);
    cell(row, formatMoney(d.amount), 'num');
    followTransfer(d.transferId, cell(row, '…'), TRANSFER_FOLLOWS);
  }
  $('transfers-message').textContent = moves.length ? '' : 'No transfers in or out.';
}

/** Shows a transfer's status, asking again while it is PENDING (the transfer manager credits or refunds it). */
function followTransfer(transferId, status, tries) {
  query(`/transfers/${encodeURIComponent(transferId)}`, { allowMissing: true })
    .then((t) => {
      status.textContent = t ? t.status + (t.reason ? ` (${t.reason})` : '') : 'not projected yet';
      if ((!t || t.status === 'PENDING') && tries > 1 && status.isConnected) {
        setTimeout(() => followTransfer(transferId, status, tries - 1), 1000);
      }
    })
    .catch((e) => { status.textContent = e.message; });
}

async function loadTimeline() {
  const id = state.account.accountId;
  const page = await query(`/accounts/${encodeURIComponent(id)}/events?fromVersion=${state.timelineFrom}`
    + `&limit=${TIMELINE_PAGE}`);
  const body = tbody('events');
  body.replaceChildren();
  for (const event of page.events) {
    const row = body.insertRow();
    cell(row, event.version, 'num');
    cell(row, formatInstant(event.occurredAt));
    cell(row, event.type);
    cell(row, Object.entries(event.data || {}).filter(([, v]) => v !== null && v !== '')
      .map(([k, v]) => `${k}: ${v}`).join(', '));
  }
  const last = page.events.length ? page.events[page.events.length - 1].version : state.timelineFrom - 1;
  $('events-page').textContent = page.events.length
    ? `versions ${page.events[0].version}–${last}` + (page.nextVersion ? '' : ' (the latest)') : 'no events';
  $('events-next').disabled = !page.nextVersion;
  $('events-next').dataset.from = page.nextVersion || '';
  $('events-first').disabled = state.timelineFrom === 1;
}

async function loadMonths() {
  const id = state.account.accountId;
  const year = Number($('year').value) || utcYear();
  const body = tbody('monthly-table');
  body.replaceChildren();
  let months = [];
  try {
    months = (await query(`/accounts/${encodeURIComponent(id)}/monthly-snapshots?year=${year}`)).months;
    $('monthly-message').textContent = '';
  } catch (e) {
    $('monthly-message').textContent = e.message;
  }
  for (const m of months) {
    const row = body.insertRow();
    cell(row, m.month);
    for (const field of ['openingBalance', 'deposits', 'withdrawals', 'interest', 'transfersIn', 'transfersOut',
      'closingBalance']) {
      cell(row, formatMoney(m[field]), 'num');
    }
    cell(row, m.eventCount, 'num');
  }
  const labels = months.map((m) => m.month);
  const series = (field) => months.map((m) => Number(m[field]));
  chart('monthly-chart', {
    data: {
      labels,
      datasets: [
        { type: 'bar', label: 'deposits', data: series('deposits'), backgroundColor: '#22c55e' },
        { type: 'bar', label: 'withdrawals', data: series('withdrawals').map((v) => -v), backgroundColor: '#ef4444' },
        { type: 'bar', label: 'interest', data: series('interest'), backgroundColor: '#a855f7' },
        { type: 'bar', label: 'transfers in', data: series('transfersIn'), backgroundColor: '#14b8a6' },
        { type: 'bar', label: 'transfers out', data: series('transfersOut').map((v) => -v),
          backgroundColor: '#f97316' },
        { type: 'line', label: 'closing balance', data: series('closingBalance'), borderColor: '#2563eb' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false },
  });
}

async function balanceAt(event) {
  event.preventDefault();
  const local = $('balance-at').value; // YYYY-MM-DDTHH:MM[:SS], read as UTC
  const at = `${local.length === 16 ? `${local}:00` : local}Z`;
  const out = $('balance-at-result');
  try {
    const answer = await query(`/accounts/${encodeURIComponent(state.account.accountId)}/balance`
      + `?at=${encodeURIComponent(at)}`);
    out.textContent = `Balance at ${formatInstant(answer.at)}: ${formatMoney(answer.balance)} (version ${answer.version})`;
  } catch (e) {
    out.textContent = e.message;
  }
}

// --------------------------------------------------------------------------------------------------- commands

/**
 * Sends a form's command. The form keeps its Idempotency-Key while the outcome is unknown (504, no answer), so
 * that sending again cannot apply the command twice; any definite answer starts a new key.
 */
async function send(form, path, body, { ifMatch, onDone }) {
  if (!state.commandUrl) {
    showResult('No command service is configured for this console (ui.command.url).', false);
    return;
  }
  form.dataset.key ||= newKey();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const result = await command(state.commandUrl, path, body, { ifMatch, key: form.dataset.key });
    delete form.dataset.key;
    await onDone(result);
  } catch (e) {
    if (!(e instanceof ProblemError)) {
      throw e;
    }
    const unknown = e.status === 0 || e.status === 504;
    if (!unknown) {
      delete form.dataset.key;
    }
    showResult(e.message, false);
    if (e.problem.type === 'urn:kes:problem:version-conflict' && state.account) {
      await openAccount(state.account.accountId);
      showResult(e.message, false);
    }
  } finally {
    button.disabled = false;
  }
}

function fields(form) {
  const values = Object.fromEntries(new FormData(form).entries());
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' && v.trim() === '') {
      delete values[k];
    } else if (typeof v === 'string') {
      values[k] = v.trim();
    }
  }
  return values;
}

function accountCommand(formId, path, describe) {
  $(formId).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const account = state.account;
    await send(form, `/accounts/${encodeURIComponent(account.accountId)}${path}`, fields(form), {
      ifMatch: account.version,
      onDone: async (result) => {
        form.reset();
        showResult(describe(result), true);
        await openAccount(account.accountId, result.position);
      },
    });
  });
}

function wireCommands() {
  $('open-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    await send(form, '/accounts', fields(form), {
      onDone: async (result) => {
        form.reset();
        await openAccount(result.accountId, result.position);
        showResult(`Opened ${result.accountId}: balance ${formatMoney(result.balance)}, version ${result.version}.`,
          true);
        await loadList(false);
      },
    });
  });
  accountCommand('deposit-form', '/deposits',
    (r) => `Deposited: the balance is ${formatMoney(r.balance)}, version ${r.version}.`);
  accountCommand('withdraw-form', '/withdrawals',
    (r) => `Withdrawn: the balance is ${formatMoney(r.balance)}, version ${r.version}.`);
  accountCommand('close-form', '/close', (r) => `Closed at version ${r.version}.`);
  $('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const account = state.account;
    await send(form, '/transfers', { fromAccountId: account.accountId, ...fields(form) }, {
      ifMatch: account.version,
      onDone: async (result) => {
        form.reset();
        showResult(`Transfer ${result.transferId} is ${result.status}.`, true);
        await openAccount(account.accountId, result.position);
      },
    });
  });
}

// ------------------------------------------------------------------------------------------------- live tail

let refreshTimer = null;

function liveEvent(event) {
  const e = JSON.parse(event.data);
  const list = $('live-events');
  const item = document.createElement('li');
  item.className = 'fresh';
  item.dataset.accountId = e.accountId;
  item.textContent = `${formatInstant(e.occurredAt)}  ${e.accountId} v${e.version} ${e.type}`
    + (e.data?.amount ? ` ${formatMoney(e.data.amount)}` : '');
  item.addEventListener('click', () => openAccount(e.accountId));
  list.prepend(item);
  setTimeout(() => item.classList.remove('fresh'), 3000);
  while (list.children.length > 50) {
    list.lastChild.remove();
  }
  if (state.account?.accountId === e.accountId && e.version > state.account.version) {
    // several events of one account in a burst: one refresh
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => openAccount(e.accountId), 200);
  }
}

async function liveTail() {
  let after = null;
  for (;;) {
    const badge = $('live-state');
    try {
      badge.textContent = 'live: connecting';
      const path = '/events/stream' + (after ? `?after=${encodeURIComponent(after)}` : '');
      await stream(path, () => {
        badge.textContent = 'live: on';
        badge.classList.add('on');
      }, (event) => {
        if (event.id) {
          after = event.id;
        }
        liveEvent(event);
      });
    } catch (e) {
      badge.title = e.message;
    }
    badge.textContent = 'live: reconnecting';
    badge.classList.remove('on');
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

// ------------------------------------------------------------------------------------------------------ start

async function start() {
  const config = await query('/ui/config.json');
  state.commandUrl = config.commandUrl;
  $('command-url').textContent = state.commandUrl ? `commands: ${state.commandUrl}`
    : 'read only (no ui.command.url)';
  for (const form of document.querySelectorAll('.command form')) {
    form.querySelectorAll('button, input').forEach((el) => { el.disabled = !state.commandUrl; });
  }
  $('year').value = utcYear();
  $('year').max = utcYear();
  wireCommands();
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.search = $('search').value.trim();
    loadList(false).catch((e) => { $('list-message').textContent = e.message; });
  });
  $('search-clear').addEventListener('click', () => {
    $('search').value = '';
    state.search = '';
    loadList(false).catch((e) => { $('list-message').textContent = e.message; });
  });
  $('list-more').addEventListener('click', () => loadList(true)
    .catch((e) => { $('list-message').textContent = e.message; }));
  $('events-next').addEventListener('click', () => {
    state.timelineFrom = Number($('events-next').dataset.from);
    loadTimeline();
  });
  $('events-first').addEventListener('click', () => {
    state.timelineFrom = 1;
    loadTimeline();
  });
  $('year-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadMonths();
  });
  $('balance-at-form').addEventListener('submit', balanceAt);
  $('token').addEventListener('change', () => loadList(false)
    .catch((e) => { $('list-message').textContent = e.message; }));
  liveTail();
  try {
    await loadList(false);
  } catch (e) {
    $('list-message').textContent = e.message;
  }
  const open = /^#account=(.+)$/.exec(location.hash);
  if (open) {
    await openAccount(decodeURIComponent(open[1]));
  }
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  $('list-message').textContent = e instanceof ProblemError ? e.message : explain(0, { detail: e.message });
});

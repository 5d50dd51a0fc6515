// The dashboard's own behaviour: the connection indicator, the event log and its filters, the events-per-second chart
// and each agent's time in its state. Data goes into the page as text only (textContent), never as markup.
const MAX_ROWS = 500;
const MAX_SUMMARY = 200;
const WINDOW_SECONDS = 300;

const indicator = document.getElementById('indicator');
const rows = document.getElementById('event-rows');
const filters = {
  type: document.getElementById('filter-type'),
  project: document.getElementById('filter-project'),
  agent: document.getElementById('filter-agent'),
};

// ---- indicator
let current = { state: 'connecting' };
let resynced = false;

function seconds(ms) {
  return Math.max(0, Math.ceil(ms / 1000));
}

function renderIndicator() {
  const s = current;
  let text;
  let state = s.state;
  if (s.state === 'open') {
    text = resynced ? 'connected, resynced' : 'connected';
    state = resynced ? 'resynced' : 'open';
  } else if (s.state === 'reconnecting') {
    const wait = s.until ? seconds(s.until - Date.now()) : seconds(s.delayMs || 0);
    if (s.reason === 'at_capacity') {
      text = `server full, reconnecting in ${wait} s`;
      state = 'at_capacity';
    } else if (s.reason === 'shutdown') {
      text = `server restarting, reconnecting in ${wait} s`;
    } else {
      text = `reconnecting in ${wait} s`;
    }
  } else if (s.state === 'closed') {
    if (s.reason === 'unauthorized') {
      text = `not authorized: ${s.message || ''}`;
      state = 'unauthorized';
    } else if (s.reason === 'bad_request') {
      text = `refused: ${s.message || ''}`;
      state = 'refused';
    } else {
      text = 'closed';
    }
  } else {
    text = 'connecting…';
  }
  indicator.dataset.state = state;
  if (indicator.textContent !== text) {
    indicator.textContent = text;
  }
}

document.addEventListener('sse-state', (e) => {
  if (e.detail.state !== 'open') {
    resynced = false;
  }
  current = e.detail;
  renderIndicator();
});
document.addEventListener('sse-gap', () => {
  resynced = true;
  renderIndicator();
});

// ---- event log
function summary(json, data) {
  let text;
  const inner = json && typeof json === 'object' ? json.data : undefined;
  if (inner && typeof inner === 'object' && typeof inner.message === 'string') {
    text = inner.message;
  } else if (inner && typeof inner === 'object' && typeof inner.text === 'string') {
    text = inner.text;
  } else if (inner !== undefined) {
    text = JSON.stringify(inner);
  } else {
    text = json ? JSON.stringify(json) : data;
  }
  text = String(text).replace(/\s+/g, ' ').trim();
  // characters, not UTF-16 units: a cut never splits a surrogate pair
  const chars = Array.from(text);
  return chars.length > MAX_SUMMARY ? `${chars.slice(0, MAX_SUMMARY - 1).join('')}…` : text;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  row.appendChild(td);
  return td;
}

function matches(row) {
  const want = (input, value) => !input.value.trim() || (value || '').includes(input.value.trim());
  return want(filters.type, row.dataset.type) && want(filters.project, row.dataset.project)
      && want(filters.agent, row.dataset.agent);
}

function addRow(row) {
  row.hidden = !matches(row);
  rows.insertBefore(row, rows.firstChild);
  while (rows.childElementCount > MAX_ROWS) {
    rows.removeChild(rows.lastElementChild);
  }
}

function time(iso) {
  const date = iso ? new Date(iso) : new Date();
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleTimeString();
}

document.addEventListener('sse-event', (e) => {
  const { type, id, json, data } = e.detail;
  const row = document.createElement('tr');
  row.className = 'event';
  row.dataset.id = id || '';
  row.dataset.receivedAt = String(Date.now());
  row.dataset.type = type;
  row.dataset.project = (json && json.project_id) || '';
  row.dataset.agent = (json && json.agent_id) || '';
  cell(row, time(json && json.timestamp));
  cell(row, type);
  cell(row, row.dataset.project);
  cell(row, row.dataset.agent);
  const what = cell(row, summary(json, data));
  what.className = 'what';
  what.title = what.textContent; // one line on screen: the part cut off by the width is in the tooltip
  addRow(row);
  count(type);
});

document.addEventListener('sse-gap', (e) => {
  const row = document.createElement('tr');
  row.className = 'gap';
  row.dataset.type = 'resync';
  const td = document.createElement('td');
  td.colSpan = 5;
  td.textContent = `gap: resynced (${e.detail.reason || 'unknown'}); state reloaded, later events follow`;
  row.appendChild(td);
  addRow(row);
});

for (const input of Object.values(filters)) {
  input.addEventListener('input', () => {
    for (const row of rows.children) {
      row.hidden = !matches(row);
    }
  });
}
document.getElementById('log-filters').addEventListener('submit', (e) => e.preventDefault());

// ---- events per second by type, last five minutes
const buckets = new Map(); // type -> Map(second -> count)
let chart = null;
let chartTypes = '';

function count(type) {
  const second = Math.floor(Date.now() / 1000);
  if (!buckets.has(type)) {
    buckets.set(type, new Map());
  }
  const perSecond = buckets.get(type);
  perSecond.set(second, (perSecond.get(second) || 0) + 1);
}

function perType(u, count, series, idx) {
  if (idx != null) {
    return count == null ? '--' : String(count);
  }
  return String(u.data[series].reduce((sum, n) => sum + n, 0));
}

const COLOURS = ['#2f6f4f', '#b5651d', '#3b5ba9', '#a83279', '#6b6b00', '#008080', '#7a3e9d', '#c0392b'];

function drawChart() {
  const container = document.getElementById('chart');
  if (!window.uPlot || !container) {
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const xs = [];
  for (let t = now - WINDOW_SECONDS + 1; t <= now; t++) {
    xs.push(t);
  }
  const types = [...buckets.keys()].sort();
  for (const perSecond of buckets.values()) {
    for (const second of perSecond.keys()) {
      if (second <= now - WINDOW_SECONDS) {
        perSecond.delete(second);
      }
    }
  }
  const data = [xs, ...types.map((type) => xs.map((t) => buckets.get(type).get(t) || 0))];
  const key = types.join(',');
  const width = Math.max(280, container.clientWidth || 600);
  if (!chart || key !== chartTypes) {
    if (chart) {
      chart.destroy();
    }
    chartTypes = key;
    chart = new window.uPlot({
      width,
      height: 180,
      scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      // the legend shows the second under the cursor, and without one each type's total over the window
      series: [
        { value: (u, t) => (t == null ? 'last 5 min' : new Date(t * 1000).toLocaleTimeString()) },
        ...types.map((type, i) => ({ label: type, stroke: COLOURS[i % COLOURS.length], width: 1.5, value: perType })),
      ],
      axes: [{}, { label: 'events/s' }],
    }, data, container);
  } else {
    if (chart.width !== width) {
      chart.setSize({ width, height: 180 });
    }
    chart.setData(data);
  }
}

// ---- time in the current state
function since(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) {
    return '';
  }
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `for ${h}h ${pad(m)}m` : m > 0 ? `for ${m}m ${pad(s)}s` : `for ${s}s`;
}

function tick() {
  for (const el of document.querySelectorAll('#agents time[datetime]')) {
    const text = since(el.getAttribute('datetime'));
    if (el.textContent !== text) {
      el.textContent = text;
    }
  }
  if (current.state === 'reconnecting') {
    renderIndicator();
  }
  drawChart();
}

document.body.addEventListener('htmx:afterSwap', tick);
if (window.headspaceSse) {
  current = { state: window.headspaceSse.state, ...window.headspaceSse.stateInfo };
}
renderIndicator();
tick();
setInterval(tick, 1000);

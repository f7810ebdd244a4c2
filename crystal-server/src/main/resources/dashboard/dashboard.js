// Crystal live dashboard: one server-sent "snapshot" event per second from /ops/events.
(function () {
  'use strict';
  const MAX_POINTS = 120;
  const COLORS = ['#5aa9ff', '#3ecf8e', '#f5b942', '#c678dd', '#f0605d', '#56d4dd', '#ff9f5a', '#a3be8c'];
  const state = { updates: 0, lastAt: null, colorOf: {} };
  window.crystalDashboard = state;

  Chart.defaults.color = '#8a9bb0';
  Chart.defaults.borderColor = '#263445';
  Chart.defaults.font.family = 'system-ui, sans-serif';

  function lineChart(id, yTitle) {
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        elements: { point: { radius: 0 }, line: { borderWidth: 2, tension: 0.25 } },
        scales: {
          x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } },
          y: { beginAtZero: true, title: { display: true, text: yTitle } }
        },
        // the worker legend is HTML under the charts (#worker-legend), so a long list never squeezes a chart
        plugins: { legend: { display: false } }
      }
    });
  }
  const charts = {
    throughput: lineChart('chart-throughput', 'msg/s'),
    latency: lineChart('chart-latency', 'ms'),
    errors: lineChart('chart-errors', '%')
  };
  state.charts = charts;

  function color(name) {
    if (!state.colorOf[name]) {
      state.colorOf[name] = COLORS[Object.keys(state.colorOf).length % COLORS.length];
    }
    return state.colorOf[name];
  }

  function dataset(chart, label, colorName, dashed) {
    let ds = chart.data.datasets.find(d => d.label === label);
    if (!ds) {
      ds = { label: label, worker: colorName, data: new Array(chart.data.labels.length).fill(null), borderColor: color(colorName),
             backgroundColor: color(colorName), borderDash: dashed ? [5, 4] : [] };
      chart.data.datasets.push(ds);
    }
    return ds;
  }

  function push(chart, label, values) {
    chart.data.labels.push(label);
    const seen = new Set();
    for (const v of values) {
      const ds = dataset(chart, v.label, v.color, v.dashed);
      ds.data.push(v.value);
      seen.add(v.label);
    }
    for (const ds of chart.data.datasets) {
      if (!seen.has(ds.label)) ds.data.push(null);
      while (ds.data.length > MAX_POINTS) ds.data.shift();
    }
    while (chart.data.labels.length > MAX_POINTS) chart.data.labels.shift();
  }

  const fmt = (n, digits) => (n === null || n === undefined || isNaN(n)) ? '–'
      : Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const esc = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const seconds = d => typeof d === 'number' ? d : (typeof d === 'string' && d.startsWith('PT') ? parseFloat(d.slice(2)) : 0);

  function uptime(s) {
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + sec + 's';
  }

  function render(view) {
    const snap = view.snapshot, win = snap.window, all = win.all;
    const time = new Date(snap.at).toLocaleTimeString('en-GB');
    state.updates++;
    state.lastAt = snap.at;

    push(charts.throughput, time, win.workers.map(w => ({ label: w.name, color: w.name, value: w.throughput })));
    // an idle worker has no latency: a gap in the line, not a 0 ms point
    push(charts.latency, time, win.workers.flatMap(w => [
      { label: w.name + ' p99', color: w.name, value: w.handledInSpan > 0 ? w.p99Ms : null },
      { label: w.name + ' p50', color: w.name, value: w.handledInSpan > 0 ? w.p50Ms : null, dashed: true }]));
    push(charts.errors, time, win.workers.map(w => ({ label: w.name, color: w.name, value: w.errorRate * 100 })));
    if (state.afterPush) state.afterPush(win.workers);
    Object.values(charts).forEach(c => c.update('none'));

    document.getElementById('kpi-throughput').textContent = fmt(all.throughput, 1);
    document.getElementById('kpi-latency').textContent = all.handled > 0
        ? fmt(all.p50Ms, 2) + ' / ' + fmt(all.p99Ms, 2) : 'no data';
    document.getElementById('kpi-errors').textContent = fmt(all.errorRate * 100, 2);
    document.getElementById('kpi-http').textContent = fmt(win.http.requestsPerSecond, 1);
    document.getElementById('kpi-http-p99').textContent = win.http.requests > 0 ? fmt(win.http.p99Ms, 1) : 'no data';
    document.getElementById('kpi-processed').textContent =
        fmt(win.workers.reduce((sum, w) => sum + w.processed, 0), 0);
    const compressed = snap.compression.reduce((n, c) => n + c.messages, 0);
    if (compressed > 0) {
      document.getElementById('kpi-compression-box').hidden = false;
      document.getElementById('kpi-compression').textContent =
          fmt(snap.compression.reduce((sum, c) => sum + c.meanRatio * c.messages, 0) / compressed, 2);
    }
    document.getElementById('updated').textContent = time;
    document.getElementById('window').textContent = 'window ' + fmt(seconds(win.span), 0) + ' s';
    document.getElementById('status-dot').className = 'dot live';

    document.querySelector('#workers tbody').innerHTML = win.workers.map(w => {
      const fill = w.mailboxCapacity > 0 ? Math.min(100, 100 * w.mailboxDepth / w.mailboxCapacity) : 0;
      return '<tr data-worker="' + esc(w.name) + '"><td>' + esc(w.name) + '</td>'
        + '<td><span class="state ' + esc(w.state) + '">' + esc(w.state) + '</span></td>'
        + '<td>' + uptime(w.uptimeSeconds) + '</td>'
        + '<td class="processed">' + fmt(w.processed, 0) + '</td>'
        + '<td>' + fmt(w.errors, 0) + '</td>'
        + '<td>' + fmt(w.throughput, 1) + '</td>'
        + (w.handledInSpan > 0 ? '<td>' + fmt(w.p50Ms, 3) + '</td><td>' + fmt(w.p99Ms, 3) + '</td>'
            : '<td class="muted no-data" colspan="2" title="no message handled in the window">no data</td>')
        + '<td><span class="bar"><i style="width:' + fill.toFixed(1) + '%"></i></span>'
        + fmt(w.mailboxDepth, 0) + (w.mailboxCapacity > 0 ? ' / ' + fmt(w.mailboxCapacity, 0) : '') + '</td>'
        + '<td>' + fmt(w.rejected, 0) + '</td>'
        + '<td>' + fmt(w.deadLettered, 0) + '</td>'
        + '<td>' + fmt(w.restarts, 0) + '</td></tr>';
    }).join('');

    const alerts = view.alerts.active.map(a => '<li class="' + esc(a.severity) + '" data-subject="' + esc(a.subject)
        + '"><b>' + esc(a.kind) + '</b>' + esc(a.message) + (a.silencedBy ? ' <span class="muted">silenced ('
        + esc(a.silencedBy) + ')</span>' : '') + ' <span class="muted">since '
        + new Date(a.since).toLocaleTimeString('en-GB') + '</span>'
        + (window.crystalTraces ? window.crystalTraces.alertLinks(a.subject) : '') + '</li>')
      .concat(view.alerts.resolved.slice(0, 5).map(a => '<li class="resolved"><b>' + esc(a.kind) + '</b>'
        + esc(a.subject) + ' resolved at ' + new Date(a.resolvedAt).toLocaleTimeString('en-GB') + '</li>'));
    document.getElementById('alerts').innerHTML = alerts.length ? alerts.join('')
        : '<li class="resolved">No alerts: every rule is within its limit.</li>';
    document.getElementById('recommendations').innerHTML = view.recommendations.length
        ? view.recommendations.map(r => '<li>' + esc(r) + '</li>').join('')
        : '<li class="muted">Nothing to recommend for the last window.</li>';
    document.querySelector('#breakers tbody').innerHTML = snap.breakers.length
        ? snap.breakers.map(b => '<tr><td>' + esc(b.name) + '</td><td><span class="state ' + esc(b.state) + '">'
            + esc(b.state) + '</span></td></tr>').join('')
        : '<tr><td class="muted">No circuit breakers registered.</td></tr>';
    document.querySelector('#queues tbody').innerHTML = snap.queues.length
        ? '<tr><th>queue</th><th>backlog</th><th>change/s</th></tr>' + snap.queues.map(q => '<tr><td><a href="/dashboard/jobs?queue='
            + encodeURIComponent(q.name) + '">' + esc(q.name) + '</a></td><td>' + fmt(q.backlog, 0) + '</td><td>' + fmt(q.changePerSecond, 1) + '</td></tr>').join('')
        : '<tr><td class="muted">No job queues registered.</td></tr>';
  }

  // Job schedules (GET /jobs/schedules), refreshed every 5 s and after each button press.
  function renderSchedules(list) {
    document.querySelector('#schedules tbody').innerHTML = list.length ? list.map(s => {
      const next = s.nextRuns.length ? s.nextRuns.map(t => esc(t.replace('T', ' ').replace(':00Z', 'Z'))).join('<br>')
          : '<span class="muted">' + (s.status === 'ended' ? 'ended' : 'paused') + '</span>';
      const toggle = s.paused ? 'resume' : 'pause';
      return '<tr data-schedule="' + esc(s.id) + '"><td>' + esc(s.id) + '</td><td>' + esc(s.queue) + '</td>'
        + '<td><code>' + esc(s.pattern) + '</code></td>'
        + '<td><span class="state schedule-' + esc(s.status) + '">' + esc(s.status) + '</span></td>'
        + '<td>' + fmt(s.runs, 0) + (s.limit ? ' / ' + fmt(s.limit, 0) : '') + '</td>'
        + '<td class="next-runs">' + next + '</td>'
        + '<td>' + (s.lastSlot ? esc(s.lastSlot) : '<span class="muted">–</span>') + '</td>'
        + '<td class="actions"><button data-action="' + toggle + '">' + toggle + '</button> '
        + '<button data-action="trigger">trigger now</button></td></tr>';
    }).join('') : '<tr><td class="muted" colspan="8">No job schedules.</td></tr>';
  }
  function loadSchedules() {
    return fetch('/jobs/schedules?next=3').then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(body => { state.schedules = body.schedules; renderSchedules(body.schedules); })
      .catch(err => { document.getElementById('schedules-note').textContent = 'could not load (' + err + ')'; });
  }
  document.getElementById('schedules').addEventListener('click', e => {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    const id = button.closest('tr').dataset.schedule;
    const action = button.dataset.action;
    button.disabled = true;
    // the session cookie authorises a write only with this header (which other sites' pages cannot send)
    fetch('/jobs/schedules/' + encodeURIComponent(id) + '/' + action,
        { method: 'POST', credentials: 'same-origin', headers: {'X-Crystal-Session': '1'} })
      .then(r => r.json().then(body => {
        document.getElementById('schedules-note').textContent = r.ok
          ? (action === 'trigger' ? 'added job ' + body.jobId : id + ' ' + action + 'd')
          : (body.error + ': ' + body.message);
      }))
      .finally(loadSchedules);
  });
  loadSchedules();
  setInterval(loadSchedules, 5000);

  // The read cache tile: hit rate per cache since start and over the last poll, from /ops/cache.
  const cachePrev = {};
  function renderCache(c) {
    document.getElementById('cache-store').textContent = c.enabled ? '(' + c.store + ')' : '(off)';
    const body = document.querySelector('#caches tbody');
    if (!c.enabled) {
      body.innerHTML = '<tr><td class="muted">Cache off: every read asks its domain (--cache on).</td></tr>';
      return;
    }
    body.innerHTML = '<tr><th>cache</th><th>hit rate</th><th>now</th><th>hits</th><th>misses</th><th>evictions</th>'
      + '<th>invalidations</th></tr>' + c.caches.map(k => {
        const p = cachePrev[k.name], dh = p ? k.hits - p.hits : 0, dm = p ? k.misses - p.misses : 0;
        cachePrev[k.name] = k;
        const recent = dh + dm > 0 ? fmt(100 * dh / (dh + dm), 1) + ' %' : '–';
        return '<tr data-cache="' + esc(k.name) + '"><td>' + esc(k.name) + '</td><td class="hit-rate">'
          + (k.hits + k.misses > 0 ? fmt(100 * k.hitRate, 1) + ' %' : '–') + '</td><td>' + recent + '</td><td>'
          + fmt(k.hits, 0) + '</td><td>' + fmt(k.misses, 0) + '</td><td>' + fmt(k.evictions, 0) + '</td><td>'
          + fmt(k.invalidations, 0) + '</td></tr>';
      }).join('');
  }
  function pollCache() {
    fetch('/ops/cache').then(r => r.ok ? r.json() : null).then(c => { if (c) renderCache(c); }).catch(() => {});
  }
  pollCache();
  setInterval(pollCache, 2000);

  let source = null;
  function connect() {
    source = new EventSource('/ops/events');
    source.addEventListener('snapshot', e => { state.receivedAt = Date.now(); render(JSON.parse(e.data)); });
    source.onerror = () => {
      document.getElementById('status-dot').className = 'dot down';
      document.getElementById('updated').textContent = 'reconnecting…';
      if (source.readyState === EventSource.CLOSED) {
        // refused: sign in again if the session is gone (expired, key revoked); otherwise the server is stopping
        // or restarting — the page turns stale and tries again
        fetch('/ops/snapshot', {credentials: 'same-origin'})
          .then(r => { if (r.status === 401 || r.status === 403) window.location.href = '/login'; else retry(); })
          .catch(retry);
      }
    };
  }
  const retry = () => setTimeout(connect, 3000);
  connect();
  document.getElementById('logout').addEventListener('click', async e => {
    e.preventDefault();
    source.close();
    await fetch('/session', {method: 'DELETE', credentials: 'same-origin'});
    window.location.href = '/login';
  });
})();

// Trace search, waterfall, slowest settlements and example traces for alerts (GET /traces/...).
(function () {
  'use strict';
  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g,
      c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const examples = {};      // alert subject (worker or http) -> [{label, correlationId}]
  const state = {opened: null, rows: [], matches: [], searches: 0, slowest: [], error: null};

  async function getJson(url) {
    const r = await fetch(url, {headers: {'Accept': 'application/json'}});
    const body = await r.json().catch(() => ({}));
    return {status: r.status, body};
  }

  function flatten(steps, depth, out) {
    for (const s of steps) {
      out.push({step: s, depth});
      flatten(s.children || [], depth + 1, out);
    }
    return out;
  }

  function micros(iso) {             // ISO instant with up to 9 fraction digits -> epoch microseconds
    const m = /\.(\d+)Z$/.exec(iso);
    const base = Date.parse(iso.replace(/\.\d+Z$/, 'Z')) * 1000;
    return base + (m ? Number((m[1] + '000000').slice(0, 6)) : 0);
  }

  function showTrace(trace) {
    const rows = flatten(trace.steps, 0, []);
    const t0 = Math.min(...rows.map(r => micros(r.step.enqueuedAt)));
    const t1 = Math.max(...rows.map(r => micros(r.step.finishedAt) + r.step.commitWaitMs * 1000));
    const span = Math.max(1, t1 - t0);
    const pct = v => (100 * v / span).toFixed(3) + '%';
    document.getElementById('trace-title').textContent = trace.correlationId + ' · ' + trace.summary.hops
        + ' steps · ' + trace.summary.durationMs + ' ms · nodes ' + trace.summary.nodes.join(', ');
    document.getElementById('trace-waterfall').innerHTML = rows.map(r => {
      const s = r.step;
      const enq = micros(s.enqueuedAt) - t0, start = micros(s.startedAt) - t0, end = micros(s.finishedAt) - t0;
      const label = s.kind === 'http' ? s.type : s.kind === 'job' ? 'job ' + s.to : s.type + ' → ' + s.to;
      const failed = !(s.outcome === 'HANDLED' || s.outcome === 'completed' || /^2\d\d$/.test(s.outcome));
      return '<div class="wf-row' + (failed ? ' failed' : '') + '" data-type="' + esc(s.type) + '" data-to="' + esc(s.to)
        + '"><span class="wf-label" style="padding-left:' + (r.depth * 14) + 'px" title="' + esc(s.messageId) + '">'
        + esc(label) + ' <span class="node">[' + esc(s.node) + '] ' + esc(s.outcome) + '</span></span>'
        + '<span class="wf-track"><i class="wf-wait" style="left:' + pct(enq) + ';width:' + pct(start - enq) + '"></i>'
        + '<i class="wf-run" style="left:' + pct(start) + ';width:' + pct(end - start) + '"></i>'
        + '<i class="wf-commit" style="left:' + pct(end) + ';width:' + pct(s.commitWaitMs * 1000) + '"></i></span>'
        + '<span class="wf-ms">wait ' + esc(s.queueWaitMs) + ' · run ' + esc(s.handlingMs) + ' · commit '
        + esc(s.commitWaitMs) + '</span></div>';
    }).join('');
    const settlements = (trace.finalState.settlements || []).map(x => 'settlement ' + x.settlementId + ': '
        + x.status + ' (retries ' + x.retryCount + ')');
    document.getElementById('trace-final').textContent = 'final state: ' + (settlements.join('; ') || '–')
        + ' · dead letters: ' + trace.deadLetters.length;
    state.opened = trace.correlationId;
    state.rows = rows.map(r => ({type: r.step.type, to: r.step.to, depth: r.depth, node: r.step.node}));
  }

  async function open(id) {
    const panel = document.getElementById('trace-panel');
    panel.hidden = false;
    const r = await getJson('/traces/' + encodeURIComponent(id));
    if (r.status !== 200) {
      state.error = r.body.message || ('HTTP ' + r.status);
      document.getElementById('trace-title').textContent = state.error;
      document.getElementById('trace-waterfall').innerHTML = '';
      document.getElementById('trace-final').textContent = '';
      return;
    }
    state.error = null;
    showTrace(r.body);
  }

  async function search(text) {
    state.searches++;
    const id = text.trim();
    if (!id) {
      return;
    }
    const r = await getJson('/traces?search=' + encodeURIComponent(id));
    state.matches = r.status === 200 ? r.body.matches : [];
    document.getElementById('trace-matches').innerHTML = ''; // a new search forgets the previous list
    if (state.matches.length > 1) {
      document.getElementById('trace-panel').hidden = false;
      document.getElementById('trace-matches').innerHTML = '<p>' + state.matches.length + ' operations mention '
          + esc(id) + ':</p><ul>' + state.matches.map(m => '<li><a href="#" data-trace="' + esc(m.correlationId)
          + '">' + esc(m.correlationId) + '</a> <span class="muted">' + esc((m.subjects || []).join(', ')) + ' · '
          + esc(m.startedAt) + ' · ' + esc(m.durationMs) + ' ms</span></li>').join('') + '</ul>';
    }
    await open(state.matches.length === 1 ? state.matches[0].correlationId : id);
    if (state.matches.length > 1) {
      document.getElementById('trace-panel').hidden = false;
    }
  }

  async function refreshSlowest() {
    const r = await getJson('/traces/slowest?seconds=60&limit=10').catch(() => null);
    if (!r || r.status !== 200) {
      return;
    }
    state.slowest = r.body.settlements;
    document.querySelector('#slowest tbody').innerHTML = state.slowest.length
      ? '<tr><th>settlement</th><th>customer</th><th>ms</th><th>HTTP</th><th>at</th></tr>' + state.slowest.map(x =>
          '<tr><td><a href="#" data-trace="' + esc(x.correlationId) + '">' + esc(x.settlementId || x.correlationId)
          + '</a></td><td>' + esc(x.customerId) + '</td><td>' + esc(x.durationMs) + '</td><td>' + esc(x.status)
          + '</td><td>' + esc(new Date(x.startedAt).toLocaleTimeString('en-GB')) + '</td></tr>').join('')
      : '<tr><td class="muted">No traced settlement in the last minute.</td></tr>';
    const subjects = [...document.querySelectorAll('#alerts li[data-subject]')].map(li => li.dataset.subject);
    for (const subject of new Set(subjects)) {
      const ex = subject === 'http'
        ? state.slowest.slice(0, 3).map(x => ({label: x.settlementId || x.correlationId, correlationId: x.correlationId}))
        : await getJson('/traces/slowest?worker=' + encodeURIComponent(subject) + '&limit=3')
            .then(w => w.status === 200 ? w.body.messages.map(m => ({label: m.type + ' ' + (m.subject || ''),
              correlationId: m.correlationId})) : []).catch(() => []);
      examples[subject] = ex;
    }
  }

  function alertLinks(subject) {
    const worker = document.querySelector('#workers tr[data-worker="' + CSS.escape(subject) + '"]')
        ? ' <a href="#" class="alert-worker" data-worker="' + esc(subject) + '">worker ' + esc(subject) + '</a>' : '';
    const ex = (examples[subject] || []).map(e => '<a href="#" data-trace="' + esc(e.correlationId) + '">'
        + esc(e.label) + '</a>').join(', ');
    return worker + (ex ? '<span class="examples">example traces: ' + ex + '</span>' : '');
  }

  document.addEventListener('click', e => {
    const t = e.target.closest('a[data-trace], a.alert-worker, #trace-close');
    if (!t) {
      return;
    }
    e.preventDefault();
    if (t.id === 'trace-close') {
      document.getElementById('trace-panel').hidden = true;
    } else if (t.dataset.trace) {
      open(t.dataset.trace);
    } else {
      const row = document.querySelector('#workers tr[data-worker="' + CSS.escape(t.dataset.worker) + '"]');
      if (row) {
        row.scrollIntoView({block: 'center'});
        row.classList.add('highlight');
        setTimeout(() => row.classList.remove('highlight'), 3000);
      }
    }
  });
  document.getElementById('trace-form').addEventListener('submit', e => {
    e.preventDefault();
    search(document.getElementById('trace-search').value);
  });
  refreshSlowest();
  setInterval(refreshSlowest, 5000);
  window.crystalTraces = {state, search, open, refreshSlowest, alertLinks, examples};
})();

// Worker legend, focus, stale state and business tiles (h-jobsui): the charts' legend is one HTML row under them
// (clicking a worker shows only that worker in every chart; again shows all), the page says "stale" when no
// snapshot arrived for STALE_AFTER_MS, and the settlement tiles come from GET /ops/business every 5 s.
(function () {
  'use strict';
  const STALE_AFTER_MS = 5000;
  const dash = window.crystalDashboard;
  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g,
      c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const ui = {focus: null, stale: false, business: null};
  window.crystalDashboardUi = ui;

  function applyFocus() {
    for (const chart of Object.values(dash.charts)) {
      for (const ds of chart.data.datasets) {
        ds.hidden = ui.focus !== null && ds.worker !== ui.focus;
      }
    }
  }

  function renderLegend(workers) {
    const legend = document.getElementById('worker-legend');
    legend.innerHTML = workers.map(w => '<button type="button" class="chip' + (ui.focus === w.name ? ' focused' : '')
        + (ui.focus !== null && ui.focus !== w.name ? ' dimmed' : '') + '" data-worker="' + esc(w.name) + '">'
        + '<i style="background:' + esc(dash.colorOf[w.name] || '#8a9bb0') + '"></i>' + esc(w.name)
        + (w.handledInSpan > 0 ? '' : ' <small class="muted">idle</small>') + '</button>').join('')
        + (ui.focus !== null ? '<button type="button" class="chip all" data-worker="">show all workers</button>' : '')
        + '<span class="muted legend-key">solid p99 · dashed p50</span>';
  }

  /** Shows only {@code worker} in every chart (null: every worker). */
  function focus(worker) {
    ui.focus = worker || null;
    applyFocus();
    Object.values(dash.charts).forEach(c => c.update('none'));
    renderLegend(ui.workers || []);
  }

  dash.afterPush = workers => {
    ui.workers = workers;
    applyFocus();
    renderLegend(workers);
  };

  document.getElementById('worker-legend').addEventListener('click', e => {
    const chip = e.target.closest('button[data-worker]');
    if (chip) focus(chip.dataset.worker === '' || chip.dataset.worker === ui.focus ? null : chip.dataset.worker);
  });
  // an alert's worker link also focuses the charts on that worker
  document.addEventListener('click', e => {
    const link = e.target.closest('a.alert-worker');
    if (link) focus(link.dataset.worker);
  });

  function checkStale() {
    const last = dash.receivedAt;
    const stale = last !== undefined && Date.now() - last > STALE_AFTER_MS;
    if (stale !== ui.stale) {
      ui.stale = stale;
      document.body.classList.toggle('stale', stale);
      document.getElementById('stale-banner').hidden = !stale;
    }
    if (stale) {
      document.getElementById('status-dot').className = 'dot stale';
      document.getElementById('stale-text').textContent = 'Stale: no update for '
          + Math.round((Date.now() - last) / 1000) + ' s (last at ' + new Date(last).toLocaleTimeString('en-GB')
          + '). The figures below are old; the page reconnects by itself.';
    }
  }
  setInterval(checkStale, 1000);

  // decimal strings from the server, grouped for reading; never turned into floating point
  function money(text) {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text));
    if (!m) return esc(text);
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] !== undefined ? '.' + m[3] : '');
  }

  function renderBusiness(b) {
    const s = b.settlements;
    document.getElementById('biz-completed').textContent = s.completed.toLocaleString('en-US');
    document.getElementById('biz-failed').textContent = s.failed.toLocaleString('en-US');
    document.getElementById('biz-pending').textContent = s.pending.toLocaleString('en-US');
    document.getElementById('biz-payout').textContent = money(b.moneyMoved.payout);
    document.getElementById('biz-collection').textContent = money(b.moneyMoved.collection);
    const errors = Object.entries(s.failedByError);
    document.getElementById('biz-errors').innerHTML = s.total === 0
        ? '<span class="muted">No settlement answered since ' + esc(new Date(b.since).toLocaleTimeString('en-GB'))
          + ' (start).</span>'
        : errors.length ? 'failed by reason: ' + errors.map(([k, v]) => esc(k) + ' ' + v).join(' · ')
        : '<span class="muted">no failures</span>';
  }
  function loadBusiness() {
    return fetch('/ops/business', {credentials: 'same-origin'}).then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(b => { ui.business = b; renderBusiness(b); })
      .catch(err => { document.getElementById('biz-errors').textContent = 'could not load (' + err + ')'; });
  }
  loadBusiness();
  setInterval(loadBusiness, 5000);
  window.crystalDashboardUi.focusOn = focus;
})();

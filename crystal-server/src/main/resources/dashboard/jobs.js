// The jobs pages: every queue with counts and rates, schedules with next runs (/dashboard/jobs); one queue's jobs
// by state, paged (?queue=Q&state=S&page=N); one job with data, options, progress, history, logs, parent and
// children, with retry / promote / remove (?queue=Q&job=ID). Every action asks for confirmation first.
// Reads the JSON API (/jobs/queues..., /jobs/schedules) every 3 s and after each action.
(function () {
  'use strict';
  const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed', 'failed'];
  const PAGE = 25;
  const params = new URLSearchParams(location.search);
  const queue = params.get('queue');
  const jobId = params.get('job');
  const view = jobId && queue ? 'job' : queue ? 'queue' : 'overview';
  const state = {view: view, loads: 0, error: null, job: null, jobs: [], queues: [], schedules: []};
  window.crystalJobs = state;
  const note = document.getElementById('note');

  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g,
    c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
  const time = t => t ? esc(String(t).replace('T', ' ').replace(/\.\d+Z$/, 'Z')) : '<span class="muted">–</span>';
  const num = n => Number(n || 0).toLocaleString('en-US');
  const link = (q, extra) => '/dashboard/jobs?queue=' + encodeURIComponent(q) + (extra || '');
  const jobLink = (q, id) => '<a href="' + link(q, '&job=' + encodeURIComponent(id)) + '">' + esc(id) + '</a>';
  const badge = s => '<span class="state job-' + esc(s) + '">' + esc(s) + '</span>';
  const code = s => String(s).toLowerCase().replace(/_/g, '-');   // history names states as WAITING_CHILDREN
  const json = v => v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  // writes carry the session header the platform asks of a browser session
  const call = (path, method) => fetch(path, method ? {method: method, credentials: 'same-origin',
    headers: {'X-Crystal-Session': '1'}} : {credentials: 'same-origin'})
    .then(r => r.json().catch(() => ({})).then(body => r.ok ? body
      : Promise.reject(body.error ? body.error + ': ' + body.message : 'HTTP ' + r.status)));

  const ask = window.crystalConfirm(note, () => load());   // confirm.js

  function kpis(queues) {
    const sum = s => queues.reduce((n, q) => n + (q.counts[s] || 0), 0);
    document.getElementById('kpi-queues').textContent = queues.length;
    document.getElementById('kpi-waiting').textContent = num(sum('waiting') + sum('prioritized'));
    document.getElementById('kpi-active').textContent = num(sum('active'));
    document.getElementById('kpi-failed').textContent = num(sum('failed'));
  }

  // ---- overview ----
  function renderOverview(queues, schedules) {
    document.querySelector('#queue-table tbody').innerHTML = queues.length ? queues.map(q =>
      '<tr data-queue="' + esc(q.queue) + '"><td><a href="' + link(q.queue) + '">' + esc(q.queue) + '</a></td><td>'
      + badge(q.paused ? 'paused' : 'running') + '</td>'
      + STATES.map(s => '<td class="count-' + s + '">' + (q.counts[s]
        ? '<a href="' + link(q.queue, '&state=' + s) + '">' + num(q.counts[s]) + '</a>' : '<span class="muted">0</span>')
        + '</td>').join('')
      + ['completed', 'failed', 'retried'].map(k => '<td class="rate-' + k + '">' + (q.sinceStart[k]
        ? num(q.lastMinute[k]) : '<span class="muted" title="none since this server started">no data</span>')
        + '</td>').join('') + '</tr>').join('')
      : '<tr><td class="muted" colspan="12">No job queues.</td></tr>';
    document.querySelector('#schedule-table tbody').innerHTML = schedules.length ? schedules.map(s => {
      const next = s.nextRuns.length ? s.nextRuns.map(time).join('<br>')
        : '<span class="muted">' + (s.status === 'ended' ? 'ended' : 'paused') + '</span>';
      return '<tr data-schedule="' + esc(s.id) + '"><td>' + esc(s.id) + '</td><td><a href="' + link(s.queue) + '">'
        + esc(s.queue) + '</a></td><td>' + esc(s.jobName || '') + '</td><td><code>' + esc(s.pattern) + '</code></td><td>'
        + '<span class="state schedule-' + esc(s.status) + '">' + esc(s.status) + '</span></td><td>' + num(s.runs)
        + (s.limit ? ' / ' + num(s.limit) : '') + '</td><td class="next-runs">' + next + '</td><td>'
        + time(s.lastSlot) + '</td></tr>';
    }).join('') : '<tr><td class="muted" colspan="8">No job schedules.</td></tr>';
  }

  // ---- one queue ----
  function renderQueue(counts, list, current, page) {
    document.getElementById('queue-name').textContent = counts.queue;
    document.getElementById('queue-status').innerHTML = badge(counts.paused ? 'paused' : 'running');
    const toggle = document.getElementById('queue-toggle');
    toggle.textContent = counts.paused ? 'resume…' : 'pause…';
    toggle.dataset.action = counts.paused ? 'resume' : 'pause';
    document.getElementById('state-tabs').innerHTML = STATES.map(s => '<a href="' + link(counts.queue, '&state=' + s)
      + '" data-state="' + s + '" class="tab' + (s === current ? ' current' : '') + '">' + esc(s) + ' <b>'
      + num(counts.counts[s]) + '</b></a>').join('');
    document.querySelector('#job-table tbody').innerHTML = list.jobs.length ? list.jobs.map(j =>
      '<tr data-id="' + esc(j.id) + '"><td>' + jobLink(counts.queue, j.id) + '</td><td>' + esc(j.name) + '</td><td>'
      + badge(j.state) + '</td><td>' + j.attemptsMade + ' / ' + j.maxAttempts + '</td><td>' + time(j.createdAt)
      + '</td><td>' + time(j.finishedAt || j.runAt) + '</td><td class="reason">'
      + esc(String(j.state === 'completed' ? json(j.returnValue) : j.failedReason || '').slice(0, 160)) + '</td></tr>').join('')
      : '<tr><td class="muted" colspan="7">No ' + esc(current) + ' jobs in ' + esc(counts.queue) + '.</td></tr>';
    const total = list.total || 0;
    const pages = Math.max(1, Math.ceil(total / PAGE));
    document.getElementById('page-info').textContent = total ? 'page ' + (page + 1) + ' of ' + pages + ' · jobs '
      + (page * PAGE + 1) + '–' + Math.min(total, (page + 1) * PAGE) + ' of ' + num(total) : '';
    document.getElementById('prev').disabled = page === 0;
    document.getElementById('next').disabled = page + 1 >= pages;
  }

  // ---- one job ----
  function renderJob(j) {
    document.getElementById('job-title').textContent = queue + ' / ' + j.id + ' (' + j.name + ')';
    document.getElementById('job-state').innerHTML = badge(j.state);
    const actions = [];
    if (j.state === 'failed') actions.push('<button data-action="retry">retry…</button>');
    if (j.state === 'delayed') actions.push('<button data-action="promote">run now…</button>');
    if (j.state !== 'active') actions.push('<button data-action="remove">remove…</button>');
    document.getElementById('job-actions').innerHTML = actions.join(' ');
    const rows = [['priority', j.priority === 0 ? 'none' : j.priority], ['attempts', j.attemptsMade + ' made, '
      + j.attemptsStarted + ' started, ' + j.maxAttempts + ' allowed'], ['stalled', j.stalledCount],
      ['correlation id', j.correlationId || '–'], ['created', j.createdAt], ['runs at', j.runAt || '–'],
      ['last claimed', j.processedAt || '–'], ['finished', j.finishedAt || '–']];
    document.querySelector('#job-options tbody').innerHTML = rows.map(r => '<tr><th>' + esc(r[0]) + '</th><td>'
      + esc(r[1]) + '</td></tr>').join('');
    const p = j.progress;
    document.getElementById('job-progress').innerHTML = p == null ? '<span class="muted">no progress reported</span>'
      : typeof p === 'number' ? '<span class="bar wide"><i style="width:' + Math.max(0, Math.min(100, p)) + '%"></i></span>'
        + esc(p) + ' %' : '<pre class="dlq-detail">' + esc(json(p)) + '</pre>';
    document.getElementById('job-outcome').textContent = j.state === 'completed'
      ? (j.returnValue != null ? json(j.returnValue) : '(no return value)')
      : j.state === 'failed' ? 'failed: ' + j.failedReason
      : '(not finished)' + (j.failedReason ? '; last attempt failed: ' + j.failedReason : '');
    document.getElementById('job-data').textContent = json(j.data);
    document.getElementById('job-parent').innerHTML = j.parent ? 'parent: ' + jobLink(j.parent.queue, j.parent.id)
      + ' <span class="muted">(' + esc(j.parent.queue) + ')</span>' : '<span class="muted">no parent</span>';
    document.querySelector('#job-children tbody').innerHTML = j.children.length
      ? '<tr><th>child</th><th>queue</th><th>state</th><th>result</th></tr>' + j.children.map(c => '<tr data-child="'
        + esc(c.id) + '"><td>' + jobLink(c.queue, c.id) + '</td><td>' + esc(c.queue) + '</td><td>' + badge(c.state)
        + '</td><td>' + esc(String(c.state === 'completed' ? json(c.returnValue) : c.failedReason || '').slice(0, 80))
        + '</td></tr>').join('')
      : '<tr><td class="muted">' + (j.pendingChildren ? j.pendingChildren + ' pending children' : 'no children')
        + '</td></tr>';
    document.querySelector('#job-history tbody').innerHTML = j.history.map(h => '<tr><td>' + time(h.at) + '</td><td>'
      + (h.from === 'null' ? '<span class="muted">(new)</span>' : badge(code(h.from))) + '</td><td>' + badge(code(h.to))
      + '</td><td class="reason">' + esc(h.reason === 'null' ? '' : h.reason) + '</td></tr>').join('');
    document.getElementById('job-logs').textContent = j.logs.length ? j.logs.join('\n') : '(no log lines)';
  }

  document.getElementById('job-actions').addEventListener('click', e => {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    const path = '/jobs/queues/' + encodeURIComponent(queue) + '/jobs/' + encodeURIComponent(jobId);
    const action = button.dataset.action;
    if (action === 'retry') {
      ask('Retry failed job ' + jobId + ' of ' + queue + '?', () => call(path + '/retry', 'POST')
        .then(() => 'job ' + jobId + ' retried'));
    } else if (action === 'promote') {
      ask('Run delayed job ' + jobId + ' of ' + queue + ' now?', () => call(path + '/promote', 'POST')
        .then(() => 'job ' + jobId + ' promoted: it runs now'));
    } else {
      ask('Remove job ' + jobId + ' of ' + queue + ' with its logs? This cannot be undone.', () => call(path, 'DELETE')
        .then(() => 'job ' + jobId + ' removed'));
    }
  });
  document.getElementById('queue-toggle').addEventListener('click', e => {
    const action = e.target.dataset.action;
    ask((action === 'pause' ? 'Pause' : 'Resume') + ' queue ' + queue + '? '
      + (action === 'pause' ? 'Workers take no new jobs until it is resumed.' : 'Workers take jobs again.'),
      () => call('/jobs/queues/' + encodeURIComponent(queue) + '/' + action, 'POST').then(() => queue + ' ' + action + 'd'));
  });

  const currentState = params.get('state') || 'waiting';
  const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  const go = p => { location.href = link(queue, '&state=' + currentState + '&page=' + p); };
  document.getElementById('prev').addEventListener('click', () => go(Math.max(0, page - 1)));
  document.getElementById('next').addEventListener('click', () => go(page + 1));

  async function load() {
    try {
      if (view === 'overview') {
        const [q, s] = await Promise.all([call('/jobs/queues'), call('/jobs/schedules?next=3')]);
        state.queues = q.queues;
        state.schedules = s.schedules;
        kpis(q.queues);
        renderOverview(q.queues, s.schedules);
      } else if (view === 'queue') {
        const [counts, list] = await Promise.all([call('/jobs/queues/' + encodeURIComponent(queue)),
          call('/jobs/queues/' + encodeURIComponent(queue) + '/jobs?state=' + encodeURIComponent(currentState)
            + '&offset=' + page * PAGE + '&limit=' + PAGE)]);
        state.queues = [counts];
        state.jobs = list.jobs;
        kpis([counts]);
        renderQueue(counts, list, currentState, page);
      } else {
        const [counts, job] = await Promise.all([call('/jobs/queues/' + encodeURIComponent(queue)),
          call('/jobs/queues/' + encodeURIComponent(queue) + '/jobs/' + encodeURIComponent(jobId))]);
        state.job = job;
        kpis([counts]);
        renderJob(job);
      }
      state.error = null;
      state.loads++;
      document.getElementById('updated').textContent = new Date().toLocaleTimeString('en-GB');
    } catch (err) {
      state.error = String(err);
      state.job = null;
      document.getElementById('updated').textContent = 'failed';
      note.textContent = 'could not load: ' + err;
      if (view === 'job') {
        document.getElementById('job-title').textContent = queue + ' / ' + jobId;
        document.getElementById('job-state').innerHTML = badge('gone');
        document.getElementById('job-actions').innerHTML = '';
      }
    }
  }

  if (view === 'overview') {
    document.getElementById('queues-panel').hidden = false;
    document.getElementById('schedules-panel').hidden = false;
  } else {
    document.getElementById(view === 'queue' ? 'queue-panel' : 'job-panel').hidden = false;
    document.getElementById('crumbs').innerHTML = ' / <a class="back" href="' + link(queue) + '">' + esc(queue) + '</a>'
      + (view === 'job' ? ' / ' + esc(jobId) : '');
  }
  load();
  setInterval(load, 3000);
})();

// The dead-letter page: GET /dlq (grouped, filtered), GET /dlq/{id}, POST /dlq/replay, POST /dlq/{id}/replay,
// DELETE /dlq. Every action asks for confirmation in the page first. Refreshed every 5 s and after each action.
(function () {
  'use strict';
  const REASONS = ['HANDLER_FAILED', 'WORKER_CRASHED', 'WORKER_FAILED', 'MAILBOX_FULL', 'DECODE_FAILED',
    'VALIDATION_FAILED', 'EXPIRED', 'REJECTED', 'TIMEOUT'];
  const form = document.getElementById('filter');
  const note = document.getElementById('note');

  const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g,
    c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
  const age = s => s < 60 ? s + 's' : s < 3600 ? Math.floor(s / 60) + 'm' : s < 86400 ? Math.floor(s / 3600) + 'h'
    : Math.floor(s / 86400) + 'd';
  // writes carry the session header the platform asks of a browser session (harmless without one)
  const call = (path, method) => fetch(path, method ? {method: method, credentials: 'same-origin',
    headers: {'X-Crystal-Session': '1'}} : {credentials: 'same-origin'})
    .then(r => r.json().then(body => r.ok ? body : Promise.reject(body.message || body.error || r.status)));

  REASONS.forEach(r => form.reason.insertAdjacentHTML('beforeend', '<option>' + r + '</option>'));
  const params = new URLSearchParams(location.search);
  ['status', 'reason', 'worker'].forEach(k => { if (params.get(k)) { form[k].value = params.get(k); } });

  function query(extra) {
    const q = new URLSearchParams();
    ['status', 'reason', 'worker'].forEach(k => { if (form[k].value) { q.set(k, form[k].value); } });
    Object.entries(extra || {}).forEach(([k, v]) => v == null ? q.delete(k) : q.set(k, v));
    const s = q.toString();
    return s ? '?' + s : '';
  }

  function render(body) {
    document.getElementById('kpi-open').textContent = body.totals.open;
    document.getElementById('kpi-resolved').textContent = body.totals.resolved;
    document.getElementById('updated').textContent = new Date().toLocaleTimeString();
    const open = form.status.value !== 'resolved';
    document.querySelector('#groups tbody').innerHTML = body.groups.length ? body.groups.map(g =>
      '<tr data-reason="' + esc(g.reason) + '" data-worker="' + esc(g.worker) + '" data-count="' + g.count + '">'
      + '<td>' + esc(g.reason) + '</td><td>' + esc(g.worker) + '</td><td>' + g.count + '</td><td>' + g.attempts
      + '</td><td title="' + esc(g.oldestFailedAt) + '">' + esc(String(g.oldestFailedAt).replace(/\.\d+Z$/, 'Z'))
      + '</td><td>'
      + (open ? '<button data-action="replay-group">replay…</button> ' : '')
      + '<button data-action="purge-group">purge…</button></td></tr>').join('')
      : '<tr><td class="muted" colspan="6">No ' + esc(form.status.value === 'all' ? '' : form.status.value)
        + ' dead letters' + (form.reason.value || form.worker.value ? ' for this filter' : '') + '.</td></tr>';
    document.querySelector('#letters tbody').innerHTML = body.deadLetters.map(d =>
      '<tr data-id="' + esc(d.id) + '"><td><a href="#" data-action="show">' + esc(d.id) + '</a></td><td>'
      + esc(d.worker) + '</td><td>' + esc(d.type) + '</td><td title="' + esc(d.message) + '">' + esc(d.reason)
      + '</td><td>' + d.attempts + '</td><td>' + age(d.ageSeconds) + '</td><td><span class="state dlq-' + esc(d.status)
      + '">' + esc(d.status) + (d.resolvedBy ? ' (' + esc(d.resolvedBy) + ')' : '') + '</span></td><td>'
      + (d.status === 'open' ? '<button data-action="replay-one">replay…</button>' : '') + '</td></tr>').join('');
  }

  function load() {
    return call('/dlq' + query()).then(render).catch(err => { note.textContent = 'could not load: ' + err; });
  }

  const ask = window.crystalConfirm(note, () => load());   // confirm.js

  form.addEventListener('submit', e => {
    e.preventDefault();
    history.replaceState(null, '', location.pathname + query());
    load();
  });
  form.querySelector('[data-action="purge-resolved"]').addEventListener('click', () =>
    ask('Delete every resolved dead letter?', () => call('/dlq?status=resolved', 'DELETE')
      .then(b => 'purged ' + b.purged + ' resolved dead letter(s)')));

  document.getElementById('groups').addEventListener('click', e => {
    const button = e.target.closest('button');
    if (!button) { return; }
    const row = button.closest('tr');
    const sel = '?reason=' + encodeURIComponent(row.dataset.reason) + '&worker=' + encodeURIComponent(row.dataset.worker);
    if (button.dataset.action === 'replay-group') {
      ask('Replay ' + row.dataset.count + ' open ' + row.dataset.reason + ' letter(s) of ' + row.dataset.worker + '?',
        () => call('/dlq/replay' + sel, 'POST').then(b => 'replayed ' + b.replayed + ' dead letter(s)'
          + (b.refused.length ? ', ' + b.refused.length + ' refused' : '')));
    } else {
      const status = form.status.value || 'open';
      ask('Delete ' + row.dataset.count + ' ' + status + ' ' + row.dataset.reason + ' letter(s) of '
        + row.dataset.worker + '?', () => call('/dlq' + sel + '&status=' + status, 'DELETE')
        .then(b => 'purged ' + b.purged + ' dead letter(s)'));
    }
  });

  document.getElementById('letters').addEventListener('click', e => {
    const target = e.target.closest('[data-action]');
    if (!target) { return; }
    e.preventDefault();
    const id = target.closest('tr').dataset.id;
    if (target.dataset.action === 'show') {
      call('/dlq/' + encodeURIComponent(id) + '?frames=true').then(d => {
        const detail = document.getElementById('detail');
        detail.hidden = false;
        detail.textContent = d.id + '  ' + d.reason + '  ' + d.status + '  attempts ' + d.attempts + '\n'
          + d.message + '\nfirst failed ' + d.firstFailedAt + ', last ' + d.lastFailedAt
          + (d.resolvedAt ? '\nresolved ' + d.resolvedAt + ' (' + d.resolvedBy + ')' : '') + '\n\n' + (d.errorDetail || d.error)
          + '\n' + JSON.stringify(d.envelope, null, 2);
      }).catch(err => { note.textContent = 'could not load ' + id + ': ' + err; });
    } else {
      ask('Replay ' + id + '?', () => call('/dlq/' + encodeURIComponent(id) + '/replay', 'POST')
        .then(b => 'replayed ' + b.id + ': ' + b.delivery));
    }
  });

  load();
  setInterval(load, 5000);
})();

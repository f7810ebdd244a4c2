// The report selector: the WORKER_PERFORMANCE report of the last hour, 24 hours, 7 or 30 days from the stored
// history (GET /reports?window=W&format=json), redrawn when the window changes and every minute.
(function () {
  const select = document.getElementById('report-window');
  const body = document.querySelector('#report tbody');
  const note = document.getElementById('report-note');
  if (!select || !body) {
    return;
  }
  const esc = s => String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const num = (v, d) => Number(v).toLocaleString('en-GB', {maximumFractionDigits: d, minimumFractionDigits: d});

  async function load() {
    const window = select.value;
    try {
      const res = await fetch('/reports?format=json&window=' + encodeURIComponent(window), {credentials: 'same-origin'});
      if (!res.ok) {
        throw new Error(res.status + ' ' + (await res.text()));
      }
      render(await res.json());
    } catch (e) {
      note.textContent = 'report unavailable: ' + e.message;
    }
  }

  function render(r) {
    const m = r.metrics;
    const p = r.period;
    note.textContent = 'from ' + new Date(p.from).toLocaleString('en-GB') + ' · platform ran '
      + num(p.coverage * 100, 1) + ' % of the window · per ' + p.resolution;
    if (!p.coveredSeconds && !m.messagesProcessed && !m.http.requests) {
      body.innerHTML = '<tr><td class="muted">No samples in this window: the platform did not run then.</td></tr>';
      return;
    }
    const rows = [
      ['messages', num(m.messagesProcessed, 0) + ' (' + num(m.errors, 0) + ' errors, ' + num(m.errorRate * 100, 3) + ' %)'],
      ['throughput', num(m.throughputPerSecond, 2) + ' msg/s while running'],
      ['handling p50 / p99', num(m.p50LatencyMs, 2) + ' / ' + num(m.p99LatencyMs, 2) + ' ms'],
      ['HTTP', num(m.http.requests, 0) + ' requests, p99 ' + num(m.http.p99LatencyMs, 1) + ' ms, 5xx '
        + num(m.http.serverErrorRate * 100, 3) + ' %'],
      ['alerts fired', r.alerts.length ? r.alerts.map(a => esc(a.type) + ' ' + esc(a.subject) + ' ×' + a.fired).join(', ') : 'none']
    ];
    const workers = m.workers.map(w => ['worker ' + w.name, num(w.processed, 0) + ' msgs, p99 ' + num(w.p99LatencyMs, 2)
      + ' ms, peak mailbox ' + w.peakMailboxDepth + ', dead letters ' + w.deadLettered]);
    body.innerHTML = rows.concat(workers).map(row => '<tr><th>' + esc(row[0]) + '</th><td>' + esc(row[1]) + '</td></tr>').join('')
      + r.recommendations.map(t => '<tr><th>advice</th><td>' + esc(t) + '</td></tr>').join('');
  }

  select.addEventListener('change', load);
  load();
  setInterval(load, 60000);
})();

// The overview: every pushed StatusOverview redraws the job counts, the site panels and the batch jobs.
function cell(text, cls) { return el('td', { class: cls || undefined }, text); }
function drawSummary(snapshot) {
  const head = document.querySelector('#jobs thead'), body = document.querySelector('#jobs tbody');
  head.replaceChildren(el('tr', {}, ...['Site', 'Total', 'Progress', ...snapshot.stateOrder].map(title =>
    el('th', { class: title === 'Site' ? 'site' : (title === 'Progress' ? '' : 'num'), 'data-header': title }, title.replaceAll('_', ' ')))));
  body.replaceChildren(...snapshot.sites.map(site => {
    const row = el('tr', { 'data-site': site.siteName });
    const agent = el('span', { class: 'agent' + (site.problems.length ? ' problem' : '') },
      site.problems.length ? site.problems.join('; ') : (site.active ? 'agent active' : 'no agent'));
    if (site.problems.length) row.dataset.problem = site.problems.join('; ');
    row.append(el('td', { class: 'site' }, el('a', { href: `/status/jobs?site=${site.siteId}` }, site.siteName), agent));
    row.append(cell(site.total.toLocaleString(), 'num'));
    const bar = el('div', { class: 'bar' });
    for (const state of snapshot.stateOrder) {
      const n = site.states[state] || 0;
      if (n > 0) { const s = el('span', { title: `${state}: ${n}` }); s.style.width = (100 * n / site.total) + '%'; s.style.background = BalsamColors[state]; bar.append(s); }
    }
    row.append(el('td', {}, bar));
    for (const state of snapshot.stateOrder) {
      const n = site.states[state] || 0;
      const link = el('a', { href: `/status/jobs?site=${site.siteId}&state=${state}` }, n.toLocaleString());
      row.append(el('td', { class: n === 0 ? 'num zero' : 'num', 'data-state': state }, n === 0 ? '0' : link));
    }
    return row;
  }));
  document.getElementById('empty').hidden = snapshot.sites.length > 0;
  document.getElementById('updated').textContent = new Date(snapshot.generatedAt).toLocaleTimeString();
  document.getElementById('legend').replaceChildren(...snapshot.stateOrder.map(s => {
    const swatch = el('i'); swatch.style.background = BalsamColors[s]; return el('span', {}, swatch, s);
  }));
}
function drawPanel(panel) {
  const a = panel.activity;
  const failures = panel.failures.length === 0 ? el('p', { class: 'muted' }, 'No failures in the last hours.') :
    el('table', { class: 'failures' },
      el('thead', {}, el('tr', {}, el('th', {}, 'When'), el('th', { class: 'num' }, 'Job'), el('th', {}, 'App'), el('th', {}, 'State'), el('th', {}, 'Error'))),
      el('tbody', {}, ...panel.failures.map(f => el('tr', { 'data-failure-job': f.jobId },
        cell(when(f.at)), el('td', { class: 'num' }, el('a', { href: `/status/job?id=${f.jobId}` }, f.jobId)), cell(f.appName),
        el('td', {}, stateBadge(f.state)), cell(f.error.split('\n').filter(l => l.trim()).slice(-1)[0] || f.error, 'message')))));
  const states = ['awaiting_job', 'pending', 'active', 'inactive'];
  const transfers = panel.transfers.length === 0 ? el('p', { class: 'muted' }, 'No transfers in flight.') :
    el('table', { class: 'transfers' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Location'), el('th', {}, 'Direction'), ...states.map(s => el('th', { class: 'num' }, s.replace('_', ' '))), el('th', { class: 'num' }, 'In flight'))),
      el('tbody', {}, ...panel.transfers.map(t => el('tr', { 'data-transfer': `${t.location}:${t.direction}` },
        cell(t.location), cell(t.direction === 'in' ? 'stage in' : 'stage out'),
        ...states.map(s => el('td', { class: 'num', 'data-count': s }, t.states[s] || 0)), el('td', { class: 'num', 'data-count': 'total' }, t.total)))));
  return el('section', { class: 'panel', 'data-panel': panel.siteName },
    el('h3', {}, panel.siteName, ' ', el('a', { href: `/status/jobs?site=${panel.siteId}`, class: 'muted' }, '(browse jobs)')),
    el('div', { class: 'charts' },
      BalsamChart('Jobs finished (throughput)', a.finished, a.from, a.to, '#238b45'),
      BalsamChart('Jobs running (utilization)', a.running, a.from, a.to, '#f2b134')),
    el('div', { class: 'columns' },
      el('div', {}, el('h4', {}, 'Recent failures'), failures),
      el('div', {}, el('h4', {}, 'Transfers in flight'), transfers)));
}
const batchColors = {
  pending_submission: '#9ecae1', queued: '#4292c6', running: '#f2b134', pending_deletion: '#fd8d3c', finished: '#238b45', submit_failed: '#cb181d'
};
function drawBatchJobs(rows) {
  document.querySelector('#batch-jobs tbody').replaceChildren(...rows.map(b => {
    const badge = el('span', { class: 'state' }, b.state); badge.style.background = batchColors[b.state] || '#667';
    return el('tr', { 'data-batch-job': b.id },
      cell(b.id, 'num'), cell(b.siteName, 'site'), cell(b.schedulerId ?? '-', 'num'), el('td', { 'data-state': b.state }, badge),
      cell(b.queue), cell(b.project), cell(b.numNodes, 'num'), cell(b.wallTimeMin, 'num'), cell(b.jobMode),
      cell(b.startTime ? new Date(b.startTime).toLocaleString() : '-'), cell(b.message, 'message'));
  }));
  document.getElementById('no-batch-jobs').hidden = rows.length > 0;
}
BalsamLive.start(overview => {
  drawSummary(overview.summary);
  document.getElementById('panels').replaceChildren(...overview.panels.map(drawPanel));
  drawBatchJobs(overview.batchJobs);
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
});

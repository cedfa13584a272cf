// One job: its fields, parameters, state history (from its events), state data, error tail, workdir and transfers.
const jobId = new URLSearchParams(location.search).get('id') || '';
function pretty(json) { try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; } }
async function load() {
  const response = await fetch(`/api/jobs/${encodeURIComponent(jobId)}`);
  const problem = document.getElementById('problem');
  if (!response.ok) {
    problem.hidden = false;
    problem.textContent = (await response.json().catch(() => ({}))).message || `The server answered ${response.status}`;
    return;
  }
  problem.hidden = true;
  const job = await response.json();
  document.title = `Balsam job ${job.id}`;
  document.getElementById('job-id').textContent = job.id;
  document.getElementById('job-state').replaceChildren(stateBadge(job.state));
  document.getElementById('job-state').dataset.state = job.state;
  const siteLink = document.getElementById('site-link');
  siteLink.textContent = `jobs of ${job.siteName}`; siteLink.href = `/status/jobs?site=${job.siteId}`;
  const fields = [['Site', job.siteName], ['App', job.appName], ['Workdir', job.workdirPath], ['Tags', Object.entries(job.tags).map(([k, v]) => `${k}=${v}`).join(' ') || '-'],
    ['Parents', job.parentIds.join(', ') || '-'], ['Batch job', job.batchJobId ?? '-'], ['Return code', job.returnCode ?? '-'],
    ['Created', when(job.createdAt)], ['Last update', when(job.lastUpdate)]];
  document.getElementById('fields').replaceChildren(...fields.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-field': name }, value)]));
  document.querySelector('#parameters tbody').replaceChildren(...Object.entries(job.parameters).map(([k, v]) =>
    el('tr', { 'data-parameter': k }, el('td', {}, k), el('td', {}, v))));
  document.querySelector('#history tbody').replaceChildren(...job.history.map(h => el('tr', { 'data-to': h.to },
    el('td', {}, when(h.at)), el('td', {}, h.from), el('td', {}, stateBadge(h.to)), el('td', { class: 'message' }, h.data === '{}' ? '' : h.data))));
  document.getElementById('state-data').textContent = pretty(job.stateData);
  document.getElementById('error-tail').textContent = [job.errorTail, job.exception].filter(Boolean).join('\n\n') || '(none)';
  document.querySelector('#transfers tbody').replaceChildren(...job.transfers.map(t => el('tr', { 'data-transfer-item': t.id },
    el('td', {}, t.slot), el('td', {}, t.direction), el('td', {}, t.location), el('td', {}, t.remotePath), el('td', {}, t.localPath),
    el('td', {}, t.state), el('td', { class: 'message' }, t.info === '{}' ? '' : t.info))));
  document.getElementById('transfers').hidden = job.transfers.length === 0;
  document.getElementById('no-transfers').hidden = job.transfers.length > 0;
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}
load();
BalsamLive.start(() => load());

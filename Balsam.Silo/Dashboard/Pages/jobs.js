// The job browser: a site's jobs filtered by state, tag and app, one page at a time, newest first. The filters live in
// the address (?site=&state=&tag=&app=&page=&pageSize=), so a filtered page can be bookmarked; pushes re-read the page.
const params = new URLSearchParams(location.search);
function pageUrl(page) { const p = new URLSearchParams(params); p.set('page', page); return '/status/jobs?' + p; }
async function load() {
  const api = new URLSearchParams(params); api.delete('site');
  for (const [key, value] of [...api]) if (!value) api.delete(key);
  const response = await fetch(`/api/sites/${encodeURIComponent(params.get('site') || '')}/jobs?${api}`);
  const problem = document.getElementById('problem');
  if (!response.ok) {
    problem.hidden = false;
    problem.textContent = (await response.json().catch(() => ({}))).message || `The server answered ${response.status}`;
    return;
  }
  problem.hidden = true;
  const page = await response.json();
  document.getElementById('site-name').textContent = page.siteName;
  document.title = `Balsam jobs: ${page.siteName}`;
  const fill = (id, values, selected) => {
    const select = document.getElementById(id);
    if (select.options.length === 1) for (const v of values) select.append(el('option', { value: v }, v));
    select.value = selected || '';
  };
  fill('state', page.states, params.get('state'));
  fill('app', page.apps, params.get('app'));
  document.getElementById('site').value = page.siteId;
  document.getElementById('tag').value = params.get('tag') || '';
  document.getElementById('pageSize').value = page.pageSize;
  document.querySelector('#job-list tbody').replaceChildren(...page.jobs.map(j => el('tr', { 'data-job': j.id },
    el('td', { class: 'num' }, el('a', { href: `/status/job?id=${j.id}` }, j.id)), el('td', {}, j.appName),
    el('td', { 'data-state': j.state }, stateBadge(j.state)), el('td', {}, j.workdir),
    el('td', {}, Object.entries(j.tags).map(([k, v]) => `${k}=${v}`).join(' ')), el('td', {}, when(j.lastUpdate)))));
  const first = (page.pageNumber - 1) * page.pageSize;
  document.getElementById('range').textContent = page.total === 0 ? 'none' : `${first + 1}–${first + page.jobs.length} of ${page.total}`;
  document.getElementById('range').dataset.total = page.total;
  const previous = document.getElementById('previous'), next = document.getElementById('next');
  previous.hidden = page.pageNumber <= 1; previous.href = pageUrl(page.pageNumber - 1);
  next.hidden = first + page.jobs.length >= page.total; next.href = pageUrl(page.pageNumber + 1);
  document.getElementById('none').hidden = page.jobs.length > 0;
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}
load();
BalsamLive.start(() => load());

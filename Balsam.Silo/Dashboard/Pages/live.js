// The status pages' push channel: one EventSource on /api/status/stream. The browser reconnects by itself after a
// dropped connection (the server asks for 2 s); if the stream is closed for good (an HTTP error), we open a new one.
const BalsamLive = {
  start(onOverview) {
    const badge = document.getElementById('live');
    const show = (up, text) => { if (badge) { badge.textContent = text; badge.classList.toggle('down', !up); } };
    const open = () => {
      const source = new EventSource('/api/status/stream');
      source.addEventListener('open', () => show(true, 'live'));
      source.addEventListener('overview', e => { show(true, 'live'); onOverview(JSON.parse(e.data)); });
      source.addEventListener('problem', e => show(false, 'problem: ' + JSON.parse(e.data).message));
      source.addEventListener('error', () => {
        show(false, 'reconnecting');
        if (source.readyState === EventSource.CLOSED) setTimeout(open, 3000);
      });
    };
    open();
  }
};
const BalsamColors = {
  AWAITING_PARENTS: '#b0b7c3', READY: '#9ecae1', STAGED_IN: '#6baed6', PREPROCESSED: '#4292c6', RUNNING: '#f2b134',
  RUN_DONE: '#74c476', RUN_ERROR: '#e6550d', RUN_TIMEOUT: '#fd8d3c', RESTART_READY: '#9e9ac8', POSTPROCESSED: '#41ab5d',
  JOB_FINISHED: '#238b45', FAILED: '#cb181d', CREATED: '#b0b7c3', STAGED_OUT: '#41ab5d'
};
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
function stateBadge(state) { const b = el('span', { class: 'state' }, state); b.style.background = BalsamColors[state] || '#667'; return b; }
function when(iso) { return iso ? new Date(iso).toLocaleString() : '-'; }

// A small inline SVG step chart of one series ({times, values}) between two times.
function BalsamChart(title, series, from, to, color) {
  const width = 360, height = 120, left = 34, right = 8, top = 8, bottom = 18;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height); svg.setAttribute('role', 'img');
  const t0 = new Date(from).getTime(), t1 = new Date(to).getTime();
  const times = series.times.map(t => new Date(t).getTime());
  const values = series.values;
  const max = Math.max(1, series.start, ...values);
  const x = t => left + (width - left - right) * Math.min(1, Math.max(0, (t - t0) / Math.max(1, t1 - t0)));
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const add = (name, attrs, text) => { const n = document.createElementNS(ns, name); for (const k in attrs) n.setAttribute(k, attrs[k]); if (text !== undefined) n.textContent = text; svg.appendChild(n); return n; };
  add('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: '#ccd' });
  add('text', { x: 2, y: y(max) + 4 }, String(Math.round(max * 100) / 100));
  add('text', { x: 2, y: y(0) + 4 }, '0');
  add('text', { x: left, y: height - 4 }, new Date(t0).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  add('text', { x: width - right - 30, y: height - 4 }, 'now');
  // A step line: each value holds until the next point, the last one until now.
  let current = series.start;
  let d = `M ${x(t0)} ${y(current)}`;
  for (let i = 0; i < times.length; i++) { d += ` H ${x(times[i])} V ${y(values[i])}`; current = values[i]; }
  d += ` H ${x(t1)}`;
  add('path', { d, class: 'line', stroke: color });
  const figure = el('figure', { class: 'chart', 'data-chart': title, 'data-last': current });
  figure.style.margin = '0';
  figure.append(el('figcaption', {}, `${title}: ${current}`), svg);
  return figure;
}

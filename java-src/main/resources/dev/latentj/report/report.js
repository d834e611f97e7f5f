// The problem list: rendered from the embedded JSON, PAGE cards at a time, so a run of thousands of problems
// opens as fast as a run of twenty. The filter lives in the URL's #fragment (run, q, show; open=N opens problem N),
// so a view can be linked.
(() => {
  const PAGE = 50;
  const data = JSON.parse(document.getElementById('problem-data').textContent);
  const $ = id => document.getElementById(id);
  const list = $('problem-list'), more = $('more'), count = $('count');
  const runSel = $('run'), search = $('search'), show = $('show');
  let matches = [], shown = 0;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const run = () => data.runs[Number(runSel.value) || 0];

  // A mode's share of right samples on a problem, or null when it did not answer it.
  const score = (p, mode) => {
    const s = p.p[mode];
    return s && s.length ? s.filter(x => x.c).length / s.length : null;
  };

  function fillShow(r) {
    const keep = show.value;
    show.textContent = '';
    const opt = (value, label) => { const o = el('option', null, label); o.value = value; show.append(o); };
    opt('all', 'all problems');
    opt('wrong', 'some mode wrong');
    opt('right', 'every mode right');
    opt('disagree', 'modes disagree');
    for (const m of r.modes) { opt('right:' + m, m + ' right'); opt('wrong:' + m, m + ' wrong'); }
    show.value = [...show.options].some(o => o.value === keep) ? keep : 'all';
  }

  function keep(p, r, q, how) {
    if (q && !(p.q.toLowerCase().includes(q) || String(p.i) === q
        || r.modes.some(m => (p.p[m] || []).some(x => x.t.toLowerCase().includes(q))))) return false;
    const scores = r.modes.map(m => score(p, m)).filter(s => s !== null);
    const [verdict, mode] = how.split(':');
    if (mode) { const s = score(p, mode); return s !== null && (verdict === 'right' ? s === 1 : s < 1); }
    if (how === 'wrong') return scores.some(s => s < 1);
    if (how === 'right') return scores.length > 0 && scores.every(s => s === 1);
    if (how === 'disagree') return scores.some(s => s === 1) && scores.some(s => s < 1);
    return true;
  }

  function badge(mode, s) {
    const cls = s === 1 ? 'right' : s === 0 ? 'wrong' : 'mixed';
    return el('span', 'badge ' + cls, mode + ' ' + (s === 1 ? '✓' : s === 0 ? '✗' : Math.round(s * 100) + '%'));
  }

  function card(p, r) {
    const li = el('li');
    const d = el('details', 'problem');
    d.dataset.index = p.i;
    const sum = el('summary');
    sum.append(el('span', 'idx', '#' + p.i), el('span', 'q', p.q));
    for (const m of r.modes) { const s = score(p, m); if (s !== null) sum.append(badge(m, s)); }
    d.append(sum);
    // The answers are built on first opening: most cards are never opened.
    d.addEventListener('toggle', () => {
      if (!d.open || d.querySelector('.answers')) return;
      fill(d, p, r);
    });
    li.append(d);
    return li;
  }

  function fill(d, p, r) {
    const grid = el('div', 'answers');
    grid.append(el('div', 'gold', 'gold answer: ' + (p.g === null ? 'unknown' : p.g)));
    for (const m of r.modes) {
      const col = el('div', 'mode');
      col.append(el('h4', null, m));
      for (const x of p.p[m] || []) {
        const box = el('div', 'sample');
        const head = el('div');
        if (x.s !== undefined) head.append('sample ' + x.s + ': ');
        if (x.e !== undefined) {
          // a problem that could not run: its reason instead of an answer
          head.append(el('span', 'verdict failed', 'failed'), ': ' + x.e);
          box.append(head);
        } else {
          head.append('answer ' + (x.a === null ? 'none' : x.a) + ' ');
          head.append(el('span', 'verdict ' + (x.c ? 'right' : 'wrong'), x.c ? 'right' : 'wrong'));
          box.append(head, el('pre', null, x.t));
        }
        col.append(box);
      }
      grid.append(col);
    }
    d.append(grid);
  }

  function renderMore() {
    const r = run(), frag = document.createDocumentFragment();
    for (const p of matches.slice(shown, shown + PAGE)) frag.append(card(p, r));
    shown = Math.min(matches.length, shown + PAGE);
    list.append(frag);
    more.hidden = shown >= matches.length;
    more.textContent = 'show ' + Math.min(PAGE, matches.length - shown) + ' more';
  }

  function apply() {
    const r = run();
    const q = search.value.trim().toLowerCase();
    matches = r.problems.filter(p => keep(p, r, q, show.value));
    list.textContent = '';
    shown = 0;
    renderMore();
    count.textContent = matches.length + ' of ' + r.problems.length + ' problems';
    const h = new URLSearchParams();
    if (runSel.value !== '0') h.set('run', runSel.value);
    if (q) h.set('q', search.value.trim());
    if (show.value !== 'all') h.set('show', show.value);
    history.replaceState(null, '', h.toString() ? '#' + h : location.pathname + location.search);
  }

  data.runs.forEach((r, i) => { const o = el('option', null, r.label); o.value = i; runSel.append(o); });
  runSel.hidden = data.runs.length < 2;
  const h = new URLSearchParams(location.hash.slice(1));
  runSel.value = Math.min(Number(h.get('run')) || 0, data.runs.length - 1);
  search.value = h.get('q') || '';
  fillShow(run());
  show.value = h.get('show') && [...show.options].some(o => o.value === h.get('show')) ? h.get('show') : 'all';
  runSel.addEventListener('change', () => { fillShow(run()); apply(); });
  search.addEventListener('input', apply);
  show.addEventListener('change', apply);
  more.addEventListener('click', renderMore);
  apply();
  const open = list.querySelector('details[data-index="' + Number(h.get('open')) + '"]');
  if (h.has('open') && open) open.open = true;
  // Read by the browser test and recorded in RESULTS.md: from navigation start to a usable list.
  document.documentElement.dataset.listReadyMs = Math.round(performance.now());
})();

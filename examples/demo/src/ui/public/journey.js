// The journey page: one button per step of the chosen vendor's flow; each answer of the demo
// server (`POST /api/step`) is drawn with DOM nodes and textContent only, never parsed as HTML.

const stepsList = document.getElementById('steps');
const vendorSelect = document.getElementById('vendor');
const choice = document.getElementById('choice');
let journeys = { vendors: [], steps: {} };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function mode() {
  return new FormData(choice).get('mode');
}

function text(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function valueCell(value) {
  const shown = text(value);
  return element('td', shown === '‹elided›' ? { class: 'elided' } : {}, shown);
}

function table(rows) {
  return element(
    'table',
    {},
    ...rows.map(([name, value, rowClass]) =>
      element('tr', rowClass ? { class: rowClass } : {}, element('th', {}, name), valueCell(value)),
    ),
  );
}

function whoSits(token, who) {
  const places = token.places.filter((place) => place.who === who);
  if (places.length === 0) return element('li', { class: who }, `${who}: not in this token`);
  const paths = new Map();
  for (const place of places) paths.set(place.id, [...(paths.get(place.id) ?? []), place.path]);
  const where = [...paths].map(([id, names]) => `${id} → ${names.join(', ')}`);
  return element('li', { class: who }, `${who} ${where.join('; ')}`);
}

/** The claims' table, each row coloured by who sits in that claim (or below it). */
function claimsTable(shown) {
  const rowClass = (claim) =>
    shown.places
      .filter((place) => place.path === claim || place.path.startsWith(`${claim}.`))
      .map((place) => place.who)
      .join(' ');
  return table(Object.entries(shown.claims).map(([name, value]) => [name, value, rowClass(name)]));
}

/** A card for a token or an introspection answer: its label, who sits where, then `body`. */
function identityCard(attributes, shown, ...body) {
  return element(
    'section',
    attributes,
    element('h3', {}, shown.label),
    element('ul', { class: 'who' }, whoSits(shown, 'agent'), whoSits(shown, 'human')),
    ...body,
  );
}

function tokenView(token) {
  return identityCard(
    { class: 'token', 'data-token': token.label },
    token,
    element(
      'div',
      {},
      table([['header', token.header]]),
      claimsTable(token),
      table([['signature', '‹elided›']]),
    ),
  );
}

function introspectionView(answer) {
  return identityCard(
    { class: 'token introspection', 'data-introspection': answer.label },
    answer,
    claimsTable(answer),
  );
}

function revocationsView(revocations) {
  return element(
    'table',
    { class: 'revocations' },
    element('tr', {}, element('th', {}, 'revocation'), element('th', {}, 'detail')),
    ...revocations.map((outcome) =>
      element(
        'tr',
        { 'data-revocation': outcome.status },
        element('td', { class: 'status' }, outcome.status),
        element('td', {}, outcome.detail),
      ),
    ),
  );
}

function callsView(calls) {
  return element(
    'table',
    { class: 'calls' },
    element(
      'tr',
      {},
      ...['token of', 'decision', 'status', 'reason'].map((n) => element('th', {}, n)),
    ),
    ...calls.map((call) =>
      element(
        'tr',
        { 'data-call': call.label },
        element('td', {}, call.label),
        element('td', { class: `${call.decision} decision` }, call.decision),
        element('td', { class: 'status' }, String(call.status)),
        element('td', { class: 'reason' }, call.reason),
      ),
    ),
  );
}

function requestView(request) {
  return element(
    'section',
    { class: 'request' },
    element('h3', {}, `${request.method} ${request.url}`),
    table([...Object.entries(request.headers), ...Object.entries(request.form)]),
  );
}

function matrixView(rows) {
  const header = ['agent', 'human', 'expected', 'actual', 'status', 'refused side', ''];
  return element(
    'table',
    { class: 'matrix' },
    element('tr', {}, ...header.map((name) => element('th', {}, name))),
    ...rows.map((row) =>
      element(
        'tr',
        { 'data-row': `${row.agentId}/${row.username}` },
        element('td', { class: 'agent' }, row.agentId),
        element('td', { class: 'human' }, row.username),
        element('td', { class: row.expected }, row.expected),
        element('td', { class: `${row.actual} actual` }, row.actual),
        element('td', {}, String(row.status)),
        element('td', {}, row.failedSide ?? ''),
        element('td', {}, row.actual === row.expected ? '✓' : '✗'),
      ),
    ),
  );
}

function resultView(result) {
  const parts = (result.notes ?? []).map((note) => element('p', {}, note));
  if (result.values) parts.push(table(Object.entries(result.values)));
  for (const request of result.requests ?? []) parts.push(requestView(request));
  for (const token of result.tokens ?? []) parts.push(tokenView(token));
  if (result.revocations) parts.push(revocationsView(result.revocations));
  if (result.calls) parts.push(callsView(result.calls));
  for (const answer of result.introspections ?? []) parts.push(introspectionView(answer));
  if (result.decision) {
    const { decision, status, body } = result.decision;
    parts.push(
      element(
        'p',
        { class: 'decision' },
        'The API decided: ',
        element('span', { class: decision }, decision),
        ` (${status})`,
      ),
      table(Object.entries(body ?? {})),
    );
  }
  if (result.matrix) parts.push(matrixView(result.matrix));
  return parts;
}

async function runStep(item, index) {
  const items = [...stepsList.children];
  for (const later of items.slice(index + 1)) {
    later.dataset.state = 'idle';
    later.querySelector('.result').replaceChildren();
    later.querySelector('button').disabled = true;
  }
  const button = item.querySelector('button');
  const result = item.querySelector('.result');
  button.disabled = true;
  item.dataset.state = 'running';
  result.replaceChildren(element('p', {}, 'running…'));
  const response = await fetch('/api/step', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor: vendorSelect.value, mode: mode(), step: item.dataset.step }),
  }).catch((error) => ({ ok: false, json: async () => ({ message: String(error) }) }));
  const answer = await response.json().catch(() => ({ message: 'no answer' }));
  button.disabled = false;
  if (!response.ok) {
    item.dataset.state = 'error';
    result.dataset.state = 'error';
    result.replaceChildren(element('p', {}, `${answer.error ?? 'Error'}: ${answer.message}`));
    return;
  }
  item.dataset.state = 'done';
  result.dataset.state = 'done';
  result.replaceChildren(...resultView(answer));
  const next = items[index + 1];
  if (next) next.querySelector('button').disabled = false;
}

function renderSteps() {
  const steps = journeys.steps[mode()] ?? [];
  stepsList.replaceChildren(
    ...steps.map((step, index) => {
      const button = element('button', { type: 'button' }, step.title);
      button.disabled = index !== 0;
      const item = element(
        'li',
        { 'data-step': step.id, 'data-state': 'idle' },
        button,
        element('div', { class: 'result' }),
      );
      button.addEventListener('click', () => runStep(item, index));
      return item;
    }),
  );
}

async function start() {
  journeys = await (await fetch('/api/journeys')).json();
  vendorSelect.replaceChildren(
    ...journeys.vendors.map((vendor) => element('option', { value: vendor }, vendor)),
  );
  choice.addEventListener('change', renderSteps);
  renderSteps();
  document.body.dataset.ready = 'true';
}

start();

// The token console: UploadTokens with the API key typed in the page. A local development
// tool: the key is kept in memory only, unless "remember" is ticked (then in localStorage).
const STORAGE_KEY = 'video-uploader-wasm:api-key';
const params = new URLSearchParams(location.search);
const MODULE = params.get('module') || '/pkg/tokens.js'; // the package's video-uploader-wasm/tokens
const apiHost = params.get('apiHost') || location.origin;

const $ = (selector) => document.querySelector(selector);
const keyInput = $('#api-key');
const remember = $('#remember');
const state = { page: 1, pagesTotal: 1 };
let tokens = null;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: remembering is simply not offered
  }
}

function showError(error) {
  const box = $('#error');
  if (!error) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.hidden = false;
  box.textContent = describe(error);
}

function status(text) {
  $('#status').textContent = text;
}

/** The library's error shape (or an Error) in words. */
function describe(error) {
  if (error instanceof Error) return error.message;
  if (error?.status === 401) return 'The server refused the API key (401). Check it: npm start prints it as “api key: …”.';
  if (error?.status === 404) return 'That token does not exist (any more).';
  if (error?.reason === 'NETWORK_ERROR') return `The server at ${apiHost} cannot be reached. Is it running?`;
  return error?.title || error?.reason || String(error);
}

let packageLoading = null;
function loadPackage() {
  packageLoading ??= import(new URL(MODULE, location.href).href).then(async (pkg) => {
    await pkg.default();
    return pkg;
  });
  return packageLoading;
}

/** The UploadTokens client for the key in the field, or null (with a message) without one. */
async function client() {
  const apiKey = keyInput.value.trim();
  if (!apiKey) {
    showError(new Error('Enter the API key first.'));
    keyInput.focus();
    return null;
  }
  if (!tokens || tokens.key !== apiKey) {
    const pkg = await loadPackage();
    tokens = { key: apiKey, api: new pkg.UploadTokens({ apiKey, apiHost }) };
  }
  return tokens.api;
}

function formatTtl(ttl) {
  if (ttl === 0) return 'never expires';
  const units = [[86400, 'd'], [3600, 'h'], [60, 'min']];
  for (const [seconds, unit] of units) {
    if (ttl >= seconds && ttl % seconds === 0) return `${ttl / seconds} ${unit}`;
  }
  return `${ttl} s`;
}

function formatDate(text) {
  if (!text) return 'never';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function uploadPageFor(token) {
  const url = new URL('./', location.href);
  url.searchParams.set('token', token);
  return url.href;
}

async function refresh() {
  showError(null);
  const api = await client().catch(showError);
  if (!api) return;
  const options = {
    sortBy: $('#sort-by').value,
    sortOrder: $('#sort-order').value,
    currentPage: state.page,
    pageSize: Number($('#page-size').value),
  };
  let list;
  try {
    status('Loading…');
    list = await api.list(options);
  } catch (error) {
    status('');
    showError(error);
    return;
  }
  const { data, pagination } = list;
  if (data.length === 0 && state.page > 1 && state.page > pagination.pagesTotal) {
    state.page = pagination.pagesTotal; // the last page emptied (a deletion): show the one before
    return refresh();
  }
  state.pagesTotal = pagination.pagesTotal;
  const body = $('#tokens tbody');
  body.replaceChildren();
  if (data.length === 0) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 5;
    cell.className = 'muted';
    cell.textContent = 'No tokens yet: create one above.';
  }
  for (const token of data) {
    const row = body.insertRow();
    row.dataset.token = token.token;
    const cells = [
      ['Token', token.token, 'code'],
      ['Lifetime', formatTtl(token.ttl)],
      ['Created', formatDate(token.createdAt)],
      ['Expires', token.ttl === 0 ? 'never' : formatDate(token.expiresAt)],
    ];
    for (const [label, text, tag] of cells) {
      const cell = row.insertCell();
      cell.dataset.label = label;
      if (tag) {
        const code = document.createElement(tag);
        code.textContent = text;
        cell.append(code);
      } else {
        cell.textContent = text;
      }
    }
    row.cells[1].dataset.ttl = String(token.ttl);
    const actions = row.insertCell();
    actions.className = 'actions';
    const show = document.createElement('button');
    show.type = 'button';
    show.textContent = 'Show';
    show.setAttribute('aria-label', `Show token ${token.token}`);
    show.addEventListener('click', () => showToken(token.token));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', `Delete token ${token.token}`);
    remove.addEventListener('click', () => deleteToken(token.token));
    actions.append(show, ' ', remove);
  }
  const { currentPage, pagesTotal, itemsTotal } = pagination;
  $('#page-info').textContent = `Page ${currentPage} of ${pagesTotal} · ${itemsTotal} token${itemsTotal === 1 ? '' : 's'}`;
  $('#previous').disabled = currentPage <= 1;
  $('#next').disabled = currentPage >= pagesTotal;
  status('');
}

async function showToken(token) {
  showError(null);
  try {
    const api = await client();
    if (!api) return;
    const details = await api.getToken(token);
    $('#details-json').textContent = JSON.stringify(details, null, 2);
    $('#details').hidden = false;
    $('#details').scrollIntoView({ block: 'nearest' });
  } catch (error) {
    showError(error);
  }
}

async function deleteToken(token) {
  showError(null);
  if (!confirm(`Delete token ${token}? Pages that use it can no longer upload.`)) return;
  try {
    const api = await client();
    if (!api) return;
    await api.deleteToken(token);
    if ($('#details-json').textContent.includes(token)) $('#details').hidden = true;
    await refresh();
    status(`Deleted ${token}.`);
  } catch (error) {
    showError(error);
  }
}

// --- the key ---------------------------------------------------------------------------------
const saved = storage()?.getItem(STORAGE_KEY);
if (saved) {
  keyInput.value = saved;
  remember.checked = true;
}

function rememberKey() {
  const store = storage();
  if (!store) return;
  if (remember.checked && keyInput.value.trim()) store.setItem(STORAGE_KEY, keyInput.value.trim());
  else store.removeItem(STORAGE_KEY);
}
remember.addEventListener('change', rememberKey);

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  rememberKey();
  state.page = 1;
  refresh();
});

// --- create ----------------------------------------------------------------------------------
$('#create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(null);
  try {
    const api = await client();
    if (!api) return;
    const created = await api.createToken({ ttl: Number($('#ttl').value) });
    $('#created-token').textContent = created.token;
    $('#created-link').href = uploadPageFor(created.token);
    $('#created').hidden = false;
    status(`Created ${created.token} (${formatTtl(created.ttl)}).`);
    rememberKey();
    await refresh();
  } catch (error) {
    showError(error);
  }
});

$('#copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('#created-token').textContent);
    status('Copied.');
  } catch {
    status('Copying is not allowed here: select the token and copy it.');
  }
});

// --- list ------------------------------------------------------------------------------------
$('#list-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.page = 1;
  refresh();
});
for (const id of ['#sort-by', '#sort-order', '#page-size']) {
  $(id).addEventListener('change', () => {
    state.page = 1;
    if (keyInput.value.trim()) refresh();
  });
}
$('#previous').addEventListener('click', () => {
  state.page = Math.max(1, state.page - 1);
  refresh();
});
$('#next').addEventListener('click', () => {
  state.page = Math.min(state.pagesTotal, state.page + 1);
  refresh();
});
$('#previous').disabled = true;
$('#next').disabled = true;

if (keyInput.value) refresh();

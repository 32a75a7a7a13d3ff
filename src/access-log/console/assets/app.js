/*
 * The managers' console. Plain browser JavaScript, no dependencies, loaded from the same origin
 * (the content security policy allows no inline or foreign scripts). Data only ever reaches the
 * page through textContent, never as HTML.
 */
(function () {
  'use strict';

  var PURPOSE = 'security_audit';
  var TOKEN_KEY = 'consentry.console.token';
  var REVIEWER_ROLES = ['manager', 'dpo'];
  var FILTERS = ['actorId', 'clientId', 'purpose', 'action', 'outcome', 'resource', 'from', 'to'];
  var PAGE_SIZE = 50;

  var state = {
    token: null,
    filters: {},
    cursors: [null], // cursor of each page seen so far; the last one is the current page
    nextCursor: null,
    items: [],
  };

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function loadToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function saveToken(token) {
    try {
      if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
      else window.sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      /* storage unavailable: the token lives in memory only */
    }
  }

  function ApiError(status, body) {
    this.status = status;
    this.body = body || {};
    this.message = (body && body.message) || 'Request failed (' + status + ')';
  }

  function api(path, options) {
    options = options || {};
    var headers = { accept: options.accept || 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    if (options.purpose !== false) headers['x-purpose'] = PURPOSE;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (res) {
      if (res.status === 401 && state.token) {
        signOut('Your session has ended; please sign in again.');
      }
      if (!res.ok) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            throw new ApiError(res.status, body);
          });
      }
      return options.raw ? res : res.json();
    });
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== '') {
        parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(value));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  /* Times: the API speaks UTC ISO 8601; the page shows and takes local time. */
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function localText(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    return (
      d.getFullYear() +
      '-' +
      pad(d.getMonth() + 1) +
      '-' +
      pad(d.getDate()) +
      ' ' +
      pad(d.getHours()) +
      ':' +
      pad(d.getMinutes()) +
      ':' +
      pad(d.getSeconds())
    );
  }

  /* datetime-local holds whole seconds: an exclusive end is rounded up so that it still covers its instant. */
  function localInputValue(iso, roundUp) {
    var d = new Date(iso);
    if (roundUp && d.getMilliseconds() > 0) d = new Date(d.getTime() - d.getMilliseconds() + 1000);
    return localText(d.toISOString()).replace(' ', 'T');
  }

  function inputToIso(value) {
    if (!value) return '';
    var d = new Date(value);
    return isNaN(d.getTime()) ? '' : d.toISOString();
  }

  function shortId(id) {
    return id ? String(id).slice(0, 8) : '';
  }

  /* Sign-in */

  function showSignedIn(me) {
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = me.email + ' (' + me.role + ')';
  }

  function signOut(message) {
    state.token = null;
    saveToken(null);
    $('workspace').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('who').textContent = '';
    $('sign-in-error').textContent = message || '';
  }

  function enter() {
    return api('/api/auth/me', { purpose: false }).then(function (me) {
      if (REVIEWER_ROLES.indexOf(me.role) < 0) {
        signOut(
          'This console is for managers and the data protection officer; your role is ' + me.role + '.',
        );
        return;
      }
      showSignedIn(me);
      return loadPage(null);
    });
  }

  function onSignIn(event) {
    event.preventDefault();
    var form = event.target;
    $('sign-in-error').textContent = '';
    api('/api/auth/login', {
      method: 'POST',
      purpose: false,
      body: { email: form.email.value, password: form.password.value },
    })
      .then(function (res) {
        state.token = res.accessToken;
        saveToken(res.accessToken);
        form.password.value = '';
        return enter();
      })
      .catch(function (error) {
        $('sign-in-error').textContent =
          error.status === 401 ? 'Wrong e-mail or password.' : error.message || 'Sign-in failed.';
      });
  }

  /* The record */

  function readFilters() {
    var form = $('filters');
    var filters = {};
    FILTERS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (name === 'from' || name === 'to') value = inputToIso(value);
      if (value) filters[name] = value;
    });
    return filters;
  }

  function writeFilters(filters) {
    var form = $('filters');
    FILTERS.forEach(function (name) {
      var value = filters[name] || '';
      form.elements[name].value =
        value && (name === 'from' || name === 'to') ? localInputValue(value, name === 'to') : value;
    });
  }

  function loadPage(cursor) {
    var params = Object.assign({ limit: PAGE_SIZE }, state.filters, { cursor: cursor });
    $('list-status').textContent = 'Loading…';
    return api('/api/access-logs' + query(params))
      .then(function (page) {
        state.items = page.items;
        state.nextCursor = page.nextCursor;
        renderEntries();
        var n = state.cursors.length;
        $('list-status').textContent = page.items.length
          ? 'Page ' +
            n +
            ': ' +
            page.items.length +
            ' entr' +
            (page.items.length === 1 ? 'y' : 'ies') +
            ', newest first.'
          : 'No entries match.';
        $('page-info').textContent = 'Page ' + n;
        $('prev-page').disabled = n <= 1;
        $('first-page').disabled = n <= 1;
        $('next-page').disabled = !page.nextCursor;
      })
      .catch(showListError);
  }

  function showListError(error) {
    var detail = error.body && error.body.fields ? ' (' + error.body.fields.join(', ') + ')' : '';
    $('list-status').textContent = 'Could not load: ' + error.message + detail;
  }

  function renderEntries() {
    var body = $('entries').querySelector('tbody');
    clear(body);
    state.items.forEach(function (item, index) {
      var clients = item.clientId
        ? shortId(item.clientId) + (item.clientIds.length > 1 ? ' +' + (item.clientIds.length - 1) : '')
        : '';
      var row = el(
        'tr',
        {
          'data-id': item.id,
          'data-index': String(index),
          tabindex: '0',
          className: item.outcome === 'denied' ? 'denied' : '',
        },
        [
          el('td', { text: item.id, className: 'num' }),
          el('td', { text: localText(item.at), title: item.at }),
          el('td', {
            text:
              (item.actorName || (item.actorId ? shortId(item.actorId) : 'system')) +
              (item.actorRole ? ' · ' + item.actorRole : ''),
            title: item.actorId || '',
          }),
          el('td', { text: item.purpose || '' }),
          el('td', { text: item.action }),
          el('td', { text: item.resource + (item.resourceId ? ' ' + shortId(item.resourceId) : '') }),
          el('td', { text: clients, title: item.clientIds.join('\n'), className: 'mono' }),
          el('td', { text: item.fields.join(', ') }),
          el('td', {}, [el('span', { className: 'badge ' + item.outcome, text: item.outcome })]),
        ],
      );
      body.appendChild(row);
    });
  }

  function openEntry(item) {
    var list = $('entry-detail-fields');
    clear(list);
    $('entry-detail-id').textContent = item.id;
    [
      ['Time (UTC)', item.at],
      ['Local time', localText(item.at)],
      ['Actor', item.actorName ? item.actorName + ' — ' + (item.actorId || '') : item.actorId || 'system'],
      ['Role', item.actorRole],
      ['Purpose', item.purpose],
      ['Action', item.action],
      ['Resource', item.resource],
      ['Resource id', item.resourceId],
      ['Clients', item.clientIds.join('\n')],
      ['Fields', item.fields.join(', ')],
      ['Outcome', item.outcome],
      ['Reason', item.reason],
      ['Request id', item.requestId],
      ['IP', item.ip],
      ['Controller (insurer)', item.controllerId],
    ].forEach(function (pair) {
      list.appendChild(el('dt', { text: pair[0] }));
      list.appendChild(
        el('dd', {
          text: pair[1] === null || pair[1] === undefined || pair[1] === '' ? '—' : String(pair[1]),
        }),
      );
    });
    var actions = el('dd', {});
    if (item.actorId) actions.appendChild(filterButton('Entries by this actor', { actorId: item.actorId }));
    if (item.clientId)
      actions.appendChild(filterButton('Entries on this client', { clientId: item.clientId }));
    list.appendChild(el('dt', { text: 'Follow' }));
    list.appendChild(actions);
    $('entry-detail').hidden = false;
    $('entry-detail').scrollIntoView({ block: 'nearest' });
  }

  function filterButton(label, filters) {
    var button = el('button', { type: 'button', text: label });
    button.addEventListener('click', function () {
      applyFilters(filters);
    });
    return button;
  }

  function applyFilters(filters) {
    writeFilters(filters);
    state.filters = Object.assign({}, filters);
    state.cursors = [null];
    $('entry-detail').hidden = true;
    return loadPage(null);
  }

  function onEntriesClick(event) {
    var row = event.target.closest('tr[data-index]');
    if (row) openEntry(state.items[Number(row.getAttribute('data-index'))]);
  }

  function downloadCsv() {
    var status = $('list-status');
    status.textContent = 'Preparing CSV…';
    api('/api/access-logs/export' + query(Object.assign({ format: 'csv' }, readFilters())), {
      raw: true,
      accept: 'text/csv',
    })
      .then(function (res) {
        var disposition = res.headers.get('content-disposition') || '';
        var match = /filename="([^"]+)"/.exec(disposition);
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var link = el('a', { href: url, download: match ? match[1] : 'access-log.csv' });
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 10000);
          status.textContent = 'CSV downloaded (' + Math.round(blob.size / 1024) + ' KiB).';
        });
      })
      .catch(showListError);
  }

  /* Integrity */

  var FAILURE_TEXTS = {
    CHAIN_SHORTER_THAN_CHECKPOINT: 'Chain cut short: it ends before the newest checkpoint',
    CHECKPOINT_MISMATCH: 'Chain rewritten: it differs from the newest checkpoint',
    CHECKPOINT_REFUSED: 'The newest checkpoint is refused: its signature does not hold',
  };
  var CHECKPOINT_TEXTS = {
    agrees: 'the chain agrees with it',
    disagrees: 'the chain disagrees with it',
    refused: 'its signature does not hold',
    unchecked: 'not reached, the chain breaks before it',
  };

  function verify() {
    var box = $('verify-result');
    box.className = 'pending';
    box.textContent = 'Verifying…';
    $('verify').disabled = true;
    api('/api/access-logs/verify')
      .then(function (result) {
        clear(box);
        box.className = result.valid ? (result.alarm ? 'warn' : 'ok') : 'bad';
        box.appendChild(
          el('strong', {
            text: result.valid
              ? 'Chain intact: ' + result.checked + ' entries checked.'
              : result.firstInvalidId
                ? 'Chain broken at entry ' +
                  result.firstInvalidId +
                  ' (' +
                  result.checked +
                  ' entries checked before it).'
                : (FAILURE_TEXTS[result.reason] || 'Chain not valid') +
                  ' (' +
                  result.checked +
                  ' entries checked).',
          }),
        );
        var checkpoint = result.checkpoint || { status: 'none' };
        box.appendChild(
          el('p', {
            text:
              (checkpoint.status === 'none'
                ? 'No checkpoint taken yet.'
                : 'Newest checkpoint: position ' +
                  checkpoint.sequence +
                  (checkpoint.at ? ' taken ' + localText(checkpoint.at) : '') +
                  ' — ' +
                  (CHECKPOINT_TEXTS[checkpoint.status] || checkpoint.status) +
                  '.') +
              (checkpoint.lagSeconds !== null && checkpoint.lagSeconds !== undefined
                ? ' Seals not yet under a checkpoint: the oldest for ' +
                  Math.round(checkpoint.lagSeconds) +
                  ' s.'
                : ''),
          }),
        );
        var sealed = result.sealedThrough || {};
        box.appendChild(
          el('p', {
            text:
              'Sealed through entry ' +
              (sealed.entryId || '—') +
              (sealed.sealedAt ? ' at ' + localText(sealed.sealedAt) : '') +
              '; waiting to be sealed: ' +
              result.unsealed +
              (result.alarm && result.oldestUnsealedSeconds !== null
                ? ' — the oldest has waited ' + Math.round(result.oldestUnsealedSeconds) + ' s.'
                : '.'),
          }),
        );
      })
      .catch(function (error) {
        box.className = 'bad';
        box.textContent = 'Verification failed: ' + error.message;
      })
      .then(function () {
        $('verify').disabled = false;
      });
  }

  /* Anomalies */

  var KIND_LABELS = {
    many_clients: 'Many clients in an hour',
    outside_hours: 'Outside working hours',
    denied_burst: 'Burst of refused attempts',
    export: 'Export',
  };

  function loadAnomalies(event) {
    if (event) event.preventDefault();
    var form = $('anomaly-form');
    var params = { from: inputToIso(form.elements.from.value), to: inputToIso(form.elements.to.value) };
    $('anomaly-summary').textContent = 'Looking…';
    api('/api/access-logs/anomalies' + query(params))
      .then(function (report) {
        var list = $('anomaly-list');
        clear(list);
        var s = report.summary;
        $('anomaly-summary').textContent =
          localText(report.from) +
          ' – ' +
          localText(report.to) +
          ': ' +
          s.many_clients +
          ' many-clients, ' +
          s.outside_hours +
          ' outside hours, ' +
          s.denied_burst +
          ' refusal bursts, ' +
          s.export +
          ' exports' +
          (report.truncated ? ' (list truncated)' : '') +
          '.';
        report.findings.forEach(function (f) {
          var who = f.actorName || (f.actorId ? shortId(f.actorId) : 'system');
          var ids =
            f.entryIds.join(', ') +
            (f.entryCount > f.entryIds.length ? ' … (' + f.entryCount + ' in all)' : '');
          list.appendChild(
            el('li', { className: 'finding ' + f.kind, 'data-kind': f.kind }, [
              el('div', { className: 'row' }, [
                el('strong', { text: KIND_LABELS[f.kind] || f.kind }),
                el('span', {
                  className: 'muted',
                  text: localText(f.from) + (f.to !== f.from ? ' – ' + localText(f.to) : ''),
                }),
              ]),
              el('div', { text: who + (f.actorRole ? ' · ' + f.actorRole : '') + ': ' + f.description }),
              el('div', { className: 'mono muted', text: 'Entries: ' + ids }),
              filterButton('Show these entries', f.filter),
            ]),
          );
        });
        if (!report.findings.length)
          list.appendChild(el('li', { className: 'muted', text: 'Nothing unusual in this range.' }));
      })
      .catch(function (error) {
        $('anomaly-summary').textContent = 'Could not look for anomalies: ' + error.message;
      });
  }

  /* Wiring */

  function init() {
    $('sign-in-form').addEventListener('submit', onSignIn);
    $('sign-out').addEventListener('click', function () {
      signOut('');
    });
    $('filters').addEventListener('submit', function (event) {
      event.preventDefault();
      state.filters = readFilters();
      state.cursors = [null];
      loadPage(null);
    });
    $('reset-filters').addEventListener('click', function () {
      applyFilters({});
    });
    $('download-csv').addEventListener('click', downloadCsv);
    $('next-page').addEventListener('click', function () {
      if (!state.nextCursor) return;
      state.cursors.push(state.nextCursor);
      loadPage(state.nextCursor);
    });
    $('prev-page').addEventListener('click', function () {
      if (state.cursors.length <= 1) return;
      state.cursors.pop();
      loadPage(state.cursors[state.cursors.length - 1]);
    });
    $('first-page').addEventListener('click', function () {
      state.cursors = [null];
      loadPage(null);
    });
    $('entries').addEventListener('click', onEntriesClick);
    $('entries').addEventListener('keydown', function (event) {
      if (event.key === 'Enter') onEntriesClick(event);
    });
    $('close-detail').addEventListener('click', function () {
      $('entry-detail').hidden = true;
    });
    $('verify').addEventListener('click', verify);
    $('anomaly-form').addEventListener('submit', loadAnomalies);

    // An empty end means "now" at the moment of asking.
    $('anomaly-form').elements.from.value = localInputValue(
      new Date(Date.now() - 7 * 86400000).toISOString(),
    );

    state.token = loadToken();
    if (state.token) {
      enter().catch(function () {
        signOut('');
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

/**
 * Browser code shared by the two consoles, as source text (it runs in the browser, not here):
 * texts, building elements with text nodes only, the API with a bearer token kept in
 * sessionStorage (never in a URL, gone when the tab closes), dates in China time, and errors
 * shown in plain words. No framework, no external asset.
 *
 * Plain ES2017 so older phone browsers run it; written without backticks and `${` because it
 * lives in a template literal.
 */
export const clientCommon = String.raw`'use strict';
var TEXTS = JSON.parse(document.getElementById('texts').textContent || '{}');
var LANG = TEXTS.lang === 'en' ? 'en' : 'zh';
/** Between a label and its value: full width in Chinese, ASCII and a space in English. */
var COLON = LANG === 'zh' ? '：' : ': ';

/** A text by key, {name} placeholders filled in. */
function t(key, vars) {
  var s = Object.prototype.hasOwnProperty.call(TEXTS, key) ? TEXTS[key] : key;
  if (vars) Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
  return s;
}

/** A localized value { zh, en } (or a plain string) in the page language. */
function loc(value) {
  if (value && typeof value === 'object') return String(value[LANG] || value.zh || value.en || '');
  return value === undefined || value === null ? '' : String(value);
}

/** An element: props set as attributes (on* as listeners, text as textContent); children as nodes or text. */
function h(tag, props) {
  var node = document.createElementNS(tag === 'svg' || h.svgTags.indexOf(tag) >= 0 ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  Object.keys(props || {}).forEach(function (key) {
    var v = props[key];
    if (v === undefined || v === null || v === false) return;
    if (key.slice(0, 2) === 'on' && typeof v === 'function') node.addEventListener(key.slice(2), v);
    else if (key === 'text') node.textContent = String(v);
    else if (key === 'href' && !safeHref(v)) return;
    else node.setAttribute(key, v === true ? '' : String(v));
  });
  for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
  return node;
}
h.svgTags = ['rect', 'text', 'g', 'title', 'line'];

function add(node, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

/** Links go to this site, to a phone number or to a fragment; nothing else (no javascript:). */
function safeHref(v) {
  return typeof v === 'string' && (/^\/(?!\/)/.test(v) || /^#/.test(v) || /^tel:\+?[0-9]+$/.test(v));
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

var timeFormat = new Intl.DateTimeFormat(LANG === 'en' ? 'en-GB' : 'zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: LANG === 'en' ? 'short' : 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
function when(iso) {
  var d = new Date(iso);
  return isNaN(d.getTime()) ? loc(iso) : timeFormat.format(d);
}
function num(v) { return typeof v === 'number' && isFinite(v) ? v : 0; }
function list(v) { return Array.isArray(v) ? v : []; }
function percent(v) { return typeof v === 'number' && isFinite(v) ? (Math.round(v * 1000) / 10) + '%' : '–'; }
function trackingCode(code) { code = loc(code); return code.length === 8 ? code.slice(0, 4) + ' ' + code.slice(4) : code; }

/** The bearer token of this console, kept for this tab only. */
function tokenStore(key) {
  return {
    get: function () { try { return sessionStorage.getItem(key) || ''; } catch (e) { return ''; } },
    set: function (v) { try { sessionStorage.setItem(key, v); } catch (e) { /* private mode: kept in memory only */ } this.memory = v; },
    clear: function () { try { sessionStorage.removeItem(key); } catch (e) { /* ignore */ } this.memory = ''; },
    memory: '',
  };
}

function ApiError(status, body) {
  this.status = status;
  this.body = body;
  this.message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + status;
}

/** Calls the API with the token; JSON in and out. A 401 signs out. */
function apiClient(store, onUnauthorized) {
  return function api(method, path, body) {
    var headers = { accept: 'application/json', authorization: 'Bearer ' + (store.get() || store.memory) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' })
      .then(function (res) {
        var type = res.headers.get('content-type') || '';
        var read = type.indexOf('json') >= 0 ? res.json().catch(function () { return null; }) : res.text();
        return read.then(function (data) {
          if (res.status === 401) onUnauthorized();
          if (!res.ok) throw new ApiError(res.status, data);
          return data;
        });
      }, function () { throw new ApiError(0, null); });
  };
}

/** An API error in plain words, with the fields it names. */
function errorText(error) {
  var status = error && error.status;
  var base = status === 0 ? t('errNetwork') : status === 400 ? t('err400') : status === 401 ? t('err401') : status === 404 ? t('err404') : status === 409 ? t('err409') : t('errOther');
  var fields = error && error.body && error.body.error && Array.isArray(error.body.error.fields) ? error.body.error.fields : [];
  var detail = fields.length ? fields.map(function (f) { return loc(f.field) + ': ' + loc(f.message); }).join('; ') : (status && status !== 401 ? loc(error.message) : '');
  return detail ? base + ' (' + detail + ')' : base;
}

/** The live region for outcomes: polite for news, assertive for errors. */
function flasher(node) {
  return function flash(message, isError) {
    node.className = 'flash' + (isError ? ' error' : '');
    node.setAttribute('role', isError ? 'alert' : 'status');
    node.textContent = message;
  };
}

/** Minutes as people write them: 50, 50分钟, 1.5小时, 2h (full-width digits too). */
function parseMinutes(raw) {
  var v = String(raw).normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  var hours = /^(\d+(?:\.\d+)?)(h|hr|hrs|hours?|小时|个小时|时)$/.exec(v);
  if (hours) return Math.round(Number(hours[1]) * 60);
  var minutes = /^(\d+)(m|min|mins|minutes?|分钟|分)?$/.exec(v);
  return minutes ? Number(minutes[1]) : undefined;
}

var uid = 0;
function nextId(prefix) { uid += 1; return prefix + '-' + uid; }

/** A labelled control in a .cell; returns { cell, control }. */
function field(label, control, hint) {
  var id = control.id || nextId('f');
  control.id = id;
  var hintNode = hint ? h('p', { class: 'hint', id: id + '-hint', text: hint }) : null;
  if (hintNode) control.setAttribute('aria-describedby', id + '-hint');
  return { cell: h('div', { class: 'cell' }, h('label', { for: id, text: label }), hintNode, control), control: control };
}

function select(name, options, value) {
  return h('select', { name: name }, options.map(function (o) { return h('option', { value: o.value, selected: o.value === value, text: o.label }); }));
}
`;

/**
 * The team's console (`GET /team`): sign in by pasting the team token (kept in
 * sessionStorage, never in a URL), then the open offers (accept, decline with a reason) and the
 * accepted orders with the resident's contact and a completion report of volunteers and
 * minutes. Everything goes through the JSON API with `Authorization: Bearer`; the page itself
 * holds no data.
 */
import { clientCommon } from './console-client';
import { consoleScript, renderConsolePage } from './console-shell';
import type { Lang } from './i18n';
import { TEAM_CONSOLE_PATH } from './links';

const zh = {
  title: '服务队工作台',
  intro: '正在加载工作台……',
  noScript: '工作台需要开启 JavaScript。没有 JavaScript 时，请使用派单通知里的链接接单、婉拒和报告完成。',
  signInTitle: '登录',
  signInIntro: '请粘贴服务队的令牌（由中心或服务站发放）。令牌只保存在这个浏览器标签页里，关闭后需要重新粘贴。',
  tokenLabel: '服务队令牌',
  tokenHint: '形如 服务队编号.一串字母数字',
  tokenMissing: '请先粘贴令牌',
  signIn: '登录',
  signOut: '退出',
  signedOut: '已退出',
  expired: '令牌无效或已更换，请重新粘贴令牌。',
  signedInAs: '服务队：{team}',
  refresh: '刷新',
  loading: '加载中……',
  loaded: '已更新',
  offersTitle: '待接的派单',
  noOffers: '目前没有待接的派单。',
  ordersTitle: '已接的订单',
  noOrders: '目前没有进行中的订单。',
  area: '社区',
  urgency: '紧急程度',
  urgent: '紧急',
  normal: '普通',
  deadline: '接单期限',
  description: '需求描述',
  preferredTime: '希望时间',
  resident: '居民',
  phone: '电话',
  address: '地址',
  accept: '接单',
  accepted: '已接单，居民的联系方式见“已接的订单”。',
  decline: '婉拒',
  declined: '已婉拒',
  reason: '婉拒原因',
  reason_busy: '人手不足，暂时忙不过来',
  'reason_out-of-area': '不在服务范围内',
  'reason_no-skill': '不具备相关技能',
  reason_other: '其他原因',
  declineNote: '备注（选填，只有工作人员能看到）',
  completeTitle: '报告完成',
  completeIntro: '填写每位志愿者的姓名（或编号）和服务时长，用于记录志愿时长和积分。',
  note: '完成情况说明（选填）',
  row: '第 {n} 位',
  volunteer: '志愿者',
  minutes: '时长（分钟）',
  minutesHint: '例如 50，也可以写 1.5小时',
  addRow: '添加一位志愿者',
  complete: '提交完成报告',
  completed: '已报告完成，谢谢！',
  rowVolunteerMissing: '第 {n} 位：请填写志愿者姓名',
  rowMinutesMissing: '第 {n} 位：请填写服务时长',
  rowMinutesBad: '第 {n} 位：请用数字填写分钟数（1 到 1440），例如 50',
  noRows: '请至少填写一位志愿者和服务时长',
  errNetwork: '连不上服务器，请检查网络后重试。',
  err400: '提交的内容有误',
  err401: '令牌无效',
  err404: '没有找到（可能已经不是您服务队的订单）',
  err409: '状态已经变化，请刷新后再试',
  errOther: '系统暂时出了问题，请稍后再试',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Team console',
  intro: 'Loading the console…',
  noScript: 'The console needs JavaScript. Without it, use the links in your offer notices to accept, decline and report orders done.',
  signInTitle: 'Sign in',
  signInIntro:
    'Paste your team token (issued by the center or your station). It is kept in this browser tab only; after closing the tab, paste it again.',
  tokenLabel: 'Team token',
  tokenHint: 'Looks like team-id.letters-and-digits',
  tokenMissing: 'Paste the token first',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedOut: 'Signed out',
  expired: 'The token is wrong or was replaced. Paste the token again.',
  signedInAs: 'Team: {team}',
  refresh: 'Refresh',
  loading: 'Loading…',
  loaded: 'Up to date',
  offersTitle: 'Open offers',
  noOffers: 'No open offers right now.',
  ordersTitle: 'Accepted orders',
  noOrders: 'No orders in progress.',
  area: 'Community',
  urgency: 'Urgency',
  urgent: 'Urgent',
  normal: 'Normal',
  deadline: 'Accept by',
  description: 'What is needed',
  preferredTime: 'Preferred time',
  resident: 'Resident',
  phone: 'Phone',
  address: 'Address',
  accept: 'Accept',
  accepted: 'Accepted; the resident’s contact is under “Accepted orders”.',
  decline: 'Decline',
  declined: 'Declined',
  reason: 'Reason',
  reason_busy: 'Too busy right now',
  'reason_out-of-area': 'Outside our area',
  'reason_no-skill': 'Not our skill',
  reason_other: 'Other',
  declineNote: 'Note (optional, staff only)',
  completeTitle: 'Report done',
  completeIntro: 'Write each volunteer’s name (or number) and the time they served; it becomes volunteer hours and points.',
  note: 'How it went (optional)',
  row: 'Volunteer {n}',
  volunteer: 'Volunteer',
  minutes: 'Minutes',
  minutesHint: 'For example 50, or 1.5h',
  addRow: 'Add a volunteer',
  complete: 'Send the report',
  completed: 'Reported done. Thank you!',
  rowVolunteerMissing: 'Volunteer {n}: write the name',
  rowMinutesMissing: 'Volunteer {n}: give the minutes',
  rowMinutesBad: 'Volunteer {n}: write the minutes as a number from 1 to 1440, e.g. 50',
  noRows: 'List at least one volunteer and the minutes served',
  errNetwork: 'Cannot reach the server; check the connection and try again.',
  err400: 'Something in the form is not right',
  err401: 'The token is wrong',
  err404: 'Not found (it may no longer be your team’s order)',
  err409: 'This has changed in the meantime; refresh and try again',
  errOther: 'Something went wrong on our side; try again later',
};

const texts: Record<Lang, Record<Key, string>> = { zh, en };

const source = String.raw`${clientCommon}
(function () {
  var store = tokenStore('paidan.teamToken');
  var app = document.getElementById('app');
  var flashNode = h('p', { class: 'flash', role: 'status' });
  var flash = flasher(flashNode);
  var api = apiClient(store, function () { store.clear(); showSignIn(t('expired')); });
  var teamLine = h('p', { class: 'status', id: 'team-name' });
  var offersList = h('div', { id: 'offers' });
  var ordersList = h('div', { id: 'orders' });

  function showSignIn(message) {
    clear(app);
    var input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
    var f = field(t('tokenLabel'), input, t('tokenHint'));
    var form = h('form', { id: 'sign-in', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var value = input.value.trim();
      if (!value) { flash(t('tokenMissing'), true); input.focus(); return; }
      store.set(value);
      showWork();
    } }, f.cell, h('button', { type: 'submit', text: t('signIn') }));
    add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInIntro') }), flashNode, form]);
    flash(message || '', Boolean(message));
    input.focus();
  }

  function signOut() { store.clear(); showSignIn(); flash(t('signedOut')); }

  function showWork() {
    clear(app);
    var bar = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: function () { load(true); }, text: t('refresh') }),
      h('button', { type: 'button', class: 'secondary', onclick: signOut, text: t('signOut') }));
    add(app, [teamLine, bar, flashNode,
      h('section', { 'aria-labelledby': 'offers-h' }, h('h2', { id: 'offers-h', text: t('offersTitle') }), offersList),
      h('section', { 'aria-labelledby': 'orders-h' }, h('h2', { id: 'orders-h', text: t('ordersTitle') }), ordersList)]);
    clear(offersList).appendChild(h('p', { text: t('loading') }));
    clear(ordersList);
    load(false);
  }

  function load(announce) {
    return Promise.all([api('GET', '/team/offers'), api('GET', '/team/orders')]).then(function (r) {
      teamLine.textContent = t('signedInAs', { team: loc(r[0] && r[0].team && r[0].team.name) || (r[0] && r[0].teamId) });
      renderOffers(list(r[0] && r[0].offers));
      renderOrders(list(r[1] && r[1].orders));
      if (announce) flash(t('loaded'));
    }, function (e) { if (e.status !== 401) flash(errorText(e), true); });
  }

  function summary(item) {
    var areas = list(item.areaNames).map(loc).join(LANG === 'zh' ? '，' : ', ');
    return [
      h('h3', {}, loc(item.service && item.service.name), ' ', item.urgency === 'urgent' ? h('span', { class: 'badge warn', text: t('urgent') }) : null),
      h('p', { text: t('area') + COLON + areas }),
      item.deadline ? h('p', { text: t('deadline') + COLON + when(item.deadline) }) : null,
      item.preferredTime ? h('p', { text: t('preferredTime') + COLON + loc(item.preferredTime) }) : null,
      h('p', { class: 'pre', text: t('description') + COLON + loc(item.description) }),
    ];
  }

  function renderOffers(offers) {
    clear(offersList);
    if (!offers.length) { offersList.appendChild(h('p', { text: t('noOffers') })); return; }
    add(offersList, h('ul', { class: 'cards' }, offers.map(function (offer) {
      var id = loc(offer.requestId);
      var reason = select('reason', ['busy', 'out-of-area', 'no-skill', 'other'].map(function (r) { return { value: r, label: t('reason_' + r) }; }), 'busy');
      var note = h('input', { type: 'text', name: 'note', maxlength: 500 });
      var acceptButton = h('button', { type: 'button', class: 'inline', text: t('accept'), onclick: function () {
        acceptButton.disabled = true;
        api('POST', '/offers/' + encodeURIComponent(id) + '/accept').then(function () { flash(t('accepted')); return load(false); },
          function (e) { acceptButton.disabled = false; if (e.status !== 401) flash(errorText(e), true); });
      } });
      var declineForm = h('form', { class: 'filters', onsubmit: function (e) {
        e.preventDefault();
        var body = { reason: reason.value };
        if (note.value.trim()) body.note = note.value.trim();
        api('POST', '/offers/' + encodeURIComponent(id) + '/decline', body).then(function () { flash(t('declined')); return load(false); },
          function (e) { if (e.status !== 401) flash(errorText(e), true); });
      } }, field(t('reason'), reason).cell, field(t('declineNote'), note).cell, h('button', { type: 'submit', class: 'inline secondary', text: t('decline') }));
      return h('li', { class: 'card', 'data-request': id }, summary(offer),
        h('p', { text: t('resident') + COLON + loc(offer.resident && offer.resident.name) + ' ' + loc(offer.resident && offer.resident.phone) }),
        h('div', { class: 'actions' }, acceptButton), declineForm);
    })));
  }

  function renderOrders(orders) {
    clear(ordersList);
    if (!orders.length) { ordersList.appendChild(h('p', { text: t('noOrders') })); return; }
    add(ordersList, h('ul', { class: 'cards' }, orders.map(function (order) {
      var resident = order.resident || {};
      var phone = loc(resident.phone);
      return h('li', { class: 'card', 'data-request': loc(order.requestId) }, summary(order),
        h('p', {}, t('resident') + COLON + loc(resident.name) + ' · ' + t('phone') + COLON, h('a', { href: 'tel:' + phone.replace(/[^0-9+]/g, ''), text: phone })),
        h('p', { text: t('address') + COLON + loc(resident.address) }),
        order.completable === false ? null : completionForm(loc(order.requestId)));
    })));
  }

  function completionForm(id) {
    var rows = h('div', {});
    var errors = h('div', { role: 'alert' });
    var note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
    function addRow() {
      var n = rows.children.length + 1;
      var name = h('input', { type: 'text', name: 'volunteer', maxlength: 60, autocomplete: 'off' });
      var minutes = h('input', { type: 'text', name: 'minutes', inputmode: 'decimal', maxlength: 12, autocomplete: 'off' });
      rows.appendChild(h('fieldset', { class: 'row' }, h('legend', { text: t('row', { n: n }) }),
        field(t('volunteer'), name).cell, field(t('minutes'), minutes, n === 1 ? t('minutesHint') : '').cell));
      return name;
    }
    for (var i = 0; i < 3; i++) addRow();
    var submit = h('button', { type: 'submit', text: t('complete') });
    var form = h('form', { novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var problems = [];
      var hours = [];
      var rowOf = [];
      Array.prototype.forEach.call(rows.children, function (row, index) {
        var inputs = row.querySelectorAll('input');
        var volunteer = inputs[0].value.trim();
        var given = inputs[1].value.trim();
        if (!volunteer && !given) return;
        var minutes = given ? parseMinutes(given) : undefined;
        if (!volunteer) problems.push(t('rowVolunteerMissing', { n: index + 1 }));
        if (!given) problems.push(t('rowMinutesMissing', { n: index + 1 }));
        else if (minutes === undefined || minutes < 1 || minutes > 1440) problems.push(t('rowMinutesBad', { n: index + 1 }));
        hours.push({ volunteer: volunteer, minutes: minutes });
        rowOf.push(index + 1);
      });
      if (!hours.length) problems.push(t('noRows'));
      showProblems(problems);
      if (problems.length) return;
      var body = { hours: hours };
      if (note.value.trim()) body.note = note.value.trim();
      submit.disabled = true;
      api('POST', '/requests/' + encodeURIComponent(id) + '/complete', body).then(function () { flash(t('completed')); return load(false); }, function (e) {
        submit.disabled = false;
        var fields = e.body && e.body.error && Array.isArray(e.body.error.fields) ? e.body.error.fields : [];
        var named = fields.map(function (f) {
          var m = /^hours\.(\d+)\.(volunteer|minutes)$/.exec(loc(f.field));
          return m ? t(m[2] === 'volunteer' ? 'rowVolunteerMissing' : 'rowMinutesBad', { n: rowOf[Number(m[1])] }) : null;
        }).filter(Boolean);
        if (named.length) showProblems(named);
        else if (e.status !== 401) flash(errorText(e), true);
      });
    } },
      h('p', { text: t('completeIntro') }), errors, rows,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('addRow'), onclick: function () { addRow().focus(); } })),
      field(t('note'), note).cell, submit);
    function showProblems(problems) {
      clear(errors);
      if (problems.length) add(errors, h('ul', { class: 'error' }, problems.map(function (p) { return h('li', { text: p }); })));
    }
    var headingId = nextId('complete');
    return h('section', { 'aria-labelledby': headingId }, h('h4', { id: headingId, text: t('completeTitle') }), form);
  }

  if (store.get()) showWork(); else showSignIn();
})();
`;

const script = consoleScript(source);

export function renderTeamConsole(options: { lang: Lang; large: boolean }) {
  const l = texts[options.lang];
  return renderConsolePage({ ...options, title: l.title, path: TEAM_CONSOLE_PATH, intro: l.intro, noScript: l.noScript, texts: l, script });
}

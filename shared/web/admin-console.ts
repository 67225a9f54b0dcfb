/**
 * The admins' console (`GET /console`) for center admins and station staff: sign in by pasting
 * an ID token (locally the token `npm start` prints; in AWS a Cognito ID token until the hosted
 * sign-in comes), then
 * - the request queue with filters (status, area, service, dates, overdue) and overdue flags,
 * - a request's detail with its timeline: dispatch by hand to a chosen candidate, reject with
 *   a reason, cancel,
 * - team management: create, change, pause and resume, a new token,
 * - dead letters and their redrive (center admins),
 * - the statistics dashboard: KPIs, bar charts (inline SVG) of needs by service and by area,
 *   team load, recruitment hints, and the CSV export.
 * One page, one inline script allowed by its hash (`console-shell.ts`); all data comes from the
 * admin API with `Authorization: Bearer` and is put into the page as text only.
 */
import { requestStatuses } from '#shared/domain/request-state';
import { clientCommon } from './console-client';
import { consoleScript, renderConsolePage } from './console-shell';
import { statusLabel, type Lang } from './i18n';
import { ADMIN_CONSOLE_PATH } from './links';

const zh = {
  title: '派单管理控制台',
  intro: '正在加载控制台……',
  noScript: '控制台需要开启 JavaScript。',
  signInTitle: '登录',
  signInIntro: '请粘贴您的 ID 令牌。本机运行时，令牌由 npm start 打印；在云端部署时，是 Cognito 登录后得到的 ID 令牌（以后会改为直接登录）。令牌只保存在这个浏览器标签页里。',
  tokenLabel: 'ID 令牌',
  tokenMissing: '请先粘贴令牌',
  signIn: '登录',
  signOut: '退出',
  signedOut: '已退出',
  expired: '令牌无效或已过期，请重新登录。',
  sections: '控制台分区',
  tab_requests: '需求队列',
  tab_teams: '服务队',
  tab_stats: '统计',
  'tab_dead-letters': '失败消息',
  loading: '加载中……',
  all: '全部',
  status: '状态',
  area: '地区',
  service: '服务项目',
  from: '开始日期',
  to: '结束日期',
  overdue: '是否超时',
  overdueOnly: '只看超时',
  notOverdue: '未超时',
  filter: '筛选',
  quickEscalated: '中心待派单',
  quickOverdue: '超时需求',
  requestsTitle: '需求队列',
  requestCount: '共 {n} 条',
  truncated: '只显示了前 {n} 条，请缩小筛选范围。',
  noRequests: '没有符合条件的需求。',
  overdueBadge: '超时',
  urgentBadge: '紧急',
  created: '提交时间',
  updated: '更新时间',
  team: '服务队',
  resident: '居民',
  open: '查看与处理',
  detailTitle: '需求详情',
  back: '返回需求队列',
  trackingCode: '查询码',
  urgency: '紧急程度',
  urgent: '紧急',
  normal: '普通',
  channel: '来源',
  channel_web: '网页',
  channel_api: '接口',
  channel_staff: '工作人员代点单',
  contact: '联系人',
  phone: '电话',
  address: '地址',
  description: '需求说明',
  preferredTime: '希望时间',
  offer: '当前派单',
  offerTo: '{team}，期限 {deadline}',
  completion: '完成报告',
  minutesOf: '{volunteer}：{minutes} 分钟',
  rating: '评价',
  timeline: '办理记录',
  actor_resident: '居民',
  actor_system: '系统',
  actor_team: '服务队',
  actor_admin: '工作人员',
  dispatchTitle: '人工派单',
  dispatchIntro: '选择一支服务队。列表按自动派单的规则排序；“扩大范围”是平时不派到这里的服务队，“曾婉拒”是婉拒过或超时未接的服务队。',
  chooseTeam: '选择服务队',
  free: '空闲 {free}/{capacity}',
  widened: '扩大范围',
  declinedBefore: '曾婉拒',
  dispatchNote: '备注（选填，只有工作人员能看到）',
  dispatch: '派给所选服务队',
  dispatched: '已派单',
  noCandidates: '目前没有能接这项服务的空闲服务队。可以联系服务队后再试，或不予受理。',
  chooseTeamFirst: '请先选择服务队',
  rejectTitle: '不予受理',
  rejectReason: '原因（居民会看到）',
  reject: '不予受理',
  rejected: '已标记为不予受理',
  cancelTitle: '取消需求',
  cancelReason: '原因（居民会看到）',
  cancel: '取消这个需求',
  cancelled: '需求已取消',
  reasonMissing: '请填写原因',
  teamsTitle: '服务队',
  show: '显示',
  noTeams: '这个地区没有服务队。',
  teamId: '编号',
  station: '所属站点',
  serves: '服务范围',
  capacity: '同时接单上限',
  load: '进行中 {active}/{capacity}',
  handles: '服务项目',
  channels: '通知渠道',
  channelsCount: '{n} 个',
  paused: '已暂停',
  taking: '接单中',
  pause: '暂停接单',
  resume: '恢复接单',
  pausedDone: '已暂停接单',
  resumed: '已恢复接单',
  newToken: '生成新令牌',
  tokenShown: '新令牌（只显示这一次，请转交服务队；旧令牌已失效）：',
  edit: '修改',
  save: '保存',
  saved: '已保存',
  close: '取消修改',
  createTitle: '新建服务队',
  create: '创建服务队',
  createdTeam: '服务队已创建',
  nameZh: '名称（中文）',
  nameEn: '名称（英文）',
  about: '简介（选填）',
  email: '通知邮箱（选填）',
  idHint: '小写字母、数字和短横线，2 到 40 个字符，创建后不能修改',
  chooseArea: '请选择',
  statsTitle: '统计',
  show_stats: '查询',
  exportCsv: '导出 CSV（Excel）',
  exported: '已导出',
  period: '{from} 至 {to}（{days} 天，北京时间）',
  noData: '这段时间没有数据。',
  kpi_requests: '需求数',
  kpi_dispatched: '已派单',
  kpi_offers: '派单次数',
  kpi_accepted: '已接单',
  kpi_completed: '已完成',
  kpi_closed: '已结束',
  kpi_expired: '过期未服务',
  kpi_escalated: '转中心',
  kpi_cancelled: '已取消',
  kpi_rejected: '不予受理',
  kpi_onTimeAcceptanceRate: '按时接单率',
  kpi_onTimeCompletionRate: '按时完成率',
  kpi_meanStars: '平均评分',
  kpi_hours: '志愿时长（小时）',
  kpi_points: '积分',
  byService: '按服务项目的需求数',
  byArea: '按下级地区的需求数',
  dataTable: '数据表',
  requests: '需求数',
  teamLoad: '服务队工作量',
  offers: '派单',
  accepted: '接单',
  completed: '完成',
  declined: '婉拒',
  lapsed: '超时未接',
  perCapacity: '每单位容量接单',
  gini: '分布不均程度（基尼系数，0 为完全均衡）：接单 {a}，派单 {o}',
  hints: '招募建议',
  noHints: '没有未满足的需求。',
  deadTitle: '失败消息',
  deadIntro: '多次处理失败的消息会留在这里（并触发告警）。排除原因后，可以把它们移回队列重新处理。',
  queue_dispatch: '派单队列',
  queue_notify: '通知队列',
  queue_stats: '统计队列',
  deadCount: '{n} 条',
  redrive: '移回队列重新处理',
  redriven: '已移回 {n} 条',
  noDead: '没有失败消息。',
  centerOnly: '只有中心管理员可以查看失败消息。',
  messageId: '消息编号',
  receiveCount: '处理次数',
  errNetwork: '连不上服务器，请检查网络后重试。',
  err400: '提交的内容有误',
  err401: '令牌无效或已过期',
  err404: '没有找到（或不在您的管辖范围内）',
  err409: '状态已经变化，请刷新后再试',
  errOther: '系统暂时出了问题，请稍后再试',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Dispatch console',
  intro: 'Loading the console…',
  noScript: 'The console needs JavaScript.',
  signInTitle: 'Sign in',
  signInIntro: 'Paste your ID token. Locally, npm start prints it; in AWS it is the ID token you get from Cognito (a direct sign-in comes later). It is kept in this browser tab only.',
  tokenLabel: 'ID token',
  tokenMissing: 'Paste the token first',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedOut: 'Signed out',
  expired: 'The token is wrong or has expired. Sign in again.',
  sections: 'Console sections',
  tab_requests: 'Requests',
  tab_teams: 'Teams',
  tab_stats: 'Statistics',
  'tab_dead-letters': 'Failed messages',
  loading: 'Loading…',
  all: 'All',
  status: 'Status',
  area: 'Area',
  service: 'Service',
  from: 'From',
  to: 'To',
  overdue: 'Overdue',
  overdueOnly: 'Overdue only',
  notOverdue: 'Not overdue',
  filter: 'Filter',
  quickEscalated: 'Waiting for the center',
  quickOverdue: 'Overdue',
  requestsTitle: 'Requests',
  requestCount: '{n} shown',
  truncated: 'Only the first {n} are shown; narrow the filters.',
  noRequests: 'No request matches.',
  overdueBadge: 'Overdue',
  urgentBadge: 'Urgent',
  created: 'Sent',
  updated: 'Updated',
  team: 'Team',
  resident: 'Resident',
  open: 'Open',
  detailTitle: 'Request',
  back: 'Back to the requests',
  trackingCode: 'Tracking code',
  urgency: 'Urgency',
  urgent: 'Urgent',
  normal: 'Normal',
  channel: 'Ordered through',
  channel_web: 'web form',
  channel_api: 'API',
  channel_staff: 'staff, for the resident',
  contact: 'Contact',
  phone: 'Phone',
  address: 'Address',
  description: 'What is needed',
  preferredTime: 'Preferred time',
  offer: 'Current offer',
  offerTo: '{team}, answer by {deadline}',
  completion: 'Completion report',
  minutesOf: '{volunteer}: {minutes} min',
  rating: 'Rating',
  timeline: 'History',
  actor_resident: 'resident',
  actor_system: 'system',
  actor_team: 'team',
  actor_admin: 'staff',
  dispatchTitle: 'Dispatch by hand',
  dispatchIntro: 'Choose a team. The list is ranked as automatic dispatch ranks it; “wider reach” marks teams outside the usual reach, “declined before” teams that declined or let an offer lapse.',
  chooseTeam: 'Team',
  free: '{free}/{capacity} free',
  widened: 'wider reach',
  declinedBefore: 'declined before',
  dispatchNote: 'Note (optional, staff only)',
  dispatch: 'Offer to this team',
  dispatched: 'Offered',
  noCandidates: 'No free team handles this service right now. Call a team and try again, or reject the request.',
  chooseTeamFirst: 'Choose a team first',
  rejectTitle: 'Reject',
  rejectReason: 'Reason (the resident sees it)',
  reject: 'Reject the request',
  rejected: 'Rejected',
  cancelTitle: 'Cancel',
  cancelReason: 'Reason (the resident sees it)',
  cancel: 'Cancel the request',
  cancelled: 'Cancelled',
  reasonMissing: 'Give a reason',
  teamsTitle: 'Teams',
  show: 'Show',
  noTeams: 'No team in this area.',
  teamId: 'Id',
  station: 'Station',
  serves: 'Serves',
  capacity: 'Orders at once',
  load: '{active}/{capacity} in progress',
  handles: 'Services',
  channels: 'Notice channels',
  channelsCount: '{n}',
  paused: 'Paused',
  taking: 'Taking orders',
  pause: 'Pause',
  resume: 'Resume',
  pausedDone: 'Paused',
  resumed: 'Resumed',
  newToken: 'New token',
  tokenShown: 'New token (shown this once; hand it to the team; the old one no longer works):',
  edit: 'Change',
  save: 'Save',
  saved: 'Saved',
  close: 'Discard changes',
  createTitle: 'New team',
  create: 'Create the team',
  createdTeam: 'Team created',
  nameZh: 'Name (Chinese)',
  nameEn: 'Name (English)',
  about: 'About (optional)',
  email: 'Notice email (optional)',
  idHint: 'Lower-case letters, digits and dashes, 2 to 40 characters; cannot change later',
  chooseArea: 'Choose',
  statsTitle: 'Statistics',
  show_stats: 'Show',
  exportCsv: 'Export CSV (Excel)',
  exported: 'Exported',
  period: '{from} to {to} ({days} days, China time)',
  noData: 'No data in this period.',
  kpi_requests: 'Requests',
  kpi_dispatched: 'Dispatched',
  kpi_offers: 'Offers made',
  kpi_accepted: 'Accepted',
  kpi_completed: 'Completed',
  kpi_closed: 'Closed',
  kpi_expired: 'Expired unserved',
  kpi_escalated: 'Escalated',
  kpi_cancelled: 'Cancelled',
  kpi_rejected: 'Rejected',
  kpi_onTimeAcceptanceRate: 'Accepted on time',
  kpi_onTimeCompletionRate: 'Completed on time',
  kpi_meanStars: 'Mean rating',
  kpi_hours: 'Volunteer hours',
  kpi_points: 'Points',
  byService: 'Requests by service',
  byArea: 'Requests by area',
  dataTable: 'Data table',
  requests: 'Requests',
  teamLoad: 'Team load',
  offers: 'Offers',
  accepted: 'Accepted',
  completed: 'Completed',
  declined: 'Declined',
  lapsed: 'Lapsed',
  perCapacity: 'Accepted per capacity',
  gini: 'Unevenness (Gini, 0 is even): accepted {a}, offers {o}',
  hints: 'Recruitment hints',
  noHints: 'No unmet demand.',
  deadTitle: 'Failed messages',
  deadIntro: 'Messages that failed every attempt wait here (and raise an alarm). Once the cause is fixed, move them back to be processed again.',
  queue_dispatch: 'Dispatch queue',
  queue_notify: 'Notice queue',
  queue_stats: 'Statistics queue',
  deadCount: '{n} messages',
  redrive: 'Move back and retry',
  redriven: '{n} moved back',
  noDead: 'No failed messages.',
  centerOnly: 'Only center admins see failed messages.',
  messageId: 'Message id',
  receiveCount: 'Attempts',
  errNetwork: 'Cannot reach the server; check the connection and try again.',
  err400: 'Something in the form is not right',
  err401: 'The token is wrong or has expired',
  err404: 'Not found (or outside your area)',
  err409: 'This has changed in the meantime; refresh and try again',
  errOther: 'Something went wrong on our side; try again later',
};

const texts: Record<Lang, Record<string, string>> = {
  zh: { ...zh, ...statusTexts('zh') },
  en: { ...en, ...statusTexts('en') },
};

function statusTexts(lang: Lang): Record<string, string> {
  return Object.fromEntries(requestStatuses.map((s) => [`status_${s}`, statusLabel(s, lang)]));
}

const source = String.raw`${clientCommon}
(function () {
  var STATUSES = ${JSON.stringify(requestStatuses)};
  var REJECTABLE = ['SUBMITTED', 'WAITING', 'ESCALATED'];
  var CANCELLABLE = ['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED'];
  var TABS = ['requests', 'teams', 'stats', 'dead-letters'];
  var store = tokenStore('paidan.adminToken');
  var app = document.getElementById('app');
  var flashNode = h('p', { class: 'flash', role: 'status' });
  var flash = flasher(flashNode);
  var api = apiClient(store, function () { store.clear(); signedIn = false; showSignIn(t('expired')); });
  var signedIn = false;
  var ref = { areas: {}, areaList: [], services: {}, serviceList: [] };
  var nav = h('ul', { class: 'tabs' });
  var view = h('section', { id: 'view', 'aria-labelledby': 'view-title' });
  var requestFilters = { status: '', area: '', service: '', from: '', to: '', overdue: '' };
  var statsFilters = { from: '', to: '', area: '', service: '' };

  function failed(e) { if (e && e.status !== 401) flash(errorText(e), true); }

  // Sign-in and the shell

  function showSignIn(message) {
    clear(app);
    var input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false' });
    var form = h('form', { id: 'sign-in', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var value = input.value.trim();
      if (!value) { flash(t('tokenMissing'), true); input.focus(); return; }
      store.set(value);
      start();
    } }, field(t('tokenLabel'), input).cell, h('button', { type: 'submit', text: t('signIn') }));
    add(app, [h('h2', { text: t('signInTitle') }), h('p', { text: t('signInIntro') }), flashNode, form]);
    flash(message || '', Boolean(message));
  }

  function start() {
    clear(app);
    add(app, h('p', { text: t('loading') }));
    // The reference data is public; the first admin call checks the token.
    Promise.all([api('GET', '/areas'), api('GET', '/services')]).then(function (r) {
      indexAreas(list(r[0] && r[0].areas), 0);
      list(r[1] && r[1].services).forEach(function (s) { ref.services[s.code] = s; ref.serviceList.push(s); });
      signedIn = true;
      clear(app);
      clear(nav);
      TABS.forEach(function (name) {
        add(nav, h('li', {}, h('button', { type: 'button', 'data-tab': name, text: t('tab_' + name), onclick: function () { go('#' + name); } })));
      });
      add(nav, h('li', { class: 'end' }, h('button', { type: 'button', id: 'sign-out', text: t('signOut'), onclick: signOut })));
      add(app, [h('nav', { 'aria-label': t('sections') }, nav), flashNode, view]);
      route();
    }, function (e) { showSignIn(errorText(e)); });
  }

  function signOut() { store.clear(); signedIn = false; location.hash = ''; showSignIn(); flash(t('signedOut')); }

  function indexAreas(nodes, depth) {
    nodes.forEach(function (a) {
      ref.areas[a.id] = a;
      ref.areaList.push({ id: a.id, depth: depth, level: a.level, name: a.name });
      indexAreas(list(a.children), depth + 1);
    });
  }

  function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

  function route() {
    if (!signedIn) return;
    var hash = location.hash.replace(/^#/, '');
    var detail = /^request\/([0-9a-z]{1,40})$/.exec(hash);
    var tab = detail ? 'requests' : TABS.indexOf(hash) >= 0 ? hash : 'requests';
    Array.prototype.forEach.call(nav.querySelectorAll('button'), function (b) {
      if (b.getAttribute('data-tab') === tab) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
    });
    flash('');
    if (detail) showDetail(detail[1]);
    else ({ requests: showRequests, teams: showTeams, stats: showStats, 'dead-letters': showDeadLetters })[tab]();
  }
  window.addEventListener('hashchange', route);

  /** Empties the view and gives it a heading (focused, so a screen reader hears where it is). */
  function newView(title) {
    clear(view);
    var heading = h('h2', { id: 'view-title', tabindex: '-1', text: title });
    view.appendChild(heading);
    heading.focus();
    return heading;
  }

  // Names

  function areaName(id) { var a = ref.areas[id]; return a ? loc(a.name) : loc(id); }
  /** District · street · community (the city goes without saying). */
  function areaPath(id) {
    var parts = String(id || '').split('.');
    var names = [];
    for (var i = 2; i <= parts.length; i++) names.push(areaName(parts.slice(0, i).join('.')));
    return names.join(' · ');
  }
  function serviceName(code) { var s = ref.services[code]; return s ? loc(s.name) : loc(code); }
  function statusText(s) { return t('status_' + s); }

  function areaSelect(name, value, onlyCommunities, allLabel) {
    var options = [{ value: '', label: allLabel }];
    ref.areaList.forEach(function (a) {
      if (onlyCommunities && a.level !== 'community') return;
      options.push({ value: a.id, label: (onlyCommunities ? areaPath(a.id) : new Array(a.depth + 1).join('\u3000') + loc(a.name)) });
    });
    return select(name, options, value);
  }
  function serviceSelect(name, value) {
    return select(name, [{ value: '', label: t('all') }].concat(ref.serviceList.map(function (s) { return { value: s.code, label: loc(s.name) }; })), value);
  }
  function dateInput(name, value) { return h('input', { type: 'date', name: name, value: value }); }
  function query(filters) {
    var q = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { if (filters[k]) q.set(k, filters[k]); });
    var s = q.toString();
    return s ? '?' + s : '';
  }
  function dl(rows) {
    return h('dl', {}, rows.filter(function (r) { return r && r[1] !== undefined && r[1] !== null && r[1] !== ''; }).map(function (r) {
      return [h('dt', { text: r[0] }), h('dd', {}, r[1])];
    }));
  }

  // The request queue

  function showRequests() {
    newView(t('requestsTitle'));
    var status = select('status', [{ value: '', label: t('all') }].concat(STATUSES.map(function (s) { return { value: s, label: statusText(s) }; })), requestFilters.status);
    var area = areaSelect('area', requestFilters.area, false, t('all'));
    var service = serviceSelect('service', requestFilters.service);
    var from = dateInput('from', requestFilters.from);
    var to = dateInput('to', requestFilters.to);
    var overdue = select('overdue', [{ value: '', label: t('all') }, { value: 'true', label: t('overdueOnly') }, { value: 'false', label: t('notOverdue') }], requestFilters.overdue);
    var results = h('div', { id: 'request-list' });
    function read() {
      requestFilters = { status: status.value, area: area.value, service: service.value, from: from.value, to: to.value, overdue: overdue.value };
      load();
    }
    var form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter'), onsubmit: function (e) { e.preventDefault(); read(); } },
      field(t('status'), status).cell, field(t('area'), area).cell, field(t('service'), service).cell,
      field(t('from'), from).cell, field(t('to'), to).cell, field(t('overdue'), overdue).cell,
      h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('filter') })));
    var quick = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', text: t('quickEscalated'), onclick: function () { status.value = 'ESCALATED'; overdue.value = ''; read(); } }),
      h('button', { type: 'button', class: 'secondary', text: t('quickOverdue'), onclick: function () { status.value = ''; overdue.value = 'true'; read(); } }));
    add(view, [form, quick, results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/requests' + query(requestFilters)).then(function (data) {
        var rows = list(data && data.requests);
        clear(results);
        if (!rows.length) { results.appendChild(h('p', { text: t('noRequests') })); return; }
        add(results, h('p', { text: t('requestCount', { n: rows.length }) }));
        if (data.truncated) add(results, h('p', { class: 'notice', text: t('truncated', { n: rows.length }) }));
        add(results, h('ul', { class: 'cards' }, rows.map(requestCard)));
      }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function requestCard(r) {
    var resident = r.resident || {};
    return h('li', { class: 'card', 'data-request': loc(r.id), 'data-status': loc(r.status) },
      h('h3', { text: trackingCode(r.trackingCode) + ' ' + serviceName(r.serviceCode) }),
      h('p', {}, h('span', { class: 'badge', text: statusText(r.status) }),
        r.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null,
        r.urgency === 'urgent' ? h('span', { class: 'badge warn', text: t('urgentBadge') }) : null),
      h('p', { text: areaPath(r.areaId) }),
      h('p', { text: t('created') + '：' + when(r.createdAt) + (r.team ? ' · ' + t('team') + '：' + loc(r.team) : '') }),
      h('p', { text: t('resident') + '：' + loc(resident.name) + ' ' + loc(resident.phone) }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'inline', text: t('open'), onclick: function () { go('#request/' + loc(r.id)); } })));
  }

  // One request

  function showDetail(id) {
    newView(t('detailTitle'));
    var body = h('div', {}, h('p', { text: t('loading') }));
    add(view, [h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('back'), onclick: function () { go('#requests'); } })), body]);
    api('GET', '/admin/requests/' + encodeURIComponent(id)).then(function (d) { renderDetail(id, d || {}, body); }, function (e) { clear(body); failed(e); });
  }

  function renderDetail(id, d, body) {
    var r = d.request || {};
    var contact = r.contact || {};
    var phone = loc(contact.phone);
    var completion = r.completion;
    clear(body);
    add(body, [
      h('h3', { text: trackingCode(r.trackingCode) + ' ' + serviceName(r.serviceCode) }),
      h('p', {}, h('span', { class: 'badge', id: 'detail-status', text: statusText(r.status) }), d.overdue ? h('span', { class: 'badge warn', text: t('overdueBadge') }) : null),
      dl([
        [t('area'), areaPath(r.areaId)],
        [t('urgency'), r.urgency === 'urgent' ? t('urgent') : t('normal')],
        [t('channel'), r.channel ? t('channel_' + r.channel) : ''],
        [t('created'), when(r.createdAt)],
        [t('updated'), when(r.updatedAt)],
        [t('contact'), loc(contact.name)],
        [t('phone'), phone ? h('a', { href: 'tel:' + phone.replace(/[^0-9+]/g, ''), text: phone }) : ''],
        [t('address'), loc(contact.address)],
        [t('description'), h('span', { class: 'pre', text: loc(r.description) })],
        [t('preferredTime'), loc(r.preferredTime)],
        [t('team'), r.assignedTeam ? loc(r.assignedTeam.name) : ''],
        [t('offer'), r.status === 'OFFERED' && r.offer ? t('offerTo', { team: loc(r.offer.teamName || r.offer.teamId), deadline: when(r.offer.deadline) }) : ''],
        [t('completion'), completion ? [when(completion.completedAt), completion.note ? ' · ' + loc(completion.note) : '',
          h('ul', {}, list(completion.hours).map(function (x) { return h('li', { text: t('minutesOf', { volunteer: loc(x.volunteer), minutes: num(x.minutes) }) }); }))] : ''],
        [t('rating'), r.rating ? new Array(num(r.rating.stars) + 1).join('★') + (r.rating.comment ? ' ' + loc(r.rating.comment) : '') : ''],
      ]),
      h('h3', { text: t('timeline') }),
      h('ol', { class: 'timeline' }, list(d.timeline).map(function (e) {
        return h('li', {}, h('time', { datetime: loc(e.at), text: when(e.at) }), ' · ', t('actor_' + e.actor), h('br'), loc(e.message),
          e.detail ? h('span', { class: 'hint' }, h('br'), loc(e.detail)) : null);
      })),
    ]);
    if (Array.isArray(d.candidates)) add(body, dispatchForm(id, d.candidates, body));
    if (REJECTABLE.indexOf(r.status) >= 0) add(body, reasonForm(id, 'reject', body));
    if (CANCELLABLE.indexOf(r.status) >= 0) add(body, reasonForm(id, 'cancel', body));
  }

  function reload(id, body, message) {
    return api('GET', '/admin/requests/' + encodeURIComponent(id)).then(function (d) { renderDetail(id, d || {}, body); flash(message); }, failed);
  }

  function dispatchForm(id, candidates, body) {
    var section = h('section', { 'aria-labelledby': 'dispatch-h' }, h('h3', { id: 'dispatch-h', text: t('dispatchTitle') }));
    if (!candidates.length) { add(section, h('p', { text: t('noCandidates') })); return section; }
    var note = h('input', { type: 'text', name: 'note', maxlength: 500 });
    var choices = candidates.map(function (c, i) {
      var id = 'cand-' + i;
      return h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'teamId', id: id, value: loc(c.teamId), checked: i === 0 }),
        h('label', { for: id }, loc(c.name) + ' — ' + t('free', { free: num(c.free), capacity: num(c.capacity) }) + ' — ' + loc(c.reason) + ' ',
          c.widened ? h('span', { class: 'badge', text: t('widened') }) : null, c.declinedBefore ? h('span', { class: 'badge warn', text: t('declinedBefore') }) : null));
    });
    var form = h('form', { id: 'dispatch-form', onsubmit: function (e) {
      e.preventDefault();
      var chosen = form.querySelector('input[name=teamId]:checked');
      if (!chosen) { flash(t('chooseTeamFirst'), true); return; }
      var payload = { teamId: chosen.value };
      if (note.value.trim()) payload.note = note.value.trim();
      api('POST', '/admin/requests/' + encodeURIComponent(id) + '/dispatch', payload).then(function () { return reload(id, body, t('dispatched')); }, failed);
    } }, h('p', { text: t('dispatchIntro') }), h('fieldset', {}, h('legend', { text: t('chooseTeam') }), choices),
      field(t('dispatchNote'), note).cell, h('button', { type: 'submit', text: t('dispatch') }));
    add(section, form);
    return section;
  }

  function reasonForm(id, action, body) {
    var headingId = action + '-h';
    var reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500 });
    var form = h('form', { id: action + '-form', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (!reason.value.trim()) { flash(t('reasonMissing'), true); reason.focus(); return; }
      api('POST', '/admin/requests/' + encodeURIComponent(id) + '/' + action, { reason: reason.value.trim() })
        .then(function () { return reload(id, body, t(action === 'reject' ? 'rejected' : 'cancelled')); }, failed);
    } }, field(t(action === 'reject' ? 'rejectReason' : 'cancelReason'), reason).cell, h('button', { type: 'submit', class: 'danger', text: t(action) }));
    return h('section', { 'aria-labelledby': headingId }, h('h3', { id: headingId, text: t(action === 'reject' ? 'rejectTitle' : 'cancelTitle') }), form);
  }

  // Teams

  function showTeams() {
    newView(t('teamsTitle'));
    var area = areaSelect('area', '', false, t('all'));
    var results = h('div', { id: 'team-list' });
    var form = h('form', { class: 'filters', onsubmit: function (e) { e.preventDefault(); load(); } },
      field(t('area'), area).cell, h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show') })));
    add(view, [form, createTeamForm(function () { load(); }), results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/teams' + query({ area: area.value })).then(function (data) {
        var teams = list(data && data.teams);
        clear(results);
        if (!teams.length) { results.appendChild(h('p', { text: t('noTeams') })); return; }
        add(results, h('ul', { class: 'cards' }, teams.map(function (team) { var li = h('li', { class: 'card', 'data-team': loc(team.id) }); teamCard(li, team); return li; })));
      }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function teamCard(li, team) {
    clear(li);
    var tokenBox = h('div', {});
    function act(path, message) {
      api('POST', '/admin/teams/' + encodeURIComponent(team.id) + '/' + path).then(function (data) {
        if (path === 'token') {
          clear(tokenBox);
          add(tokenBox, [h('p', { text: t('tokenShown') }), h('code', { class: 'token', text: loc(data && data.token) })]);
          flash(message);
          return;
        }
        teamCard(li, data || team);
        flash(message);
      }, failed);
    }
    add(li, [
      h('h3', {}, loc(team.name), ' ', h('span', { class: 'badge' + (team.paused ? ' warn' : ' ok'), text: team.paused ? t('paused') : t('taking') })),
      dl([
        [t('teamId'), loc(team.id)],
        [t('station'), areaPath(team.stationAreaId)],
        [t('serves'), areaPath(team.servesAreaId) || areaName(team.servesAreaId)],
        [t('capacity'), t('load', { active: num(team.active), capacity: num(team.capacity) })],
        [t('handles'), list(team.handles).map(serviceName).join(LANG === 'zh' ? '、' : ', ')],
        [t('channels'), t('channelsCount', { n: list(team.channels).length })],
        [t('about'), loc(team.about)],
      ]),
      h('div', { class: 'actions' },
        team.paused
          ? h('button', { type: 'button', class: 'inline', text: t('resume'), onclick: function () { act('resume', t('resumed')); } })
          : h('button', { type: 'button', class: 'inline secondary', text: t('pause'), onclick: function () { act('pause', t('pausedDone')); } }),
        h('button', { type: 'button', class: 'inline secondary', text: t('newToken'), onclick: function () { act('token', t('newToken')); } }),
        h('button', { type: 'button', class: 'inline secondary', text: t('edit'), onclick: function () { editTeam(li, team); } })),
      tokenBox,
    ]);
  }

  function serviceChecks(chosen) {
    return h('fieldset', {}, h('legend', { text: t('handles') }), ref.serviceList.map(function (s, i) {
      var id = nextId('svc');
      return h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: id, name: 'services', value: s.code, checked: chosen.indexOf(s.code) >= 0 }), h('label', { for: id, text: loc(s.name) }));
    }));
  }
  function checked(form) { return Array.prototype.map.call(form.querySelectorAll('input[name=services]:checked'), function (i) { return i.value; }); }

  function editTeam(li, team) {
    clear(li);
    var nameZh = h('input', { type: 'text', name: 'nameZh', value: loc(team.name && team.name.zh), maxlength: 100 });
    var nameEn = h('input', { type: 'text', name: 'nameEn', value: loc(team.name && team.name.en), maxlength: 100 });
    var capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: num(team.capacity) });
    var serves = areaSelect('servesAreaId', team.servesAreaId, false, t('chooseArea'));
    var about = h('textarea', { name: 'about', rows: 2, maxlength: 500 });
    about.value = loc(team.about);
    var form = h('form', { onsubmit: function (e) {
      e.preventDefault();
      var changes = { name: { zh: nameZh.value.trim(), en: nameEn.value.trim() }, capacity: Number(capacity.value), servesAreaId: serves.value, services: checked(form) };
      if (about.value.trim()) changes.about = about.value.trim();
      api('PATCH', '/admin/teams/' + encodeURIComponent(team.id), changes).then(function (data) { teamCard(li, data || team); flash(t('saved')); }, failed);
    } }, h('h3', { text: loc(team.name) }),
      field(t('nameZh'), nameZh).cell, field(t('nameEn'), nameEn).cell, field(t('capacity'), capacity).cell, field(t('serves'), serves).cell,
      serviceChecks(list(team.services)), field(t('about'), about).cell,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'inline', text: t('save') }),
        h('button', { type: 'button', class: 'inline secondary', text: t('close'), onclick: function () { teamCard(li, team); } })));
    add(li, form);
  }

  function createTeamForm(done) {
    var id = h('input', { type: 'text', name: 'id', maxlength: 40, autocomplete: 'off', pattern: '[a-z0-9-]{2,40}' });
    var nameZh = h('input', { type: 'text', name: 'nameZh', maxlength: 100 });
    var nameEn = h('input', { type: 'text', name: 'nameEn', maxlength: 100 });
    var station = areaSelect('stationAreaId', '', true, t('chooseArea'));
    var serves = areaSelect('servesAreaId', '', false, t('chooseArea'));
    var capacity = h('input', { type: 'number', name: 'capacity', min: 1, max: 1000, value: 5 });
    var email = h('input', { type: 'email', name: 'email', maxlength: 200, autocomplete: 'off' });
    var tokenBox = h('div', {});
    var form = h('form', { id: 'create-team', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      var team = { id: id.value.trim(), name: { zh: nameZh.value.trim(), en: nameEn.value.trim() || nameZh.value.trim() },
        stationAreaId: station.value, servesAreaId: serves.value || station.value, services: checked(form), categories: [], capacity: Number(capacity.value) };
      if (email.value.trim()) team.channels = [{ kind: 'email', address: email.value.trim() }];
      api('POST', '/admin/teams', team).then(function (data) {
        clear(tokenBox);
        add(tokenBox, [h('p', { text: t('tokenShown') }), h('code', { class: 'token', text: loc(data && data.token) })]);
        flash(t('createdTeam'));
        form.reset();
        done();
      }, failed);
    } }, field(t('teamId'), id, t('idHint')).cell, field(t('nameZh'), nameZh).cell, field(t('nameEn'), nameEn).cell,
      field(t('station'), station).cell, field(t('serves'), serves).cell, field(t('capacity'), capacity).cell,
      serviceChecks([]), field(t('email'), email).cell, h('button', { type: 'submit', text: t('create') }));
    return h('details', {}, h('summary', { text: t('createTitle') }), form, tokenBox);
  }

  // Dead letters

  function showDeadLetters() {
    newView(t('deadTitle'));
    var results = h('div', { id: 'dead-letters' }, h('p', { text: t('loading') }));
    add(view, [h('p', { text: t('deadIntro') }), results]);
    function load() {
      api('GET', '/admin/dead-letters').then(function (data) {
        clear(results);
        add(results, list(data && data.queues).map(function (q) {
          var sample = list(q.sample);
          return h('section', { class: 'card', 'data-queue': loc(q.queue) },
            h('h3', { text: t('queue_' + q.queue) }), h('p', { text: t('deadCount', { n: num(q.count) }) }),
            sample.length ? h('ul', {}, sample.map(function (m) {
              return h('li', {}, h('p', { text: t('messageId') + '：' + loc(m.messageId) + (m.sentAt ? ' · ' + when(m.sentAt) : '') + (m.receiveCount ? ' · ' + t('receiveCount') + '：' + num(m.receiveCount) : '') }),
                h('pre', { class: 'body', text: loc(m.body) }));
            })) : h('p', { text: t('noDead') }),
            num(q.count) > 0 ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'inline', text: t('redrive'), onclick: function () {
              api('POST', '/admin/dead-letters/' + encodeURIComponent(q.queue) + '/redrive', {}).then(function (r) { flash(t('redriven', { n: num(r && r.moved) })); load(); }, failed);
            } })) : null);
        }));
      }, function (e) {
        clear(results);
        if (e.status === 404) results.appendChild(h('p', { text: t('centerOnly') })); else failed(e);
      });
    }
    load();
  }

  // Statistics

  var KPIS = [
    ['requests', function (k) { return num(k.requests); }],
    ['dispatched', function (k) { return num(k.dispatched); }],
    ['offers', function (k) { return num(k.offers); }],
    ['accepted', function (k) { return num(k.accepted); }],
    ['completed', function (k) { return num(k.completed); }],
    ['closed', function (k) { return num(k.closed); }],
    ['expired', function (k) { return num(k.expired); }],
    ['escalated', function (k) { return num(k.escalated); }],
    ['cancelled', function (k) { return num(k.cancelled); }],
    ['rejected', function (k) { return num(k.rejected); }],
    ['onTimeAcceptanceRate', function (k) { return percent(k.onTimeAcceptanceRate); }],
    ['onTimeCompletionRate', function (k) { return percent(k.onTimeCompletionRate); }],
    ['meanStars', function (k) { var s = k.satisfaction && k.satisfaction.meanStars; return typeof s === 'number' ? String(s) : '–'; }],
    ['hours', function (k) { return num(k.volunteers && k.volunteers.hours); }],
    ['points', function (k) { return num(k.volunteers && k.volunteers.points); }],
  ];

  function showStats() {
    newView(t('statsTitle'));
    var from = dateInput('from', statsFilters.from);
    var to = dateInput('to', statsFilters.to);
    var area = areaSelect('area', statsFilters.area, false, t('all'));
    var service = serviceSelect('service', statsFilters.service);
    var results = h('div', { id: 'stats' });
    function read() { statsFilters = { from: from.value, to: to.value, area: area.value, service: service.value }; }
    var form = h('form', { class: 'filters', onsubmit: function (e) { e.preventDefault(); read(); load(); } },
      field(t('from'), from).cell, field(t('to'), to).cell, field(t('area'), area).cell, field(t('service'), service).cell,
      h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('show_stats') })));
    var exportButton = h('button', { type: 'button', class: 'secondary inline', id: 'export-csv', text: t('exportCsv'), onclick: function () { read(); exportCsv(); } });
    add(view, [form, h('div', { class: 'actions' }, exportButton), results]);
    function load() {
      clear(results).appendChild(h('p', { text: t('loading') }));
      api('GET', '/admin/stats' + query(statsFilters)).then(function (report) { renderStats(results, report || {}); }, function (e) { clear(results); failed(e); });
    }
    load();
  }

  function renderStats(results, report) {
    clear(results);
    var totals = report.totals || {};
    var period = report.period || {};
    add(results, [
      h('p', { class: 'status', text: loc(report.area && report.area.name) + (report.service ? ' · ' + loc(report.service.name) : '') }),
      h('p', { text: t('period', { from: loc(period.from), to: loc(period.to), days: num(period.days) }) }),
      h('ul', { class: 'kpis' }, KPIS.map(function (k) {
        return h('li', { 'data-kpi': k[0] }, h('span', { text: t('kpi_' + k[0]) }), h('span', { class: 'value', text: String(k[1](totals)) }));
      })),
      barChart(t('byService'), list(report.byService).map(function (s) { return { label: loc(s.name) || serviceName(s.serviceCode), value: num(s.requests) }; })),
      barChart(t('byArea'), list(report.byChildArea).map(function (a) { return { label: loc(a.name) || areaName(a.id), value: num(a.requests) }; })),
      teamLoadTable(report.teamLoad || {}),
      h('h3', { text: t('hints') }),
      list(report.recruitmentHints).length
        ? h('ul', {}, list(report.recruitmentHints).map(function (x) { return h('li', { text: loc(x) }); }))
        : h('p', { text: t('noHints') }),
    ]);
  }

  /** Horizontal bars in inline SVG, sized in pixels to the column and the page's type size. */
  function barChart(title, rows) {
    var captionId = nextId('chart');
    var figure = h('figure', { class: 'chart-figure' }, h('figcaption', { id: captionId, class: 'status', text: title }));
    if (!rows.length) { add(figure, h('p', { text: t('noData') })); return figure; }
    var font = (parseFloat(getComputedStyle(document.documentElement).fontSize) || 20) * 0.8;
    var width = Math.max(240, Math.min(view.clientWidth || 320, 900));
    var rowHeight = font * 3.2;
    var barHeight = font * 1.2;
    var room = width - font * 4;
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
    var height = Math.ceil(rows.length * rowHeight);
    var svg = h('svg', { class: 'chart', role: 'img', 'aria-labelledby': captionId, width: width, height: height, viewBox: '0 0 ' + width + ' ' + height });
    rows.forEach(function (r, i) {
      var y = i * rowHeight;
      var w = Math.max(2, room * (r.value / max));
      add(svg, h('g', {},
        h('text', { x: 0, y: (y + font * 1.1).toFixed(1), text: r.label }),
        h('rect', { x: 0, y: (y + font * 1.5).toFixed(1), width: w.toFixed(1), height: barHeight.toFixed(1), rx: 2 }),
        h('text', { x: (w + font * 0.4).toFixed(1), y: (y + font * 1.5 + barHeight * 0.85).toFixed(1), text: String(r.value) })));
    });
    var table = h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: title }), h('th', { scope: 'col', class: 'num', text: t('requests') }))),
      h('tbody', {}, rows.map(function (r) { return h('tr', {}, h('td', { text: r.label }), h('td', { class: 'num', text: String(r.value) })); })));
    add(figure, [svg, h('details', {}, h('summary', { text: t('dataTable') }), h('div', { class: 'table-wrap' }, table))]);
    return figure;
  }

  function teamLoadTable(load) {
    var teams = list(load.teams);
    var columns = [['capacity', 'capacity'], ['offers', 'offers'], ['accepted', 'accepted'], ['completed', 'completed'], ['declined', 'declined'], ['lapsed', 'lapsed'], ['acceptedPerCapacity', 'perCapacity']];
    return h('section', { 'aria-labelledby': 'team-load-h' }, h('h3', { id: 'team-load-h', text: t('teamLoad') }),
      teams.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('team') }), columns.map(function (c) { return h('th', { scope: 'col', class: 'num', text: t(c[1]) }); }))),
        h('tbody', {}, teams.map(function (row) {
          return h('tr', {}, h('th', { scope: 'row', text: loc(row.name) || loc(row.teamId) }), columns.map(function (c) { return h('td', { class: 'num', text: String(num(row[c[0]])) }); }));
        })))) : h('p', { text: t('noData') }),
      teams.length ? h('p', { class: 'hint', text: t('gini', { a: num(load.giniAcceptedPerCapacity), o: num(load.giniOffersPerCapacity) }) }) : null);
  }

  /** The CSV needs the token, so it is fetched and handed to the browser as a download. */
  function exportCsv() {
    fetch('/admin/stats.csv' + query(statsFilters), { headers: { authorization: 'Bearer ' + (store.get() || store.memory) }, credentials: 'omit', cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) return res.json().catch(function () { return null; }).then(function (body) { if (res.status === 401) { store.clear(); signedIn = false; showSignIn(t('expired')); } throw new ApiError(res.status, body); });
        var disposition = res.headers.get('content-disposition') || '';
        var name = /filename="([^"]+)"/.exec(disposition);
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var link = h('a', { download: name ? name[1] : 'paidan-stats.csv' });
          link.href = url;
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          flash(t('exported'));
        });
      })
      .catch(failed);
  }

  if (store.get()) start(); else showSignIn();
})();
`;

const script = consoleScript(source);

export function renderAdminConsole(options: { lang: Lang; large: boolean }) {
  const l = texts[options.lang];
  return renderConsolePage({ ...options, title: l.title!, path: ADMIN_CONSOLE_PATH, intro: l.intro!, noScript: l.noScript!, texts: l, script });
}

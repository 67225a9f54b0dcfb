/**
 * The admins' console's teams view: list, create (token shown once), edit, pause and resume,
 * rotate the token.
 * A part of the console's one script (see admin-console-script.ts): it runs inside that
 * script's closure and uses its helpers and state.
 */
export const teamsPart = String.raw`// Teams

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
  }`;

/**
 * The admins' console's dead letters view: each queue's count and sample, redrive.
 * A part of the console's one script (see admin-console-script.ts): it runs inside that
 * script's closure and uses its helpers and state.
 */
export const deadLettersPart = String.raw`// Dead letters

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
              return h('li', {}, h('p', { text: t('messageId') + COLON + loc(m.messageId) + (m.sentAt ? ' · ' + when(m.sentAt) : '') + (m.receiveCount ? ' · ' + t('receiveCount') + COLON + num(m.receiveCount) : '') }),
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
  }`;

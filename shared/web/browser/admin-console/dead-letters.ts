/** Dead letters (center admins): each queue's count and sample, and the redrive. */
import { statusOf } from '../common/api';
import { add, clear, h } from '../common/dom';
import { latestRead } from '../common/latest';
import { COLON, list, loc, num, when } from '../common/texts';
import { api, failed, flash, newView, view } from './context';
import { t } from './texts';

interface DeadQueue {
  readonly queue?: unknown;
  readonly count?: unknown;
  readonly sample?: unknown;
}

interface DeadMessage {
  readonly messageId?: unknown;
  readonly sentAt?: unknown;
  readonly receiveCount?: unknown;
  readonly body?: unknown;
}

export function showDeadLetters(): void {
  newView(t('deadTitle'));
  const results = h('div', { id: 'dead-letters' }, h('p', { text: t('loading') }));
  add(view, [h('p', { text: t('deadIntro') }), results]);
  const redrive = (q: DeadQueue) => {
    api<{ moved?: unknown }>('POST', `/admin/dead-letters/${encodeURIComponent(loc(q.queue))}/redrive`, {}).then((r) => {
      flash(t('redriven', { n: num(r?.moved) }));
      load();
    }, failed);
  };
  const message = (m: DeadMessage) =>
    h(
      'li',
      {},
      h('p', {
        text:
          t('messageId') +
          COLON +
          loc(m.messageId) +
          (m.sentAt ? ` · ${when(m.sentAt)}` : '') +
          (m.receiveCount ? ` · ${t('receiveCount')}${COLON}${num(m.receiveCount)}` : ''),
      }),
      h('pre', { class: 'body', text: loc(m.body) }),
    );
  const ticket = latestRead();
  function load() {
    const wanted = ticket();
    api<{ queues?: unknown }>('GET', '/admin/dead-letters').then(
      (data) => {
        if (!wanted()) return;
        clear(results);
        add(
          results,
          list<DeadQueue>(data?.queues).map((q) => {
            const sample = list<DeadMessage>(q.sample);
            return h(
              'section',
              { class: 'card', 'data-queue': loc(q.queue) },
              h('h3', { text: t(`queue_${q.queue}`) }),
              h('p', { text: t('deadCount', { n: num(q.count) }) }),
              sample.length ? h('ul', {}, sample.map(message)) : h('p', { text: t('noDead') }),
              num(q.count) > 0
                ? h(
                    'div',
                    { class: 'actions' },
                    h('button', { type: 'button', class: 'inline', text: t('redrive'), onclick: () => redrive(q) }),
                  )
                : null,
            );
          }),
        );
      },
      (e) => {
        if (!wanted()) return;
        clear(results);
        if (statusOf(e) === 404) results.appendChild(h('p', { text: t('centerOnly') }));
        else failed(e);
      },
    );
  }
  load();
}

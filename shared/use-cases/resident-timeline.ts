/**
 * The resident's own words for their request's timeline. The stored messages are written for
 * staff (which team it was offered to and why, a team's score and free places, who declined or
 * let an offer lapse); before a team accepts, the resident reads what is happening for them,
 * naming no team. From acceptance on, and for what the resident or staff said to them (a
 * rejection's or cancellation's reason, a rating), the stored words stand.
 */
import type { LocalizedText } from '#shared/domain/catalog';
import type { TimelineEvent } from '#shared/domain/service-request';

type Event = Pick<TimelineEvent, 'at' | 'seq' | 'type' | 'status' | 'message'>;

const words = {
  offered: { zh: '已请服务队接单，正在等待答复', en: 'A volunteer team has been asked to take it; waiting for its answer' },
  waiting: { zh: '暂时没有空闲的服务队，有空闲时会马上安排', en: 'No team is free right now; one will be asked as soon as one is' },
  // True whether another team is free now or only later (the sweep asks again): the WAITING after a
  // decline or lapse comes before the next offer, if any (review 76).
  another: { zh: '这个服务队没能接单，正在为您另找服务队', en: 'That team could not take it; another team is being found for you' },
  reopened: { zh: '您反映问题仍在，正在重新安排服务队', en: 'You said the problem is back; a team is being asked again' },
  escalated: { zh: '暂无服务队接单，已转社区工作人员协调', en: 'No team has taken it yet; community staff are arranging it' },
  toWall: {
    zh: '暂无服务队接单，社区审核后将发布到心愿墙供认领',
    en: 'No team has taken it yet; after review the station puts it on the wish wall',
  },
} as const satisfies Record<string, LocalizedText>;

/** Each event's message as the resident reads it, in the events' order (time, then sequence). */
export function residentTimeline<E extends Event>(events: readonly E[]): E[] {
  const ordered = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  let before: E | undefined;
  let offered = false;
  return ordered.map((event) => {
    const message = residentMessage(event, before, offered);
    if (event.type === 'STATUS_CHANGED') before = event;
    if (event.status === 'OFFERED') offered = true;
    return message === event.message ? event : { ...event, message };
  });
}

/** `before`: the status change before this one; `offered`: some team was asked already. */
function residentMessage(event: Event, before: Event | undefined, offered: boolean): Event['message'] {
  if (event.type !== 'STATUS_CHANGED') return event.message;
  switch (event.status) {
    case 'OFFERED':
      return words.offered;
    case 'WAITING':
      if (before?.status === 'COMPLETED') return words.reopened;
      return before?.status === 'OFFERED' || before?.status === 'ACCEPTED' ? words.another : words.waiting;
    case 'ESCALATED':
      return words.escalated;
    case 'REVIEW':
      // A wish goes to review on submission in its own words; an order no team took, in these.
      return offered ? words.toWall : event.message;
    default:
      return event.message;
  }
}

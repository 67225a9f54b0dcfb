import { randomUUID } from 'node:crypto';
import { outboxKey, MemoryRequests } from '#shared/adapters/memory/request-repository';
import { MemoryNoticeDeliveries } from '#shared/adapters/memory/notify';
import { MemoryTeams } from '#shared/adapters/memory/team-repository';
import { noticeDeliveriesContract } from '../../support/notice-deliveries-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/notice-deliveries.test.ts).
noticeDeliveriesContract('MemoryNoticeDeliveries', () => {
  const requests = new MemoryRequests(new MemoryTeams());
  return {
    deliveries: new MemoryNoticeDeliveries(requests),
    newNotice: async () => {
      const notice = { requestId: `r-${randomUUID()}`, messageId: 'notice-v2-offer' };
      requests.outboxMessages.set(outboxKey(notice.requestId, notice.messageId), {
        id: notice.messageId,
        requestId: notice.requestId,
        queue: 'notify',
        body: {},
        dueAt: '2026-12-07T00:00:00.000Z',
      });
      return notice;
    },
    unsettled: async (notice) => requests.outboxMessages.has(outboxKey(notice.requestId, notice.messageId)),
    outbox: requests,
  };
});

import { describe, expect, it } from 'vitest';
import { cancelByStaff, takeBack } from '#shared/domain/admin-actions';
import { complete } from '#shared/domain/completion';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { recordHoursByStaff } from '#shared/domain/staff-hours';
import { requestFixture } from '../../support/fixtures';

const staff: Staff = { id: 'c', name: 'center', role: 'center' };
const now = new Date('2026-12-07T02:00:00.000Z');
const hours = [{ volunteer: '小李', minutes: 60 }];

function accepted(): ServiceRequest {
  return requestFixture({
    status: 'ACCEPTED',
    assignedTeam: { id: 'a', name: 'A队' },
    acceptedAt: '2026-12-06T02:00:00.000Z',
    completeBy: { deadline: '2026-12-09T02:00:00.000Z' },
  });
}

// The deadline is read only while ACCEPTED; kept after, it pushes the item past 1 KB on every later write (review 62).
describe('a request leaving ACCEPTED drops its completion deadline', () => {
  it.each([
    ['completed by the team', (r: ServiceRequest) => complete(r, 'a', now, { hours }).after],
    [
      'completed with hours recorded by staff',
      (r: ServiceRequest) => recordHoursByStaff(r, staff, now, { hours, reason: '电话登记' })!.after,
    ],
    ['taken back by staff', (r: ServiceRequest) => takeBack(r, staff, '人手不足', now).after],
    ['cancelled by staff', (r: ServiceRequest) => cancelByStaff(r, staff, '居民不需要了', now).after],
  ])('%s', (_name, change) => {
    const after = change(accepted());
    expect(after.status).not.toBe('ACCEPTED');
    expect(after).not.toHaveProperty('completeBy');
  });
});

/**
 * The service records as CSV (one row per person × service), in the column order of
 * docs/operations.md#service-records, headed in Chinese as the volunteer information systems'
 * import templates are.
 */
import type { ServiceRecord } from '#shared/use-cases/service-records';
import { csvDocument } from './csv';

const header = [
  '记录编号',
  '志愿者编号',
  '姓名',
  '证件类型',
  '证件号码（遮盖）',
  '手机号',
  '服务日期',
  '服务项目',
  '服务地点',
  '服务组织',
  '服务时长（小时）',
] as const;

export function serviceRecordsCsv(records: readonly ServiceRecord[]): string {
  return csvDocument(
    header,
    records.map((r) => [
      r.recordId,
      r.volunteerNumber,
      r.name,
      r.identityType,
      r.identityMasked,
      r.phone,
      r.date,
      r.activity,
      r.place,
      r.organization,
      r.hours,
    ]),
  );
}

export function serviceRecordsFileName(data: { readonly area: string; readonly from: string; readonly to: string }): string {
  return `paidan-service-records_${data.area}_${data.from}_${data.to}.csv`;
}

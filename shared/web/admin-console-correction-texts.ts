/** The staff console's texts for correcting a closed request's hours (更正服务时长), zh-CN and English. */
const zh = {
  correctTitle: '更正服务时长',
  correctIntro:
    '结单后发现服务时长有误（少填了、漏了人、记了没到场的人）：按志愿者填写正确的分钟数，没到场的填 0，没列出的志愿者不变。原来的积分记录保留，另记一笔更正；积分按该需求首次结单时记下的积分规则计算，不按现行规则；志愿者的时长和服务记录导出随之更正；此前出具的证明不会改动，只标注“含已更正的服务记录”，需撤销后重新出具。时间线记下是谁、何时、为什么更正。投诉属实、积分已作废的需求不能更正。',
  correctMinutes: '正确的分钟数（0 表示没到场）',
  correctReasonHint: '例如：上门实际 4 小时，队长误填 2 小时',
  correctSubmit: '更正服务时长',
  corrected: '服务时长已更正，积分已调整',
  correctedCertificates: '服务时长已更正，积分已调整。以下证明含更正前的时长，已标注；请撤销后重新出具：{numbers}',
  correctedNothing: '与现有记录相同，没有改动',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  correctTitle: 'Correct the hours',
  correctIntro:
    'When a closed request’s hours turn out wrong (too few entered, someone left out, someone credited who was not there): give each volunteer’s right minutes, 0 for someone who was not there; volunteers not listed keep theirs. The credit first posted stays and a correction is added beside it; points are priced by the rules kept when the request was first completed, not those in force now; the volunteer’s hours and the service-record export follow; certificates issued before are not changed but marked as containing a corrected record: revoke and reissue them. The history says who corrected them, when and why. A request whose credits were voided after a complaint is not corrected.',
  correctMinutes: 'Right minutes (0: not there)',
  correctReasonHint: 'e.g. the visit took 4 hours, the team leader entered 2',
  correctSubmit: 'Correct the hours',
  corrected: 'Hours corrected, points adjusted',
  correctedCertificates:
    'Hours corrected, points adjusted. These certificates hold the hours as they were and are now marked; revoke and reissue them: {numbers}',
  correctedNothing: 'The same as recorded: nothing changed',
};

export type CorrectionTextKey = Key;
export const correctionTexts = { zh, en };

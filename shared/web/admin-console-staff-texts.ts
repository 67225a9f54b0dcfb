/** The staff console's texts for who is signed in and the certificates of someone who served in their area, zh-CN and English. */
const zh = {
  signedInAs: '已登录：{role} · {area}',
  roleCenter: '中心管理员',
  roleStation: '站点工作人员',
  allAreas: '全部区域',
  certifyFromRequest:
    '住在您负责区域以外、但在区域内服务过的志愿者，在这里查不到。要为其在您区域内的服务出具证明，请打开其服务过的需求，点“为参与的志愿者出具证明”里的姓名。',
  certifyTitle: '为参与的志愿者出具证明',
  certifyOf: '{name} 的服务记录证明',
  certificatesHere: '只证明在您负责区域内完成的服务（谁记录谁证明），不论志愿者住在哪个社区。',
  certifyBack: '返回',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  signedInAs: 'Signed in: {role} · {area}',
  roleCenter: 'Center admin',
  roleStation: 'Station staff',
  allAreas: 'all areas',
  certifyFromRequest:
    'Volunteers who live outside your area but served in it are not found here. To certify their services in your area, open a request they served and choose their name under “Certify the volunteers who served”.',
  certifyTitle: 'Certify the volunteers who served',
  certifyOf: 'Certificates of {name}',
  certificatesHere: 'Certifies only the services done in your area (whoever records, certifies), whatever the volunteer’s home community.',
  certifyBack: 'Back',
};

export type StaffTextKey = Key;
export const staffTexts = { zh, en };

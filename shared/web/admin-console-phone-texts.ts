/** The staff console's texts for changing a volunteer's phone (更换手机号), zh-CN and English. */
const zh = {
  phoneChangeTitle: '更换手机号',
  phoneChangeIntro:
    '志愿者换了号码，或原号码已被运营商回收给别人时使用：请先当面核实本人（证件或本人在场）。换号后旧号码不再能登录这位志愿者的账户，已登录的设备全部退出，需用新号码重新登录；发给旧号码、还没接受的服务队邀请不会转到新号码，请服务队重新邀请。',
  newPhone: '新手机号',
  phoneChangeReason: '原因',
  reason_new: '本人换了号码',
  reason_recycled: '旧号码已被回收给别人',
  reason_lost: '手机丢失',
  changePhone: '更换手机号',
  phoneChanged: '手机号已更换，这位志愿者已在所有设备上退出登录。',
  phoneUnchanged: '这就是他现在的手机号，没有改动。',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  phoneChangeTitle: 'Change the phone',
  phoneChangeIntro:
    'When the volunteer has a new number, or their old one was recycled by the carrier to someone else: check it is them first (a document, or in person). The old number then signs no one in as them, they are signed out on every device and sign in again with the new one; team invitations sent to the old number and not yet accepted stay with that number: ask the team to invite again.',
  newPhone: 'New mobile number',
  phoneChangeReason: 'Reason',
  reason_new: 'They took a new number',
  reason_recycled: 'The old number went to someone else',
  reason_lost: 'The phone was lost',
  changePhone: 'Change the phone',
  phoneChanged: 'Phone changed; the volunteer is signed out on every device.',
  phoneUnchanged: 'That is their phone already: nothing changed.',
};

export type PhoneTextKey = Key;
export const phoneTexts = { zh, en };

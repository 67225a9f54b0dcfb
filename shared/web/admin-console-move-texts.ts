/** The staff console's texts for moving a volunteer to another community (迁移所在社区), zh-CN and English. */
const zh = {
  moveTitle: '迁到其他社区',
  moveIntro:
    '志愿者搬家，或当初登记错了社区时使用。只有同时管辖原社区和新社区的工作人员（街道站点或上级中心）可以迁移。迁移后由新社区的站点查找、管理这位志愿者，原站点不再能看到；以前的服务记录、时长、积分、证明和统计都留在原处，不会改动。',
  moveTo: '迁入社区',
  moveReason: '原因（仅工作人员可见）',
  move: '迁移',
  moved: '已迁到新社区。',
  moveUnchanged: '这位志愿者已经在这个社区，没有改动。',
  movesRecord: '迁移记录',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  moveTitle: 'Move to another community',
  moveIntro:
    'When the volunteer moved house, or was registered in the wrong community. Only staff whose area holds both communities (a street’s station or a center) can move them. The new community’s station then finds and manages them, the old one no longer sees them; past services, hours, points, certificates and statistics stay where they were.',
  moveTo: 'New community',
  moveReason: 'Reason (staff only)',
  move: 'Move',
  moved: 'Moved to the new community.',
  moveUnchanged: 'The volunteer is in that community already: nothing changed.',
  movesRecord: 'Moves',
};

export type MoveTextKey = Key;
export const moveTexts = { zh, en };

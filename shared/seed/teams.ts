/**
 * Demo volunteer teams. The teams and the facts in `about` are real (see the domain brief); the
 * stations of the three city-level teams are illustrative, since a team must belong to a station.
 *
 * `channels` is empty on purpose: notification channels are contact details that admins
 * configure per team, and a made-up phone number or URL in demo data would reach a stranger.
 */
import { team, type Team } from '#shared/domain/team';
import { HUAYUAN, KEDA, YANBEI } from './areas';
import { text } from './menu-fields';

type TeamDraft = Omit<Team, 'services' | 'categories' | 'paused' | 'blackoutDates' | 'channels'> &
  Partial<Pick<Team, 'services' | 'categories'>>;

const drafts: readonly TeamDraft[] = [
  // 花园社区 (岱庙街道, 泰山区): eight teams in all; four of them here.
  {
    id: 'zhenqingfang',
    name: text('爱心大妈针情坊', 'Loving Aunties Sewing Circle'),
    stationAreaId: HUAYUAN,
    servesAreaId: '370902',
    services: ['winter-clothes'],
    capacity: 4,
    rating: 5,
    about: '花园社区的爱心大妈们手工缝制棉衣棉裤，送给有需要的孩子。',
  },
  {
    id: 'laisheng-studio',
    name: text('来胜书画苑', 'Laisheng Calligraphy and Painting Studio'),
    stationAreaId: HUAYUAN,
    servesAreaId: '370902001',
    services: ['calligraphy-class'],
    capacity: 3,
    rating: 4.9,
    about: '花园社区的书画志愿服务队，开设书法、国画课堂。',
  },
  {
    id: 'jinghua-mediation',
    name: text('静华调解室', 'Jinghua Mediation Room'),
    stationAreaId: HUAYUAN,
    servesAreaId: '370902001',
    services: ['dispute-mediation'],
    capacity: 3,
    rating: 4.8,
    about: '花园社区的调解室，化解邻里和家庭矛盾。',
  },
  {
    id: 'haijun-helpers',
    name: text('海军帮忙队', 'Haijun Helping Squad'),
    stationAreaId: HUAYUAN,
    servesAreaId: HUAYUAN,
    services: ['elderly-errands', 'elderly-visit', 'neighbourhood-cleanup'],
    capacity: 6,
    rating: 4.9,
    about: '花园社区的综合帮忙队，居民有事就帮：代买代办、探访老人、清理楼道。',
  },

  // 堰北社区 (粥店街道, 岱岳区): six teams in all; three of them here.
  {
    id: 'hongxianfeng',
    name: text('红先锋', 'Red Vanguard'),
    stationAreaId: YANBEI,
    servesAreaId: YANBEI,
    services: ['elderly-visit', 'elderly-errands'],
    capacity: 6,
    rating: 4.8,
    about: '堰北社区的先锋志愿服务队。志愿服务每满4小时积1分，1分可在信用超市兑换价值4元的物品。',
  },
  {
    id: 'jinguo-liang',
    name: text('巾帼靓', "Jinguo Liang Women's Team"),
    stationAreaId: YANBEI,
    servesAreaId: YANBEI,
    services: ['elderly-visit', 'micro-wish'],
    capacity: 5,
    rating: 4.9,
    about: '堰北社区的巾帼（妇女）志愿服务队，探访老人、认领微心愿。',
  },
  {
    id: 'jiayuan-mei',
    name: text('家园美', 'Beautiful Home Team'),
    stationAreaId: YANBEI,
    servesAreaId: YANBEI,
    categories: ['environment'],
    capacity: 4,
    rating: 4.7,
    about: '堰北社区的环境美化志愿服务队。',
  },

  // 科大社区 (泰前街道, 泰山区)
  {
    id: 'ruidi-repair',
    name: text('瑞迪e修站', 'Ruidi e-Repair Station'),
    stationAreaId: KEDA,
    servesAreaId: '370902003',
    services: ['appliance-repair'],
    capacity: 5,
    rating: 4.9,
    about: '2012年3月成立，由高校电子专业学生组成，免费维修收音机、饮水机等小家电，服务40余个居民小区。',
  },

  // City-level specialized teams (专业志愿服务队): fixed project, fixed served group, fixed members.
  {
    id: 'legal-aid-corps',
    name: text('法律援助专业志愿服务队', 'Legal Aid Specialized Volunteer Team'),
    stationAreaId: '370902002001',
    servesAreaId: '3709',
    categories: ['legal-aid'],
    services: ['dispute-mediation'],
    capacity: 8,
    rating: 4.8,
    about: '市级专业志愿服务队，律师志愿者提供法律咨询并参与纠纷调解。全市10支专业队一年开展活动150余场、参与18000余人次。',
  },
  {
    id: 'health-clinic-corps',
    name: text('健康义诊专业志愿服务队', 'Free Clinic Specialized Volunteer Team'),
    stationAreaId: '370902002002',
    servesAreaId: '3709',
    categories: ['health'],
    capacity: 10,
    rating: 4.9,
    about: '市级专业志愿服务队，医护志愿者开展健康咨询、义诊和上门测量。',
  },
  {
    id: 'veterans-lecture',
    name: text('老兵宣讲团', "Veterans' Lecture Corps"),
    stationAreaId: '370902001002',
    servesAreaId: '3709',
    services: ['red-story-lecture'],
    capacity: 7,
    rating: 5,
    about: '退役军人组成的宣讲团，共7支队伍、100余名成员，走进社区、学校、村庄讲述红色故事。',
  },
];

/** Parsed at module load, so a bad entry fails the import. */
export const demoTeams: readonly Team[] = drafts.map((d) =>
  team.parse({ services: [], categories: [], paused: false, blackoutDates: [], channels: [], ...d }),
);

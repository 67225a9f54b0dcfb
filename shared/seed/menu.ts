/**
 * The demo service menu (菜单式服务): universal services for everybody and targeted ones for the
 * elderly, children and disabled people, grouped in the service areas the stations offer.
 * Completion targets (`slaHours`) follow the hotline's 3/5/10 working-day tiers loosely, in clock
 * hours: nights, weekends and holidays count (`catalog.ts`).
 */
import { category, service, type Category, type Service } from '#shared/domain/catalog';
import { serviceFields, text } from './menu-fields';

export const demoCategories: readonly Category[] = [
  { code: 'appliance-repair', name: text('家电维修', 'Appliance repair'), order: 10 },
  { code: 'elderly-care', name: text('助老服务', 'Help for the elderly'), order: 20 },
  { code: 'micro-wish', name: text('微心愿', 'Micro-wishes'), order: 30 },
  { code: 'mediation', name: text('矛盾调解', 'Mediation'), order: 40 },
  { code: 'legal-aid', name: text('法律援助', 'Legal aid'), order: 50 },
  { code: 'health', name: text('健康咨询', 'Health'), order: 60 },
  { code: 'education', name: text('教育辅导', 'Education and tutoring'), order: 70 },
  { code: 'culture', name: text('文化服务', 'Culture'), order: 80 },
  { code: 'environment', name: text('环境美化', 'Neighbourhood environment'), order: 90 },
].map((c) => category.parse(c));

type ServiceDraft = Omit<Service, 'fields' | 'active' | 'kind'> & Partial<Pick<Service, 'kind'>>;

const drafts: readonly ServiceDraft[] = [
  {
    code: 'appliance-repair',
    category: 'appliance-repair',
    name: text('小家电维修', 'Small appliance repair'),
    description: text(
      '志愿者免费维修收音机、饮水机、电风扇等小家电，可上门或送到服务站。',
      'Volunteers repair radios, water dispensers, fans and other small appliances for free, at home or at the station.',
    ),
    audience: 'everyone',
    slaHours: 120,
    urgentAllowed: true,
  },
  {
    code: 'elderly-visit',
    category: 'elderly-care',
    name: text('独居老人探访', 'Visits to elderly people living alone'),
    description: text(
      '志愿者上门陪伴聊天、查看居家安全，了解老人的实际困难。',
      'Volunteers call in for a chat, check that the home is safe and find out what the resident needs.',
    ),
    audience: 'elderly',
    slaHours: 72,
    urgentAllowed: true,
  },
  {
    code: 'elderly-errands',
    category: 'elderly-care',
    name: text('代买代办', 'Errands for the elderly'),
    description: text(
      '为行动不便的老人代买生活用品、代取药品、代缴费用和代办手续。',
      'Shopping, picking up medicine, paying bills and handling paperwork for elderly residents who cannot get out.',
    ),
    audience: 'elderly',
    slaHours: 48,
    urgentAllowed: true,
  },
  {
    code: 'micro-wish',
    category: 'micro-wish',
    kind: 'micro-wish',
    name: text('微心愿', 'Micro-wish'),
    description: text(
      '说出一个不在菜单上的小心愿，由服务站收集、志愿者认领实现。',
      'Tell us a small wish that is not on the menu; the station collects it and a volunteer makes it come true.',
    ),
    audience: 'everyone',
    slaHours: 240,
    urgentAllowed: false,
  },
  {
    code: 'winter-clothes',
    category: 'micro-wish',
    name: text('爱心棉衣', 'Padded winter clothes for children'),
    description: text(
      '社区爱心大妈为有需要的孩子手工缝制棉衣棉裤。',
      'Volunteer grandmothers sew padded winter jackets and trousers by hand for children who need them.',
    ),
    audience: 'children',
    slaHours: 240,
    urgentAllowed: false,
  },
  {
    code: 'dispute-mediation',
    category: 'mediation',
    name: text('邻里纠纷调解', 'Neighbour dispute mediation'),
    description: text(
      '调解员上门或在调解室化解邻里、家庭之间的矛盾纠纷。',
      'Mediators help neighbours and families settle disputes, at home or in the mediation room.',
    ),
    audience: 'everyone',
    slaHours: 72,
    urgentAllowed: true,
  },
  {
    code: 'legal-consultation',
    category: 'legal-aid',
    name: text('法律咨询', 'Legal advice'),
    description: text(
      '律师志愿者免费解答劳动、婚姻家庭、房屋等法律问题。',
      'Volunteer lawyers answer questions on employment, family, housing and other legal matters for free.',
    ),
    audience: 'everyone',
    slaHours: 120,
    urgentAllowed: false,
  },
  {
    code: 'health-consultation',
    category: 'health',
    name: text('健康咨询与义诊', 'Health advice and free check-ups'),
    description: text(
      '医护志愿者提供健康咨询、慢病用药指导和义诊。',
      'Volunteer doctors and nurses give health advice, medication guidance for chronic illness and free check-ups.',
    ),
    audience: 'everyone',
    slaHours: 72,
    urgentAllowed: true,
  },
  {
    code: 'blood-pressure-check',
    category: 'health',
    name: text('测量血压血糖', 'Blood pressure and sugar checks'),
    description: text(
      '为老人测量血压、血糖，行动不便的可上门测量。',
      'Blood pressure and blood sugar checks for elderly residents, at home for those who cannot get out.',
    ),
    audience: 'elderly',
    slaHours: 48,
    urgentAllowed: true,
  },
  {
    code: 'home-rehab-guidance',
    category: 'health',
    name: text('居家康复指导', 'Rehabilitation at home'),
    description: text(
      '康复志愿者上门指导残疾人进行功能训练和辅具使用。',
      'Rehabilitation volunteers visit disabled residents to guide exercises and the use of mobility aids.',
    ),
    audience: 'disabled',
    slaHours: 120,
    urgentAllowed: true,
  },
  {
    code: 'homework-tutoring',
    category: 'education',
    name: text('课业辅导', 'Homework help'),
    description: text(
      '志愿者在服务站为中小学生辅导作业。',
      'Volunteers help primary and middle school pupils with their homework at the station.',
    ),
    audience: 'children',
    slaHours: 168,
    urgentAllowed: false,
  },
  {
    code: 'red-story-lecture',
    category: 'culture',
    name: text('老兵讲红色故事', "Veterans' history talks"),
    description: text(
      '退役老兵走进社区、学校和村庄，讲述红色故事和革命传统。',
      'Retired soldiers visit communities, schools and villages to tell stories of revolutionary history.',
    ),
    audience: 'everyone',
    slaHours: 240,
    urgentAllowed: false,
  },
  {
    code: 'calligraphy-class',
    category: 'culture',
    name: text('书画培训', 'Calligraphy and painting classes'),
    description: text(
      '书画爱好者免费教授书法和国画，少儿、成人、老人均可报名。',
      'Local artists teach calligraphy and Chinese painting for free to children, adults and seniors.',
    ),
    audience: 'everyone',
    slaHours: 240,
    urgentAllowed: false,
  },
  {
    code: 'neighbourhood-cleanup',
    category: 'environment',
    name: text('环境整治', 'Neighbourhood clean-up'),
    description: text(
      '清理楼道杂物、小广告和卫生死角，美化小区环境。',
      'Volunteers clear stairwells, fly-posting and neglected corners to keep the neighbourhood tidy.',
    ),
    audience: 'everyone',
    slaHours: 120,
    urgentAllowed: false,
  },
];

function fieldsOf(code: string) {
  const fields = serviceFields[code];
  if (!fields) throw new Error(`No field list for demo service ${code}`);
  return fields;
}

/** Parsed at module load, so a bad entry fails the import. */
export const demoServices: readonly Service[] = drafts.map((d) =>
  service.parse({ kind: 'menu', ...d, fields: fieldsOf(d.code), active: true }),
);

/**
 * The extra fields of the demo services (Open311-style attributes), one list per service code.
 * Kept apart from `menu.ts` so the menu reads as a menu.
 */
import type { LocalizedText, ServiceField } from '#shared/domain/catalog';

export const text = (zh: string, en: string): LocalizedText => ({ zh, en });

const option = (key: string, zh: string, en: string) => ({ key, name: text(zh, en) });

export const serviceFields: Record<string, ServiceField[]> = {
  'appliance-repair': [
    {
      code: 'applianceType',
      label: text('电器类型', 'Appliance'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('radio', '收音机', 'Radio'),
        option('water-dispenser', '饮水机', 'Water dispenser'),
        option('tv', '电视机', 'Television'),
        option('fan', '电风扇', 'Electric fan'),
        option('rice-cooker', '电饭锅', 'Rice cooker'),
        option('other', '其他小家电', 'Other small appliance'),
      ],
    },
    { code: 'model', label: text('品牌型号', 'Make and model'), type: 'string', required: false, maxLength: 60 },
    {
      code: 'canBringToStation',
      label: text('能否送到服务站', 'Can you bring it to the station?'),
      type: 'boolean',
      required: false,
    },
  ],
  'elderly-visit': [
    { code: 'livesAlone', label: text('是否独居', 'Lives alone'), type: 'boolean', required: true },
    {
      code: 'mobility',
      label: text('行动能力', 'Mobility'),
      type: 'singlevaluelist',
      required: false,
      options: [
        option('independent', '行动自如', 'Walks unaided'),
        option('walking-aid', '需拄拐或助行器', 'Uses a stick or walker'),
        option('wheelchair', '需坐轮椅', 'Uses a wheelchair'),
        option('bedridden', '卧床', 'Bedridden'),
      ],
    },
  ],
  'elderly-errands': [
    {
      code: 'errandType',
      label: text('代办事项', 'Errand'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('groceries', '买菜购物', 'Groceries and shopping'),
        option('medicine', '代购药品', 'Picking up medicine'),
        option('bills', '代缴水电费', 'Paying utility bills'),
        option('paperwork', '代办证件手续', 'Paperwork at a service hall'),
        option('other', '其他', 'Other'),
      ],
    },
    { code: 'details', label: text('具体说明', 'Details'), type: 'text', required: false, maxLength: 500 },
  ],
  'micro-wish': [
    { code: 'wishItem', label: text('心愿内容', 'The wish'), type: 'string', required: true, maxLength: 100 },
    { code: 'estimatedValueYuan', label: text('估计价值（元）', 'Estimated value (yuan)'), type: 'number', required: false },
  ],
  'winter-clothes': [
    { code: 'childAge', label: text('孩子年龄', "Child's age"), type: 'number', required: true },
    {
      code: 'size',
      label: text('身高尺码', 'Size (height)'),
      type: 'singlevaluelist',
      required: true,
      options: ['90', '100', '110', '120', '130', '140', '150', '160'].map((cm) => option(cm, `${cm}厘米`, `${cm} cm`)),
    },
  ],
  'dispute-mediation': [
    {
      code: 'disputeType',
      label: text('纠纷类型', 'Kind of dispute'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('noise', '噪音扰民', 'Noise'),
        option('water-leak', '漏水', 'Water leaking between flats'),
        option('parking', '停车占道', 'Parking'),
        option('shared-space', '公共空间占用', 'Use of shared space'),
        option('family', '家庭矛盾', 'Family dispute'),
        option('other', '其他', 'Other'),
      ],
    },
    { code: 'partiesCount', label: text('涉及户数', 'Households involved'), type: 'number', required: false },
  ],
  'legal-consultation': [
    {
      code: 'topic',
      label: text('咨询事项', 'Topic'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('labour', '劳动用工、欠薪', 'Employment and unpaid wages'),
        option('family', '婚姻家庭', 'Marriage and family'),
        option('elder-support', '赡养与继承', 'Support of parents and inheritance'),
        option('housing', '房屋租赁与物业', 'Housing, tenancy and property management'),
        option('contract', '合同与借贷', 'Contracts and loans'),
        option('other', '其他', 'Other'),
      ],
    },
    {
      code: 'preferredMode',
      label: text('咨询方式', 'How to meet'),
      type: 'singlevaluelist',
      required: false,
      options: [option('in-person', '到站面谈', 'At the station'), option('phone', '电话咨询', 'By phone')],
    },
  ],
  'health-consultation': [
    {
      code: 'conditions',
      label: text('慢性病情况', 'Chronic conditions'),
      type: 'multivaluelist',
      required: false,
      options: [
        option('hypertension', '高血压', 'High blood pressure'),
        option('diabetes', '糖尿病', 'Diabetes'),
        option('heart', '心脏病', 'Heart disease'),
        option('other', '其他', 'Other'),
      ],
    },
    { code: 'question', label: text('想咨询的问题', 'Your question'), type: 'text', required: false, maxLength: 500 },
  ],
  'blood-pressure-check': [{ code: 'atHome', label: text('需要上门', 'Visit at home'), type: 'boolean', required: true }],
  'home-rehab-guidance': [
    {
      code: 'need',
      label: text('康复需求', 'Rehabilitation need'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('after-stroke', '中风后康复', 'Recovery after a stroke'),
        option('limb', '肢体功能训练', 'Limb exercises'),
        option('aids', '辅具使用指导', 'Using mobility aids'),
        option('other', '其他', 'Other'),
      ],
    },
  ],
  'homework-tutoring': [
    {
      code: 'grade',
      label: text('年级', 'School year'),
      type: 'singlevaluelist',
      required: true,
      options: Array.from({ length: 9 }, (_, i) => option(`grade-${i + 1}`, `${i + 1}年级`, `Year ${i + 1}`)),
    },
    {
      code: 'subjects',
      label: text('科目', 'Subjects'),
      type: 'multivaluelist',
      required: true,
      options: [
        option('chinese', '语文', 'Chinese'),
        option('math', '数学', 'Maths'),
        option('english', '英语', 'English'),
        option('other', '其他', 'Other'),
      ],
    },
  ],
  'calligraphy-class': [
    {
      code: 'discipline',
      label: text('学习内容', 'What to learn'),
      type: 'singlevaluelist',
      required: true,
      options: [option('calligraphy', '书法', 'Calligraphy'), option('painting', '国画', 'Chinese painting')],
    },
    {
      code: 'ageGroup',
      label: text('学员年龄段', 'Age group'),
      type: 'singlevaluelist',
      required: true,
      options: [option('child', '少儿', 'Children'), option('adult', '成人', 'Adults'), option('senior', '老年', 'Seniors')],
    },
  ],
  'red-story-lecture': [
    { code: 'venue', label: text('宣讲地点', 'Venue'), type: 'string', required: true, maxLength: 120 },
    { code: 'audienceSize', label: text('预计听众人数', 'Expected audience'), type: 'number', required: false },
  ],
  'neighbourhood-cleanup': [
    { code: 'location', label: text('具体位置', 'Where'), type: 'string', required: true, maxLength: 120 },
    {
      code: 'problem',
      label: text('问题类型', 'Problem'),
      type: 'singlevaluelist',
      required: true,
      options: [
        option('litter', '垃圾堆积', 'Piled-up litter'),
        option('corridor', '楼道杂物', 'Clutter in stairwells'),
        option('flyposting', '小广告', 'Fly-posting'),
        option('green-space', '绿地荒废', 'Neglected green space'),
        option('other', '其他', 'Other'),
      ],
    },
  ],
};

import { describe, expect, it } from 'vitest';
import { attributeAnswers } from '#shared/domain/attributes';
import type { ServiceField } from '#shared/domain/catalog';
import {
  answersBeforeAcceptance,
  attributesBeforeAcceptance,
  maskContactIn,
  maskNameIn,
  personalDataAsked,
  personalFieldIssues,
  SHOWN_ONCE_ACCEPTED,
} from '#shared/domain/personal-fields';
import { demoServices } from '#shared/seed/menu';

const field = (zh: string, en: string, type: ServiceField['type'] = 'string', code = 'answer'): ServiceField => ({
  code,
  label: { zh, en },
  type,
  required: false,
});

describe('a service field that asks for contact or identity data', () => {
  it('is found by its label in either language, however it is phrased', () => {
    const labels: [string, string][] = [
      ['联系电话', 'Phone'],
      ['手机号', 'Mobile number'],
      ['家庭住址', 'Home address'],
      ['身份证号', 'ID number'],
      ['紧急联系人电话', 'Emergency contact'],
      ['子女联系方式', "Children's details"],
      ['怎么联系您', 'How to reach you'],
      ['孩子姓名', "Child's name"],
      ['住在几号楼', 'Building'],
      ['微信号', 'WeChat'],
      ['备注', 'Email'],
      ['补充', 'Where do you live'],
      ['证件号码', 'Document'],
    ];
    expect(labels.map(([zh, en]) => personalDataAsked(field(zh, en)))).toEqual(labels.map(() => 'label'));
    // A number field takes a phone number or a door number as well as text does.
    expect(personalDataAsked(field('门牌号', 'Door number', 'number'))).toBe('label');
    expect(personalDataAsked(field('补充信息', 'More', 'text'))).toBeUndefined();
  });

  it('is found by its code where the label says nothing: English words or pinyin initials', () => {
    const codes = ['contactPhone', 'homeAddr', 'idNumber', 'residentIDCard', 'lxdh', 'sfzh', 'shouji', 'wechat2'];
    expect(codes.map((code) => personalDataAsked(field('补充', 'More', 'string', code)))).toEqual(codes.map(() => 'code'));
    expect(personalDataAsked(field('耳机品牌', 'Headphone brand', 'string', 'headphoneBrand'))).toBeUndefined();
  });

  it('is not a yes/no, a list of choices or a date, which cannot carry the data, nor a field that only sounds alike', () => {
    expect(personalDataAsked(field('是否方便电话联系', 'Can we phone you?', 'boolean'))).toBeUndefined();
    expect(personalDataAsked({ ...field('联系方式', 'Contact by', 'singlevaluelist'), code: 'phone' })).toBeUndefined();
    expect(personalDataAsked(field('联系时间', 'When to phone', 'datetime'))).toBeUndefined();
    const alike: [string, string][] = [
      ['行动能力', 'Mobility'],
      ['品牌型号', 'Make and model'],
      ['宣讲地点', 'Venue'],
      ['具体位置', 'Where'],
      ['药品名称', 'Name of the medicine'],
      ['要办的证件', 'Which papers'],
    ];
    for (const [zh, en] of alike) expect(personalDataAsked(field(zh, en)), zh).toBeUndefined();
  });

  it('is asked by no field of the demo menu', () => {
    expect(demoServices.flatMap((s) => personalFieldIssues(s.fields).map((i) => `${s.code}.${i.field}`))).toEqual([]);
  });

  it('is refused naming the field and saying where the contact comes from', () => {
    const issues = personalFieldIssues([
      field('电器类型', 'Appliance'),
      field('紧急联系人电话', 'Emergency contact phone'),
      field('其他', 'Other', 'string', 'sfzh'),
    ]);
    expect(issues.map((i) => i.field)).toEqual(['fields.1.label', 'fields.2.code']);
    expect(issues[0]!.message).toContain('"紧急联系人电话" / "Emergency contact phone"');
    expect(issues[0]!.message).toContain("already collects the resident's name, phone and address");
    expect(issues[0]!.message).toContain('only once it accepts');
    expect(issues[1]!.message).toContain('"sfzh"');
  });
});

describe('the answers a team sees before it accepts', () => {
  const fields: ServiceField[] = [
    field('情况说明', 'Details', 'text', 'details'),
    field('联系电话', 'Phone', 'string', 'phone'),
    field('是否独居', 'Lives alone', 'boolean', 'livesAlone'),
  ];
  const attributes = { details: '独居，找不到人时请打13812345678', phone: '13987654321', livesAlone: true, lxdh: 13700001111 };

  it('withhold a field asking for personal data (one saved before the rule, or gone from the service) and mask numbers in the rest', () => {
    const answers = answersBeforeAcceptance(fields, attributeAnswers(fields, attributes));
    expect(answers.map((a) => [a.code, a.value.zh])).toEqual([
      ['details', '独居，找不到人时请打*******5678'],
      ['phone', SHOWN_ONCE_ACCEPTED.zh],
      ['livesAlone', '是'],
      ['lxdh', SHOWN_ONCE_ACCEPTED.zh],
    ]);
    expect(JSON.stringify(answers)).not.toMatch(/1234|87654321|00001111/);
  });

  it('leave the same out of the attributes as sent', () => {
    expect(attributesBeforeAcceptance(fields, { ...attributes, count: 13700001111, small: 3 })).toEqual({
      details: '独居，找不到人时请打*******5678',
      livesAlone: true,
      count: '*******1111',
      small: 3,
    });
  });
});

describe("the resident's name in free text before acceptance (review 70)", () => {
  it('is masked as the name field is: the full name by its surname, a given name of two characters or more whole', () => {
    // Two characters: the full name only; the one-character given name alone stays (四 is a number too).
    expect(maskNameIn('我是李四，家里四口人，李 四的电视坏了', '李四')).toBe('我是李*，家里四口人，李*的电视坏了');
    // Three: the full name, and the given name by itself.
    expect(maskNameIn('我是郑桂芳，八十岁独居；找桂芳就行，郑阿姨', '郑桂芳')).toBe('我是郑**，八十岁独居；找**就行，郑阿姨');
    // Four: a compound surname's given name too.
    expect(maskNameIn('欧阳娜娜的收音机，请找娜娜', '欧阳娜娜')).toBe('欧***的收音机，请找**');
    expect(maskContactIn('我是郑桂芳，电话13911112222', undefined, '郑桂芳')).toBe('我是郑**，电话*******2222');
  });

  it('blanks nothing beyond that exact name when the name is also a common word', () => {
    // 文明: the full name where it stands, never 文 or 明 alone (明天, 文化).
    expect(maskNameIn('文明小区的文化站，明天下午', '文明')).toBe('文*小区的文化站，明天下午');
    // 张文明: its given name 文明 is masked where it stands exactly, 张 and 明天 stay.
    expect(maskNameIn('我是张文明，张师傅明天来', '张文明')).toBe('我是张**，张师傅明天来');
    // A Latin name only as a word: 'Li' is no part of 'lift'.
    expect(maskNameIn('Li needs the lift fixed; ask li', 'Li')).toBe('L* needs the lift fixed; ask L*');
    expect(maskNameIn('电视坏了', '王')).toBe('电视坏了');
  });

  it('masks a Latin name that touches Chinese text, and still not inside a longer Latin word (review 76)', () => {
    expect(maskNameIn('我叫Ann，需要帮忙', 'Ann')).toBe('我叫A**，需要帮忙');
    expect(maskNameIn('请找Ann帮忙', 'Ann')).toBe('请找A**帮忙');
    expect(maskNameIn('Annabel和Ann123都不是', 'Ann')).toBe('Annabel和Ann123都不是');
  });

  it('masks a given name alone only where it names or addresses the person, not in a word, street or team name (review 76)', () => {
    // The full name is masked wherever it stands.
    expect(maskNameIn('家住建国路12号，王建国', '王建国')).toBe('家住建国路12号，王**');
    expect(maskNameIn('国庆节后来修', '李国庆')).toBe('国庆节后来修');
    // The team names in the lookup's timeline (resident 张红星, team 红星志愿队).
    expect(maskNameIn('派给 红星志愿队: 离得最近；红星志愿队 已接单', '张红星')).toBe('派给 红星志愿队: 离得最近；红星志愿队 已接单');
    // After 我叫/找/联系/是, before a title, or standing alone between punctuation or spaces.
    expect(maskNameIn('我叫国庆，请联系 国庆；他是国庆', '李国庆')).toBe('我叫**，请联系 **；他是**');
    expect(maskNameIn('建国爷爷家的灯，建国 老师也在', '王建国')).toBe('**爷爷家的灯，** 老师也在');
    expect(maskNameIn('建国，在家。（建国）', '王建国')).toBe('**，在家。（**）');
  });

  it('leaves a given name after 是 (or another naming word) where what follows makes it a common word: a festival, a street (review of session 27)', () => {
    expect(maskNameIn('今天是国庆节，明天来修', '李国庆')).toBe('今天是国庆节，明天来修');
    expect(maskNameIn('是国庆长假后再来；他是国庆', '李国庆')).toBe('是国庆长假后再来；他是**');
    expect(maskNameIn('我家是建国路12号，请联系建国路口的物业，找建国', '王建国')).toBe('我家是建国路12号，请联系建国路口的物业，找**');
    // A name with a title, or standing alone, is still the person's whatever comes after.
    expect(maskNameIn('是建国老师，建国。节后来', '王建国')).toBe('是**老师，**。节后来');
  });
});

import { describe, expect, it } from 'vitest';
import type { ValidationError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
import { maskHomeIn } from '#shared/domain/home-in-text';
import { parsePublicWish } from '#shared/domain/wish';
import { issueText } from '#shared/web/browser/common/error-words';

const request = { contact: { name: '李秀珍', phone: '+8613300004444', address: '科大社区12号楼3单元401室' } } as ServiceRequest;

/** `accepted`, or the field and message of the refusal. */
function verdict(input: { text: string; wisher: string }, of: Pick<ServiceRequest, 'contact'> = request): string {
  try {
    parsePublicWish(input, of);
    return 'accepted';
  } catch (error) {
    return (error as ValidationError).issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  }
}

describe('the resident on the wall', () => {
  it('refuses the full name however it is spaced or marked, in either field', () => {
    for (const wisher of ['李秀珍', '李 秀珍', '李·秀珍', '李\u200b秀珍', '李　秀珍', '李-秀-珍', '李秀珍奶奶'])
      expect(verdict({ text: '一台收音机', wisher }), wisher).toMatch(/^wisher: The resident's full name/);
    expect(verdict({ text: '给李 秀 珍的收音机', wisher: '李奶奶' })).toMatch(/^text: The resident's full name/);
    expect(verdict({ text: '一台收音机', wisher: '李奶奶' })).toBe('accepted');
  });

  it('refuses the address, its door or any door number, and keeps a building and unit alone', () => {
    for (const text of [
      '送到科大社区12号楼3单元401室',
      '送到科大社区 12 号楼 3 单元 401 室',
      '送到401室',
      '送到四〇一室',
      '送到４０１室',
      '3单元401的收音机',
      '5号楼602户的收音机',
      '3单元5户的收音机',
      '13#2-502的收音机',
    ])
      expect(verdict({ text, wisher: '李奶奶' }), text).toMatch(/^text: The resident's address or door number/);
    // The door at the end of this resident's address, without its 室.
    const plain = { contact: { ...request.contact, address: '科大社区9号楼1单元302' } };
    expect(verdict({ text: '送到302，一台收音机', wisher: '李奶奶' }, plain)).toMatch(/^text: The resident's address/);
    expect(verdict({ text: '一台收音机', wisher: '302的奶奶' }, plain)).toMatch(/^wisher: The resident's address/);
    for (const text of [
      '12号楼3单元的一台收音机',
      '科大社区2号楼的收音机',
      '九九重阳节的一台收音机',
      '帮忙修3台收音机',
      '302路公交站旁的收音机',
    ])
      expect(verdict({ text, wisher: '李奶奶' }), text).toBe('accepted');
    // An address that is a building alone names no home.
    const building = { contact: { ...request.contact, address: '3号楼' } };
    expect(verdict({ text: '3号楼的一台收音机', wisher: '李奶奶' }, building)).toBe('accepted');
  });

  it('keeps the full name apart from words that only sit side by side across a mark', () => {
    const wang = { contact: { ...request.contact, name: '王明' } };
    for (const text of ['陪老王，明天去医院复查', '陪老王。明天去医院复查', '老王、明天'])
      expect(verdict({ text, wisher: '王奶奶' }, wang), text).toBe('accepted');
    for (const text of ['陪王明去医院', '陪王 明去医院', '陪王·明去医院', '陪王\u200b明去医院'])
      expect(verdict({ text, wisher: '王奶奶' }, wang), text).toMatch(/^text: The resident's full name/);
  });

  it('accepts ordinary wishes whose numbers only sit near 室, 户 or 单元', () => {
    const home = { contact: { ...request.contact, name: '王秀英', address: '幸福小区3号楼2单元401室' } };
    for (const text of [
      '王奶奶想请人打扫一室一厅',
      '想把三室两厅的窗户擦一擦',
      '家里3室2厅想请人打扫',
      '身高170，户外散步想要一根拐杖',
      '2号楼3单元，2026年12月前想要收音机',
      '家住2号楼3单元。2026年12月前想要一台收音机',
      '3单元一户老人想要一台收音机',
      '3单元 100斤大米搬上楼',
      '2026-12-24前想要一台收音机',
      '3号楼2单元的王奶奶想要一台收音机',
    ])
      expect(verdict({ text, wisher: '王奶奶' }, home), text).toBe('accepted');
    const door202 = { contact: { ...home.contact, address: '幸福小区3号楼2单元202' } };
    expect(verdict({ text: '2026年春节前想要一件棉衣', wisher: '王奶奶' }, door202)).toBe('accepted');
    const door101 = { contact: { ...home.contact, address: '幸福小区3号楼2单元101' } };
    expect(verdict({ text: '快101岁了，想要一台收音机', wisher: '王奶奶' }, door101)).toBe('accepted');
    expect(
      verdict({ text: '坐302路公交去医院', wisher: '王奶奶' }, { contact: { ...home.contact, address: '幸福小区3号楼2单元302' } }),
    ).toBe('accepted');
  });

  it("refuses the resident's door however the text leads to it", () => {
    const home = { contact: { ...request.contact, name: '王秀英', address: '幸福小区3号楼2单元401室' } };
    for (const text of ['家住401的王奶奶想要收音机', '3号楼401王奶奶', '3栋401王奶奶想要一台收音机', '住四〇一', '住401号', '401王奶奶'])
      expect(verdict({ text, wisher: '王奶奶' }, home), text).toMatch(/^text: The resident's address or door number/);
    expect(
      verdict({ text: '想要一台收音机', wisher: '502王奶奶' }, { contact: { ...home.contact, address: '幸福小区3号楼2单元502' } }),
    ).toMatch(/^wisher: The resident's address/);
    // Building, unit and door in dashes, in the text or the address.
    for (const address of ['幸福小区3-2-401', '幸福小区3号楼2单元401室'])
      expect(
        verdict({ text: '家住3-2-401的王奶奶想要收音机', wisher: '王奶奶' }, { contact: { ...home.contact, address } }),
        address,
      ).toMatch(/^text: The resident's address/);
    const dashed = { contact: { ...home.contact, address: '幸福小区3-2-401' } };
    expect(verdict({ text: '家住401的王奶奶', wisher: '王奶奶' }, dashed)).toMatch(/^text: The resident's address/);
    // A house in a village: its number after 村 or 组.
    const village = { contact: { ...home.contact, address: '张庄村三组25号' } };
    for (const text of ['张庄村25号王奶奶想要收音机', '三组25号的王奶奶'])
      expect(verdict({ text, wisher: '王奶奶' }, village), text).toMatch(/^text: The resident's address/);
    expect(verdict({ text: '张庄村的王奶奶想要25斤大米', wisher: '王奶奶' }, village)).toBe('accepted');
    // A short door after its floor.
    const floor = { contact: { ...home.contact, address: '幸福小区3号楼4楼1号' } };
    expect(verdict({ text: '4楼1号的王奶奶', wisher: '王奶奶' }, floor)).toMatch(/^text: The resident's address/);
    expect(verdict({ text: '12月1号前想要一台收音机', wisher: '王奶奶' }, floor)).toBe('accepted');
  });

  it('says why in the console’s language', () => {
    const message = verdict({ text: '送到401室', wisher: '李奶奶' }).replace(/^text: /, '');
    expect(issueText(message, 'zh')).toContain('门牌号');
    expect(issueText(message, 'en')).toContain('door number');
    expect(issueText('A work unit from the list', 'zh')).toBe('请从列表中选择爱心单位');
  });
});

describe("the resident's own door in text a team or a lookup sees before the contact is shown", () => {
  const home = '幸福里小区3号楼2单元502室';

  it.each([
    ['家住502的王奶奶，热水器坏了', '家住***的王奶奶，热水器坏了'],
    ['住五〇二，上午在家', '住***，上午在家'],
    ['幸福里小区 3 号楼 2 单元 502 室的奶奶', '幸福里小区 * 号楼 * 单元 *** 室的奶奶'],
    ['送到３－２－５０２', '送到*－*－***'],
    ['3单元5户的邻居说送到502', '3单元*户的邻居说送到***'],
  ])('stars the door in %s', (text, masked) => {
    expect(maskHomeIn(text, home)).toBe(masked);
  });

  it('stars a short door only with its suffix or after its floor', () => {
    const floor = '幸福小区3号楼4楼1号';
    expect(maskHomeIn('4楼1号的王奶奶', floor)).toBe('4楼*号的王奶奶');
    expect(maskHomeIn('12月1号前来，要1个人', floor)).toBe('12月1号前来，要1个人');
  });

  it.each([
    '科大花园13号楼2单元502室（东户）',
    '科大花园13号楼2单元502室，电梯右手',
    '科大花园13栋502（电梯房）',
    '科大花园13#2-502',
    '科大花园13/2/502',
    '科大花园13／2／502',
    '科大花园13座502',
    'Room 502, Building 13',
  ])('finds the door wherever the address %s names it (review 52)', (address) => {
    expect(maskHomeIn('我家502热水器坏了', address)).toBe('我家***热水器坏了');
    expect(maskHomeIn('住五零二', address)).toBe('住***');
    expect(verdict({ text: '我家502热水器坏了', wisher: '王奶奶' }, { contact: { ...request.contact, address } })).toMatch(
      /^text: The resident's address/,
    );
  });

  it('stars a door written in other digits character by character (review 52)', () => {
    expect(maskHomeIn('家住𝟱𝟬𝟮', home)).toBe('家住***');
    expect(maskHomeIn('家住𝟱𝟬𝟮的奶奶，１３号楼', home)).toBe('家住***的奶奶，１３号楼');
  });

  it('leaves a short house number that is a day, a battery or a line (review 52)', () => {
    const village = '张庄村三组12号';
    expect(maskHomeIn('希望12号上午来', village)).toBe('希望12号上午来');
    expect(maskHomeIn('12号前修好，每月12号来', village)).toBe('12号前修好，每月12号来');
    expect(maskHomeIn('住12号，张庄村12号上午在家', village)).toBe('住**号，张庄村**号上午在家');
    const street = '财源大街5号';
    expect(maskHomeIn('买5号电池，坐5号线，5号楼下见', street)).toBe('买5号电池，坐5号线，5号楼下见');
    expect(maskHomeIn('财源大街5号的奶奶', street)).toBe('财源大街*号的奶奶');
  });

  it.each(['全楼120户居民都停水', '小区共300户', '燃气热水器 JSQ30-16-3 不打火', '需要3-2-1倒数', 'v13-2-501'])(
    'leaves %s, no door, as it is (review 52)',
    (text) => {
      expect(maskHomeIn(text, home)).toBe(text);
      expect(verdict({ text, wisher: '王奶奶' })).toBe('accepted');
    },
  );

  it.each(['坐502路公交来', '502元以内', '10:30上门，大概2-3 小时', '2026-12-24前修好', '美的 MB-FB40 电饭煲', '3号楼2单元的王奶奶'])(
    'leaves %s as it is',
    (text) => {
      expect(maskHomeIn(text, home)).toBe(text);
    },
  );
});

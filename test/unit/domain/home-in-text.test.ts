import { describe, expect, it } from 'vitest';
import type { ValidationError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
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

  it('says why in the console’s language', () => {
    const message = verdict({ text: '送到401室', wisher: '李奶奶' }).replace(/^text: /, '');
    expect(issueText(message, 'zh')).toContain('门牌号');
    expect(issueText(message, 'en')).toContain('door number');
    expect(issueText('A work unit from the list', 'zh')).toBe('请从列表中选择爱心单位');
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derive } from '#shared/domain/sealed-box';
import { SESSION_SECONDS, signSession, verifySession } from '#shared/domain/sign-in';
import { isResidentId, maskIdentityNumber, parseRegistration, storedIdentity } from '#shared/domain/volunteer';

const nameOf = (name: string) => {
  try {
    return parseRegistration({ name, phone: '13912345678', homeAreaId: '370902003009' }).name;
  } catch (error) {
    return (error as { issues: { field: string }[] }).issues.map((i) => i.field).join();
  }
};

const VALID = '370902198503171234';

describe('volunteer identity documents', () => {
  it('checks a resident identity number by its check character and birth date', () => {
    expect(isResidentId(VALID)).toBe(true);
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('370902198503171235')).toBe(false);
    expect(isResidentId(`${'370902198502301234'.slice(0, 17)}X`)).toBe(false);
    expect(isResidentId('37090219850317123')).toBe(false);
    // A birth date to come: a well-formed number, but nobody's yet. Today's counts in Shanghai.
    expect(isResidentId('370902209901011237')).toBe(false);
    const lateOn6December = new Date('2026-12-06T17:00:00Z'); // 01:00 on 7 December in Shanghai
    expect(isResidentId('370902202612071231', lateOn6December)).toBe(true);
    expect(isResidentId('370902202612071231', new Date('2026-12-06T15:00:00Z'))).toBe(false);
  });

  it('keeps only a masked form and a keyed hash: the same number and key match, another key does not', () => {
    const key = Buffer.alloc(32, 1);
    const stored = storedIdentity(key, 'resident-id', '370902 19850317 123x'.replace('x', '4'));
    expect(stored).toEqual({ type: 'resident-id', masked: '370902********1234', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(stored)).not.toContain('19850317');
    expect(storedIdentity(key, 'resident-id', VALID).hash).toBe(stored.hash);
    expect(storedIdentity(Buffer.alloc(32, 2), 'resident-id', VALID).hash).not.toBe(stored.hash);
    expect(storedIdentity(key, 'passport', VALID).hash).not.toBe(stored.hash);
  });

  it('hides at least 6 characters of a short document: a passport or a permit shows no more than its first and last 2 (review 47)', () => {
    expect(maskIdentityNumber('E12345678')).toBe('E******78');
    expect(maskIdentityNumber('12345678')).toBe('******78');
    expect(maskIdentityNumber('H1234567801')).toBe('H********01');
    expect(maskIdentityNumber('G1234567')).toBe('******67');
    expect(maskIdentityNumber('1234567')).toBe('******7');
    expect(maskIdentityNumber('123456')).toBe('******');
    expect(maskIdentityNumber('1234567890123')).toBe('1**********23');
    for (const n of ['E12345678', '12345678', 'H1234567801', '1234567', '1234567890123'])
      expect(maskIdentityNumber(n).match(/\*/g)?.length ?? 0, n).toBeGreaterThanOrEqual(6);
    expect(maskIdentityNumber('370902198503171234')).toBe('370902********1234');
  });

  it('keeps the first 6 and last 4 of a resident id only: a long foreign document hides all but 3 (review 52)', () => {
    expect(maskIdentityNumber('USA110060090010')).toBe('U************10');
    expect(maskIdentityNumber('AB1234567890123456')).toBe('A***************56');
    expect(maskIdentityNumber('1234567890123456789')).toBe('1****************89');
    expect(maskIdentityNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('names each bad field of a registration', () => {
    const issues = (body: unknown) => {
      try {
        parseRegistration(body);
        return [];
      } catch (error) {
        return (error as { issues: { field: string }[] }).issues.map((i) => i.field);
      }
    };
    expect(issues({ name: '赵', phone: '13912345678', homeAreaId: '370902003009' })).toEqual([]);
    expect(
      issues({ name: '', phone: '1391234', homeAreaId: 'x', identity: { type: 'resident-id', number: '370902198503171235' } }),
    ).toEqual(['name', 'phone', 'identity.number', 'homeAreaId']);
  });
});

describe('volunteer names', () => {
  it('takes Han names of any extension, minority names with their dot, and Latin names', () => {
    for (const name of [
      '朱镕基',
      '李堃',
      '陈赟',
      '蒋甦',
      '韩燚',
      '林䶮',
      '赵𠀾',
      '买买提·艾力',
      '阿依古丽•买买提',
      '王・明',
      'José Müller',
      "Anna-Lena O'Brien",
      'O’Neil',
    ])
      expect(nameOf(name)).toBe(name);
    expect(nameOf('  王小明 ')).toBe('王小明');
    // Composed as typed on another keyboard: stored in one form (NFC).
    expect(nameOf('Jose\u0301')).toBe('José');
  });

  it('takes 〇, Vietnamese and other Latin letters, and letters of any script (the certificate prints the name in its own field)', () => {
    for (const name of [
      '王〇',
      '曾〇〇',
      '王〇明',
      'Nguyễn Văn An',
      'Trần Thị Hương',
      'Đặng Văn Lâm',
      'Łukasz Dvořák',
      'Mehmet Yılmaz',
      '佐々木さくら',
      '김민준',
      'Иван Петров',
      'ئەخمەت',
      'Kaʻiulani',
    ])
      expect(nameOf(name), name).toBe(name);
  });

  it('stores a name normalised: dots as ·, no space around them, one space between parts, radicals and full-width letters folded', () => {
    expect(nameOf('麦麦提 · 艾力')).toBe('麦麦提·艾力');
    expect(nameOf('玛依拉．阿不都')).toBe('玛依拉·阿不都');
    expect(nameOf('艾力 ・ 买买提')).toBe('艾力・买买提');
    expect(nameOf('Jean  Paul')).toBe('Jean Paul');
    expect(nameOf('王  明')).toBe('王 明');
    expect(nameOf('張　三')).toBe('張 三');
    // A Kangxi radical (U+2F08) and a CJK compatibility ideograph (U+F900) look like the ideograph they stand for.
    expect(nameOf('张\u2F08')).toBe('张人');
    expect(nameOf('\uF900三')).toBe('豈三');
    expect(nameOf('Ｊｏｈｎ　Ｓｍｉｔｈ')).toBe('John Smith');
  });

  it('refuses a name that could plant a statement in a certificate, or hides characters, naming the field', () => {
    for (const name of [
      '张三（居民身份证：110101199003077777，志愿者编号：A1234）',
      '张三(110101199003077777)',
      '王1明',
      '王:明',
      '王明：志愿者编号',
      '王\u200B明',
      '王\u200D明',
      '王\uFEFF明',
      '王\u00AD明',
      '王\u202E明',
      '王\u2066明',
      '王\u2028明',
      '〡二',
      '·王',
      '王··明',
      '王明-',
      // Numerals of any script (〇 aside), even where NFKC would make letters or digits of them.
      'Henry Ⅷ',
      '王²',
      '王１',
      '王①',
      // Other punctuation, and letters that look like it (a colon, a bar, a "!").
      '玛依拉.阿不都',
      'John Smith Jr.',
      "O'NEILL, JOHN",
      '王ː明',
      'ǃXóõ',
      // Invisible letters and marks: Hangul fillers, the grapheme joiner, variation selectors.
      '王\u3164明',
      '\u115F',
      '王\u034F明',
      '王\uFE00明',
      '葛\u{E0100}',
    ])
      expect(nameOf(name), JSON.stringify(name)).toBe('name');
  });
});

describe('volunteer sessions', () => {
  const key = { id: 'k1', secret: Buffer.alloc(32, 7) };
  const now = new Date('2026-12-05T08:00:00Z');
  const id = 'abcdefghjkmnpqrstvwx';

  it('names the volunteer and the session version until the session expires; an altered or foreign one names nobody', () => {
    const session = signSession(key, id, now, 2);
    const named = { volunteerId: id, version: 2 };
    expect(verifySession(key, session, now)).toEqual(named);
    expect(verifySession(key, session, new Date(now.getTime() + (SESSION_SECONDS - 1) * 1000))).toEqual(named);
    expect(verifySession(key, session, new Date(now.getTime() + SESSION_SECONDS * 1000))).toBeUndefined();
    expect(verifySession({ ...key, secret: Buffer.alloc(32, 8) }, session, now)).toBeUndefined();
    const [, expires, kid, version, mac] = session.split('.');
    expect([kid, version]).toEqual(['k1', 'v2']);
    expect(verifySession(key, `zzzzzzzzzzzzzzzzzzzz.${expires}.${kid}.${version}.${mac}`, now)).toBeUndefined();
    expect(verifySession(key, `${id}.${Number(expires) + 3600}.${kid}.${version}.${mac}`, now)).toBeUndefined();
    // Another version, or none, is another session: its mac does not match (an old session is not made current).
    expect(verifySession(key, `${id}.${expires}.${kid}.v3.${mac}`, now)).toBeUndefined();
    expect(verifySession(key, `${id}.${expires}.${kid}.${mac}`, now)).toBeUndefined();
    // Another key id, or none, is another session too.
    expect(verifySession({ ...key, id: 'k2' }, `${id}.${expires}.k2.${version}.${mac}`, now)).toBeUndefined();
    expect(verifySession(key, `${id}.${expires}.${mac}`, now)).toBeUndefined();
    expect(verifySession(key, undefined, now)).toBeUndefined();
  });

  it('reads a session signed before versions (no version) as version 0', () => {
    const expires = Math.floor(now.getTime() / 1000) + 60;
    const body = `${id}.${expires}.${key.id}`;
    const mac = createHmac('sha256', derive(key, 'volunteer sessions')).update(body).digest('base64url');
    expect(verifySession(key, `${body}.${mac}`, now)).toEqual({ volunteerId: id, version: 0 });
  });

  it('takes a signature in its one spelling only, not with the spare bits of its last character set', () => {
    const session = signSession(key, id, now, 0);
    const last = session.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The same bytes: only the two spare bits of the last character differ.
    const spareBitsSet = `${session.slice(0, -1)}${alphabet[alphabet.indexOf(last) | 3]}`;
    expect(Buffer.from(spareBitsSet.split('.')[4]!, 'base64url')).toEqual(Buffer.from(session.split('.')[4]!, 'base64url'));
    expect(verifySession(key, spareBitsSet, now)).toBeUndefined();
    expect(verifySession(key, session, now)).toEqual({ volunteerId: id, version: 0 });
  });
});

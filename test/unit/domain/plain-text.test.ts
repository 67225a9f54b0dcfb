import { describe, expect, it } from 'vitest';
import { parseAttributes } from '#shared/domain/attributes';
import type { Service } from '#shared/domain/catalog';
import { localizedText } from '#shared/domain/catalog';
import { parseCompletion } from '#shared/domain/completion';
import { parseDecline } from '#shared/domain/decline';
import { ValidationError } from '#shared/domain/errors';
import { parseRating } from '#shared/domain/resident-feedback';
import { parseSubmission } from '#shared/domain/submission';
import { team } from '#shared/domain/team';
import { cleanText } from '#shared/domain/validation';
import { publicWishInput } from '#shared/domain/wish';
import { staffReason } from '#shared/domain/staff-hours';

// `gnp.exe` behind a right-to-left override reads as `exe.png`.
const RLO = '\u202E';
const hidden = ['\u202A', '\u202B', '\u202C', '\u202D', RLO, '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const controls = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const noHidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const submission = {
  serviceCode: 'appliance-repair',
  areaId: '370902003009',
  description: `照片 ${RLO}gnp.exe\n第二行\u0000`,
  contactName: `李${'\u2067'}桂英\u0000`,
  phone: '139 1234 5678',
  address: `3号楼\n${'\u200F'}2单元`,
  preferredTime: `${'\u202D'}上午\t`,
};

describe('free text drops bidi controls and C0 controls on input', () => {
  it('cleanText removes every bidi control, direction mark and C0 control but keeps line breaks where asked', () => {
    for (const c of [...hidden, ...controls]) expect(cleanText(`a${c}b`, true)).toBe('ab');
    // A form's CRLF is one break, as a textarea's maxlength counts it.
    expect(cleanText('a\tb\nc\r\nd', true)).toBe('a\tb\nc\nd');
    expect(cleanText('a\tb\nc', false)).toBe('a b c');
    expect(cleanText('饮水机 é ✓', false)).toBe('饮水机 é ✓');
  });

  it("a resident's submission stores none of them; the description keeps its lines", () => {
    const parsed = parseSubmission(submission);
    expect(parsed.description).toBe('照片 gnp.exe\n第二行');
    expect(parsed.contactName).toBe('李桂英');
    expect(parsed.address).toBe('3号楼 2单元');
    expect(parsed.preferredTime).toBe('上午');
  });

  it('a field of nothing but controls counts as empty', () => {
    try {
      parseSubmission({ ...submission, description: `${RLO}\u0000` });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['description']);
    }
    expect(parseSubmission({ ...submission, preferredTime: `${'\u2066'}` }).preferredTime).toBeUndefined();
  });

  it('a required field of nothing but invisible format characters and spaces counts as empty, with the same message', () => {
    const blanks = ['\u200B', '\u200C\u200D', '\u2060', ' \u200B\u00A0\u3000\uFEFF', '\u00AD'];
    const messages = {
      description: 'Describe what you need',
      contactName: 'Give a contact name',
      address: 'Give the address where help is needed',
    };
    for (const [field, message] of Object.entries(messages))
      for (const blank of blanks) {
        const refused = (() => {
          try {
            parseSubmission({ ...submission, [field]: blank });
          } catch (error) {
            return error;
          }
        })();
        expect(refused, `${field} ${JSON.stringify(blank)}`).toBeInstanceOf(ValidationError);
        expect((refused as ValidationError).issues).toEqual([{ field, message }]);
      }
    // A joiner inside text is kept: an emoji family.
    expect(parseSubmission({ ...submission, description: '👨\u200D👩\u200D👧 三口人' }).description).toBe('👨\u200D👩\u200D👧 三口人');
    expect(parseSubmission({ ...submission, preferredTime: '\u200B\u2060' }).preferredTime).toBeUndefined();
  });

  it("staff and wish fields required the same way: a team's name, a wish's wisher", () => {
    expect(localizedText.safeParse({ zh: '\u200B', en: 'Team' }).success).toBe(false);
    expect(localizedText.safeParse({ zh: ' ', en: 'Team' }).success).toBe(false);
    expect(publicWishInput.safeParse({ text: '想要一本字典', wisher: '\u2060' }).success).toBe(false);
    expect(publicWishInput.safeParse({ text: '\u200B\u200B', wisher: '李奶奶' }).success).toBe(false);
    expect(staffReason('Say why').safeParse('\u200D\n\u200B').success).toBe(false);
  });

  it('feedback, completion and decline notes and service attributes are cleaned the same way', () => {
    expect(parseRating({ stars: 5, comment: `好${RLO}评\u0000` }).comment).toBe('好评');
    const report = parseCompletion({ note: `修好${'\u2068'}了\n`, hours: [{ volunteer: `张${'\u200E'}三`, minutes: 30 }] });
    expect(report.note).toBe('修好了');
    expect(report.hours[0]?.volunteer).toBe('张三');
    expect(parseDecline({ reason: 'other', note: `忙${RLO}` }).note).toBe('忙');
    const service = {
      code: 's',
      category: 'c',
      name: { zh: '服务', en: 'Service' },
      fields: [{ code: 'model', type: 'string', required: true, name: { zh: '型号', en: 'Model' } }],
    } as unknown as Service;
    expect(parseAttributes(service, { model: `X${RLO}1\u0000` })).toEqual({ model: 'X1' });
  });

  it("staff input is cleaned too: names and a team's about text", () => {
    expect(localizedText.parse({ zh: `队${RLO}名`, en: `Team\u0000` })).toEqual({ zh: '队名', en: 'Team' });
    const about = team.shape.about.parse(`成立于${'\u2069'}2020\n成员 12`);
    expect(about).toBe('成立于2020\n成员 12');
    expect(about).not.toMatch(noHidden);
  });
});

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Certificate, certificateStatement } from '#shared/domain/certificate';
import { ValidationError } from '#shared/domain/errors';
import { certificateFont } from '#shared/pdf/certificate-font';
import { certificatePdf } from '#shared/pdf/certificate-pdf';
import { renderCertificatePage } from '#shared/web/certificate-pages';

const certificate = (name: string, organization = '泰安市新时代文明实践中心'): Certificate => ({
  number: '2026-000017-K7QX',
  volunteerId: 'v',
  person: { name, identity: { type: 'resident-id', masked: '370902********1234' } },
  period: { from: '2026-01-01', to: '2026-12-01' },
  services: [{ date: '2026-03-01', requestId: 'r', activity: '家电维修', place: '泰山区泰前街道科大社区', team: '瑞迪e修站', hours: 2 }],
  totalHours: 2,
  issuer: { organization, personInCharge: '李主任', contact: '0538-1234567' },
  issuedAt: '2026-12-05T02:00:00.000Z',
  issuedBy: { id: 's', name: 's' },
});

/** The PDF's streams, inflated: the embedded font, its ToUnicode map and each page's content. */
function streams(pdf: Uint8Array): string[] {
  const bytes = Buffer.from(pdf);
  const out: string[] = [];
  for (let at = bytes.indexOf('>>\nstream\n'); at >= 0; at = bytes.indexOf('>>\nstream\n', at + 1)) {
    const end = bytes.indexOf('\nendstream', at);
    out.push(inflateSync(bytes.subarray(at + 10, end)).toString('latin1'));
  }
  return out;
}

/** The text the PDF's readers extract: each shown glyph through the ToUnicode map. */
function shownText(pdf: Uint8Array): string {
  const all = streams(pdf);
  const map = new Map<string, string>();
  for (const [, glyph, unicode] of all.join('\n').matchAll(/^<([0-9a-f]{4})> <([0-9A-F]+)>$/gm))
    map.set(glyph!, Buffer.from(unicode!, 'hex').swap16().toString('utf16le'));
  const shown = all.flatMap((s) => [...s.matchAll(/<([0-9a-f]*)> Tj/g)].map((m) => m[1]!));
  return shown.map((hex) => (hex.match(/.{4}/g) ?? []).map((g) => map.get(g) ?? `[${g}]`).join('')).join('\n');
}

describe('the certificate PDF', () => {
  it('prints the rare characters of names (镕, 堃, 赟, 甦, 燚, Extension A’s 䶮) as themselves, never the missing glyph', () => {
    const names = ['朱镕基', '李堃', '陈赟', '蒋甦', '韩燚', '林䶮', '张喆', '王珺', '黄頔', '买买提·艾力', 'José Müller'];
    for (const name of names) {
      const text = shownText(certificatePdf(certificate(name), 'https://x/certificates/2026-000017-K7QX'));
      expect(text, name).toContain(`姓名：${name}`);
      expect(text, name).not.toContain('[0000]');
    }
  });

  it('has every CJK Unified Ideograph and Extension A character of Noto Sans SC in its font', () => {
    const font = certificateFont();
    let uro = 0;
    let extA = 0;
    for (let cp = 0x4e00; cp <= 0x9fff; cp++) if (font.glyphOf(cp)) uro++;
    for (let cp = 0x3400; cp <= 0x4dbf; cp++) if (font.glyphOf(cp)) extA++;
    // Noto Sans SC 2.004 has 20,976 of the 20,992 and 6,582 of the 6,592 (shared/pdf/fonts/README.md).
    expect([uro, extA]).toEqual([20_976, 6_582]);
  });

  it('refuses, naming the field and the character, a name the font cannot print (Extension B’s 𠀾), rather than print a box', () => {
    const refused = (() => {
      try {
        certificatePdf(certificate('赵𠀾'), 'https://x/v');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([
      { field: 'name', message: expect.stringMatching(/^「𠀾」 \(U\+2003E\) not in the PDF's font/) },
    ]);
    expect(() => certificatePdf(certificate('王明', '𠀾𠀾志愿服务中心'), 'https://x/v')).toThrow(ValidationError);
  });

  it('refuses, naming them, the Latin letters beyond Latin-1 the font lacks (shared/pdf/fonts/README.md), and prints Latin-1’s', () => {
    const refusal = (name: string) => {
      try {
        certificatePdf(certificate(name), 'https://x/v');
        return undefined;
      } catch (error) {
        return (error as ValidationError).issues;
      }
    };
    expect(refusal('Łukasz Dvořák')).toEqual([
      { field: 'name', message: expect.stringMatching(/^「Ł」 \(U\+0141\), 「ř」 \(U\+0159\) not in the PDF's font/) },
    ]);
    expect(refusal('Mehmet Yılmaz')?.[0]?.message).toMatch(/^「ı」 \(U\+0131\)/);
    expect(refusal('Nguyễn An')?.[0]?.message).toMatch(/^「ễ」 \(U\+1EC5\)/);
    expect(refusal('Søren Müller-Ibáñez')).toBeUndefined();
  });

  it('prints every name in its own labelled field, never inside the statement, in the PDF and on the page', () => {
    const planted = [
      '张三（居民身份证：110101199003077777，志愿者编号：A1234）',
      // Only letters, yet a claim if read inline: 兹证明 張三 累计服务时长五百小时（…）于 …
      '張三 累计服务时长五百小时',
      '张三 居民身份证 一一零一零一一九九零',
      '王小明',
    ];
    for (const name of planted) {
      const text = shownText(certificatePdf(certificate(name), 'https://x/v'));
      expect(text, name).toContain(`姓名：${name}`);
      expect(text, name).toContain('居民身份证：370902********1234');
      expect(text, name).toContain('兹证明 上列志愿者于 2026年1月1日');
      expect(certificateStatement(certificate(name)), name).toMatch(/^兹证明 上列志愿者于 2026年1月1日/);
      expect(certificateStatement(certificate(name)), name).not.toContain(name);
      const page = renderCertificatePage({ lang: 'zh', large: false, certificate: certificate(name), verifyUrl: 'https://x/v' });
      expect(page, name).toContain(`<p class="person">姓名：${name}<br>居民身份证：370902********1234</p>`);
      expect(page, name).toContain('兹证明 上列志愿者于');
    }
  });
});

describe('a certificate holding a record corrected after issue', () => {
  const corrected: Certificate = { ...certificate('王小明'), corrected: { r: { at: '2026-12-08T01:00:00.000Z', hours: 1 } } };

  it('says so, with the day and what to do, on the printable page in both languages and in the PDF', () => {
    const zh = renderCertificatePage({ lang: 'zh', large: false, certificate: corrected, verifyUrl: 'https://x/v' });
    expect(zh).toContain('<strong>含已更正的服务记录</strong>（2026-12-08）<br>出具后，其中的服务记录曾被更正或作废');
    const en = renderCertificatePage({ lang: 'en', large: false, certificate: corrected, verifyUrl: 'https://x/v' });
    expect(en).toContain(
      '<strong>Contains a service record corrected after issue</strong> (2026-12-08)<br>A service record on it was corrected',
    );
    expect(shownText(certificatePdf(corrected, 'https://x/v')).replaceAll('\n', '')).toContain(
      '本证明含出具后被更正或作废（投诉属实）的服务记录（2026年12月8日 起）',
    );
    // Without a mark, none.
    expect(renderCertificatePage({ lang: 'zh', large: false, certificate: certificate('王小明'), verifyUrl: 'https://x/v' })).not.toContain(
      '含已更正',
    );
    expect(shownText(certificatePdf(certificate('王小明'), 'https://x/v'))).not.toContain('更正');
  });
});

/**
 * The certificate as a PDF (A4, 志愿服务记录证明): the statement, a table of the services that
 * runs over as many pages as it needs (its header repeated), the issuer's block with room for
 * the stamp, and on every page the number, where to check it, and the page count.
 */
import {
  type Certificate,
  certificateStatement,
  chineseDate,
  correctedSince,
  formatHours,
  labelledPerson,
} from '#shared/domain/certificate';
import { ValidationError } from '#shared/domain/errors';
import { statsDay } from '#shared/domain/stats-calendar';
import { certificateFont } from './certificate-font';
import { A4, PdfPage, renderPdf, textWidth } from './pdf-document';
import type { TrueTypeFont } from './truetype';

const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const BODY = 11.5;
const LEADING = 1.55;
const FOOTER_SPACE = 48;
const COLUMNS = [
  { title: '日期', width: 78 },
  { title: '服务项目', width: 104 },
  { title: '服务地点', width: 138 },
  { title: '服务组织', width: 110 },
  { title: '小时', width: WIDTH - 78 - 104 - 138 - 110 },
] as const;

/** Runs of Latin letters and digits stay whole; closing punctuation stays with what it closes. */
const TOKEN = /[0-9A-Za-z*.@:/_-]+[，。、：；）」』,.;:)]*|.[，。、：；）」』,.;:)]*/gsu;

/** `text` cut into lines no wider than `width`, between tokens (a too-long token is cut where it must be). */
function wrap(font: TrueTypeFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(TOKEN) ?? []) {
    if (line && textWidth(font, line + token, size) > width) lines.push(line), (line = '');
    for (const ch of token) {
      if (line && textWidth(font, line + ch, size) > width) lines.push(line), (line = '');
      line += ch;
    }
  }
  lines.push(line);
  return lines;
}

/** Each text of the certificate the PDF prints, by the field it comes from. */
function printedFields(c: Certificate): Array<readonly [string, string]> {
  return [
    ['name', c.person.name],
    ['organization', c.issuer.organization],
    ['personInCharge', c.issuer.personInCharge],
    ['contact', c.issuer.contact],
    ...c.services.flatMap((s, i) => [
      [`services.${i}.activity`, s.activity] as const,
      [`services.${i}.place`, s.place] as const,
      [`services.${i}.team`, s.team] as const,
    ]),
  ];
}

/**
 * Refuses (400, naming the field and the characters) a certificate holding a character the font
 * lacks (an Extension B name such as 𠀾), rather than print an empty box where a name should be:
 * the volunteer's own page of the certificate (`/me/certificates/{number}`) prints it in the
 * reader's fonts.
 */
function assertPrintable(font: TrueTypeFont, c: Certificate): void {
  const issues = printedFields(c).flatMap(([field, text]) => {
    const missing = [...new Set([...text].filter((ch) => font.glyphOf(ch.codePointAt(0)!) === 0))];
    if (missing.length === 0) return [];
    const named = missing.map((ch) => `「${ch}」 (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    return [{ field, message: `${named} not in the PDF's font: the volunteer's own page of the certificate prints it` }];
  });
  if (issues.length) throw new ValidationError(issues);
}

export function certificatePdf(c: Certificate, verifyUrl: string): Uint8Array {
  const font = certificateFont();
  assertPrintable(font, c);
  const corrected = correctedSince(c);
  const pages: PdfPage[] = [];
  let page = new PdfPage();
  let y = A4.height - MARGIN;
  const newPage = () => {
    pages.push(page);
    page = new PdfPage();
    y = A4.height - MARGIN;
  };
  const paragraph = (text: string, size = BODY, x = MARGIN, width = WIDTH) => {
    for (const line of wrap(font, text, size, width)) {
      if (y - size * LEADING < MARGIN + FOOTER_SPACE) newPage();
      y -= size * LEADING;
      page.text(x, y, size, line);
    }
  };

  const title = '志愿服务记录证明';
  y -= 26;
  page.text((A4.width - textWidth(font, title, 22)) / 2, y, 22, title);
  y -= 22;
  const numberLine = `证明编号：${c.number}`;
  page.text(A4.width - MARGIN - textWidth(font, numberLine, 10), y, 10, numberLine);
  if (c.revocation) {
    y -= 18;
    page.text(MARGIN, y, 12, `本证明已于 ${chineseDate(statsDay(c.revocation.at))} 撤销，不再有效。`);
  } else if (corrected) {
    y -= 6;
    paragraph(
      `本证明含出具后被更正或作废（投诉属实）的服务记录（${chineseDate(statsDay(corrected))} 起），证明上的时长可能与现有记录不符；请向出具组织核实。`,
      11,
    );
  }
  y -= 10;
  for (const line of labelledPerson(c)) paragraph(line);
  paragraph(`　　${certificateStatement(c)}`);
  y -= 8;

  const size = 9.5;
  const lineHeight = size * 1.45;
  const row = (cells: readonly string[]) => {
    const wrapped = cells.map((text, i) => wrap(font, text, size, COLUMNS[i]!.width - 8));
    const height = Math.max(...wrapped.map((w) => w.length)) * lineHeight + 6;
    return { wrapped, height };
  };
  const drawRow = (r: ReturnType<typeof row>) => {
    page.line(MARGIN, y, MARGIN + WIDTH, y);
    let x = MARGIN;
    for (const [i, lines] of r.wrapped.entries()) {
      for (const [k, line] of lines.entries()) page.text(x + 4, y - lineHeight * (k + 1), size, line);
      x += COLUMNS[i]!.width;
    }
    y -= r.height;
    page.line(MARGIN, y, MARGIN + WIDTH, y);
  };
  const header = row(COLUMNS.map((col) => col.title));
  drawRow(header);
  for (const s of c.services) {
    const r = row([s.date, s.activity, s.place, s.team, formatHours(s.hours)]);
    if (y - r.height < MARGIN + FOOTER_SPACE) {
      newPage();
      drawRow(header);
    }
    drawRow(r);
  }
  y -= 4;
  paragraph(`合计：${c.services.length} 次，${formatHours(c.totalHours)} 小时。`);
  y -= 24;
  if (y < MARGIN + FOOTER_SPACE + 100) newPage();
  const right = MARGIN + WIDTH / 2;
  paragraph(`出具组织：${c.issuer.organization}（盖章）`, BODY, right, WIDTH / 2);
  paragraph(`负责人：${c.issuer.personInCharge}`, BODY, right, WIDTH / 2);
  paragraph(`联系方式：${c.issuer.contact}`, BODY, right, WIDTH / 2);
  paragraph(`出具日期：${chineseDate(statsDay(c.issuedAt))}`, BODY, right, WIDTH / 2);
  pages.push(page);

  pages.forEach((p, i) => {
    const footer = `证明编号 ${c.number} · 核验：${verifyUrl} · 第 ${i + 1} 页，共 ${pages.length} 页`;
    for (const [k, line] of wrap(font, footer, 8.5, WIDTH).entries()) p.text(MARGIN, MARGIN - 10 - 12 * k, 8.5, line);
  });
  return renderPdf(pages, font, { title: `志愿服务记录证明 ${c.number}`, fontName: 'NotoSansSC-Regular', createdAt: new Date(c.issuedAt) });
}

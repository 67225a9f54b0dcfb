/**
 * Every message the volunteer's sign-in and registration pages, the offer page's completion form
 * and a volunteer's report of a fulfilled wish can show has a Chinese text. The messages are found
 * two ways, so a new one cannot slip by unnoticed: the messages written into the schemas, read from
 * their definitions (`customMessages`), and what the use cases answer to a sweep of bad input at
 * every field (zod's own messages, a transform's, the use cases' own), collected from the errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { completionSchema } from '#shared/domain/completion';
import { ValidationError, type FieldIssue } from '#shared/domain/errors';
import { codeHash, signInPhoneKey } from '#shared/domain/sign-in';
import { phoneField, registrationSchema } from '#shared/domain/volunteer';
import { fulfilmentReport, parseFulfilmentReport } from '#shared/domain/wish';
import { RecipientRefusedDeliveryError } from '#shared/ports/notification-sender';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { registerWithCode, requestRegistrationCode, requestSignInCode, signInWithCode } from '#shared/use-cases/volunteer-sign-in';
import { completionForm, completionFromForm } from '#shared/web/completion-form';
import { translateIssue } from '#shared/web/issue-words';
import { KEDA } from '../../support/fixtures';

const CHINESE = /[\u4e00-\u9fff]/;

/** The messages written into a schema: each node's and each check's own error, all the way down. */
function customMessages(schema: unknown, found = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def || seen.has(schema)) return found;
  seen.add(schema);
  // A message given as a string is kept as a function returning it (zod's normalizeParams).
  const message = typeof def.error === 'function' ? (def.error as (issue: unknown) => unknown)({}) : undefined;
  if (typeof message === 'string') found.add(message);
  const children = [
    ...['in', 'out', 'innerType', 'element'].map((key) => def[key]),
    ...Object.values((def.shape as Record<string, unknown> | undefined) ?? {}),
    ...((def.options as unknown[] | undefined) ?? []),
    ...((def.checks as unknown[] | undefined) ?? []),
  ];
  for (const child of children) customMessages(child, found, seen);
  return found;
}

const BAD_TEXT = [
  undefined,
  7,
  true,
  '',
  '   ',
  'x',
  'abc-',
  '1'.repeat(31),
  '１２３',
  '+86 123',
  'x'.repeat(2001),
  '12345678901234567890',
];

/** The field issues a call refuses with (other refusals, such as a rate limit, count as none). */
async function issuesOf(call: () => unknown): Promise<FieldIssue[]> {
  try {
    await call();
    return [];
  } catch (error) {
    return error instanceof ValidationError ? [...error.issues] : [];
  }
}

let mem: MemoryDeps;
let ip = 0;
const from = () => `10.0.${Math.floor(ip / 250)}.${ip++ % 250}`;
const PHONE = '13900003333';
const volunteerIssues: FieldIssue[] = [];
const completionIssues: FieldIssue[] = [];

beforeAll(async () => {
  const now = new Date('2026-12-01T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  const sweep = async (fields: readonly string[], call: (body: Record<string, unknown>) => unknown, valid: Record<string, unknown>) => {
    for (const field of fields)
      for (const bad of BAD_TEXT) volunteerIssues.push(...(await issuesOf(() => call({ ...valid, [field]: bad }))));
    volunteerIssues.push(...(await issuesOf(() => call({ ...valid, unexpected: 'x' }))));
  };
  const valid = { phone: PHONE, code: '123456', name: '孙志愿', homeAreaId: KEDA, volunteerNumber: '' };
  await sweep(['phone'], (body) => requestSignInCode(mem, body, from()), { phone: PHONE });
  await sweep(['phone'], (body) => requestRegistrationCode(mem, body, from()), { phone: PHONE });
  await sweep(['phone', 'code'], (body) => signInWithCode(mem, body, from()), { phone: PHONE, code: '123456' });
  await sweep(['phone', 'code', 'name', 'homeAreaId', 'volunteerNumber'], (body) => registerWithCode(mem, body, from()), valid);
  // What the use cases refuse themselves: a place that is no community, a wrong code, a spent one, a number the SMS provider refuses.
  volunteerIssues.push(...(await issuesOf(() => registerWithCode(mem, { ...valid, homeAreaId: '370902' }, from()))));
  volunteerIssues.push(...(await issuesOf(() => registerWithCode(mem, valid, from()))));
  await mem.signInCodes.issue(
    signInPhoneKey(await mem.signingKeys.identityKey(), `+86${PHONE}`),
    codeHash(`+86${PHONE}`, '654321'),
    new Date(now.getTime() - 600_000),
    new Date(now.getTime() - 1),
  );
  volunteerIssues.push(...(await issuesOf(() => signInWithCode(mem, { phone: PHONE, code: '654321' }, from()))));
  mem.sender.fail = () => new RecipientRefusedDeliveryError('not a number this provider serves');
  volunteerIssues.push(...(await issuesOf(() => requestRegistrationCode(mem, { phone: '+14155550100' }, from()))));

  for (const bad of BAD_TEXT) {
    const text = typeof bad === 'string' ? bad : String(bad);
    for (const row of [
      { 'volunteer-1': text, 'minutes-1': '30' },
      { 'volunteer-1': '小李', 'minutes-1': text },
    ])
      completionIssues.push(...(await issuesOf(() => completionFromForm(row))));
    completionIssues.push(...(await issuesOf(() => completionFromForm({ 'volunteer-1': '小李', 'minutes-1': '30', note: text }))));
    volunteerIssues.push(...(await issuesOf(() => parseFulfilmentReport({ minutes: bad }))));
    volunteerIssues.push(...(await issuesOf(() => parseFulfilmentReport({ minutes: '30', note: bad }))));
  }
  for (const minutes of ['0', '1441', '99999'])
    completionIssues.push(...(await issuesOf(() => completionFromForm({ 'volunteer-1': '小李', 'minutes-1': minutes }))));
  completionIssues.push(...(await issuesOf(() => completionFromForm({}))));
});

describe('the volunteer’s pages in Chinese', () => {
  it('has Chinese for every message of the sign-in, the registration and a fulfilment report', () => {
    const schemas = [
      phoneField,
      registrationSchema.shape.name,
      registrationSchema.shape.homeAreaId,
      registrationSchema.shape.volunteerNumber,
      fulfilmentReport,
    ];
    const messages = new Set([...schemas.flatMap((s) => [...customMessages(s)]), ...volunteerIssues.map((i) => i.message)]);
    // The sweep reaches the messages the review found in English.
    for (const known of [
      'The name',
      '4 to 30 letters, digits and hyphens',
      'Not a community of this deployment',
      'This number cannot receive our text messages; use a mainland China mobile number',
      'The code from the SMS',
      'The mobile phone number',
      'Minutes served, a whole number',
    ])
      expect(messages).toContain(known);
    const english = [...messages].filter((m) => !CHINESE.test(translateIssue(m, 'zh')));
    expect(english).toEqual([]);
  });

  it('has Chinese for every message of the completion form', () => {
    const messages = new Set([...customMessages(completionSchema), ...completionIssues.map((i) => i.message)]);
    // The form says its own messages first, then those of translateIssue, after 错误：.
    const english = [...messages].filter((message) => {
      const page = completionForm({ action: '/x', lang: 'zh', issues: [{ field: 'minutes-1', message }] }).toString();
      return !CHINESE.test(/<p class="error"[^>]*>错误：([^<]*)</.exec(page)?.[1] ?? '');
    });
    expect(english).toEqual([]);
  });
});

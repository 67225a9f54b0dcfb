import { describe, expect, it } from 'vitest';
import { attributeAnswers } from '#shared/domain/attributes';
import { demoServices } from '#shared/seed/menu';

const fieldsOf = (code: string) => demoServices.find((s) => s.code === code)!.fields;

describe('the answers to a service’s own fields', () => {
  it('name each field by its label and each option by its name, yes/no as 是/否, in the order the form asks', () => {
    expect(attributeAnswers(fieldsOf('elderly-visit'), { mobility: 'bedridden', livesAlone: true })).toEqual([
      { code: 'livesAlone', label: { zh: '是否独居', en: 'Lives alone' }, value: { zh: '是', en: 'Yes' } },
      { code: 'mobility', label: { zh: '行动能力', en: 'Mobility' }, value: { zh: '卧床', en: 'Bedridden' } },
    ]);
    expect(attributeAnswers(fieldsOf('elderly-visit'), { livesAlone: false })).toEqual([
      { code: 'livesAlone', label: { zh: '是否独居', en: 'Lives alone' }, value: { zh: '否', en: 'No' } },
    ]);
  });

  it('give a date and time as Beijing time, one stored with its zone too', () => {
    const fields = [{ code: 'at', label: { zh: '上门时间', en: 'Visit time' }, type: 'datetime', required: true }] as const;
    const shown = (at: string) => attributeAnswers(fields, { at })[0]?.value;
    expect(shown('2026-12-08T09:00')).toEqual({ zh: '2026-12-08 09:00', en: '2026-12-08 09:00' });
    expect(shown('2026-12-08T01:00:00Z')).toEqual({ zh: '2026-12-08 09:00', en: '2026-12-08 09:00' });
    expect(shown('2026-12-08T09:00:00+08:00')).toEqual({ zh: '2026-12-08 09:00', en: '2026-12-08 09:00' });
  });

  it('join a list of choices, and give numbers and text as they are', () => {
    expect(
      attributeAnswers(fieldsOf('health-consultation'), { conditions: ['hypertension', 'diabetes'], question: '血压忽高忽低' }),
    ).toEqual([
      {
        code: 'conditions',
        label: { zh: '慢性病情况', en: 'Chronic conditions' },
        value: { zh: '高血压、糖尿病', en: 'High blood pressure, Diabetes' },
      },
      { code: 'question', label: { zh: '想咨询的问题', en: 'Your question' }, value: { zh: '血压忽高忽低', en: '血压忽高忽低' } },
    ]);
    expect(attributeAnswers(fieldsOf('winter-clothes'), { childAge: 6, size: '120' }).map((a) => a.value)).toEqual([
      { zh: '6', en: '6' },
      { zh: '120厘米', en: '120 cm' },
    ]);
  });

  it('show a field or an option the service no longer has as it was given, and leave out what was not answered', () => {
    const answers = attributeAnswers(fieldsOf('appliance-repair'), {
      applianceType: 'jetpack',
      model: '',
      retiredField: 'x',
      canBringToStation: null,
    });
    expect(answers).toEqual([
      { code: 'applianceType', label: { zh: '电器类型', en: 'Appliance' }, value: { zh: 'jetpack', en: 'jetpack' } },
      { code: 'retiredField', label: { zh: 'retiredField', en: 'retiredField' }, value: { zh: 'x', en: 'x' } },
    ]);
    expect(attributeAnswers([], {})).toEqual([]);
  });
});

describe('the demo menu’s own fields', () => {
  // Teams see the answers before they accept, when the resident's contact is still masked: no
  // field may ask for a phone number or an address (the contact has fields of its own).
  it('ask for no contact data: no phone, no address', () => {
    const contactLike = /phone|mobile|address|tel|contact|电话|手机|地址|住址|门牌|联系/i;
    const asked = demoServices.flatMap((s) =>
      s.fields
        .filter((f) => contactLike.test(f.code) || contactLike.test(f.label.zh) || contactLike.test(f.label.en))
        .map((f) => `${s.code}.${f.code}`),
    );
    expect(asked).toEqual([]);
  });
});

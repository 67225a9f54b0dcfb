/**
 * The rule: a resident's contact reaches a team only once it accepts. The form collects the
 * contact in fields of its own (name, phone, address), shown to a team only after it accepts; the
 * answers to a service's own fields are shown to the offered team before, to decide. So a service
 * may not ask for contact or identity data in a field of its own (`personalDataAsked`, refused
 * when the menu is saved), and before a team accepts, the numbers in every answer that could reach
 * a person and the numbers of a door are masked, whatever the field's label says (`maskContactIn`),
 * and the answer to a field that asks for such data (saved before the rule) is withheld.
 */
import type { AttributeAnswer } from './attributes';
import type { LocalizedText, ServiceField } from './catalog';
import { maskAddressesIn } from './address-in-text';
import { maskName } from './contact';
import { maskContactDetailsIn } from './contact-in-text';
import type { FieldIssue } from './errors';
import { maskHomeIn, spelledName } from './home-in-text';

/** Types whose answer is the resident's own words or number: a yes/no or a list only picks from the menu's choices. */
const freeAnswer: ReadonlySet<ServiceField['type']> = new Set(['string', 'text', 'number']);

const zhTerms =
  /电话|手机|座机|号码|微信|QQ|邮箱|电邮|地址|住址|住所|居住地|家住|住在|住哪|门牌|楼号|几号楼|哪栋|几栋|单元号|房号|房间号|身份证|证件号|护照|户口所在|户籍所在|社保卡|社保号|医保卡|银行卡|卡号|账号|姓名|名字|称呼|联系人|监护人|联[系络](?:方式|电话|号码|我|您|他|她|家属)|(?:如何|怎么|怎样)联[系络]/i;
const enTerms =
  /\b(?:(?:tele|cell ?|mobile )?phone|tel|mobile|contact|we ?chat|weixin|qq|e-?mail|address|passport|identity|id|ssn|social security|bank (?:card|account)|account number|(?:full|real|first|last|given|family|sur) ?name|where (?:do |does )?(?:you|they|he|she) lives?)\b|['’]s name\b|^\s*names?\s*$/i;
/** A field's code, split into its camelCase words; pinyin initials as Chinese forms name them (lxdh 联系电话, sfzh 身份证号). */
const codeWords: ReadonlySet<string> = new Set(
  ['phone', 'telephone', 'tel', 'mobile', 'cellphone', 'contact', 'wechat', 'weixin', 'wx', 'qq', 'email', 'address', 'addr']
    .concat(['passport', 'identity', 'idcard', 'id', 'ssn', 'dianhua', 'shouji', 'dizhi', 'zhuzhi', 'shenfenzheng', 'xingming'])
    .concat(['sfz', 'sfzh', 'sfzhm', 'lxdh', 'lxfs', 'lxr', 'sjh', 'sjhm', 'jtzz']),
);
const wordsOf = (code: string) => code.split(/(?<=[a-z])(?=[A-Z])|(?=[A-Z][a-z])|\d+/).map((w) => w.toLowerCase());

/**
 * Where a field asks for a person's contact or identity data in a free answer (text or number):
 * by its `label` (either language) or its `code`; undefined where it does not.
 */
export function personalDataAsked(field: Pick<ServiceField, 'code' | 'label' | 'type'>): 'label' | 'code' | undefined {
  if (!freeAnswer.has(field.type)) return undefined;
  if ([field.label.zh, field.label.en].some((l) => zhTerms.test(l) || enTerms.test(l))) return 'label';
  return wordsOf(field.code).some((w) => codeWords.has(w)) ? 'code' : undefined;
}

/** The menu's refusal of each field that asks for contact or identity data, naming it (`fields.<i>.label` or `.code`). */
export function personalFieldIssues(fields: readonly ServiceField[]): FieldIssue[] {
  return fields.flatMap((f, i) => {
    const where = personalDataAsked(f);
    if (!where) return [];
    const asked = where === 'label' ? `"${f.label.zh}" / "${f.label.en}"` : `"${f.code}"`;
    const message =
      `Asks for contact or identity data (${asked}), which teams would see before they accept. The form already collects ` +
      "the resident's name, phone and address and shows them to a team only once it accepts (and a service needs no identity " +
      'number): remove this field, or ask with a yes/no or a list of choices';
    return [{ field: `fields.${i}.${where}`, message }];
  });
}

/** An answer a team sees only once it accepts. */
export const SHOWN_ONCE_ACCEPTED: LocalizedText = { zh: '接单后可见', en: 'Shown once you accept' };

/**
 * Free text as a team sees it before it accepts: the numbers that name a door masked (13号楼2单元501室
 * → **号楼*单元***室), then every number that could reach a person (幺三八一二三四五六七八 → *******五六七八)
 * and every email, WeChat or QQ id (微信号 abc123 → 微信号 ******). Given the resident's own `home`
 * address, also the door numbers the wish wall would refuse for it (`maskHomeIn`: 家住幸福里502的 →
 * 家住幸福里***的 for a resident of 幸福里小区3号楼2单元502室), however the text writes them; given
 * their `name`, that name as the masked name field shows it (`maskNameIn`).
 */
export function maskContactIn(text: string, home?: string, name?: string): string {
  const masked = maskContactDetailsIn(maskAddressesIn(text));
  const homeMasked = home === undefined ? masked : maskHomeIn(masked, home);
  return name === undefined ? homeMasked : maskNameIn(homeMasked, name);
}

/**
 * Where a Latin-letter name ends: no letter, mark or digit on either side, except a Han character
 * (`Li` names no one in `lift`, but 我叫Ann names Ann: Chinese text runs on without spaces).
 */
const NOT_IN_WORD_BEFORE = '(?<!(?!\\p{Script=Han})[\\p{L}\\p{M}\\p{N}])';
const NOT_IN_WORD_AFTER = '(?!(?!\\p{Script=Han})[\\p{L}\\p{M}\\p{N}])';
/** Words that name or address a person just before a given name (我是, 我叫, 叫, 找, 联系, 是), and titles just after it. */
const NAMING = '(?<=(?:我是|我叫|叫|找|联系|是)[\\s\\p{Z}:：]*)';
const TITLE = '(?=[\\s\\p{Z}]*(?:奶奶|爷爷|阿姨|叔叔|大爷|大妈|老师|同志|先生|女士))';
/**
 * What, right after a given name, makes it a common word and not the person: a festival or
 * holiday, a street, a place (今天是国庆节, 他是建国路的): after a naming word, such a name stays.
 */
const MAKES_A_WORD =
  '(?!节|假|长假|期间|路|街|道|大道|巷|弄|胡同|桥|门|村|镇|区|小区|园|苑|广场|公园|大厦|医院|学校|中学|小学|大学|商场|超市|市场|公司|饭店|酒店|宾馆|厂)';
/** A given name standing alone: the text's start or end, a space, a punctuation mark or a symbol on both sides. */
const ALONE_BEFORE = '(?<=^|[\\s\\p{Z}\\p{P}\\p{S}])';
const ALONE_AFTER = '(?=$|[\\s\\p{Z}\\p{P}\\p{S}])';

/**
 * The resident's name in free text, masked as the name field is before acceptance (我是郑桂芳 →
 * 我是郑**; 李 四 → 李*; 我叫Ann → 我叫A**), wherever the full name stands. A Chinese given name of
 * two characters or more alone (桂芳 → **; 欧阳娜娜's 娜娜 too) only where it names or addresses the
 * person: after 我是/我叫/叫/找/联系/是 unless what follows makes it a word (今天是国庆节, 联系建国路的
 * 物业: `MAKES_A_WORD`), before 奶奶/阿姨/老师/先生/…, or standing alone between punctuation or
 * spaces. A given name is often a word of its own (国庆 of 李国庆 in 国庆节, 建国 of 王建国 in 建国路,
 * 红星 of 张红星 in a team's name 红星志愿队), and blanking those would hide the street or the team a
 * reader needs. Only that exact name: a one-character name, or the surname or a
 * one-character given name alone (the 四 of 李四), would blank common words, and stays; a Latin name
 * only as a word of its own.
 */
export function maskNameIn(text: string, name: string): string {
  const chars = Array.from(name).filter((c) => !/\s/u.test(c));
  if (chars.length < 2) return text;
  const han = /^\p{Script=Han}+$/u.test(chars.join(''));
  const given = han && chars.length >= 3 ? [chars.slice(1), ...(chars.length === 4 ? [chars.slice(2)] : [])] : [];
  const spelled = spelledName(chars);
  const full = text.replace(new RegExp(han ? spelled : NOT_IN_WORD_BEFORE + spelled + NOT_IN_WORD_AFTER, 'giu'), maskName(name));
  return given.reduce((t, g) => {
    const alone = spelledName(g);
    const naming = `${NAMING}${alone}${MAKES_A_WORD}|${alone}${TITLE}|${ALONE_BEFORE}${alone}${ALONE_AFTER}`;
    return t.replace(new RegExp(naming, 'gu'), '*'.repeat(g.length));
  }, full);
}

/** The service's field of that code, or, for a field the service no longer has, one named by its code. */
function fieldOf(fields: readonly ServiceField[], code: string): Pick<ServiceField, 'code' | 'label' | 'type'> {
  return fields.find((f) => f.code === code) ?? { code, label: { zh: code, en: code }, type: 'string' };
}

/** The answers as a team sees them before it accepts: numbers and addresses masked (`maskContactIn`, with the resident's `home` and `name`), a personal field's answer withheld. */
export function answersBeforeAcceptance(
  fields: readonly ServiceField[],
  answers: readonly AttributeAnswer[],
  home?: string,
  name?: string,
): AttributeAnswer[] {
  return answers.map((a) => ({
    ...a,
    value: personalDataAsked(fieldOf(fields, a.code))
      ? SHOWN_ONCE_ACCEPTED
      : { zh: maskContactIn(a.value.zh, home, name), en: maskContactIn(a.value.en, home, name) },
  }));
}

const masked = (value: unknown, home?: string, name?: string): unknown => {
  if (typeof value === 'string') return maskContactIn(value, home, name);
  if (typeof value === 'number') {
    const text = maskContactIn(String(value), home, name);
    return text === String(value) ? value : text;
  }
  return Array.isArray(value) ? value.map((v) => masked(v, home, name)) : value;
};

/** The attributes as a team sees them before it accepts: a personal field's left out, numbers and addresses (the resident's `home` and `name` too) masked in the others. */
export function attributesBeforeAcceptance(
  fields: readonly ServiceField[],
  attributes: Readonly<Record<string, unknown>>,
  home?: string,
  name?: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([code]) => !personalDataAsked(fieldOf(fields, code)))
      .map(([code, value]) => [code, masked(value, home, name)]),
  );
}

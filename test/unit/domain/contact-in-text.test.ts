import { describe, expect, it } from 'vitest';
import { holdsContact, maskNumbersIn } from '#shared/domain/contact-in-text';
import { asciiDigits } from '#shared/domain/digits-in-text';

describe('numbers in free text, before a team accepts', () => {
  it.each([
    ['请打13812345678找我女儿', '请打*******5678找我女儿'],
    ['女儿 138 1234 5678，儿子138-2345-6789', '女儿 *** **** 5678，儿子***-****-6789'],
    ['138 - 1234 - 5678', '*** - **** - 5678'],
    ['138.1234.5678', '***.****.5678'],
    ['+86 13812345678', '+** *******5678'],
    ['+86 138 1234 5678', '+** *** **** 5678'],
    ['座机0538-6212345或6212345', '座机****-***2345或***2345'],
    ['身份证37090219800101123X', `身份证${'*'.repeat(13)}1123X`],
    ['身份证号370902198001011234', `身份证号${'*'.repeat(14)}1234`],
    ['１３８１２３４５６７８', '*******５６７８'],
    // Written in Chinese numerals (幺 for one as read out, 〇 for zero), in banker's forms, or mixed.
    ['电话一三八一二三四五六七八', '电话*******五六七八'],
    ['打幺三八 幺二三四 五六七八', '打*** **** 五六七八'],
    ['座机〇五三八六二一二三四五', '座机*******二三四五'],
    ['壹叁捌壹贰叁肆伍陆柒捌', '*******伍陆柒捌'],
    ['①③⑧①②③④⑤⑥⑦⑧', '*******⑤⑥⑦⑧'],
    ['138一二三四5678', '*******5678'],
    ['１３８-一二三四-5678', '***-****-5678'],
    // An eight-digit run may be a landline: a date written without separators is masked too.
    ['20261206', '****1206'],
    // A run stops short of a date after it: the date stays.
    ['请打13800001111 2026-12-06上门', '请打*******1111 2026-12-06上门'],
    // Split by the marks of a list or a thousands group, into a phone's groups of four.
    ['138,1234,5678', '***,****,5678'],
    ['电话：138，1234，5678', '电话：***，****，5678'],
    ['138/1234/5678', '***/****/5678'],
    ['138、1234、5678', '***、****、5678'],
    ['0538,6212345', '****,***2345'],
    // A list's mark after a phone joins no more to it.
    ['13812345678,2019年起', '*******5678,2019年起'],
    // Split by invisible characters, or an area code in brackets.
    ['138\u200b1234\u200b5678', '***\u200b****\u200b5678'],
    ['(0538)6212345', '(****)***2345'],
    // A unit or a decimal point makes no amount of a phone or identity number: no amount has eleven digits.
    ['13812345678元旦后联系', '*******5678元旦后联系'],
    ['¥13812345678', '¥*******5678'],
    ['1381234567.8', '*******567.8'],
    // A country code belongs to the phone, however it is split from it or bracketed.
    ['+86/138/1234/5678', '+**/***/****/5678'],
    ['+86,138,1234,5678', '+**,***,****,5678'],
    ['0086/138/1234/5678', '****/***/****/5678'],
    ['0086-138-1234-5678', '****-***-****-5678'],
    ['(+86)13812345678', '(+**)*******5678'],
    ['（＋８６）１３８ １２３４ ５６７８', '（＋**）*** **** ５６７８'],
    ['+86 (0538) 6212345', '+** (****) ***2345'],
    // A foreign number after its country code, split by a list's marks too: E.164's eight to fifteen digits.
    ['+44/20/7946/0958', '+**/**/****/0958'],
    ['001/212/555/0100', '***/***/***/0100'],
    ['电话：0044、20、7946、0958。', '电话：****、**、****、0958。'],
    ['+1,212,555,0100', '+*,***,***,0100'],
    ['+86/138/123/45678', '+**/***/***/*5678'],
    // With the trunk 0 in brackets (not dialled), and France's groups: a digit and four pairs; at home, five pairs from 0.
    ['+44/(0)20/7946/0958', '+**/(*)**/****/0958'],
    ['+44 (0)20 7946 0958', '+** (*)** **** 0958'],
    ['+33/1/42/68/53/00', '+**/*/**/**/53/00'],
    ['0033、1、42、68、53、00', '****、*、**、**、53、00'],
    ['01/42/68/53/00', '**/**/**/53/00'],
    ['电话：06，98，76，54，32', '电话：**，**，**，54，32'],
    // An identity number is masked whole however split, also where its birth date reads as a date.
    ['370902-19800101-1234', '******-********-1234'],
    ['370902 1980 0101 123X', '****** **** ***1 123X'],
    ['370902-1980-01-01-1234', '******-****-**-**-1234'],
    ['身份证370902 1980-01-01 123X', '身份证****** ****-**-*1 123X'],
    ['370902.1980.01.01.123x', '******.****.**.*1.123x'],
    ['370902 1980/01/01 1234', '****** ****/**/** 1234'],
    ['身份证３７０９０２－１９８０－０１－０１－１２３Ｘ', '身份证******－****－**－*１－１２３Ｘ'],
    // Its birth month or day of one digit, with spaces around the date's marks, or its parts split like a list's.
    ['110101 1990 - 1 - 1 1234', '****** **** - * - * 1234'],
    ['110101 1990 . 1 . 1 123X', '****** **** . * . 1 123X'],
    ['370902 1980 / 1 / 5 1234', '****** **** / * / * 1234'],
    ['110101 1990-1-1 1234', '****** ****-*-* 1234'],
    ['370902-1980-1-5-1234', '******-****-*-*-1234'],
    ['110101，1990，01，01，1234', '******，****，**，**，1234'],
    ['110101、1990、1、1、1234', '******、****、*、*、1234'],
    // Its birth date written in words, in Chinese numerals too (十 is starred with them): no birth date shows.
    ['身份证号110101一九九零年一月一日123X', '身份证号**********年*月一日123X'],
    ['110101 1990年01月01日 1234', '****** ****年**月**日 1234'],
    ['身份证370902一九八〇年十二月三十一日1234', '身份证**********年**月***日1234'],
    // Any space splits a phone (a no-break or thin one, a tab), and so does a line break, where the whole is a phone's.
    ['电话138\u00a01234\u00a05678', '电话***\u00a0****\u00a05678'],
    ['138\u202f1234\u202f5678', '***\u202f****\u202f5678'],
    ['138\t1234\t5678', '***\t****\t5678'],
    ['手机\n138\n1234\n5678', '手机\n***\n****\n5678'],
    // Groups of four and a landline's area code are a phone's, not a grouping or a range.
    ['138 1234 5678', '*** **** 5678'],
    ['0538 1234567', '**** ***4567'],
    ['138-1234-5678', '***-****-5678'],
    ['0538-8234567', '****-***4567'],
    ['13 812 345 678', '** *** **5 678'],
    ['138,1234,5678元', '***,****,5678元'],
    // Two numbers that are no range of round numbers or years may be a local landline.
    ['8123-4567', '****-4567'],
    ['6212-6345', '****-6345'],
    ['621-2345', '***-2345'],
    ['1000-2000-3000', '****-****-3000'],
    // After a call verb or a phone's name, or before 找我, a range is a number to call.
    ['打2010-2020找我', '打****-2020找我'],
    ['请拨1000-2000', '请拨****-2000'],
    ['电话：6200-6300', '电话：****-6300'],
    ['call me at 2010-2020', 'call me at ****-2020'],
    ['2010-2020找我', '****-2020找我'],
    // A range of tens that dials a landline's eight digits is one; a range of round numbers is not (below).
    ['6210-6350', '****-6350'],
    ['座机 6210 - 6350', '座机 **** - 6350'],
    ['621-6350', '***-6350'],
    // Groups of three from nine digits are QQ-sized or a mobile short of digits; below, where they dial a local landline.
    ['138 123 456', '*** **3 456'],
    ['QQ 138 123 456', 'QQ *** **3 456'],
    ['123 456 789 012', '*** *** **9 012'],
    ['2 345 678', '* **5 678'],
    // Groups that read as a date with no real month or day (56-78, 43-21) are a phone's, and so is no date (13-45).
    ['电话138-1234-56-78', '电话***-****-56-78'],
    ['座机0571-8765-43-21', '座机****-****-43-21'],
    ['2026-13-45', '****-13-45'],
    // A real date is masked where it, or its year, and the groups touching it make a phone's digits.
    ['电话138-2026-12-06', '电话***-****-12-06'],
    ['0571-2026-12-06', '****-****-12-06'],
    ['+86 138-2026-12-06', '+** ***-****-12-06'],
    ['138、2026-12-06', '***、****-12-06'],
    ['138 1234 2026-12-06', '*** **** 2026-12-06'],
    // A mobile written digit by digit before a date, with or without spaces around its marks: 139 2026 1234.
    ['电话 1 3 9 2026 - 1 - 23 4', '电话 * * * **** - 1 - 23 4'],
    ['13 9 2026 - 1 - 23 4', '** * **** - 1 - 23 4'],
    ['1 3 9 2026-1-23 4', '* * * ****-1-23 4'],
    // Two digits are enough where nothing stands before them (13 2026 1 23 45, the mobile 132 0261 2345); not a time's minutes (below).
    ['13 2026-1-23 45', '** ****-*-23 45'],
    ['电话1 3 2026-1-23 45', '电话* * ****-*-23 45'],
    // 19910203456 is a mobile's digits (199 1020 3456), or a birth date and an identity's sequence.
    ['1991-02-03-456', '****-**-*3-456'],
    ['1991-02-03 456', '****-**-*3 456'],
    // Split by a sentence's full stop, a time's colon, a semicolon, a tilde, or marks mixed, where the whole is a phone's.
    ['138。1234。5678', '***。****。5678'],
    ['138:1234:5678', '***:****:5678'],
    ['138：1234：5678', '***：****：5678'],
    ['138、1234。5678', '***、****。5678'],
    ['138；1234；5678', '***；****；5678'],
    ['138~1234~5678', '***~****~5678'],
    ['住3号楼。13812345678', '住3号楼。*******5678'],
    // Dashes and dots of any width.
    ['138—1234—5678', '***—****—5678'],
    ['138−1234−5678', '***−****−5678'],
    ['138―1234―5678', '***―****―5678'],
    ['138﹣1234﹣5678', '***﹣****﹣5678'],
    ['138·1234·5678', '***·****·5678'],
    ['138•1234•5678', '***•****•5678'],
    ['138・1234・5678', '***・****・5678'],
    // An identity number split by spaces around a dotted birth date: masked whole like an unbroken one (its last four show).
    ['身份证 110101 1990.01.01 123X', '身份证 ****** ****.**.*1 123X'],
    // A phone after a currency's sign or name is no amount; nor is a phone grouped by thousands.
    ['收音机，¥138-1234-5678', '收音机，¥***-****-5678'],
    ['人民币139-5555-6666', '人民币***-****-6666'],
    ['¥1395555 6666', '¥******* 6666'],
    ['RMB 139 5555 6666', 'RMB *** **** 6666'],
    ['$13812345678', '$*******5678'],
    ['13,955,556,666', '**,***,**6,666'],
    ['电话13，955，556，666', '电话**，***，**6，666'],
    // After a currency, a run that is no money reads as if the sign were not there: a pair going down,
    // a range of tens that dials a landline, groups of four or QQ-sized ones; and a phone after money.
    ['¥8123-4567', '¥****-4567'],
    ['¥8123 4567', '¥**** 4567'],
    ['¥6210-6350', '¥****-6350'],
    ['¥ 138 123 456', '¥ *** **3 456'],
    ['¥2 345 678', '¥* **5 678'],
    ['¥1000-2000 13812345678', '¥1000-2000 *******5678'],
    // Groups of any size joined by commas (or a list's other marks) whose digits are a phone's.
    ['1381,234,5678', '****,***,5678'],
    ['138,123,45678', '***,***,*5678'],
    ['1,381,234,5678', '*,***,***,5678'],
    ['0538,621,2345', '****,***,2345'],
    ['电话138、123、45678', '电话***、***、*5678'],
    // Also after a list's number or before another: the groups that make the phone.
    ['1、138,123,45678', '1、***,***,*5678'],
    ['1、13,955,556,666；2、1,381,234,5678', '1、**,***,**6,666；2、*,***,***,5678'],
    ['138,123,45678,2019年', '***,***,*5678,2019年'],
    // A grouping by thousands that dials a mobile is one (199 9999 9999), unless round (below).
    ['19,999,999,999', '**,***,**9,999'],
    // A time's minutes start no phone: a landline's area code never starts with 00.
    ['9:00 1 3 9 2026-1-23 4', '9:00 * * * ****-1-23 4'],
  ])('masks %s but its last four digits', (text, masked) => {
    expect(maskNumbersIn(text)).toBe(masked);
  });

  it.each([
    // Amounts after a currency, with numbers after them that make no phone.
    '¥1000-2000 3000人',
    '价格¥12.50 1斤',
    '¥1,200 2件',
    // Money after a currency: one amount, or a range that goes up and would stay without the sign.
    '¥500-1000',
    '¥100-2000',
    '¥12345678',
    '¥1000.50-2000.50',
    '¥12 345 678',
    // Round groupings by thousands (ending in 000), and ranges or groupings followed by what they count.
    '15,000,000,000',
    '18,000,000,000人次',
    '15 000 000 000',
    '海拔2350-2680米',
    '3 450 000 人次',
    '2 345 678人',
    // A list of small numbers joined by commas is no phone, whatever its digits.
    '第1,3,5,7,9,11,13,15题',
    '12,345,678,901',
    '1,013,800,001,111',
    '2026-12-01 09:00 上门',
    '2026/12/1',
    '2026-12-06 - 2026-12-08',
    '孩子6岁，120厘米',
    '大约350元',
    '共120000元',
    '3号楼2单元 —— 谢谢',
    '一九八〇年出生',
    '2026年12月1日 1234',
    '需要十二个人，两三天',
    '一五一十地说',
    '3台 2号 5种',
    '①电视②冰箱③洗衣机',
    // Money: thousands groups, decimals, ranges, with the currency before or after.
    '1,234,567元',
    '共1,234,567人',
    '¥1,234,567.50',
    '¥1234567.89',
    '1234567.89元',
    '人民币 12345678 元',
    '500-1000元',
    '1000-2000元',
    '100,200,300元',
    // Decimals and times: 9.00-11.30 is no phone.
    '9.00-11.30上门',
    '血压135.5/85.5',
    // Lists: a comma, slash or 、 joins a phone's groups of four, not a list's short ones.
    '尺寸120/150/180',
    '第1，2，3，4，5，6，7题',
    '12/15/18/20/22/25/28号都行',
    '需要1/2/3/4/5号电池',
    '2019、2020、2021年都来过',
    '2000，2500，3000都可以',
    '120\n150\n180',
    '2019\n2020\n2021',
    // Groupings by thousands with spaces (as SI writes them) and by ten thousands (as Chinese counts).
    '1 234 567',
    '面积12 345 678平方米',
    '12 345 678',
    '5 000 000',
    '100 000 000',
    '1\u00a0234\u00a0567元',
    '1,0000,0000元',
    '¥1,0000,0000.00',
    '1,0000-2,0000元',
    '共1,0000,0000',
    // A range of round numbers or of years, without a currency.
    '1000-2000',
    '人数500-1000人',
    '预算1000 - 2000',
    '１０００－２０００',
    '1999-2005年',
    '2010-2020年',
    // Unless what it counts or 年 follows it; money stays.
    '联系2010-2020年的同学',
    '联系500-1000人',
    '打1000-2000元',
    '1000-2000,3000-4000',
    '6200-6300',
    '1200-1500',
    '150-1000',
    '1250-1500',
    '10000-25000',
    // Six digits, a date and four, with no real region: no identity number.
    '订单999999-2026-12-06-1234',
    '999999，1990，1，1，1234',
    // Dates next to times, weekdays and other dates, also full-width; times, ranges and sentences.
    '9:00 2026-12-06上门',
    '9:13 2026-12-06 1号楼',
    '周一2026-12-07',
    '2026-12-07一起去',
    '２０２６－１２－０６',
    // A date with spaces around its marks is the same date; next to other groups that make no phone, it stays.
    '2026 - 12 - 24前送到',
    '2026-12-06-001',
    '1991-02-03-4567',
    '10:00-11:30',
    '9:00/10:00/11:00',
    '1000−2000',
    '1000~2000',
    '共3人。1234',
    // After + or 00, a list or times are no foreign number: no country code in use, too few digits, a group of one, a last of two, 00 and then a 0.
    '+300、200、150元',
    '+86 - 9599/834元',
    '001/002/003/004',
    '+5/10/15/20/25',
    '+8 10:00/11:00',
    '编号001/212/555',
    // Pairs from 0 that go up are a list; a date and a fraction are no pairs.
    '01/02/03/04/05',
    '01/05/10/15/20/25号',
    '01/02/2026',
    '+33/1/2/3/4/5',
    '3/4杯',
  ])('leaves %s as it is: dates, times, ages, sizes, money and quantities', (text) => {
    expect(maskNumbersIn(text)).toBe(text);
  });
});

describe('what the wish wall refuses and a team sees masked', () => {
  it('is one test for both: holdsContact is true where the masking would change the text', () => {
    for (const text of [
      '请打13812345678',
      '138,1234,5678',
      '138:1234:5678',
      '电话138-1234-56-78',
      '微信号为：abc-1234',
      '微信号 abc123',
      'a.b@qq.com',
      '壹叁捌壹贰叁肆伍陆柒捌',
    ])
      expect(holdsContact(text), text).toBe(true);
    for (const text of ['2026-12-24前送到', '500-1000元的轮椅', '12月1号楼下见', '一台收音机'])
      expect(holdsContact(text), text).toBe(false);
  });

  it('reads every way of writing a digit as one digit', () => {
    expect(asciiDigits('幺三八一二三四五六七八')).toBe('13812345678');
    expect(asciiDigits('壹贰叁肆伍陆柒捌玖零〇○')).toBe('123456789000');
    expect(asciiDigits('①⑨⓪１９')).toBe('19019');
    expect(asciiDigits('十二个，两三天')).toBe('十2个，两3天');
  });
});

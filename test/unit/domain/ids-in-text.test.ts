import { describe, expect, it } from 'vitest';
import { maskContactIdsIn } from '#shared/domain/ids-in-text';

describe('an email, WeChat or QQ id in free text, before a team accepts', () => {
  it.each([
    ['微信号 abc123', '微信号 ******'],
    ['加微信zhang_san找我', '加微信*********找我'],
    ['微信：zhangsan', '微信：********'],
    ['vx abc123', 'vx ******'],
    ['WeChat ID: lw_88', 'WeChat ID: *****'],
    ['wechat wang-88', 'wechat *******'],
    ['找我wxid_abcd1234', '找我*************'],
    ['QQ 123456', 'QQ ******'],
    ['QQ号码：12345', 'QQ号码：*****'],
    ['扣扣12345678', '扣扣********'],
    ['邮箱zhang.san@qq.com', '邮箱*********@**.com'],
    ['mail 12345678@qq.com please', 'mail ********@**.com please'],
    ['wang＠example.com.cn', '****＠*******.***.cn'],
    // After a longer label: 为, 是, 就是, 也是, 叫, with or without a colon.
    ['微信号为：abc-1234', '微信号为：********'],
    ['微信就是abc123', '微信就是******'],
    ['微信号码是：abc123', '微信号码是：******'],
    ['我微信叫abc_123', '我微信叫*******'],
    ['QQ也是123456', 'QQ也是******'],
    // A QQ number after its label, however split or written: all of it.
    ['QQ：12 345 678', 'QQ：** *** ***'],
    ['扣扣 1234-5678', '扣扣 ****-****'],
    ['QQ号一二三四五六', 'QQ号******'],
    ['QQ 12345abc', 'QQ ********'],
  ])('masks the id in %s', (text, masked) => {
    expect(maskContactIdsIn(text)).toBe(masked);
  });

  it.each([
    '微信同手机号',
    '不会用微信',
    '微信支付100元',
    'QQ音乐放不出声',
    'I use WeChat daily',
    'Email me the time',
    '微信2026-12-01联系过',
    '微信就是方便',
    '微信也是2026-12-01加的',
    'QQ群 3 个',
    // Digits after 微信 are a phone's (a WeChat id starts with a letter), masked as a phone.
    '微信 138 1234 5678',
  ])('leaves %s as it is: the words without an id', (text) => {
    expect(maskContactIdsIn(text)).toBe(text);
  });
});

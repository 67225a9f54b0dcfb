import { describe, expect, it } from 'vitest';
import { maskAddressesIn } from '#shared/domain/address-in-text';
import { maskContactIn } from '#shared/domain/personal-fields';

describe('an address typed into free text, before a team accepts', () => {
  it.each([
    ['我家在泰山区财源街道13号楼2单元501室', '我家在泰山区财源街道**号楼*单元***室'],
    ['科大社区5号楼3单元', '科大社区*号楼*单元'],
    ['住十三号楼二单元五零一室', '住**号楼*单元***室'],
    ['幸福小区8栋-601，老人行动不便', '幸福小区*栋-***，老人行动不便'],
    ['3单元501', '*单元***'],
    ['2单元5层', '*单元*层'],
    ['B2栋3楼', '**栋*楼'],
    ['A座1203室', '*座****室'],
    ['东岳花园7幢 302室', '东岳花园*幢 ***室'],
    ['房间号：1502', '房间号：****'],
    ['门牌号是18', '门牌号是**'],
    ['财源大街108号', '财源大街***号'],
    ['中山路十八号院', '中山路**号院'],
    ['上海路123弄4号', '上海路***弄*号'],
    ['北集坡村3组12号', '北集坡村*组**号'],
    ['13-2-501室', '**-*-***室'],
    ['我住在13-2-501，下午在家', '我住在**-*-***，下午在家'],
    ['Room 501, Building 13', 'Room ***, Building **'],
    ['Apt 5B, Block A', 'Apt **, Block *'],
    ['88 Taishan Road', '** Taishan Road'],
    ['Caiyuan Street No. 13', 'Caiyuan Street No. **'],
    // Downstairs of a building is still its address; a day before it is no building.
    ['1号楼', '*号楼'],
    ['3号楼下见', '*号楼下见'],
    ['12月1号到3号楼2单元', '12月1号到*号楼*单元'],
    // Building, unit and room after a place name, with # or / between them; spaces around the words;
    // a bare room after a building, unit or floor, in ASCII or Chinese numerals (review 47).
    ['我住科大花园13-2-501，热水器坏了', '我住科大花园**-*-***，热水器坏了'],
    ['地址：科大小区13-2-501', '地址：科大小区**-*-***'],
    ['家住幸福里3-2-502', '家住幸福里*-*-***'],
    ['13#2-501', '**#*-***'],
    ['13/2/501', '**/*/***'],
    ['幸福里小区 3 号楼 2 单元 502 室', '幸福里小区 * 号楼 * 单元 *** 室'],
    ['5楼502', '*楼***'],
    ['13号楼2-501', '**号楼*-***'],
    ['13号楼2单元 501', '**号楼*单元 ***'],
    ['幸福里小区3号楼 502', '幸福里小区*号楼 ***'],
    ['13号楼2单元五零一', '**号楼*单元***'],
    ['科大小区13楼2单元501', '科大小区**楼*单元***'],
    ['13号2单元501', '**号*单元***'],
    // An amount after a building is no room.
    ['3号楼 100斤大米', '*号楼 100斤大米'],
    // A building by 座 before its room; an invisible character inside the numbers (review 52).
    ['13座502', '**座***'],
    ['科大花园13座2单元502室', '科大花园**座*单元***室'],
    ['13号楼2单元5\u200b01室', '**号楼*单元***室'],
    ['13号楼\u200b2单元\u2060501', '**号楼*单元***'],
  ])('masks the door in %s', (text, masked) => {
    expect(maskAddressesIn(text)).toBe(masked);
  });

  it.each([
    '收音机没声音了',
    '需要2个人',
    '下午3点以后',
    '药品清单共5种',
    '3台电风扇',
    '12月2号上门',
    // A day of the month run into 楼下 (downstairs) or 院里 (in the yard): a date, not building 1.
    '12月1号楼下见',
    '12月11号楼下见',
    '十二月一号楼下见',
    '每月1号楼下集合',
    '12月 1号院里集合',
    '3月5号',
    '5号上午',
    '5号电池没电了',
    '坐地铁2号线到',
    '住3楼，没电梯',
    '家里三室一厅，3室1厅也行',
    '辅导孩子第三单元数学，复习第3单元',
    '一弄就坏',
    '第2次报修',
    '泰山区财源街道科大社区',
    '2026-12-06',
    'the room I rent',
    'Unit 2 of the textbook',
    'Building 3 shelves',
    // Times, dates, ranges, amounts after a door word, and appliance models stay as they are.
    '10:30上门，11:45走',
    '12/25/2026前修好',
    '10-12-2026前修好',
    '2026/12/25',
    '大概2-3 小时，需要2-3个人',
    '美的 MB-FB40 电饭煲，1200W',
    '格力KFR-35GW/BP2DN1Y，1.5匹',
    '型号MB-13-2-501',
    '血压120/80',
    '3楼100平米',
    '2单元 200元',
    '住3楼，502的邻居帮过忙',
    // An amount or a year a space after a floor, and a car's seats (review 52).
    '住3楼 2019 年装修',
    '住5楼 200 人',
    '18楼 100多平',
    '7座车 500元',
    // An invisible character where no door is stays.
    '收音机\u200b2台，1\u200b2点',
  ])('leaves %s as it is: quantities, times, floors and what a team needs', (text) => {
    expect(maskAddressesIn(text)).toBe(text);
  });
});

describe('free text as a team sees it before it accepts', () => {
  it('masks the address and the phone number, however written, and leaves the rest', () => {
    expect(maskContactIn('电话一三八一二三四五六七八，住5号楼2单元501室，需要2个人，下午3点以后')).toBe(
      '电话*******五六七八，住*号楼*单元***室，需要2个人，下午3点以后',
    );
    expect(maskContactIn('Call 138 1234 5678, Room 501, Building 13')).toBe('Call *** **** 5678, Room ***, Building **');
    expect(maskContactIn('12月1号楼下见，电话138,1234,5678，微信号 abc123，预算1,234,567元，住3号楼2单元')).toBe(
      '12月1号楼下见，电话***,****,5678，微信号 ******，预算1,234,567元，住*号楼*单元',
    );
  });

  it('masks a phone under a door label as a phone: an address number is never the head of a longer run of digits', () => {
    expect(maskContactIn('门牌号：13812345678')).toBe('门牌号：*******5678');
    expect(maskContactIn('房间号13812345678')).toBe('房间号*******5678');
    expect(maskContactIn('门牌号：12，房间号501')).toBe('门牌号：**，房间号***');
  });
});

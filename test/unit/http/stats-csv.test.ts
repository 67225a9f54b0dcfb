import { describe, expect, it } from 'vitest';
import { type Kpis, kpisOf } from '#shared/domain/stats';
import { statsCsv } from '#shared/http/stats-csv';

/** A KPI block whose every figure is a different number, so each can be found in a row. */
function numbered(): { kpis: Kpis; values: number[] } {
  const values: number[] = [];
  const walk = (node: unknown): unknown => {
    if (node === null || typeof node === 'number') {
      const value = 1001 + values.length;
      values.push(value);
      return value;
    }
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([name, child]) => [name, walk(child)]));
  };
  return { kpis: walk(kpisOf({})) as Kpis, values };
}

describe('the statistics CSV', () => {
  it('has a column for every figure of the dashboard, each once', () => {
    const { kpis, values } = numbered();
    const csv = statsCsv({
      period: { from: '2026-11-01', to: '2026-11-30', days: 30, timeZone: 'Asia/Shanghai' },
      area: { id: '3709', level: 'city', name: { zh: '泰安市', en: "Tai'an City" } },
      rows: [
        {
          area: { id: '370902', level: 'district', name: { zh: '泰山区', en: 'Taishan' } },
          serviceCode: 's',
          serviceName: { zh: 's', en: 's' },
          kpis,
        },
      ],
    });
    const [header, row] = csv
      .slice(1)
      .split('\r\n')
      .map((line) => line.split(','));
    const figures = row!.slice(6).map(Number);
    expect(figures.toSorted((a, b) => a - b)).toEqual(values);
    expect(new Set(header).size).toBe(header!.length);
  });

  it('names a person once per visit as visits', () => {
    const { kpis } = numbered();
    const csv = statsCsv({
      period: { from: '2026-11-01', to: '2026-11-30', days: 30, timeZone: 'Asia/Shanghai' },
      area: { id: '3709', level: 'city', name: { zh: '泰安市', en: "Tai'an City" } },
      rows: [
        {
          area: { id: '370902', level: 'district', name: { zh: '泰山区', en: 'Taishan' } },
          serviceCode: 's',
          serviceName: { zh: 's', en: 's' },
          kpis,
        },
      ],
    });
    const [header, row] = csv
      .slice(1)
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header).not.toContain('volunteers');
    expect(row![header!.indexOf('volunteer_visits')]).toBe(String(kpis.volunteers.people));
  });
});

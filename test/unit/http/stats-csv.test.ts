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

/** The CSV of one district's row with these figures, as lines of cells (the byte-order mark left out). */
function csvLines(kpis: Kpis): string[][] {
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
  return csv
    .slice(1)
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('the statistics CSV', () => {
  it('has a column for every figure of the dashboard, each once', () => {
    const { kpis, values } = numbered();
    const [header, row] = csvLines(kpis);
    const figures = row!.slice(6).map(Number);
    expect(figures.toSorted((a, b) => a - b)).toEqual(values);
    expect(new Set(header).size).toBe(header!.length);
  });

  it('keeps the columns of files made before 2026-12-07 in their places', () => {
    const before =
      'area_id,area_zh,area_en,service_code,service_zh,service_en,requests,dispatched,offers,accepted,completed,closed,expired,escalated,cancelled,rejected,reopened,reopen_rate,declined,declined_busy,declined_out_of_area,declined_no_skill,declined_other,lapsed,on_time_acceptance_rate,on_time_completion_rate,offers_per_request,decline_rate,accept_mean_minutes,accept_p50_minutes,accept_p90_minutes,complete_mean_minutes,complete_p50_minutes,complete_p90_minutes,ratings,mean_stars,share_4_or_5_stars,volunteers,volunteer_hours,points,wishes_published,wishes_claimed,wishes_claimed_by_volunteers,wishes_claimed_by_teams,wishes_claimed_by_units,wishes_fulfilled,wishes_returned,wishes_unreviewed,wish_claim_mean_hours,wish_fulfil_mean_hours';
    const [header] = csvLines(kpisOf({}));
    // The one rename: the column counted visits, not people.
    expect(header!.slice(0, 50)).toEqual(before.split(',').map((name) => (name === 'volunteers' ? 'volunteer_visits' : name)));
  });

  it('names a person once per visit as visits', () => {
    const { kpis } = numbered();
    const [header, row] = csvLines(kpis);
    expect(header).not.toContain('volunteers');
    expect(row![header!.indexOf('volunteer_visits')]).toBe(String(kpis.volunteers.people));
  });
});

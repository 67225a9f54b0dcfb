/**
 * `npm run simulate`: a week of the city on a virtual clock (see `simulation.ts`), its KPIs, and
 * the what-if. Deterministic for a seed. Options (defaults in brackets):
 *   --seed N [1]            --days N [7]              --start YYYY-MM-DD [2026-03-02, a Monday]
 *   --city CODE [3709]      --province CODE           --from DIR (the table, for places other than Tai'an)
 *   --per-day N [600; a province: 600 per 3,782 communities]  --urgent P [0.1]
 *   --communities N [all]   --teams N [1000; a province: 100,000]
 *   --campaign-day N [4]    --campaign-factor X [3]   --campaign-category CODE [elderly-care]
 *                           (day 4 of a week from 2 March is 5 March, 学雷锋日; --campaign-day 0: none)
 *   --accept P [0.75]       --decline P [0.15]        (the rest of the offers are ignored and lapse)
 *   --answer-share X [0.2]  mean answer delay as a share of the acceptance window
 *   --service-share X [0.25] --service-sigma X [0.7]  service time: log-normal, median X × SLA
 *   --quiet H-H [22-7]      hours in which teams do not answer or report ('none': always)
 *   --center H,H [9,11,14,16] hours at which the center dispatches escalated requests ('none')
 *   --target P [0.01]       --what-if-runs N [8]      (0: no what-if)
 *   --audit event|hour|off [hour]
 */
import { parseArgs } from 'node:util';
import { isWithin } from '#shared/domain/area';
import { CITY_ID } from '#shared/seed/areas';
import { defaultBehaviour, type Behaviour } from './behaviour';
import { defaultCityOptions, generateCity } from './city';
import { regionAreas } from './region-table';
import { generateArrivals, type Campaign } from './demand';
import { dayLines, districtLines, headerLines, kpiLines, runLines, whatIfLines, type ReportSettings } from './report';
import { defaultSimulationOptions, simulate, type SimulationOptions } from './simulation';
import { whatIf } from './what-if';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    days: { type: 'string', default: '7' },
    start: { type: 'string', default: '2026-03-02' },
    city: { type: 'string' },
    province: { type: 'string' },
    from: { type: 'string' },
    'per-day': { type: 'string' },
    urgent: { type: 'string', default: '0.1' },
    communities: { type: 'string', default: String(Number.MAX_SAFE_INTEGER) },
    teams: { type: 'string' },
    'campaign-day': { type: 'string', default: '4' },
    'campaign-factor': { type: 'string', default: '3' },
    'campaign-category': { type: 'string', default: 'elderly-care' },
    accept: { type: 'string', default: String(defaultBehaviour.accept) },
    decline: { type: 'string', default: String(defaultBehaviour.decline) },
    'answer-share': { type: 'string', default: String(defaultBehaviour.answerShare) },
    'service-share': { type: 'string', default: String(defaultBehaviour.serviceShare) },
    'service-sigma': { type: 'string', default: String(defaultBehaviour.serviceSigma) },
    quiet: { type: 'string', default: '22-7' },
    center: { type: 'string', default: defaultSimulationOptions.centerHours.join(',') },
    target: { type: 'string', default: '0.01' },
    'what-if-runs': { type: 'string', default: '8' },
    audit: { type: 'string', default: 'hour' },
  },
});

function num(name: keyof typeof values, min = -Infinity, max = Infinity, fallback?: number): number {
  const n = values[name] === undefined && fallback !== undefined ? fallback : Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number from ${min} to ${max}, not ${String(values[name])}`);
  return n;
}

function hours(text: string): number[] {
  if (text === 'none' || text === '') return [];
  return text.split(',').map((h) => {
    const n = Number(h);
    if (!Number.isInteger(n) || n < 0 || n > 23) throw new Error(`Not an hour: ${h}`);
    return n;
  });
}

if (!/^\d{4}-\d{2}-\d{2}$/.test(values.start)) throw new Error('--start must be YYYY-MM-DD');
if (!['event', 'hour', 'off'].includes(values.audit)) throw new Error('--audit must be event, hour or off');
const quiet = values.quiet === 'none' ? undefined : (values.quiet.split('-').map(Number) as [number, number]);
if (quiet && (quiet.length !== 2 || quiet.some((h) => !Number.isInteger(h) || h < 0 || h > 23)))
  throw new Error('--quiet must be like 22-7 or none');

if (values.city && values.province) throw new Error('--city or --province, not both');
const region = values.province ?? values.city ?? CITY_ID;
if (values.province && !/^\d{2}$/.test(values.province)) throw new Error('--province is 2 digits, e.g. 37');
if (values.city && !/^\d{4}$/.test(values.city)) throw new Error('--city is 4 digits, e.g. 3709');
const table = regionAreas(region, values.from);
const regionCommunities = table.filter((a) => a.level === 'community' && isWithin(a.id, region)).length;
const isProvince = region.length === 2;

const seed = num('seed');
const days = num('days', 1, 60);
const campaignDay = num('campaign-day', 0, days);
const campaign: Campaign | undefined =
  campaignDay > 0 ? { day: campaignDay - 1, category: values['campaign-category'], factor: num('campaign-factor', 0) } : undefined;
const behaviour: Behaviour = {
  accept: num('accept', 0, 1),
  decline: num('decline', 0, 1),
  answerShare: num('answer-share', 0),
  serviceShare: num('service-share', 0),
  serviceSigma: num('service-sigma', 0),
  ...(quiet ? { quietHours: quiet } : {}),
};
const simulation: SimulationOptions = {
  ...defaultSimulationOptions,
  seed,
  behaviour,
  centerHours: hours(values.center),
  audit: values.audit as SimulationOptions['audit'],
};
const settings: ReportSettings = {
  seed,
  startDay: values.start,
  days,
  perDay: num('per-day', 0, Infinity, Math.round((600 * regionCommunities) / 3782)),
  urgentShare: num('urgent', 0, 1),
  ...(campaign ? { campaign } : {}),
  behaviour,
  centerHours: simulation.centerHours,
};

const wall = performance.now();
const cpu = process.cpuUsage();
const city = generateCity({
  seed,
  region,
  table,
  communities: num('communities', 1),
  teams: num('teams', 1, Infinity, isProvince ? 100_000 : defaultCityOptions.teams),
});
if (campaign && !city.categories.some((c) => c.code === campaign.category)) throw new Error(`No category ${campaign.category} on the menu`);
const arrivals = generateArrivals(city, {
  seed,
  perDay: settings.perDay,
  days,
  startMs: Date.parse(`${values.start}T00:00:00+08:00`),
  urgentShare: settings.urgentShare,
  ...(campaign ? { campaign } : {}),
});
const setupMs = performance.now() - wall;

const result = await simulate(city, arrivals, simulation);
const simCpu = process.cpuUsage(cpu);
const out = (lines: string[]) => console.log(`${lines.join('\n')}\n`);
out(headerLines(city, settings));
out(kpiLines(result));
out(districtLines(result));
out(dayLines(result, settings));
out(runLines(result, (simCpu.user + simCpu.system) / 1000));

const maxReruns = num('what-if-runs', 0, 20);
const target = num('target', 0, 1);
if (maxReruns > 0) {
  const searched = await whatIf(result, arrivals, { target, maxReruns, days, simulation: { ...simulation, followClosing: false } });
  out(whatIfLines(searched, city, target));
}
const total = process.cpuUsage(cpu);
console.log(
  `Wall time: ${((performance.now() - wall) / 1000).toFixed(1)} s in all (city and arrivals ${(setupMs / 1000).toFixed(1)} s, the simulated week ${(result.figures.wallMs / 1000).toFixed(1)} s); CPU ${((total.user + total.system) / 1e6).toFixed(1)} s`,
);

// Seed 000 §一 rebuilt: 2017's 299,131 tickets with the seed's counts per report group, channel and
// top-ten unit, and a 2016 that makes the changes come out as the seed states them; the figures
// service (rollups and raw) and the annual report's opening section say the same numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import { annualReport } from '../../src/reports/content/annual.js';
import {
  CITY_AS_OF, CITY_CHANNELS, CITY_GRID_HOT, CITY_GROUPS, CITY_STATED, CITY_TOP_UNITS, CITY_TOTAL_2017, cityCounts, seedCity2017, type CitySeedResult,
} from '../../src/services/demo/scenarios/city-2017.js';
import { nextPlatformId } from '../../src/services/demo/scenarios/platform.js';
import { computeStats } from '../../src/services/stats/stats.js';
import type { StatsResult } from '../../src/services/stats/types.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { DEMO_PASSWORD } from '../support/template.js';

const YEAR = { from: '2017-01-01', to: '2017-12-31' };
const pct = (fraction: number | null | undefined) => (fraction === null || fraction === undefined ? null : (fraction * 100).toFixed(2));
const pp = (change: number | null | undefined) => (change === null || change === undefined ? null : change.toFixed(2));

let t: TestDatabase;
let seeded: CitySeedResult;
let system: { system: string; platformId: number };

beforeAll(async () => {
  t = await testDatabase();
  seeded = await seedCity2017(t.db, { platformId: await nextPlatformId(t.db), password: DEMO_PASSWORD, usernamePrefix: 'lyg_' });
  system = { system: 'test', platformId: seeded.platformId };
  console.log(`city-2017: ${seeded.tickets} tickets in ${seeded.ms} ms (${seeded.years.map((y) => `${y.year}: ${y.ms} ms ${JSON.stringify(y.steps)}`).join(', ')}, rollups ${seeded.rollupMs} ms)`);
}, 600_000);

const labelled = (r: StatsResult) => new Map(r.rows.map((row) => [row.keys[0]!.label, row.figures.received?.value ?? row.figures.handled?.value]));

describe('seed 000: the city year rebuilt', () => {
  it('sizes 2016 so every stated change rounds to the seed', () => {
    const [y16, y17] = cityCounts();
    expect(y17.total).toBe(CITY_TOTAL_2017);
    expect((((y17.total - y16.total) / y16.total) * 100).toFixed(2)).toBe('11.90');
    expect(pct(y17.closed / y17.total)).toBe('99.57');
    expect(pct(y16.closed / y16.total)).toBe('98.81');
    expect(pp((y17.closed / y17.total - y16.closed / y16.total) * 100)).toBe('0.76');
  });

  // The rollups only: the raw read of 566,451 tickets takes 25 s on a busy machine (the county's test compares both).
  for (const source of ['rollup'] as const) {
    it(`counts 2017 by group, channel and unit as the seed does (${source})`, async () => {
      const [total, groups, channels, units] = await Promise.all([
        computeStats(t.db, system, { ...YEAR, figures: ['received', 'closureRate', 'onTimeRate', 'firstTimeRate'], compare: true, source }, CITY_AS_OF),
        computeStats(t.db, system, { ...YEAR, by: ['typeGroup'], figures: ['received'], source }, CITY_AS_OF),
        computeStats(t.db, system, { ...YEAR, by: ['channel'], figures: ['received'], source }, CITY_AS_OF),
        computeStats(t.db, system, { ...YEAR, by: ['unit'], figures: ['handled'], source }, CITY_AS_OF),
      ]);
      const f = total.total.figures;
      expect(f.received?.value).toBe(299_131);
      expect(pp(f.received?.changePrevious)).toBe('11.90');
      expect(pct(f.closureRate?.value)).toBe('99.57');
      expect(pp(f.closureRate?.changePrevious)).toBe('0.76');
      expect(pct(f.onTimeRate?.value)).toBe('93.59');
      expect(pp(f.onTimeRate?.changePrevious)).toBe('2.51');
      expect(pct(f.firstTimeRate?.value)).toBe('97.44');
      expect(pp(f.firstTimeRate?.changePrevious)).toBe('0.31');
      expect(Object.fromEntries(labelled(groups))).toEqual(Object.fromEntries(CITY_GROUPS.map((g) => [g.group, g.count])));
      expect(Object.fromEntries(labelled(channels))).toEqual(Object.fromEntries(CITY_CHANNELS.map((c) => [c.name, c.count])));
      expect(units.rows.slice(0, 10).map((r) => [r.keys[0]!.label, r.figures.handled?.value])).toEqual(CITY_TOP_UNITS.map((u) => [u.name, u.count]));
    }, 180_000);
  }

  it('states the same counts and shares in the annual report\'s opening section', async () => {
    const doc = await annualReport(t.db, system, { year: 2017 }, CITY_AS_OF);
    const text = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => (b as { text: string }).text).join('\n');
    expect(text).toContain('共受理问题299131件，较去年增加11.90%');
    expect(text).toContain('结案率99.57%，较去年上升0.76个百分点');
    expect(text).toContain('按期结案率93.59%，较去年上升2.51个百分点');
    expect(text).toContain('一次完成率97.44%，较去年上升0.31个百分点');
    for (const [label, count, share] of [
      // The seed writes 意见建议类 287件 占0.09%: 287 ÷ 299131 = 0.0959%, which rounds to 0.10% (the seed cut it off).
      ['市政管理类', 212761, '71.13%'], ['咨询服务类', 48602, '16.25%'], ['批评投诉类', 37477, '12.53%'], ['意见建议类', 287, '0.10%'],
      ['12345政府热线电话', 158682, '53.05%'], ['信息采集监督员上报', 137330, '45.91%'], ['省12345平台流转', 1361, '0.45%'],
      ['门户网站', 892, '0.30%'], ['微信', 728, '0.24%'],
    ] as const) {
      expect(text).toMatch(new RegExp(`${label}${count}件，占(受理问题总数|总数)的${share.replace('.', '\\.')}`));
    }
    for (const [label, count] of [['应急救助类', 4], ['微博', 98], ['邮件', 18], ['市民APP', 13], ['领导交办', 7], ['群众来访', 1], ['部门转办', 1]] as const) {
      expect(text).toContain(`${label}${count}件`);
    }
    expect(text).toContain(`受理问题数量居前十位的单位依次是${CITY_TOP_UNITS.map((u) => `${u.name}${u.count}件`).join('、')}`);
    // §二.2: the grid supervisors' hot subjects, as the seed counts them (the report names the first eight).
    const [first, ...next] = CITY_GRID_HOT;
    expect(text).toContain(`主要以${first!.subject}为主，为${first!.count}件，其他依次为${next.slice(0, 6).map((h) => `${h.subject}${h.count}件`).join('、')}`);
  }, 180_000);
});

describe('the seed\'s rates, as stated', () => {
  it('keeps the stated figures the test compares with', () => {
    expect(CITY_STATED.closureRate - CITY_STATED.closureChange).toBeCloseTo(98.81, 10);
  });
});

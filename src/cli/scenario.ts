// `minsheng seed-demo --scenario county-2017|city-2017`: a seed document rebuilt as a platform of
// its own (docs/demo-data.md). In an empty database it becomes platform 1, so the reports need no
// --platform; beside an existing platform it takes the next free id, and says so.
import { loadConfig } from '../config.js';
import type { Db } from '../db/connection.js';
import { DEFAULT_PLATFORM_ID } from '../domain/platform.js';
import { CITY_AS_OF, CITY_PLATFORM, seedCity2017 } from '../services/demo/scenarios/city-2017.js';
import { COUNTY_AS_OF, COUNTY_PERIOD, COUNTY_PLATFORM, seedCounty2017 } from '../services/demo/scenarios/county-2017.js';
import { nextPlatformId } from '../services/demo/scenarios/platform.js';
import { vaultFromConfig } from '../services/privacy/keys.js';

export const SCENARIOS = ['county-2017', 'city-2017'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export const isScenario = (s: string): s is ScenarioName => (SCENARIOS as readonly string[]).includes(s);

/** Platform 1 while it holds no units (an empty database), else the next free id. */
async function platformFor(db: Db): Promise<number> {
  const units = await db.selectFrom('units').select('id').where('platform_id', '=', DEFAULT_PLATFORM_ID).limit(1).executeTakeFirst();
  return units ? nextPlatformId(db) : DEFAULT_PLATFORM_ID;
}

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace('.000', '');

export async function seedScenarioCommand(db: Db, embedded: boolean, name: ScenarioName): Promise<void> {
  const config = loadConfig();
  const code = name === 'county-2017' ? COUNTY_PLATFORM.code : CITY_PLATFORM.code;
  const existing = await db.selectFrom('platforms').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) throw new Error(`scenario ${name} is already in platform ${existing.id}: start from an empty database to rebuild it`);
  const platformId = await platformFor(db);
  const flag = platformId === DEFAULT_PLATFORM_ID ? '' : ` --platform ${platformId}`;
  if (name === 'county-2017') {
    const vault = vaultFromConfig({ dataKey: config.dataKey, dataDir: config.dataDir, embedded });
    const r = await seedCounty2017(db, { platformId, password: config.demoPassword, vault, usernamePrefix: 'hy_', now: new Date() });
    console.log(`county-2017 (seed 003, 海原县): platform ${r.platformId}, ${r.units} units, ${r.users} users (hy_admin, hy_dispatcher1 …), `
      + `${r.tickets} tickets, ${r.assignments} assignments, ${r.orders} supervision orders, ${r.events} events in ${(r.ms / 1000).toFixed(1)} s`);
    console.log(`  minsheng report units --from ${COUNTY_PERIOD.from} --to ${COUNTY_PERIOD.to} --now ${shanghai(COUNTY_AS_OF)}${flag} --format html --out county.html`);
  } else {
    const r = await seedCity2017(db, { platformId, password: config.demoPassword, usernamePrefix: 'lyg_' });
    console.log(`city-2017 (seed 000, 连云港): platform ${r.platformId}, ${r.units} units, ${r.tickets} tickets `
      + `(${r.years.map((y) => `${y.year}: ${y.tickets} in ${(y.ms / 1000).toFixed(1)} s`).join(', ')}; rollups ${(r.rollupMs / 1000).toFixed(1)} s) in ${(r.ms / 1000).toFixed(1)} s`);
    console.log(`  minsheng report annual --year 2017 --now ${shanghai(CITY_AS_OF)}${flag} --format html --out city.html`);
  }
}

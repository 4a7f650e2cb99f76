// The demo city's dispatch catalogue 派单目录: which of 青澜市's units handles which subject of the
// default tree, modelled on the "首接负责主协办清单" a city publishes (DOMAIN.md §6). Pure and
// deterministic, like city-plan.ts: subjects by their names from the top, units by plan key; the
// seed resolves both to ids.
//
// The shape: each top-level class goes to its function department; the street-level matters of city
// appearance, street order and illegal building go to the street where the ticket is (属地), with
// the department that enforces them assisting; utilities go to their company under the 水电气热
// time limit; public-order noise goes to the district's police branch (area rules).
import type { AreaLevel } from '../../domain/routing.js';
import type { CityPlan } from './city-plan.js';

export interface PlannedDispatchRule {
  /** Subject names from the top: ['城市管理', '市容环境']. */
  subjectPath: string[];
  /** Plan key of the area the rule is restricted to, or null. */
  areaKey: string | null;
  primaryKey: string | null;
  primaryAreaLevel: AreaLevel | null;
  assistingKeys: string[];
  /** Name of an SLA policy (DEFAULT_POLICIES), or null to let the ticket's type and urgency choose. */
  slaPolicyName: string | null;
  priority: number;
  note: string;
}

type Target = { unit: string } | { level: AreaLevel };
type Entry = [subject: string, target: Target, assisting?: string[], sla?: string];

const unit = (key: string): Target => ({ unit: key });
const local = (level: AreaLevel): Target => ({ level });

// Subject path joined with '/'. Deeper entries refine their parents (specificity decides).
const CITY_WIDE: Entry[] = [
  ['城市管理', unit('dept-urban')],
  ['城市管理/市容环境', local('street'), ['dept-urban']],
  ['城市管理/市容环境/垃圾满溢', unit('dept-urban-sanitation')],
  ['城市管理/违法建设', local('street'), ['dept-urban-enforce']],
  ['城市管理/街面秩序', local('street'), ['dept-urban-enforce']],
  ['城市管理/停车管理', unit('dept-police-traffic'), ['dept-urban']],
  ['城市管理/停车管理/停车收费', unit('dept-ndrc'), ['dept-market']],
  ['城市管理/市政设施', unit('dept-urban')],
  ['城市管理/市政设施/排水不畅', unit('ent-drainage'), ['dept-water']],
  ['城市管理/园林绿化', unit('dept-landscape')],
  ['城市管理/噪音', unit('dept-eco')],
  ['城乡建设', unit('dept-housing')],
  ['城乡建设/物业管理', local('community'), ['dept-housing-property']],
  ['城乡建设/物业管理/维修资金', unit('dept-housing-property')],
  ['城乡建设/城乡规划', unit('dept-nature')],
  ['城乡建设/安全生产', unit('dept-emergency')],
  ['公用事业/供水', unit('ent-water'), ['dept-water'], '水电气热·供水'],
  ['公用事业/供电', unit('ent-power'), [], '水电气热·供电'],
  ['公用事业/燃气', unit('ent-gas'), [], '水电气热·燃气'],
  ['公用事业/供热', unit('ent-heat'), [], '水电气热·供热'],
  ['公用事业/通信', unit('dept-industry')],
  ['交通运输', unit('dept-transport')],
  ['交通运输/公共交通', unit('dept-transport'), ['ent-bus']],
  ['交通运输/公共交通/地铁', unit('ent-metro'), ['dept-transport']],
  ['交通运输/公共交通/出租车网约车', unit('dept-transport-passenger')],
  ['交通运输/道路交通', unit('dept-police-traffic'), ['dept-transport']],
  ['环境保护', unit('dept-eco')],
  ['劳动和社会保障', unit('dept-hrss')],
  ['劳动和社会保障/劳动关系/讨薪', unit('dept-hrss-labor')],
  ['劳动和社会保障/社会保险', unit('dept-hrss-socins')],
  ['劳动和社会保障/社会保险/医疗保险', unit('dept-medins')],
  ['教育文体', unit('dept-edu')],
  ['教育文体/文化体育', unit('dept-culture'), ['dept-sports']],
  ['卫生健康', unit('dept-health')],
  ['卫生健康/医疗保障', unit('dept-medins')],
  ['商贸旅游', unit('dept-market')],
  ['商贸旅游/消费维权', unit('dept-market-c12315')],
  ['商贸旅游/旅游', unit('dept-culture')],
  ['农村农业', unit('dept-agri')],
  ['农村农业/农村管理', local('street'), ['dept-agri']],
  ['民政', unit('dept-civil')],
  ['公安司法', unit('dept-police')],
  ['公安司法/出入境', unit('dept-police-exit')],
  ['公安司法/法律服务', unit('dept-justice')],
  ['政务服务', unit('dept-data')],
  ['国土资源', unit('dept-nature')],
  ['经济管理', unit('dept-ndrc')],
  ['经济管理/财税金融', unit('dept-finance')],
  ['经济管理/财税金融/税费', unit('dept-tax')],
];

// Per district: the matters the district's police branch handles where the ticket is.
const PER_DISTRICT_POLICE = ['城市管理/噪音/社会生活噪音', '公安司法/治安管理'];

export function planDemoDispatch(city: CityPlan): PlannedDispatchRule[] {
  const keys = new Set(city.units.map((u) => u.key));
  const need = (key: string): string => {
    if (!keys.has(key)) throw new Error(`demo dispatch plan names unit ${key}, which the city plan lacks`);
    return key;
  };
  const rule = (subject: string, target: Target, assisting: string[] = [], sla: string | null = null, areaKey: string | null = null): PlannedDispatchRule => ({
    subjectPath: subject.split('/'),
    areaKey: areaKey === null ? null : need(areaKey),
    primaryKey: 'unit' in target ? need(target.unit) : null,
    primaryAreaLevel: 'level' in target ? target.level : null,
    assistingKeys: assisting.map(need),
    slaPolicyName: sla,
    priority: 100,
    note: '演示派单目录',
  });
  const rules = CITY_WIDE.map(([subject, target, assisting, sla]) => rule(subject, target, assisting, sla ?? null));
  for (const district of city.units.filter((u) => u.kind === 'district')) {
    for (const subject of PER_DISTRICT_POLICE) rules.push(rule(subject, unit(`dept-police-${district.key}`), [], null, district.key));
  }
  return rules;
}

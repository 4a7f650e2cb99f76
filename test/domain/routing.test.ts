import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBJECTS, type SubjectSpec } from '../../src/services/catalogue/default-subjects.js';
import { planDemoCity } from '../../src/services/demo/city-plan.js';
import { planDemoDispatch } from '../../src/services/demo/dispatch-plan.js';
import {
  ancestorPaths, baselineRule, orderRules, pushDownProblem, route, ruleProblems,
  type CatalogueRule, type RoutingFacts, type RoutingRule, type RuleDraft, type UnitFacts,
} from '../../src/domain/routing.js';

// Subjects: /1/ 城市管理 › /1/2/ 市容环境 › /1/2/3/ 暴露垃圾; /1/4/ 违法建设; /9/ 公用事业.
// Units: city /100/, district D1 /100/10/ › street S1 /100/10/11/ › community C1 /100/10/11/12/ › grid G1 /100/10/11/12/13/;
// district D2 /100/20/ › street S2 /100/20/21/; departments 50 (城管局), 60 (环卫处), 70 (自来水公司).
const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  subjectPath: '/1/2/3/', districtId: 10, streetId: 11, communityId: 12, gridId: 13,
  areaPaths: ['/100/10/', '/100/10/11/', '/100/10/11/12/', '/100/10/11/12/13/'],
  areaNames: { street: '青柳街道' },
  ...over,
});
const rule = (id: number, over: Partial<RoutingRule>): RoutingRule => ({
  id, subjectPath: '/1/', areaUnitPath: null, primaryUnitId: 50, primaryAreaLevel: null, assistingUnitIds: [], slaPolicyId: null, priority: 100, ...over,
});

describe('route: first match in specificity order', () => {
  const cityMgmt = rule(1, { subjectPath: '/1/', primaryUnitId: 50, subjectName: '城市管理', primaryUnitName: '城管局' });
  const appearanceToStreet = rule(2, { subjectPath: '/1/2/', primaryUnitId: null, primaryAreaLevel: 'street', assistingUnitIds: [50], subjectName: '市容环境' });
  const garbageToSanitation = rule(3, { subjectPath: '/1/2/3/', primaryUnitId: 60 });
  const garbageInD1 = rule(4, { subjectPath: '/1/2/3/', areaUnitPath: '/100/10/', primaryUnitId: 61 });
  const garbageInS1 = rule(5, { subjectPath: '/1/2/3/', areaUnitPath: '/100/10/11/', primaryUnitId: 62 });
  const garbageUrgent = rule(6, { subjectPath: '/1/2/3/', primaryUnitId: 63, priority: 10 });
  const appearanceToGrid = rule(7, { subjectPath: '/1/2/', primaryUnitId: null, primaryAreaLevel: 'grid', priority: 50 });
  const water = rule(8, { subjectPath: '/9/', primaryUnitId: 70, slaPolicyId: 33 });

  it.each<[string, RoutingFacts, RoutingRule[], number | null, number | null]>([
    // [case, facts, rules, expected rule id, expected primary]
    ['no rules', facts(), [], null, null],
    ['no subject', facts({ subjectPath: null }), [cityMgmt], null, null],
    ['another subject', facts(), [water], null, null],
    ['an ancestor subject matches', facts(), [cityMgmt], 1, 50],
    ['a deeper subject beats a shallower one', facts(), [cityMgmt, appearanceToStreet], 2, 11],
    ['deeper still', facts(), [appearanceToStreet, garbageToSanitation, cityMgmt], 3, 60],
    ['area-restricted before unrestricted on the same subject', facts(), [garbageToSanitation, garbageInD1], 4, 61],
    ['a deeper area before a shallower one', facts(), [garbageInD1, garbageInS1, garbageToSanitation], 5, 62],
    ['subject depth before area', facts({ subjectPath: '/1/2/3/' }), [rule(9, { subjectPath: '/1/2/', areaUnitPath: '/100/10/11/', primaryUnitId: 64 }), garbageToSanitation], 3, 60],
    ['an area rule elsewhere does not match', facts({ districtId: 20, streetId: 21, communityId: null, gridId: null, areaPaths: ['/100/20/', '/100/20/21/'] }), [garbageInD1, garbageToSanitation], 3, 60],
    ['an area rule needs a resolved area', facts({ districtId: null, streetId: null, communityId: null, gridId: null, areaPaths: [] }), [garbageInD1, garbageToSanitation], 3, 60],
    ['lower priority number first among equals', facts(), [garbageToSanitation, garbageUrgent], 6, 63],
    ['then the lower id', facts(), [rule(12, { subjectPath: '/1/2/3/', primaryUnitId: 66 }), rule(11, { subjectPath: '/1/2/3/', primaryUnitId: 65 })], 11, 65],
    ['an area level resolves to that unit', facts({ subjectPath: '/1/2/' }), [appearanceToStreet], 2, 11],
    ['an unresolved level falls through to the next rule', facts({ gridId: null }), [appearanceToGrid, appearanceToStreet], 2, 11],
    ['a resolved level is taken', facts(), [appearanceToGrid, appearanceToStreet], 7, 13],
    ['falls through to an ancestor', facts({ streetId: null, communityId: null, gridId: null, areaPaths: ['/100/10/'] }), [appearanceToStreet, cityMgmt], 1, 50],
    ['nothing resolvable: null', facts({ streetId: null }), [appearanceToStreet], null, null],
  ])('%s', (_, f, rules, ruleId, primary) => {
    const result = route(f, rules);
    expect(result?.ruleId ?? null).toBe(ruleId);
    expect(result?.primaryUnitId ?? null).toBe(primary);
  });

  it('gives the assisting units (without the primary), the SLA policy and a reason', () => {
    expect(route(facts(), [appearanceToStreet])).toEqual({
      primaryUnitId: 11, assistingUnitIds: [50], slaPolicyId: null, ruleId: 2, reason: '派单目录：市容环境 → 属地街道（青柳街道）',
    });
    expect(route(facts({ subjectPath: '/9/5/' }), [water])).toMatchObject({ slaPolicyId: 33, primaryUnitId: 70 });
    expect(route(facts(), [rule(1, { primaryUnitId: null, primaryAreaLevel: 'street', assistingUnitIds: [11, 50, 50] })])?.assistingUnitIds).toEqual([50]);
    expect(route(facts(), [cityMgmt])?.reason).toBe('派单目录：城市管理 → 城管局');
    expect(route(facts(), [{ ...garbageInD1, subjectName: '暴露垃圾', areaUnitName: '澜湖区', primaryUnitName: '澜湖区城管局' }])?.reason)
      .toBe('派单目录：暴露垃圾（澜湖区） → 澜湖区城管局');
  });

  it('orders rules totally, whatever order they come in', () => {
    const all = [cityMgmt, appearanceToStreet, garbageToSanitation, garbageInD1, garbageInS1, garbageUrgent, appearanceToGrid, water];
    const ids = orderRules(all).map((r) => r.id);
    expect(ids).toEqual(orderRules([...all].reverse()).map((r) => r.id));
    expect(ids.slice(0, 4)).toEqual([5, 4, 6, 3]);
  });

  it('lists ancestor paths', () => {
    expect(ancestorPaths('/3/17/120/')).toEqual(['/3/', '/3/17/', '/3/17/120/']);
  });
});

describe('rule validation', () => {
  const unit = (id: number, kind: UnitFacts['kind'], path: string, name = `u${id}`): UnitFacts => ({ id, kind, path, name });
  const d1 = unit(10, 'district', '/100/10/', '澜湖区');
  const s1 = unit(11, 'street', '/100/10/11/', '青柳街道');
  const c1 = unit(12, 'community', '/100/10/11/12/');
  const dept = unit(50, 'department', '/100/50/', '城管局');
  const ent = unit(70, 'enterprise', '/100/70/');
  const committee = unit(80, 'committee', '/100/80/');
  const draft = (over: Partial<RuleDraft>): RuleDraft => ({ areaUnit: null, primaryUnit: dept, primaryAreaLevel: null, assistingUnits: [], priority: 100, note: null, ...over });
  const fieldsOf = (d: RuleDraft) => ruleProblems(d).map((p) => p.field);

  it.each<[string, RuleDraft, string[]]>([
    ['a department, everywhere', draft({}), []],
    ['the street where the ticket is', draft({ primaryUnit: null, primaryAreaLevel: 'street', assistingUnits: [dept] }), []],
    ['neither target', draft({ primaryUnit: null }), ['primaryUnitId']],
    ['both targets', draft({ primaryAreaLevel: 'street' }), ['primaryUnitId']],
    ['a department as the area', draft({ areaUnit: dept }), ['areaUnitId']],
    ['an enterprise as the area of a 属地 rule', draft({ areaUnit: ent, primaryUnit: null, primaryAreaLevel: 'street' }), ['areaUnitId']],
    ['a committee as the area', draft({ areaUnit: committee }), []],
    ['a fixed street for the whole city', draft({ primaryUnit: s1 }), ['areaUnitId']],
    ['a fixed street for its district', draft({ primaryUnit: s1, areaUnit: d1 }), ['areaUnitId']],
    ['a fixed street for itself', draft({ primaryUnit: s1, areaUnit: s1 }), []],
    ['a fixed street for its community', draft({ primaryUnit: s1, areaUnit: c1 }), []],
    ['the primary also assisting', draft({ assistingUnits: [dept] }), ['assistingUnitIds']],
    ['an assisting unit twice', draft({ assistingUnits: [ent, ent] }), ['assistingUnitIds']],
    ['a negative priority', draft({ priority: -1 }), ['priority']],
    ['a fractional priority', draft({ priority: 1.5 }), ['priority']],
    ['a long note', draft({ note: '长'.repeat(501) }), ['note']],
  ])('%s', (_, d, fields) => {
    expect(fieldsOf(d)).toEqual(fields);
  });

  it('messages are in Chinese and English', () => {
    const [p] = ruleProblems(draft({ areaUnit: dept }));
    expect(p).toMatchObject({ field: 'areaUnitId', message: expect.stringMatching(/[\u4e00-\u9fff]/), message_en: expect.stringMatching(/area/) });
  });

  // 66号文: the catalogue's baseline for a subject decides whose matter it is.
  const catalogue = (id: number, over: Partial<CatalogueRule>): CatalogueRule => ({
    id, subjectPath: '/1/', areaUnitPath: null, primaryUnitId: 50, primaryUnitName: '城管局', primaryUnitKind: 'department',
    primaryAreaLevel: null, assistingUnitIds: [], slaPolicyId: null, priority: 100, ...over,
  });
  const deptBaseline = catalogue(1, {});
  const streetBaseline = catalogue(2, { subjectPath: '/1/2/', primaryUnitId: null, primaryUnitName: null, primaryUnitKind: null, primaryAreaLevel: 'street' });

  it.each<[string, RuleDraft, CatalogueRule[], string | null]>([
    ['pushing a department matter down to the street by area', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'street' }), [deptBaseline], 'primaryAreaLevel'],
    ['… to the community', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'community' }), [deptBaseline], 'primaryAreaLevel'],
    ['… to a fixed street', draft({ areaUnit: s1, primaryUnit: s1 }), [deptBaseline], 'primaryUnitId'],
    ['to the district platform is not pushing down to a street', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'district' }), [deptBaseline], null],
    ['to a district bureau', draft({ areaUnit: d1, primaryUnit: unit(51, 'department', '/100/10/51/') }), [deptBaseline], null],
    ['the street assisting the department', draft({ areaUnit: d1, assistingUnits: [s1] }), [deptBaseline], null],
    ['the catalogue itself deciding city-wide', draft({ primaryUnit: null, primaryAreaLevel: 'street' }), [deptBaseline], null],
    ['a subject the catalogue already gives to the street', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'community' }), [deptBaseline, streetBaseline], null],
    ['no baseline', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'street' }), [], null],
    ['area rules are not baselines', draft({ areaUnit: d1, primaryUnit: null, primaryAreaLevel: 'street' }), [catalogue(3, { areaUnitPath: '/100/20/' })], null],
  ])('66号文: %s', (_, d, rules, field) => {
    const baseline = baselineRule('/1/2/3/', rules);
    expect(pushDownProblem(d, baseline)?.field ?? null).toBe(field);
  });

  it('the baseline leaves out the rule being edited', () => {
    expect(baselineRule('/1/2/', [deptBaseline, streetBaseline])?.id).toBe(2);
    expect(baselineRule('/1/2/', [deptBaseline, streetBaseline], 2)?.id).toBe(1);
  });
});

describe('demo dispatch plan', () => {
  const city = planDemoCity();
  const rules = planDemoDispatch(city);
  const hasPath = (tree: SubjectSpec[], path: string[]): boolean => {
    const [head, ...rest] = path;
    const node = tree.find(([name]) => name === head);
    return node !== undefined && (rest.length === 0 || hasPath(node[1] ?? [], rest));
  };

  it('names subjects of the default tree and units of the city plan, one rule per place', () => {
    expect(rules.length).toBeGreaterThan(40);
    for (const r of rules) expect(hasPath(DEFAULT_SUBJECTS, r.subjectPath), r.subjectPath.join('/')).toBe(true);
    const places = rules.map((r) => `${r.subjectPath.join('/')}|${r.areaKey}|${r.priority}`);
    expect(new Set(places).size).toBe(places.length);
    for (const r of rules) expect((r.primaryKey === null) !== (r.primaryAreaLevel === null)).toBe(true);
  });

  it('gives street matters to the street with the department assisting, utilities to their company, noise to the district police', () => {
    const at = (path: string, area: string | null = null) => rules.find((r) => r.subjectPath.join('/') === path && r.areaKey === area);
    expect(at('城市管理/市容环境')).toMatchObject({ primaryAreaLevel: 'street', assistingKeys: ['dept-urban'] });
    expect(at('公用事业/供水')).toMatchObject({ primaryKey: 'ent-water', slaPolicyName: '水电气热·供水' });
    expect(at('交通运输')).toMatchObject({ primaryKey: 'dept-transport' });
    expect(at('城市管理/噪音/社会生活噪音', 'd01')).toMatchObject({ primaryKey: 'dept-police-d01' });
  });
});

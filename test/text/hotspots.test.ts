// Hotspot clustering on a hand-written board: one compound's complaints, one road's construction
// noise, and messages about nothing in common.
import { describe, expect, it } from 'vitest';
import { clusterPlace, findHotspots, HEAT_WEIGHTS, type HotspotItem } from '../../src/text/hotspots.js';
import { Tokenizer } from '../../src/text/tokenizer.js';

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 5, day, hour - 8));
let seq = 0;
const msg = (title: string, text: string, day: number, user: string, votes = 0): HotspotItem => ({ id: String(++seq), title, text, time: at(day), user, votes });

// 青柳花园小区: 8 messages, 7 citizens, in one week, with votes.
const compound = [
  msg('青阳区青柳花园小区物业乱收停车费', '青柳花园小区物业今年突然把停车费涨了一倍，没有公示，业主很不满。', 10, 'u1', 12),
  msg('青柳花园小区物业违规收取停车费', '青柳花园小区物业未经业主大会同意，擅自提高停车费标准。', 10, 'u2', 5),
  msg('投诉青柳花园小区物业停车费上涨', '青柳花园小区物业停车费上涨，物业服务却越来越差。', 11, 'u3', 3),
  msg('青阳区青柳花园小区停车费问题', '请有关部门核查青柳花园小区物业停车费收费依据。', 12, 'u4', 0),
  msg('青柳花园小区物业强制涨停车费', '青柳花园小区物业强制涨停车费，不交就不让车进小区。', 12, 'u5', 8),
  msg('青柳花园小区停车费乱涨价', '青柳花园小区物业乱涨停车费，希望物价部门查处。', 13, 'u6', 1),
  msg('再次反映青柳花园小区停车费', '青柳花园小区物业停车费问题至今没有处理。', 15, 'u6', 0),
  msg('青柳花园小区物业停车收费不合理', '青柳花园小区物业停车收费标准不合理，没有公示。', 16, 'u7', 2),
];
// 桃园路: 5 messages, 3 citizens, over three weeks, no votes.
const road = [
  msg('桃园路工地夜间施工噪音扰民', '桃园路地铁工地每天夜间施工到凌晨，噪音很大，影响休息。', 2, 'r1'),
  msg('桃园路地铁工地半夜施工噪音大', '桃园路工地半夜还在打桩，噪音扰民严重。', 8, 'r2'),
  msg('桃园路工地夜间施工噪音', '桃园路地铁工地夜间施工噪音依旧。', 14, 'r1'),
  msg('桃园路夜间施工扰民', '桃园路工地夜间施工，噪音严重影响附近居民休息。', 20, 'r3'),
  msg('桃园路工地凌晨施工噪音', '桃园路地铁工地凌晨施工，噪音扰民。', 23, 'r3'),
];
// Unrelated matters: none shares a place or a matter with another.
const noise = [
  msg('咨询公积金提取流程', '想了解住房公积金提取需要哪些材料。', 3, 'n1'),
  msg('社保卡丢失如何补办', '社保卡丢了，请问在哪里补办。', 4, 'n2'),
  msg('建议增加公交线路', '希望开通从火车站到开发区的公交线路。', 5, 'n3'),
  msg('医院挂号难', '市人民医院专家号很难挂上。', 6, 'n4'),
  msg('学校门口摊贩占道', '实验小学门口早上有很多摊贩占道经营。', 7, 'n5'),
  msg('路灯不亮', '滨江大道的路灯晚上不亮，行人不安全。', 9, 'n6'),
  msg('咨询新生儿落户', '孩子出生后如何办理户口登记。', 11, 'n7'),
  msg('菜市场卫生差', '东门菜市场地面污水横流，气味难闻。', 12, 'n8'),
  msg('出租车拒载', '晚上在高铁站打车，司机拒载短途乘客。', 13, 'n9'),
  msg('养老金调整咨询', '今年退休人员养老金什么时候调整。', 14, 'n10'),
  msg('垃圾分类宣传', '建议社区多开展垃圾分类宣传活动。', 15, 'n11'),
  msg('共享单车乱停', '地铁口共享单车堆满人行道。', 17, 'n12'),
  msg('宠物狗扰民', '邻居家的狗每天晚上叫个不停。', 18, 'n13'),
  msg('水费账单异常', '这个月的水费比平时高出很多。', 19, 'n14'),
  msg('驾照到期换证', '驾驶证到期换证需要体检吗。', 21, 'n15'),
  msg('网吧接纳未成年人', '幸福路一家网吧接纳未成年人上网。', 22, 'n16'),
  msg('农民工工资拖欠', '在某工地干活三个月没拿到工资。', 24, 'n17'),
];
const board = [...compound, ...road, ...noise];
const tokenizer = Tokenizer.create(['青柳花园小区', '桃园路', '停车费']);

describe('findHotspots', () => {
  const hotspots = findHotspots(tokenizer, board, { window: { from: at(1, 0), to: at(25, 0) } });

  it('finds the compound and the road, and clusters none of the unrelated messages', () => {
    expect(hotspots).toHaveLength(2);
    const ids = hotspots.map((h) => new Set(h.ids));
    expect(ids[0]).toEqual(new Set(compound.map((m) => m.id)));
    expect(ids[1]).toEqual(new Set(road.map((m) => m.id)));
    const noiseIds = new Set(noise.map((m) => m.id));
    for (const h of hotspots) expect(h.ids.some((id) => noiseIds.has(id))).toBe(false);
  });

  it('names the place and the matter, and the time range', () => {
    const [c, r] = hotspots;
    expect(c!.place).toContain('青柳花园小区');
    expect(c!.description).toContain('停车');
    expect(c!.keywords).toContain('停车费');
    expect(r!.place).toContain('桃园路');
    expect(r!.from).toEqual(at(2));
    expect(r!.to).toEqual(at(23));
    expect(c!.citizens).toBe(7);
    expect(c!.votes).toBe(31);
    expect(r!.ids[0]).toBe(road[0]!.id); // oldest first
  });

  it('ranks by the documented heat formula, 0–100', () => {
    const [c, r] = hotspots;
    expect(c!.rank).toBe(1);
    expect(r!.rank).toBe(2);
    // Recompute from the parts the formula names.
    const lnScale = (v: number, max: number) => Math.log1p(v) / Math.log1p(max);
    // compound: 8 messages, u6 wrote twice (counted twice: the cap is 2) → 8; road: r1 ×2, r3 ×2, r2 → 5.
    expect(c!.parts.count).toBeCloseTo(1);
    expect(r!.parts.count).toBeCloseTo(lnScale(5, 8));
    expect(r!.parts.citizens).toBeCloseTo(lnScale(3, 7));
    expect(c!.parts.concentration).toBeCloseTo(1 / (1 + 6 / 30));
    expect(r!.parts.concentration).toBeCloseTo(1 / (1 + 21 / 30));
    expect(c!.parts.votes).toBe(1);
    expect(r!.parts.votes).toBe(0);
    // window 06-01 … 06-25, middle 06-13 00:00 (Beijing): compound has 3 of 8 after it (13th, 15th, 16th), the road 3 of 5.
    expect(c!.parts.growth).toBeCloseTo(3 / 8);
    expect(r!.parts.growth).toBeCloseTo(3 / 5);
    for (const h of hotspots) {
      const p = h.parts;
      const heat = 100 * (HEAT_WEIGHTS.count * p.count + HEAT_WEIGHTS.citizens * p.citizens + HEAT_WEIGHTS.concentration * p.concentration
        + HEAT_WEIGHTS.growth * p.growth + HEAT_WEIGHTS.votes * p.votes);
      expect(h.heat).toBeCloseTo(heat, 1);
      expect(h.heat).toBeGreaterThan(0);
      expect(h.heat).toBeLessThanOrEqual(100);
    }
  });

  it('counts one writer\'s repeats at most twice: a flood by one person is not a hot issue', () => {
    const flood = Array.from({ length: 10 }, (_, i) => msg(`青柳花园小区物业停车费问题第${i + 1}次反映`, '青柳花园小区物业停车费不合理。', 10 + (i % 5), 'same'));
    const [one] = findHotspots(tokenizer, [...flood, ...noise]);
    const [many] = findHotspots(tokenizer, [...compound, ...noise]);
    expect(one!.size).toBe(10);
    expect(one!.citizens).toBe(1);
    // Alone, each is its own maximum; on one board, the 7-citizen issue is hotter than the 1-citizen flood.
    const both = findHotspots(tokenizer, [...flood.map((m) => ({ ...m, title: m.title.replace('青柳花园', '白鹭湾') , text: m.text.replace('青柳花园', '白鹭湾') })), ...compound, ...noise]);
    expect(both).toHaveLength(2);
    expect(both[0]!.place).toContain('青柳花园小区');
    expect(many!.citizens).toBe(7);
  });

  it('prefers a place the caller knows (a ticket\'s address) and returns nothing for an empty board', () => {
    expect(clusterPlace(compound.map((m) => ({ ...m, place: '青阳区青柳街道' })))).toBe('青阳区青柳街道');
    expect(findHotspots(tokenizer, [])).toEqual([]);
    expect(findHotspots(tokenizer, noise)).toEqual([]);
  });
});

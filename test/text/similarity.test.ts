// The pure similarity pieces the duplicate finder and the repeat rule stand on (src/text/similarity.ts).
import { describe, expect, it } from 'vitest';
import { bagOf, boxAround, cosine, distanceMetres, jaccard, normalizeAddress, samePlace } from '../../src/text/similarity.js';

describe('text similarity', () => {
  it('cosine and Jaccard: 1 for the same words, 0 for none shared or an empty text, between for some', () => {
    const a = bagOf(['工地', '夜间', '施工噪音', '打桩']);
    expect(cosine(a, a)).toBeCloseTo(1);
    expect(jaccard(a, a)).toBe(1);
    expect(cosine(a, bagOf(['社保卡', '补办']))).toBe(0);
    expect(cosine(a, bagOf([]))).toBe(0);
    const b = bagOf(['工地', '夜间', '施工噪音', '睡不着']);
    expect(cosine(a, b)).toBeCloseTo(0.75);
    expect(jaccard(a, b)).toBeCloseTo(3 / 5);
  });

  it('damps a word repeated in one text', () => {
    const once = bagOf(['噪音', '工地']);
    const many = bagOf(['噪音', '噪音', '噪音', '噪音', '工地']);
    const plain = 4 / Math.sqrt(2 * 17); // cosine of raw counts
    expect(cosine(once, many)).toBeGreaterThan(plain);
  });
});

describe('addresses', () => {
  it('drops the province, city and district a caller may or may not say, and spaces and punctuation', () => {
    expect(normalizeAddress('青澜市青江区滨江路88号 幸福小区')).toBe('滨江路88号幸福小区');
    expect(normalizeAddress('浙江省杭州市西湖区文三路１２号')).toBe('文三路12号');
    // 小区 is not a district: nothing after it would be left.
    expect(normalizeAddress('幸福小区')).toBe('幸福小区');
  });

  it('same place: equal once normalised, or one within the other (5 characters at least)', () => {
    expect(samePlace('青澜市青江区建设路200号', '建设路200号')).toBe(true);
    expect(samePlace('滨江路12号', '滨江路12号3栋')).toBe(true);
    expect(samePlace('滨江路12号', '滨江路14号')).toBe(false);
    expect(samePlace('1号', '青江区1号楼')).toBe(false);
  });

  it('distance in metres, and a box that holds every point within it', () => {
    const d = distanceMetres(120.2, 30.25, 120.2005, 30.2502);
    expect(d).toBeGreaterThan(45);
    expect(d).toBeLessThan(55);
    const { dLng, dLat } = boxAround(120.2, 30.25, 100);
    expect(distanceMetres(120.2, 30.25, 120.2, 30.25 + dLat)).toBeCloseTo(100, 0);
    expect(distanceMetres(120.2, 30.25, 120.2 + dLng, 30.25)).toBeCloseTo(100, 0);
  });
});

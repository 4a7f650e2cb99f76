// The reviewer sees the server's reply-quality scores (issue 5 §6) in a real browser: in the review
// queue a weak reply's row shows 疑似敷衍 and a good one's does not; beside the list and in the review
// form the three scores (相关性/完整性/解释性) are bars with percentages, and the flags are warnings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, flattenUnits, launch, shot, signIn, type Api, type Browsing, type UnitNode } from './support.js';

let b: Browsing;
let operator: Api;
let dispatcher: Api;
let handler: Api;
let d01: number;

beforeAll(async () => {
  b = await launch();
  [operator, dispatcher, handler] = await Promise.all([apiAs(b, 'operator1'), apiAs(b, 'dispatcher1'), apiAs(b, 'h_d01')]);
  const { tree } = await dispatcher.get<{ tree: UnitNode[] }>('/api/units');
  d01 = flattenUnits(tree).find((u) => u.code === 'D01')!.id;
});

afterAll(async () => {
  await Promise.all([operator, dispatcher, handler].map((a) => a?.close()));
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

interface Replied {
  id: number;
  number: string;
  assignments: { replyQuality: { relevance: number; completeness: number; explanation: number; perfunctory: boolean; flags: { code: string }[] } | null }[];
}

async function replied(title: string, content: string, reply: Record<string, unknown>): Promise<Replied> {
  const t = await operator.post<{ id: number }>('/api/tickets', {
    channel: 'phone', type: 'complaint', title, content, citizen: { name: '王芳', phone: '13700002222' }, location: { address: '青江区滨江路12号' },
  }, 201);
  await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d01 });
  await handler.post(`/api/tickets/${t.id}/sign`);
  return handler.post<Replied>(`/api/tickets/${t.id}/reply`, reply);
}

describe('reply quality in the review screen', () => {
  it('shows the scores as bars and the flags as warnings, from the server', async () => {
    const tag = `质量${Date.now().toString(36)}`;
    const content = '滨江路12号工地每天晚上十一点以后还在施工，噪音很大，影响休息。';
    const weak = await replied(`${tag} 滨江路工地夜间施工噪音`, content, { result: '正在办理中。', contacted: false });
    const good = await replied(`${tag} 滨江路工地夜间施工扰民`, content, {
      result: '经现场核查，滨江路12号工地因赶工期夜间施工。区城管执法局已于5月8日责令施工单位22时后停止施工，并依据《环境噪声污染防治法》处以2万元罚款，工地已停止夜间作业，我局将持续巡查。',
      measures: '执法人员现场检查，下达整改通知书', contacted: true,
    });
    const weakQ = weak.assignments[0]!.replyQuality!;
    const goodQ = good.assignments[0]!.replyQuality!;
    expect(weakQ.perfunctory).toBe(true);
    expect(goodQ.perfunctory).toBe(false);

    const { context, page } = await b.newPage();
    await signIn(page, 'reviewer1');
    await page.goto('/review');
    await page.getByTestId('review-queue-table').waitFor();
    const box = page.getByTestId('review-queue-search').locator('input');
    await box.fill(tag);
    await box.press('Enter');
    const rows = page.locator('[data-testid=review-queue-table] tr[data-ticket-id]');
    await expect.poll(() => rows.count()).toBe(2);

    // The queue: one small cell per row, 疑似敷衍 on the weak reply only (its other flags are in the tooltip).
    const cell = (id: number) => page.locator(`[data-testid=review-queue-table] tr[data-ticket-id="${id}"] [data-testid=reply-quality-cell]`);
    expect(await cell(weak.id).getAttribute('data-perfunctory')).toBe('true');
    expect(await cell(weak.id).textContent()).toContain('疑似敷衍');
    expect(await cell(good.id).getAttribute('data-perfunctory')).toBe('false');
    expect(await cell(good.id).textContent()).not.toContain('疑似敷衍');

    // Beside the list: the selected reply with its three bars and flags.
    await page.locator(`[data-testid=review-queue-table] tr[data-ticket-id="${weak.id}"] td`).nth(1).click();
    const panel = page.locator(`[data-testid=ticket-panel][data-ticket-id="${weak.id}"]`);
    const quality = panel.getByTestId('reply-quality');
    await quality.waitFor();
    expect(await quality.getAttribute('data-scored')).toBe('true');
    for (const [key, label] of [['relevance', '相关性'], ['completeness', '完整性'], ['explanation', '解释性']] as const) {
      const bar = quality.getByTestId(`reply-quality-${key}`);
      expect(await bar.textContent()).toContain(label);
      expect(await bar.textContent()).toContain(`${Math.round(weakQ[key] * 100)}%`);
    }
    const tags = await quality.getByTestId('reply-quality-flags').locator('[data-flag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')));
    expect(tags[0]).toBe('perfunctory');
    expect(tags).toEqual(expect.arrayContaining(['in_progress', 'no_contact']));
    await page.mouse.move(700, 700);
    await shot(page, 'reply-quality-queue');

    // The review form: the bars, and the flags as the warning list (the server's, not a rule of the screen's).
    await page.keyboard.press('Enter');
    const form = page.getByTestId('action-form-review');
    await form.waitFor();
    const warnings = await form.getByTestId('review-warnings').textContent();
    expect(warnings).toContain('疑似敷衍');
    expect(warnings).toContain('过程性答复：仅称正在办理');
    expect(warnings).toContain('未联系诉求人');
    expect(await form.getByTestId('reply-quality').getByTestId('reply-quality-completeness').textContent()).toContain(`${Math.round(weakQ.completeness * 100)}%`);
    await shot(page, 'reply-quality-review-form');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    // The good reply: high bars, no warning.
    await page.locator(`[data-testid=review-queue-table] tr[data-ticket-id="${good.id}"] td`).nth(1).click();
    const goodPanel = page.locator(`[data-testid=ticket-panel][data-ticket-id="${good.id}"]`);
    await goodPanel.getByTestId('reply-quality').waitFor();
    expect(await goodPanel.getByTestId('reply-quality-flags').count()).toBe(0);
    await page.keyboard.press('Enter');
    const form2 = page.getByTestId('action-form-review');
    await form2.waitFor();
    expect(await form2.getByTestId('review-warnings').count()).toBe(0);
    expect(await form2.getByTestId('reply-quality-completeness').textContent()).toContain(`${Math.round(goodQ.completeness * 100)}%`);
    await shot(page, 'reply-quality-good');
    await context.close();
  });
});

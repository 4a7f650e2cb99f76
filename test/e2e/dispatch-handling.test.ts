// The dispatcher's screen (/dispatch) and the unit workbench (/handling) in a real browser against
// the real server on the demo city (test/support/global-e2e.ts). Tickets are made through the API
// by each test itself; the work on them is done on screen. Screenshots go to test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, flattenUnits, launch, login, openInQueue, pickUnit, PNG, queueRow, shot, type Api, type Browsing, type UnitNode } from './support.js';

/** Marks this run's tickets, so a search finds them among the demo city's history. */
const RUN = Date.now().toString(36).toUpperCase();

let b: Browsing;

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

interface SubjectNode {
  id: number;
  name: string;
  children?: SubjectNode[];
}
interface Assignment {
  id: number;
  unitId: number;
  role: string;
  state: string;
  pending: string | null;
  replyDeadline: string;
  replyResult: string | null;
  contacted: boolean | null;
}
interface TicketView {
  id: number;
  number: string;
  state: string;
  title: string;
  content: string;
  version: number;
  mergedIntoId: number | null;
  splitFromId: number | null;
  assignments: Assignment[];
  proposal?: { primaryUnitId: number; assistingUnitIds: number[]; ruleId: number | null; reason: string } | null;
  attachments?: { id: number; fileName: string; assignmentId: number | null }[];
  related?: { id: number; number: string; relation: string }[];
}

let units: UnitNode[] = [];
let subjects: SubjectNode[] = [];
let operator: Api;
let dispatcher: Api;

beforeAll(async () => {
  b = await launch();
  operator = await apiAs(b, 'operator1');
  dispatcher = await apiAs(b, 'dispatcher1');
  units = flattenUnits((await dispatcher.get<{ tree: UnitNode[] }>('/api/units')).tree);
  subjects = (await dispatcher.get<{ tree: SubjectNode[] }>('/api/catalogue/subjects')).tree;
});

afterAll(async () => {
  await operator?.close();
  await dispatcher?.close();
  await b?.close();
});

const unit = (code: string): UnitNode => {
  const u = units.find((x) => x.code === code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
};
const handlerOf = (unitId: number): string => `h_${units.find((u) => u.id === unitId)!.code!.toLowerCase()}`;

function subjectId(path: string[]): number {
  let level = subjects;
  let found: SubjectNode | undefined;
  for (const name of path) {
    found = level.find((s) => s.name === name);
    if (!found) throw new Error(`no subject ${path.join('/')}`);
    level = found.children ?? [];
  }
  return found!.id;
}

let serial = 0;
/** A new ticket in the dispatch queue, through the operator's intake. */
async function intake(extra: Record<string, unknown> = {}): Promise<TicketView> {
  serial += 1;
  return operator.post<TicketView>('/api/tickets', {
    channel: 'phone', type: 'complaint',
    content: `E2E-${RUN}-${serial} 小区旁工地夜间施工，噪音很大，影响休息，希望有关部门尽快处理。`,
    citizen: { name: '林女士', phone: '13900001111' }, location: { address: '青澜市滨河路18号' }, ...extra,
  }, 201);
}

const ticket = (id: number) => dispatcher.get<TicketView>(`/api/tickets/${id}`);

// ── dispatcher ────────────────────────────────────────────────────────────────────────────────

describe('dispatcher 派单', () => {
  it('dispatches a ticket by the catalogue\'s proposal with one key (F8)', async () => {
    const t = await intake({ subjectId: subjectId(['城市管理', '噪音', '施工噪音']) });
    const detail = await ticket(t.id);
    expect(detail.proposal, 'the demo catalogue routes 施工噪音').toBeTruthy();
    const proposed = units.find((u) => u.id === detail.proposal!.primaryUnitId)!;

    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    // The whole queue first, with this ticket beside it.
    await page.goto(`/dispatch?id=${t.id}`);
    await page.getByTestId('dispatch-table').locator('tr[data-ticket-id]').first().waitFor();
    const panel = page.getByTestId('ticket-panel');
    await panel.getByTestId('proposal').waitFor();
    // The tab counts arrive on their own requests, after the rows.
    await expect.poll(async () => Number(await page.getByTestId('tab-queue').getAttribute('data-count'))).toBeGreaterThan(0);
    await shot(page, 'dispatch-queue');

    // Then by keyboard: find it, Enter on its row, F8.
    await openInQueue(page, '/dispatch', 'dispatch-table', t.number);
    const proposal = panel.getByTestId('proposal');
    expect(await proposal.textContent()).toContain('目录规则：');
    // Unit names arrive with the unit tree, which may come after the ticket: until then "单位 #id".
    await expect.poll(() => panel.getByTestId('proposal-primary').textContent()).toBe(proposed.name);
    // The form is preselected with the proposal.
    await expect.poll(() => panel.getByTestId('dispatch-form').locator('.ant-select-content, .ant-select-selection-item').first().textContent()).toContain(proposed.name);
    expect(await panel.getByTestId('dispatch-by-proposal').textContent()).toContain('F8');
    await page.keyboard.press('F8');
    await page.getByText(`工单 ${t.number} 已派单`).waitFor();
    await expect.poll(async () => (await ticket(t.id)).state, { timeout: 10_000 }).toBe('assigned');
    const after = await ticket(t.id);
    expect(after.assignments.map((a) => [a.unitId, a.role])).toEqual([
      [detail.proposal!.primaryUnitId, 'primary'], ...detail.proposal!.assistingUnitIds.map((id) => [id, 'assisting']),
    ]);
    // Out of the queue: the search for it finds nothing to dispatch any more.
    await page.goto(`/dispatch?q=${t.number}`);
    await page.getByTestId('dispatch-table').getByText(`没有符合“${t.number}”的工单`).waitFor();
    await context.close();
  });

  it('an unclassified ticket has no proposal: the dispatcher picks a primary and an assisting unit', async () => {
    const t = await intake({ content: `E2E-${RUN}-manual 路口的路灯连续一周不亮，夜间行人很不安全。` });
    const primary = unit('D01');
    const assisting = units.find((u) => u.code === 'DEPT_URBAN') ?? unit('D02');
    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const panel = await openInQueue(page, '/dispatch', 'dispatch-table', t.number);
    const form = panel.getByTestId('dispatch-form');
    await form.getByTestId('no-proposal').waitFor();
    expect(await form.getByTestId('no-proposal').textContent()).toContain('工单尚未分类');

    // Submitting without a primary unit: the server's field error under the input.
    await form.getByTestId('action-submit').click();
    await form.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await form.locator('.ant-form-item-explain-error').first().textContent()).toBe('必填');

    await pickUnit(page, form, 'primaryUnitId', primary);
    await pickUnit(page, form, 'assistingUnitIds', assisting);
    await page.keyboard.press('Escape');
    await form.getByLabel('派单说明').fill('请属地牵头，城管配合检修路灯。');
    await shot(page, 'dispatch-form');
    await form.getByLabel('派单说明').press('Control+Enter');
    await page.getByText(`工单 ${t.number} 已派单`).waitFor();
    const after = await ticket(t.id);
    expect(after.state).toBe('assigned');
    expect(after.assignments.map((a) => [a.unitId, a.role])).toEqual([[primary.id, 'primary'], [assisting.id, 'assisting']]);
    await context.close();
  });

  it('splits a ticket with two matters into two tickets', async () => {
    const t = await intake({ content: `E2E-${RUN}-split 一是小区门口的井盖破损；二是楼下餐馆油烟直排。` });
    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const panel = await openInQueue(page, '/dispatch', 'dispatch-table', t.number);
    await panel.getByTestId('action-split').click();
    const form = page.getByTestId('split-form');
    await form.waitFor();
    expect(await form.getByTestId('split-part').count()).toBe(2);
    await form.getByTestId('split-content-0').fill(`E2E-${RUN}-split 小区门口的井盖破损，存在安全隐患。`);
    await form.getByTestId('split-content-1').fill(`E2E-${RUN}-split2 楼下餐馆油烟直排，气味很大。`);
    await form.getByTestId('action-submit').click();
    await page.getByText('已拆出新工单').waitFor();
    const found = await dispatcher.get<{ items: TicketView[] }>(`/api/tickets?q=${encodeURIComponent(`E2E-${RUN}-split2`)}`);
    expect(found.items).toHaveLength(1);
    expect(found.items[0]!.splitFromId).toBe(t.id);
    expect(found.items[0]!.state).toBe('dispatching');
    expect((await ticket(t.id)).content).toContain('井盖破损');
    await context.close();
  });

  it('merges a duplicate into its master, which takes it out of the queue', async () => {
    const title = `E2E${RUN} 滨河路路灯不亮`;
    const master = await intake({ title, content: `E2E-${RUN}-m1 滨河路路灯不亮已经三天。` });
    const dup = await intake({ title, content: `E2E-${RUN}-m2 滨河路路灯还是不亮，再次反映。` });
    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const panel = await openInQueue(page, '/dispatch', 'dispatch-table', dup.number);
    await panel.getByTestId('action-merge').click();
    const form = page.getByTestId('merge-form');
    // The candidates start from the same title: the master is among them.
    const candidate = form.locator(`tr[data-number="${master.number}"]`);
    await candidate.waitFor();
    expect(await form.locator(`tr[data-number="${dup.number}"]`).count()).toBe(0);
    await candidate.click();
    await form.getByTestId('action-submit').click();
    await page.getByText(`工单 ${dup.number} 已并入主工单`).waitFor();
    const after = await ticket(dup.id);
    expect(after.state).toBe('merged');
    expect(after.mergedIntoId).toBe(master.id);
    expect((await ticket(master.id)).related?.map((r) => r.id)).toContain(dup.id);
    await page.goto(`/dispatch?q=${dup.number}`);
    await page.getByTestId('dispatch-table').getByText(`没有符合“${dup.number}”的工单`).waitFor();
    await context.close();
  });
});

// ── requests between the unit and the dispatcher ─────────────────────────────────────────────

describe('return and extension requests', () => {
  it('a unit asks to return a ticket; the dispatcher approves and it is back in 待派单', async () => {
    const t = await intake();
    const d02 = unit('D02');
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d02.id });

    const unitSide = await b.newPage();
    await login(unitSide.page, handlerOf(d02.id));
    const panel = await openInQueue(unitSide.page, '/handling?tab=assigned', 'handling-table', t.number);
    await panel.getByTestId('action-request-return').click();
    const form = unitSide.page.getByTestId('request-return-form');
    await form.waitFor();
    // The focus is in the reason: type, then Ctrl+Enter.
    await unitSide.page.keyboard.type('该路段属于开发区管委会管辖，不属于本区职责。');
    await unitSide.page.keyboard.press('Control+Enter');
    await unitSide.page.getByText('退单申请已提交').waitFor();
    await unitSide.context.close();
    expect((await ticket(t.id)).assignments[0]!.pending).toBe('return');

    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    await page.goto('/dispatch?tab=return');
    await expect.poll(async () => Number(await page.getByTestId('tab-return').getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const side = await openInQueue(page, '/dispatch?tab=return', 'dispatch-table', t.number);
    const decide = side.getByTestId('decide-return-form');
    expect(await decide.getByTestId('pending-reason').textContent()).toBe('该路段属于开发区管委会管辖，不属于本区职责。');
    expect(await decide.getByTestId('decide-effect').textContent()).toContain('退回“待派单”');
    await shot(page, 'dispatch-decide-return');
    await decide.getByTestId('action-submit').click();
    await page.getByText('已审批退单申请').waitFor();
    await expect.poll(async () => (await ticket(t.id)).state, { timeout: 10_000 }).toBe('dispatching');
    expect((await ticket(t.id)).assignments[0]!.state).toBe('returned');
    // Back in the dispatch queue, on screen.
    await page.getByTestId('tab-queue').click();
    await page.getByTestId('queue-search').locator('input').fill(t.number);
    await page.getByTestId('queue-search').locator('input').press('Enter');
    await queueRow(page, 'dispatch-table', t.number).waitFor();
    await context.close();
  });

  it('a refusal needs a reason: the server\'s error shows under it', async () => {
    const t = await intake();
    const d05 = unit('D05');
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d05.id });
    const h = await apiAs(b, handlerOf(d05.id));
    await h.post(`/api/tickets/${t.id}/request-return`, { reason: '不属于本单位职责。' });
    await h.close();
    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const side = await openInQueue(page, '/dispatch?tab=return', 'dispatch-table', t.number);
    const decide = side.getByTestId('decide-return-form');
    await decide.getByText('驳回，继续办理').click();
    await decide.getByTestId('action-submit').click();
    const error = decide.locator('.ant-form-item:has([data-testid="decide-reason"]) .ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('请填写理由');
    expect((await ticket(t.id)).assignments[0]!.pending).toBe('return');
    await context.close();
  });

  it('a unit asks for an extension; approved, its reply deadline moves', async () => {
    const t = await intake();
    const d04 = unit('D04');
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d04.id });
    const h = await apiAs(b, handlerOf(d04.id));
    await h.post(`/api/tickets/${t.id}/sign`, {});
    await h.close();
    const before = (await ticket(t.id)).assignments[0]!.replyDeadline;

    const unitSide = await b.newPage();
    await login(unitSide.page, handlerOf(d04.id));
    const panel = await openInQueue(unitSide.page, '/handling?tab=handling', 'handling-table', t.number);
    await panel.getByTestId('action-request-extension').click();
    const form = unitSide.page.getByTestId('request-extension-form');
    await form.locator('#days').fill('3');
    await form.getByLabel('延期理由').fill('需等待第三方检测报告，预计一周内出具。');
    await form.getByLabel('延期理由').press('Control+Enter');
    await unitSide.page.getByText('延期申请已提交').waitFor();
    await unitSide.context.close();

    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const side = await openInQueue(page, '/dispatch?tab=extension', 'dispatch-table', t.number);
    const decide = side.getByTestId('decide-extension-form');
    expect(await decide.getByTestId('pending-request').textContent()).toContain('3 个工作日');
    expect(await decide.locator('#days').inputValue()).toBe('3');
    await decide.getByTestId('action-submit').click();
    await page.getByText('已审批延期申请').waitFor();
    const after = (await ticket(t.id)).assignments[0]!;
    expect(after.pending).toBeNull();
    expect(new Date(after.replyDeadline).getTime()).toBeGreaterThan(new Date(before).getTime());
    await context.close();
  });
});

// ── unit workbench ────────────────────────────────────────────────────────────────────────────

describe('unit workbench 承办', () => {
  it('the primary signs from the row, sees the assisting unit\'s reply, and replies with a file', async () => {
    const t = await intake({ content: `E2E-${RUN}-reply 滨河路18号门前人行道井盖缺失，请尽快修复。` });
    const d01 = unit('D01');
    const helper = units.find((u) => u.code === 'DEPT_URBAN') ?? unit('D06');
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d01.id, assistingUnitIds: [helper.id] });

    const { context, page } = await b.newPage();
    await login(page, 'h_d01');
    await page.goto(`/handling?tab=assigned&q=${t.number}`);
    const r = queueRow(page, 'handling-table', t.number);
    await r.waitFor();
    // The unit's own sign deadline, green: just dispatched.
    expect(await r.getByTestId('deadline').getAttribute('data-level')).toBe('0');
    expect(await r.getByTestId('deadline').textContent()).toMatch(/^剩 /);
    await page.goto('/handling?tab=assigned');
    await page.getByTestId('handling-table').locator('tr[data-ticket-id]').first().waitFor();
    await shot(page, 'handling-tabs');
    await page.goto(`/handling?tab=assigned&q=${t.number}`);
    await queueRow(page, 'handling-table', t.number).getByTestId('quick-sign').click();
    await page.getByText(`已签收 ${t.number}`).waitFor();
    expect((await ticket(t.id)).state).toBe('handling');

    // The assisting unit replies to the primary (through the API here).
    const h = await apiAs(b, handlerOf(helper.id));
    await h.post(`/api/tickets/${t.id}/sign`, {});
    await h.post(`/api/tickets/${t.id}/reply`, { result: '协办：已安排检修队明日上午到场更换井盖。', contacted: true });
    await h.close();

    const panel = await openInQueue(page, '/handling?tab=handling', 'handling-table', t.number);
    await panel.getByTestId('own-work').getByTestId('action-reply').click();
    const form = page.getByTestId('reply-form');
    await form.waitFor();
    expect(await form.getByTestId('assisting-replies').textContent()).toContain('已安排检修队明日上午到场更换井盖');

    // A file of the wrong type: the server's refusal under the field.
    const input = form.locator('[data-testid="reply-files"] input[type=file]');
    await input.setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) });
    await form.getByTestId('reply-files').locator('.ant-form-item-explain-error').waitFor();
    expect(await form.getByTestId('reply-files').locator('.ant-form-item-explain-error').textContent()).toContain('不支持的文件类型');
    // A photo: uploaded at once, linked to the primary's assignment.
    await input.setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await form.locator('.ant-upload-list-item-done').filter({ hasText: '现场照片.png' }).waitFor();

    // An empty result: the server's field error under it.
    await form.getByText('已联系', { exact: true }).click();
    await form.getByTestId('action-submit').click();
    const resultError = form.locator('.ant-form-item:has([data-testid="reply-result"]) .ant-form-item-explain-error');
    await resultError.waitFor();
    expect(await resultError.textContent()).toBe('不能为空');

    await form.getByTestId('reply-result').fill('已于今日更换井盖并恢复人行道通行，已电话告知诉求人。');
    await form.getByLabel('办理措施').fill('现场核查，协调市政检修队更换井盖。');
    await shot(page, 'handling-reply');
    await form.getByTestId('action-submit').click();
    await page.getByText(`已提交 ${t.number} 的办理反馈`).waitFor();
    const after = await ticket(t.id);
    expect(after.state).toBe('replied');
    const primaryA = after.assignments.find((a) => a.role === 'primary')!;
    expect(primaryA.replyResult).toBe('已于今日更换井盖并恢复人行道通行，已电话告知诉求人。');
    expect(primaryA.contacted).toBe(true);
    expect(after.attachments?.map((a) => [a.fileName, a.assignmentId])).toEqual([['现场照片.png', primaryA.id]]);
    await context.close();
  }, 120_000);

  it('a district re-dispatches to one of its streets, which then has it to sign', async () => {
    const t = await intake();
    const d01 = unit('D01');
    const street = d01.children!.find((c) => c.kind === 'street')!;
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d01.id });
    const h = await apiAs(b, 'h_d01');
    await h.post(`/api/tickets/${t.id}/sign`, {});
    await h.close();

    const { context, page } = await b.newPage();
    await login(page, 'h_d01');
    const panel = await openInQueue(page, '/handling?tab=handling', 'handling-table', t.number);
    await panel.getByTestId('own-work').getByTestId('action-redispatch').click();
    const form = page.getByTestId('redispatch-form');
    await pickUnit(page, form, 'unitId', street);
    await form.getByLabel('转派说明').fill('请街道核实处理。');
    await form.getByLabel('转派说明').press('Control+Enter');
    await page.getByText('已转派下级单位').waitFor();
    const child = (await ticket(t.id)).assignments.find((a) => a.unitId === street.id);
    expect(child?.state).toBe('assigned');
    await context.close();

    const streetSide = await b.newPage();
    await login(streetSide.page, handlerOf(street.id));
    await streetSide.page.goto(`/handling?tab=assigned&q=${t.number}`);
    await queueRow(streetSide.page, 'handling-table', t.number).getByTestId('quick-sign').waitFor();
    await streetSide.context.close();
  });

  it('a unit asks to suspend; the dispatcher approves in 挂起申请 and the clocks stop', async () => {
    const t = await intake();
    const d06 = unit('D06');
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d06.id });
    const h = await apiAs(b, handlerOf(d06.id));
    await h.post(`/api/tickets/${t.id}/sign`, {});
    await h.close();

    const unitSide = await b.newPage();
    await login(unitSide.page, handlerOf(d06.id));
    const panel = await openInQueue(unitSide.page, '/handling?tab=handling', 'handling-table', t.number);
    await panel.getByTestId('action-suspend').click();
    const form = unitSide.page.getByTestId('suspend-form');
    await form.waitFor();
    await unitSide.page.keyboard.type('等待诉求人补充施工单位信息。');
    await unitSide.page.keyboard.press('Control+Enter');
    await unitSide.page.getByText('挂起申请已提交').waitFor();
    await unitSide.context.close();

    const { context, page } = await b.newPage();
    await login(page, 'dispatcher1');
    const side = await openInQueue(page, '/dispatch?tab=suspend', 'dispatch-table', t.number);
    const decide = side.getByTestId('suspend-form');
    expect(await decide.getByTestId('pending-reason').textContent()).toBe('等待诉求人补充施工单位信息。');
    await decide.getByTestId('action-submit').click();
    await page.getByText('已审批挂起申请').waitFor();
    expect((await ticket(t.id)).state).toBe('suspended');
    await context.close();
  });

  it('已超期 lists the unit\'s overdue tickets with their deadlines in red', async () => {
    // The history has overdue tickets: the district with the most of them.
    const overdue = await dispatcher.get<{ total: number; items: TicketView[] }>('/api/tickets?overdue=any&pageSize=200');
    expect(overdue.total).toBeGreaterThan(0);
    const districts = units.filter((u) => u.kind === 'district');
    const byDistrict = new Map<number, number>();
    for (const t of overdue.items) {
      for (const a of t.assignments) {
        const d = districts.find((x) => x.id === a.unitId || flattenUnits(x.children ?? []).some((c) => c.id === a.unitId));
        if (d && (a.state === 'assigned' || a.state === 'handling')) byDistrict.set(d.id, (byDistrict.get(d.id) ?? 0) + 1);
      }
    }
    const [districtId] = [...byDistrict].sort((a, b) => b[1] - a[1])[0]!;
    const { context, page } = await b.newPage();
    await login(page, handlerOf(districtId));
    await page.goto('/handling?tab=overdue');
    const rows = page.getByTestId('handling-table').locator('tr[data-ticket-id]');
    await rows.first().waitFor();
    // The tab counts arrive on their own requests, after the rows.
    await expect.poll(async () => Number(await page.getByTestId('tab-overdue').getAttribute('data-count'))).toBeGreaterThan(0);
    const levels = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="deadline"]')?.getAttribute('data-level') ?? null));
    expect(levels.filter((l) => l === '2').length).toBeGreaterThan(0);
    await shot(page, 'handling-overdue');
    await context.close();
  });
});

describe('no page errors', () => {
  it('raised no uncaught error in any page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});

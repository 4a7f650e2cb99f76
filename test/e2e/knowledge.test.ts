// 知识库 in a real browser: a unit's handler writes an article and submits it, the hotline office's
// reviewer publishes it, the operator finds it at intake and answers from it (引用), the ticket page
// names the article; a citizen asks on /h5/ask on a phone, sees the answer with its source, and hands
// over to the submit page with the question filled in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, freshPhone, launch, login, shot, type Api, type Browsing } from './support.js';

let b: Browsing;
let operator: Api;
// A made-up matter, so the demo city's own articles and earlier tests never interfere.
const STAMP = String(Date.now()).slice(-5);
const TITLE = `鹭鸣洲渡口${STAMP}号轮渡停航怎么办`;
const BODY = '鹭鸣洲渡口因大风停航时，渡运公司在渡口和“青澜出行”公众号发布停航公告，恢复通航前不售票；已购船票可在七日内到售票窗口全额退票。停航期间可乘坐 88 路公交绕行滨江大桥。';
let articleId = 0;

beforeAll(async () => {
  b = await launch();
  operator = await apiAs(b, 'operator1');
});

afterAll(async () => {
  await operator?.close();
  await b?.close();
});

describe('writing, reviewing, answering from an article', () => {
  it('a handler writes and submits; a reviewer publishes', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'h_d01');
    await page.getByTestId('main-menu').getByText('知识库').click();
    await page.getByTestId('knowledge-page').waitFor();
    await page.getByTestId('article-new').click();
    await page.getByTestId('article-form').waitFor();
    // Submitting without a body: the form says what is missing.
    await page.locator('#article-title').fill(TITLE);
    await page.getByTestId('article-submit').click();
    await expect.poll(() => page.locator('.ant-form-item:has(#article-body) .ant-form-item-explain').textContent()).toContain('请填写正文');
    await page.locator('#article-keywords').fill('轮渡停航');
    await page.keyboard.press('Enter');
    await page.locator('#article-body').fill(BODY);
    await shot(page, 'knowledge-editor');
    await page.getByTestId('article-submit').click();
    await page.getByText('已提交审核').waitFor();
    await context.close();

    const { items } = await operator.get<{ items: { id: number; title: string; status: string }[] }>(`/api/knowledge/articles?q=${encodeURIComponent(TITLE)}`);
    // Submitted, not live: the hotline office (the whole city is its subtree) sees it waiting.
    expect(items.find((i) => i.title === TITLE)?.status).toBe('submitted');

    const rev = await b.newPage();
    await login(rev.page, 'reviewer1');
    await rev.page.goto('/knowledge?tab=review');
    const row = rev.page.getByTestId('knowledge-review-table').getByText(TITLE);
    await row.waitFor();
    await row.click();
    await rev.page.getByTestId('article-drawer').waitFor();
    await shot(rev.page, 'knowledge-review');
    await rev.page.getByTestId('article-approve').click();
    await rev.page.getByText('已审核通过并发布').waitFor();
    await rev.context.close();

    const found = await operator.get<{ items: { id: number; title: string; status: string }[] }>(`/api/knowledge/articles?q=${encodeURIComponent(TITLE)}`);
    const live = found.items.find((i) => i.title === TITLE)!;
    expect(live.status).toBe('published');
    articleId = live.id;
  });

  it('the operator finds it at intake, quotes it, answers with Alt+D; the ticket page names the article', async () => {
    expect(articleId).toBeGreaterThan(0);
    const { context, page } = await b.newPage();
    await login(page, 'operator1');
    await page.getByTestId('main-menu').getByText('受理').click();
    await page.getByTestId('intake-form').waitFor();
    await page.keyboard.type(freshPhone());
    await page.getByTestId('caller-none').waitFor();
    await page.locator('#content').fill(`请问鹭鸣洲渡口${STAMP}号轮渡停航了，船票能退吗？`);
    await page.locator('.ant-form-item:has(#type)').getByText('咨询', { exact: true }).click();
    const hit = page.getByTestId('knowledge-articles').locator(`[data-article-id="${articleId}"]`);
    await hit.waitFor();
    expect(await hit.textContent()).toContain('知识库');
    await shot(page, 'knowledge-intake');
    await hit.getByRole('button', { name: /引用/ }).click();
    expect(await page.locator('#answer').inputValue()).toBe(BODY);
    await page.keyboard.press('Alt+KeyD');
    await page.getByTestId('intake-number').waitFor();
    const ticketNumber = (await page.getByTestId('intake-number').getAttribute('data-number'))!;
    const { items } = await operator.get<{ items: { id: number; knowledgeArticleId: number | null }[] }>(`/api/tickets?q=${ticketNumber}`);
    expect(items[0]!.knowledgeArticleId).toBe(articleId);

    await page.goto(`/tickets/${items[0]!.id}`);
    const source = page.getByTestId('answer-article');
    await expect.poll(() => source.textContent(), { timeout: 10_000 }).toContain(`依据知识库文章《${TITLE}》`);
    await shot(page, 'knowledge-ticket');
    // The article counts the citation.
    const article = await operator.get<{ citations: number }>(`/api/knowledge/articles/${articleId}`);
    expect(article.citations).toBe(1);
    await context.close();
  });
});

describe('a citizen asks', () => {
  it('asks on a phone, sees the answer and its source, then hands over to the submit page with the question', async () => {
    expect(articleId).toBeGreaterThan(0);
    const { context, page } = await b.newPage({ width: 390, height: 844 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.goto('/h5');
    await page.getByTestId('h5-entry-ask').tap();
    await page.getByTestId('h5-ask').waitFor();
    const question = `鹭鸣洲渡口${STAMP}号轮渡停航了船票怎么退`;
    await page.locator('#ask-q').fill(question);
    await page.getByTestId('ask-submit').tap();
    const results = page.getByTestId('ask-results');
    await results.waitFor();
    expect(await results.getAttribute('data-answered')).toBe('true');
    const first = page.getByTestId('ask-item').first();
    expect(await first.textContent()).toContain(TITLE);
    const source = await first.getByTestId('ask-source').textContent();
    expect(source).toContain('来源：');
    expect(source).toContain('长期有效');
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    await shot(page, 'knowledge-h5-ask');

    // The article opens; back to the answers.
    await first.tap();
    await page.getByTestId('h5-ask-article').getByText(BODY.slice(0, 12)).waitFor();
    await shot(page, 'knowledge-h5-article');
    await page.goBack();
    await page.getByTestId('ask-results').waitFor();

    await page.getByTestId('ask-handover').tap();
    await page.getByTestId('h5-submit-form').waitFor();
    expect(await page.locator('#content').inputValue()).toBe(question);
    await shot(page, 'knowledge-h5-handover');
    await context.close();

    // Something the base cannot answer: it says so and offers the ticket first.
    const other = await b.newPage({ width: 390, height: 844 }, { isMobile: true, hasTouch: true });
    await other.page.goto(`/h5/ask`);
    await other.page.locator('#ask-q').fill('火星移民签证怎么申请');
    await other.page.getByTestId('ask-submit').tap();
    await other.page.getByTestId('ask-none').waitFor();
    expect(await other.page.getByTestId('ask-handover').textContent()).toContain('提交诉求');
    await shot(other.page, 'knowledge-h5-none');
    await other.context.close();
  });
});

describe('no page errors', () => {
  it('raised no uncaught error in any page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});

// A fixed sample report that exercises every renderer: headings, long Chinese prose, a 25-row unit
// table with a computed total row and a percent column, a bar chart and a pie chart. Used by the
// renderer tests and by scripts/render-sample-report.ts (to look at the outputs), never by a real
// report: its figures are made up.

import type { Cell, ReportDocument, TableBlock } from '../document.js';

const UNITS = [
  '县住建局', '县教体局', '县公安局（交警大队）', '县人社局', '县自然资源局', '县交通运输局', '县市场监管局',
  '县卫生健康局', '县民政局', '县农业农村局', '县水务局', '县生态环境局', '县城市管理综合执法局', '县医保局',
  '县供电公司', '县自来水公司', '县燃气公司', '县残联', '县信访局', '县司法局', '县财政局', '县税务局',
  '县文化旅游广电局', '县应急管理局', '县退役军人事务局',
];

/** Deterministic pseudo-random counts (a small LCG), so every run prints the same sample. */
function counts(): { handled: number; closed: number; overdue: number; supervised: number }[] {
  let seed = 20171231;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return UNITS.map((_, i) => {
    const handled = Math.max(1, Math.round(900 / (i + 1.5)) + next(20));
    const closed = handled - next(Math.ceil(handled / 3) + 1);
    const overdue = next(Math.ceil((handled - closed) / 2) + 1);
    return { handled, closed, overdue, supervised: next(5) };
  });
}

export function sampleUnitTable(): TableBlock {
  const data = counts();
  const rows: Cell[][] = data.map((d, i) => [i + 1, UNITS[i] ?? '', d.handled, d.closed, pct(d.closed, d.handled), d.overdue, d.supervised]);
  const sum = (k: keyof (typeof data)[number]) => data.reduce((a, d) => a + d[k], 0);
  const total: Cell[] = [null, '合计', sum('handled'), sum('closed'), pct(sum('closed'), sum('handled')), sum('overdue'), sum('supervised')];
  return {
    kind: 'table',
    title: '承办单位办件情况表一（县直单位）',
    unitNote: '单位：件',
    columns: [
      { title: '序号', format: 'integer', width: 5 },
      { title: '单位', format: 'text', width: 22 },
      { title: '承办量', format: 'integer' },
      { title: '办结量', format: 'integer' },
      { title: '办结率', format: 'percent' },
      { title: '超期30天以上工单数', format: 'integer', width: 12 },
      { title: '督办次数', format: 'integer' },
    ],
    rows,
    total,
    totalFirst: true,
    note: '备注：此表统计截止于2025年12月31日，以交办量为统计口径；合计行由各行计算得出。',
  };
}

function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100;
}

export function sampleReport(): ReportDocument {
  const table = sampleUnitTable();
  const total = table.total ?? [];
  return {
    title: '青澜市12345政务服务便民热线2025年度运行情况综述',
    subtitle: '青澜市12345政务服务中心',
    kind: 'annual',
    period: { from: '2025-01-01', to: '2025-12-31' },
    generatedAt: '2026-02-05T02:04:22.000Z',
    blocks: [
      { kind: 'heading', level: 1, text: '一、全年受理情况' },
      {
        kind: 'paragraph',
        text:
          '2025年，市12345平台共受理问题299131件，较去年增加11.90%；结案率99.57%，较去年上升0.76个百分点；' +
          '按期结案率93.59%，较去年上升2.51个百分点；一次完成率97.44%，较去年上升0.31个百分点。' +
          '全市各承办单位以对民生事业高度负责的精神，锐意进取，克难攻坚，为建设幸福青澜付出了辛勤劳动。',
      },
      { kind: 'heading', level: 2, text: '（一）按问题来源分' },
      {
        kind: 'paragraph',
        text:
          '12345政府热线电话158682件，占受理问题总数的53.05%；信息采集监督员上报137330件，占总数的45.91%；' +
          '省12345平台流转1361件，占总数的0.45%；门户网站892件，占总数的0.30%；微信728件，占总数的0.24%。',
      },
      {
        kind: 'chart',
        title: '图1　受理问题来源构成',
        option: {
          legend: { bottom: 0 },
          series: [
            {
              type: 'pie',
              radius: ['0%', '58%'],
              center: ['50%', '46%'],
              label: { formatter: '{b}\n{c}件（{d}%）' },
              data: [
                { name: '热线电话', value: 158682 },
                { name: '信息采集监督员', value: 137330 },
                { name: '省平台流转', value: 1361 },
                { name: '门户网站', value: 892 },
                { name: '微信', value: 728 },
              ],
            },
          ],
        },
      },
      { kind: 'heading', level: 2, text: '（二）按责任单位分' },
      {
        kind: 'paragraph',
        text: '受理问题数量居前五位的区县依次是海州区116072件、连云区36010件、赣榆区21429件、东海县15805件、灌云县9000件。',
      },
      {
        kind: 'chart',
        title: '图2　受理量居前五位的区县',
        option: {
          grid: { left: 70, right: 30, top: 40, bottom: 40 },
          xAxis: { type: 'category', data: ['海州区', '连云区', '赣榆区', '东海县', '灌云县'] },
          yAxis: { type: 'value', name: '受理量（件）' },
          series: [{ type: 'bar', barWidth: '50%', data: [116072, 36010, 21429, 15805, 9000], label: { show: true, position: 'top' } }],
        },
      },
      { kind: 'heading', level: 1, text: '二、承办单位办件情况' },
      {
        kind: 'paragraph',
        text:
          `县直单位共承办${String(total[2])}件，已办结${String(total[3])}件，办结率为${Number(total[4]).toFixed(2)}%；` +
          `超期30天以上未办理回复的共${String(total[5])}件，督办${String(total[6])}次。各单位办件情况见下表。`,
      },
      table,
      { kind: 'heading', level: 1, text: '三、下一步工作要求' },
      {
        kind: 'paragraph',
        text:
          '各承办单位要充分认识热线工作的重要意义，切实增强责任意识，把热线办理工作作为“一把手”工程，' +
          '明确分管领导，选派政治素质好、业务能力强的工作人员负责热线转办事项的承办、转办和督查服务，' +
          '加快形成责任分明、协调有序、运转高效的工作机制，切实办好群众诉求。',
      },
    ],
  };
}

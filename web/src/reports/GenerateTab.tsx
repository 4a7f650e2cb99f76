// 生成报表: choose the kind and the period, see the report on screen (the server's HTML rendering in
// an iframe: the same document the Word, PDF and Excel files are made from), download a file with a
// progress indicator.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Progress, Select, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useApiError } from '../hooks';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../units';
import { downloadWithProgress, FORMAT_LABELS, KIND_LABELS, reportUrl, type Progress as DownloadProgress, type ReportChoice, type ReportFormat, type ReportKind } from './api';

const lastMonth = () => dayjs().subtract(1, 'month');

export function GenerateTab() {
  const [kind, setKind] = useState<ReportKind>('monthly');
  const [year, setYear] = useState<Dayjs>(dayjs().subtract(1, 'year'));
  const [month, setMonth] = useState<Dayjs>(lastMonth());
  const [week, setWeek] = useState<Dayjs>(dayjs().subtract(1, 'week'));
  const [range, setRange] = useState<[Dayjs, Dayjs]>([lastMonth().startOf('month'), lastMonth().endOf('month')]);
  const [parent, setParent] = useState<number | string | undefined>();
  const tree = useUnitTree();
  const [shown, setShown] = useState<string | null>(null);
  const [loadingView, setLoadingView] = useState(false);
  const [downloads, setDownloads] = useState<Partial<Record<ReportFormat, DownloadProgress>>>({});
  const { message } = App.useApp();
  const showError = useApiError();

  const choice: ReportChoice = useMemo(() => ({
    kind, year: year.format('YYYY'), month: month.format('YYYY-MM'), week: week.format('YYYY-MM-DD'),
    from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), parentUnitId: parent,
  }), [kind, year, month, week, range, parent]);

  const view = () => {
    setLoadingView(true);
    // A new query string each time, so the frame reloads even for the same period (figures move on).
    setShown(`${reportUrl(choice, 'html')}&t=${Date.now()}`);
  };

  const download = async (format: ReportFormat) => {
    setDownloads((d) => ({ ...d, [format]: { phase: 'building' } }));
    try {
      const name = await downloadWithProgress(reportUrl(choice, format), (p) => setDownloads((d) => ({ ...d, [format]: p })));
      message.success(`已下载：${name}`);
    } catch (e) {
      showError(e);
    } finally {
      setDownloads((d) => ({ ...d, [format]: undefined }));
    }
  };

  const picker = (() => {
    switch (kind) {
      case 'annual': return <DatePicker picker="year" aria-label="年份" value={year} allowClear={false} onChange={(v) => v && setYear(v)} />;
      case 'monthly': return <DatePicker picker="month" aria-label="月份" value={month} allowClear={false} onChange={(v) => v && setMonth(v)} />;
      case 'weekly': return <DatePicker picker="week" aria-label="周" value={week} allowClear={false} onChange={(v) => v && setWeek(v)} />;
      case 'units': return <DatePicker.RangePicker aria-label="统计期间" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />;
    }
  })();

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space wrap>
          <Select<ReportKind> aria-label="报表类型" style={{ width: 190 }} value={kind} onChange={setKind} data-testid="report-kind"
            options={(Object.keys(KIND_LABELS) as ReportKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          {picker}
          <UnitTreeSelect tree={tree.data} value={parent} onChange={setParent} style={{ width: 220 }} aria-label="按单位" placeholder="全部单位（默认）" />
          <Button type="primary" icon={<EyeOutlined />} onClick={view} data-testid="report-view">生成并查看</Button>
          {(['docx', 'pdf', 'xlsx'] as const).map((f) => (
            <Button key={f} icon={<DownloadOutlined />} loading={downloads[f] !== undefined} onClick={() => void download(f)} data-testid={`report-download-${f}`}>
              {FORMAT_LABELS[f]}
            </Button>
          ))}
        </Space>
        {(['docx', 'pdf', 'xlsx'] as const).filter((f) => downloads[f]).map((f) => {
          const p = downloads[f]!;
          return (
            <div key={f} style={{ marginTop: 8, maxWidth: 480 }} data-testid={`report-progress-${f}`}>
              <Typography.Text type="secondary">{FORMAT_LABELS[f]}：{p.phase === 'building' ? '正在生成报表…' : '正在下载…'}</Typography.Text>
              <Progress size="small" percent={p.phase === 'receiving' && p.percent !== null ? p.percent : 100} status="active"
                showInfo={p.phase === 'receiving' && p.percent !== null} strokeColor={p.phase === 'building' ? '#91caff' : undefined} />
            </div>
          );
        })}
      </Card>
      {shown ? (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Spin spinning={loadingView} tip="正在生成报表…">
            <iframe title="报表预览" src={shown} data-testid="report-frame" onLoad={() => setLoadingView(false)}
              style={{ width: '100%', height: 'calc(100vh - 260px)', minHeight: 480, border: 0, display: 'block', background: '#fff' }} />
          </Spin>
        </Card>
      ) : (
        <Alert type="info" showIcon message="选择报表类型和期间后点击“生成并查看”；Word、PDF、Excel 与屏幕所见内容相同。" />
      )}
    </Space>
  );
}

// 预警: the warnings the user receives (all of them for the hotline office and supervisors), level
// colour-coded (一级 red, 二级 orange, 三级 yellow), filtered by level, status and kind; a row opens
// the detail with its tickets, daily chart, steps, actions and letter (?id= opens one directly).
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Empty, Select, Space, Table, Tag } from 'antd';
import { RadarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useApiError } from '../hooks';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { LEVEL_COLORS, STATUS_COLORS, warningsApi } from '../warnings/api';
import type { WarningKind, WarningStatus, WarningView } from '../warnings/api';
import { WarningDetailDrawer } from '../warnings/WarningDetailDrawer';

export function WarningsPage() {
  const [params, setParams] = useSearchParams();
  const [level, setLevel] = useState<number | undefined>();
  const [status, setStatus] = useState<WarningStatus | 'open' | undefined>('open');
  const [kind, setKind] = useState<WarningKind | undefined>();
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const list = useLoad((signal) => warningsApi.list({
    level, kind, page, pageSize: 20, ...(status === 'open' ? { open: true } : { status }),
  }, signal), [level, status, kind, page, version]);
  const selected = params.get('id') ? Number(params.get('id')) : null;
  const select = (id: number | null) => setParams(id === null ? {} : { id: String(id) });
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [detecting, setDetecting] = useState(false);
  // The office (dispatchers and administrators are platform roles) and supervisors may run the detection now.
  const mayDetect = hasRole('supervisor', 'dispatcher', 'admin');
  const detect = async () => {
    setDetecting(true);
    try {
      const r = await warningsApi.detect();
      message.success(`研判完成：新增 ${r.created} 条，更新 ${r.updated} 条预警`);
      setVersion((v) => v + 1);
    } catch (e) {
      showError(e);
    } finally {
      setDetecting(false);
    }
  };

  return (
    <div>
      <PageHeader title="预警" hint="热点聚集、诉求激增与敏感事项的三级预警：一级报党委书记和市长，二级报分管领导，三级由责任部门处置"
        extra={<Space>
          {mayDetect ? <Button icon={<RadarChartOutlined />} loading={detecting} onClick={detect} data-testid="warning-detect">立即研判</Button> : null}
          <Button icon={<ReloadOutlined />} onClick={() => setVersion((v) => v + 1)}>刷新</Button>
        </Space>} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select aria-label="级别" placeholder="全部级别" allowClear style={{ width: 120 }} value={level} onChange={(v) => { setLevel(v); setPage(1); }}
            options={[1, 2, 3].map((l) => ({ value: l, label: <Tag color={LEVEL_COLORS[l]}>{['', '一级', '二级', '三级'][l]}</Tag> }))} />
          <Select aria-label="状态" style={{ width: 130 }} value={status ?? 'all'} onChange={(v) => { setStatus(v === 'all' ? undefined : v as WarningStatus | 'open'); setPage(1); }}
            options={[{ value: 'open', label: '未办结' }, { value: 'new', label: '待签收' }, { value: 'acknowledged', label: '已签收' }, { value: 'following', label: '跟进中' }, { value: 'closed', label: '已办结' }, { value: 'all', label: '全部状态' }]} />
          <Select aria-label="类型" placeholder="全部类型" allowClear style={{ width: 130 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
            options={[{ value: 'hotspot', label: '热点聚集' }, { value: 'surge', label: '诉求激增' }, { value: 'sensitive', label: '敏感事项' }]} />
        </Space>
        {list.error && !list.data ? <LoadError error={list.error} onRetry={list.reload} /> : (
          <Table<WarningView>
            size="small"
            rowKey="id"
            data-testid="warning-table"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无预警" /> }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
            onRow={(w) => ({
              onClick: () => select(w.id), onKeyDown: (e: React.KeyboardEvent) => { if (e.key === 'Enter') select(w.id); }, tabIndex: 0,
              style: { cursor: 'pointer' }, 'data-warning-id': w.id,
            }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '级别', dataIndex: 'level', width: 72, render: (_: number, w) => <Tag color={LEVEL_COLORS[w.level]}>{w.levelLabel}</Tag> },
              { title: '类型', dataIndex: 'kindLabel', width: 90 },
              { title: '预警事项', dataIndex: 'title', ellipsis: true },
              { title: '工单', dataIndex: 'ticketCount', width: 64, align: 'right' },
              { title: '状态', dataIndex: 'status', width: 90, render: (_: string, w) => <Tag color={STATUS_COLORS[w.status]}>{w.statusLabel}</Tag> },
              { title: '发现时间', dataIndex: 'detectedAt', width: 140, render: (v: string) => formatDateTime(v) },
              { title: '反馈期限', dataIndex: 'feedbackDue', width: 140, render: (v: string, w) => (w.status !== 'closed' && Date.parse(v) < Date.now() ? <span style={{ color: '#cf1322' }}>{formatDateTime(v)}</span> : formatDateTime(v)) },
            ]}
          />
        )}
      </Card>
      <WarningDetailDrawer id={selected} onClose={() => select(null)} onChanged={() => setVersion((v) => v + 1)} />
    </div>
  );
}

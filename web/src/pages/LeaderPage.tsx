// 领导首页: today's counts, a map of the districts coloured by open or overdue tickets with today's
// tickets as dots, the districts' table, the 30-day trend, and the tickets behind any figure. One
// API call (GET /api/dashboard/leader) in the leader's unit scope, refreshed live (throttled).
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Segmented, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { OPEN_STATES, TICKET_STATES } from '../../../src/domain/tickets/machine';
import { api } from '../api';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import type { UnitFeature } from '../components/UnitMapPanel';
import { dashboardApi } from '../leader/api';
import type { AreaFigure, LeaderDashboard } from '../leader/api';
import type { Metric } from '../leader/scale';
import { useLiveReload } from '../leader/useLiveReload';
import { TicketTable } from '../tickets/TicketTable';
import type { TicketQuery } from '../tickets/types';
import { LeaderWarningsCard } from '../warnings/LeaderWarningsCard';
import '../leader/leader.css';

const loadMap = () => import('../leader/LeaderMap');
const loadChart = () => import('../leader/TrendChart');
const LeaderMap = lazy(loadMap);
const TrendChart = lazy(loadChart);

type ListKind = 'overdue' | 'warning' | 'open' | 'today';

const LISTS: Record<ListKind, string> = { overdue: '超期工单', warning: '临期工单', open: '在办工单', today: '今日受理' };
const OPEN = OPEN_STATES.join(',');
/** 受理量 leaves out invalid calls and merged duplicates (as the server's count does). */
const RECEIVED = TICKET_STATES.filter((s) => s !== 'invalid' && s !== 'merged').join(',');

/** The list behind a figure: by district (where the tickets lie) or by child unit (who handles them). */
function listQuery(kind: ListKind, today: string, area: number | undefined, breakdown: LeaderDashboard['breakdown'] | undefined): TicketQuery {
  const base: TicketQuery = area === undefined ? {} : breakdown === 'unit' ? { unitId: area } : { districtId: area };
  switch (kind) {
    case 'overdue':
      return { ...base, state: OPEN, overdue: 'any', sort: 'dueAt' };
    case 'warning':
      return { ...base, state: OPEN, slaLevel: 1, sort: 'dueAt' };
    case 'open':
      return { ...base, state: OPEN, sort: 'dueAt' };
    case 'today':
      return { ...base, state: RECEIVED, from: today, to: today };
  }
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: UnitFeature[];
}

const percent = (rate: number | null) => (rate === null ? '—' : (Math.round(rate * 1000) / 10).toFixed(1));
const clock = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** A counter card; with `onOpen` it is a button that shows its tickets below. */
function Counter(props: { title: string; hint: string; value: ReactNode; suffix?: string; color?: string; onOpen?: () => void; active?: boolean; testId: string; footer?: ReactNode }) {
  const { title, hint, value, suffix, color, onOpen, active, testId, footer } = props;
  const keyDown = (e: KeyboardEvent) => {
    if (onOpen && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <Tooltip title={hint} placement="bottom">
      <Card
        size="small"
        className={`ms-leader-stat${onOpen ? ' ms-leader-stat-link' : ''}${active ? ' ms-leader-stat-active' : ''}`}
        data-testid={testId}
        onClick={onOpen}
        onKeyDown={keyDown}
        tabIndex={onOpen ? 0 : undefined}
        role={onOpen ? 'button' : undefined}
        aria-pressed={onOpen ? !!active : undefined}
      >
        <Statistic title={title} value={value as number} suffix={suffix} styles={{ content: { color, fontSize: 26, fontWeight: 600 } }} />
        <div className="ms-leader-stat-foot">{footer ?? ' '}</div>
      </Card>
    </Tooltip>
  );
}

export function LeaderPage() {
  const { user, kindName } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const listRef = useRef<HTMLDivElement>(null);
  const scopeUnitId = user ? Number(user.unitId) : 0;

  // The first screen is the counters and the map: the map's code starts loading with the figures,
  // not after them. What lies below (the trend chart, whose ECharts is the largest code here, and
  // the ticket list) waits until the map has been drawn, so their work does not hold the map back.
  const [belowReady, setBelowReady] = useState(false);
  useEffect(() => {
    let live = true;
    void loadMap().then(() => requestAnimationFrame(() => setTimeout(() => {
      if (live) void loadChart().then(() => live && setBelowReady(true));
    }, 0)));
    return () => {
      live = false;
    };
  }, []);
  const dash = useLoad((signal) => dashboardApi.leader(signal), []);
  const geo = useLoad((signal) => api.get<FeatureCollection>('/api/geo/units', { parent: scopeUnitId }, signal), [scopeUnitId]);
  useLiveReload(dash.reload);

  const listParam = params.get('list');
  const list: ListKind = listParam && Object.hasOwn(LISTS, listParam) ? (listParam as ListKind) : 'overdue';
  const areaParam = params.get('area');
  const areaId = areaParam ? Number(areaParam) : undefined;
  const metric: Metric = params.get('metric') === 'open' ? 'open' : 'overdue';

  const update = useCallback((changes: Record<string, string | undefined>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return next;
    }, { replace: true });
  }, [setParams]);

  const showList = (kind: ListKind) => {
    update({ list: kind === 'overdue' ? undefined : kind });
    requestAnimationFrame(() => listRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };
  const selectArea = (id: number) => {
    update({ area: areaId === id ? undefined : String(id) });
  };

  const d: LeaderDashboard | undefined = dash.data;
  const areas = d?.areas ?? [];
  const byUnit = d?.breakdown === 'unit';
  const selected = areas.find((a) => a.unitId === areaId);
  const query = useMemo(() => listQuery(list, d?.today ?? '', areaId, d?.breakdown), [list, d?.today, areaId, d?.breakdown]);

  if (dash.error && !d) {
    return (
      <>
        <PageHeader title="领导首页" />
        <LoadError error={dash.error} onRetry={dash.reload} />
      </>
    );
  }

  const c = d?.counts;
  const total = areas.reduce((s, a) => ({ open: s.open + a.open, overdue: s.overdue + a.overdue, warning: s.warning + a.warning, accepted: s.accepted + a.accepted }), { open: 0, overdue: 0, warning: 0, accepted: 0 });
  const scopeName = d?.scope.unitName ?? user?.unitName ?? '';

  return (
    <div className="ms-leader">
      <PageHeader
        title={`领导首页 · ${scopeName}`}
        hint={d ? `${d.today.replace(/-/g, '/')} · 数据截至 ${clock(d.asOf)}，工单变化时自动刷新` : '正在汇总…'}
        extra={
          <Button icon={<ReloadOutlined />} onClick={dash.reload} loading={dash.loading && !!d}>
            刷新
          </Button>
        }
      />
      {dash.error && d ? <Alert type="warning" showIcon title="刷新失败，显示的是上一次的数据" style={{ marginBottom: 12 }} /> : null}

      <Spin spinning={!d}>
        <div className="ms-leader-stats" data-testid="leader-counters">
          <Counter testId="count-accepted" title="今日受理" suffix="件" value={c?.accepted ?? 0} hint="今日 0 时起受理的工单，不含无效工单和被并单的重复件；点击查看" onOpen={() => showList('today')} active={list === 'today'} />
          <Counter testId="count-closed" title="今日办结" suffix="件" value={c?.closed ?? 0} hint="今日办结的工单（回访满意办结或说明办结）" />
          <Counter testId="count-open" title="在办" suffix="件" value={c?.open ?? 0} hint="尚未办结的工单（含待派单、办理中、待审核、待回访、挂起）；点击查看" onOpen={() => showList('open')} active={list === 'open'} />
          <Counter testId="count-overdue" title="超期" suffix="件" color="#cf1322" value={c?.overdue ?? 0} hint="承办单位已过办理时限仍未反馈的工单；点击查看" onOpen={() => showList('overdue')} active={list === 'overdue'} />
          <Counter testId="count-warning" title="临期" suffix="件" color="#d48806" value={c?.warning ?? 0} hint="当前环节已用去 75% 时限（黄灯）的工单；点击查看" onOpen={() => showList('warning')} active={list === 'warning'} />
          <Counter testId="count-supervised" title="督办中" suffix="件" color="#722ed1" value={c?.supervised ?? 0} hint="在办工单中督办单尚未办结的" />
          <Counter
            testId="count-satisfaction"
            title="本月满意率"
            suffix={d?.satisfaction.rate === null ? undefined : '%'}
            color="#389e0d"
            value={percent(d?.satisfaction.rate ?? null)}
            hint={d ? `（满意 ${d.satisfaction.satisfied} + ${d.satisfaction.basicWeight}×基本满意 ${d.satisfaction.basic}）÷ 有效回访 ${d.satisfaction.valid}；不满意 ${d.satisfaction.unsatisfied} 件。有效回访指联系上诉求人，统计 ${d.satisfaction.from} 至 ${d.satisfaction.to}` : ''}
            footer={d ? `有效回访 ${d.satisfaction.valid} 件` : undefined}
          />
        </div>
      </Spin>

      <Row gutter={[12, 12]} className="ms-leader-row">
        <Col xs={24} xl={15} className="ms-leader-col">
          <Card
            size="small"
            title={byUnit ? `${scopeName}各单位在办情况（按承办单位）` : '各区县工单分布（按发生地）'}
            extra={
              <Segmented<Metric>
                size="small"
                value={metric}
                onChange={(v) => update({ metric: v === 'overdue' ? undefined : v })}
                options={[{ label: '按超期', value: 'overdue' }, { label: '按在办', value: 'open' }]}
                aria-label="地图着色依据"
              />
            }
          >
            {geo.error && !geo.data ? (
              <Alert type="warning" showIcon title="辖区边界加载失败，地图无法显示" action={<Button size="small" onClick={geo.reload}>重试</Button>} />
            ) : !geo.data || !d ? (
              <div className="ms-leader-map-placeholder"><Spin /></div>
            ) : geo.data.features.length === 0 ? (
              <Alert type="info" showIcon title="本单位没有辖区边界，不显示地图；各区县数字见右表。" />
            ) : (
              <Suspense fallback={<div className="ms-leader-map-placeholder"><Spin /></div>}>
                <LeaderMap
                  scopeUnitId={scopeUnitId}
                  features={geo.data.features}
                  areas={areas}
                  metric={metric}
                  points={d.points.items}
                  selectedId={areaId ?? null}
                  onSelect={selectArea}
                  onOpenTicket={(id) => navigate(`/tickets/${id}`)}
                  label={`${scopeName}工单分布地图：各${byUnit ? '单位辖区' : '区县'}按${metric === 'overdue' ? '超期' : '在办'}工单数着色，黑点为今日受理的工单。点击区域查看其工单。`}
                />
              </Suspense>
            )}
            {d ? (
              <Typography.Text type="secondary" className="ms-leader-note">
                点击区域筛选下方工单列表；黑点为今日受理且有位置的工单（{d.points.total} 件
                {d.points.total > d.points.cap ? `，图上显示最新 ${d.points.cap} 件` : ''}），点击打开工单。
                {byUnit ? '没有辖区的单位（如职能部门）只在右表中列出。' : ''}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={9} className="ms-leader-col">
          <Card size="small" title={byUnit ? '各承办单位' : '分区县情况'} className="ms-leader-table-card">
            <Table<AreaFigure>
              size="small"
              data-testid="district-table"
              rowKey={(a) => String(a.unitId ?? 'none')}
              dataSource={areas}
              loading={!d}
              pagination={false}
              rowClassName={(a) => (a.unitId !== null && a.unitId === areaId ? 'ms-row-selected' : a.unitId === null ? 'ms-muted' : 'ms-leader-row-link')}
              onRow={(a) => (a.unitId === null ? {} : {
                onClick: () => selectArea(a.unitId!),
                onKeyDown: (e: KeyboardEvent) => {
                  if (e.key === 'Enter') selectArea(a.unitId!);
                },
                tabIndex: 0,
                'data-unit-id': a.unitId,
              }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: byUnit ? '承办单位' : '区县', dataIndex: 'name', ellipsis: true,
                  render: (_: string, a) => (a.unitId === null
                    ? <Tooltip title={byUnit ? '由本单位自己办理、未派给下级单位的工单' : '没有位置、或位置不在所列区县内的工单'}>{a.name}</Tooltip>
                    : byUnit && a.kind ? <span>{a.shortName || a.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{kindName(a.kind as never)}</Typography.Text></span>
                      : a.shortName || a.name),
                },
                { title: '在办', dataIndex: 'open', width: 64, align: 'right', sorter: (x, y) => x.open - y.open },
                {
                  title: '超期', dataIndex: 'overdue', width: 64, align: 'right', sorter: (x, y) => x.overdue - y.overdue, defaultSortOrder: undefined,
                  render: (n: number) => (n > 0 ? <span className="ms-leader-red">{n}</span> : n),
                },
                {
                  title: '临期', dataIndex: 'warning', width: 64, align: 'right', sorter: (x, y) => x.warning - y.warning,
                  render: (n: number) => (n > 0 ? <span className="ms-leader-gold">{n}</span> : n),
                },
                { title: '今日受理', dataIndex: 'accepted', width: 80, align: 'right', sorter: (x, y) => x.accepted - y.accepted },
              ]}
              summary={() => (!byUnit && areas.length > 1 ? (
                <Table.Summary.Row className="ms-leader-sum">
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">{total.open}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">{total.overdue}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">{total.warning}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">{total.accepted}</Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null)}
            />
            {byUnit ? (
              <Typography.Text type="secondary" className="ms-leader-note">
                按承办单位统计（含其下级单位）：一件工单由几个单位承办，各计一次。
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      </Row>

      <LeaderWarningsCard />

      <Card
        size="small"
        className="ms-leader-row"
        title="近 30 天受理与办结"
        extra={d ? (
          <Typography.Text type="secondary">
            合计受理 {d.trend.reduce((s, x) => s + x.accepted, 0)} 件 · 办结 {d.trend.reduce((s, x) => s + x.closed, 0)} 件
          </Typography.Text>
        ) : null}
      >
        {d && belowReady ? (
          <Suspense fallback={<div className="ms-leader-chart-placeholder"><Spin /></div>}>
            <TrendChart days={d.trend} />
          </Suspense>
        ) : (
          <div className="ms-leader-chart-placeholder"><Spin /></div>
        )}
      </Card>

      <div ref={listRef} className="ms-leader-row">
        <Card
          size="small"
          data-testid="leader-list"
          title={
            <Space size={8} wrap>
              <span>{LISTS[list]}</span>
              {selected ? (
                <Tag closable closeIcon={<CloseOutlined aria-label="取消筛选" />} onClose={(e) => { e.preventDefault(); update({ area: undefined }); }} color="blue">
                  {selected.name}
                </Tag>
              ) : (
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{d?.scope.platform ? '全市' : scopeName}</Typography.Text>
              )}
            </Space>
          }
          extra={
            <Segmented<ListKind>
              size="small"
              value={list}
              onChange={(v) => showList(v)}
              options={(['overdue', 'warning', 'open', 'today'] as ListKind[]).map((k) => ({ label: LISTS[k], value: k }))}
              aria-label="工单列表"
            />
          }
        >
          {d && belowReady ? (
            <TicketTable
              query={query}
              testId="leader-ticket-table"
              columns={['number', 'title', 'type', 'district', 'units', 'state', 'acceptedAt', 'deadline']}
              pageSize={10}
              empty={`没有${LISTS[list]}`}
            />
          ) : null}
        </Card>
      </div>
    </div>
  );
}

// 督办: the supervisor's desk. 超期工单 / 临期工单 to urge or supervise from the row, 按单位 (each
// unit's overdue, near-deadline and supervised work), 督办单 (the orders and the units' answers),
// 通报 (督办通报 notices). The tab is in the address (?tab=…), so a link opens the same view.
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Space, Tabs } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { OPEN_STATES } from '../../../src/domain/tickets/machine';
import { useLoad } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { ticketApi } from '../tickets/api';
import type { TicketQuery } from '../tickets/types';
import { useUnitTree } from '../units';
import { useLiveReload } from '../leader/useLiveReload';
import { supervisionApi } from '../supervision/api';
import type { UnitWatch } from '../supervision/api';
import { NoticeDialog } from '../supervision/NoticeDialog';
import type { NoticeDraft } from '../supervision/NoticeDialog';
import { NoticesTab } from '../supervision/NoticesTab';
import { OrdersTab } from '../supervision/OrdersTab';
import { RepeatsTab } from '../supervision/RepeatsTab';
import { UnitsTab } from '../supervision/UnitsTab';
import { WatchList } from '../supervision/WatchList';
import '../supervision/supervision.css';

type TabKey = 'overdue' | 'warning' | 'units' | 'orders' | 'notices' | 'repeats';
const TABS: TabKey[] = ['overdue', 'warning', 'units', 'orders', 'notices', 'repeats'];

const OVERDUE: TicketQuery = { overdue: 'any', sort: 'dueAt' };
const WARNING: TicketQuery = { state: OPEN_STATES.join(','), slaLevel: 1, sort: 'dueAt' };

/** A notice's first draft from the units ticked under 按单位 and their figures. */
function draftFor(units: UnitWatch[]): NoticeDraft {
  const names = units.map((u) => u.unitName);
  const who = names.length === 1 ? names[0] : `${names.slice(0, 2).join('、')}${names.length > 2 ? `等 ${names.length} 个单位` : ''}`;
  const lines = units.map((u) => `${u.unitName}：超期 ${u.overdue} 件（其中超期 30 天以上 ${u.overdue30} 件），临期 ${u.warning} 件，督办中 ${u.ordersOpen} 件。`);
  return {
    title: `关于${who}超期工单情况的督办通报`,
    unitIds: units.map((u) => u.unitId),
    body: `经统计，截至目前：\n${lines.join('\n')}\n\n请上述单位于 3 个工作日内完成超期工单的办理和反馈，并将整改情况书面报送市 12345 热线办。`,
  };
}

export function SupervisionPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'overdue';
  const units = useUnitTree();
  const [draft, setDraft] = useState<NoticeDraft | null>(null);
  const [dialog, setDialog] = useState(false);
  const [noticeKey, setNoticeKey] = useState(0);
  const [fresh, setFresh] = useState<number | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  // The tabs' badges: the lists' totals, cheap (one row each), refreshed as tickets change.
  const counts = useLoad(async (signal) => {
    const [overdue, warning, orders] = await Promise.all([
      ticketApi.list({ ...OVERDUE, pageSize: 1 }, signal),
      ticketApi.list({ ...WARNING, pageSize: 1 }, signal),
      supervisionApi.orders({ pageSize: 1 }, signal),
    ]);
    return { overdue: overdue.total, warning: warning.total, ordersOpen: orders.counts.open };
  }, [refreshKey]);
  const watch = useLoad((signal) => supervisionApi.units(signal), [refreshKey]);
  const reloadAll = useCallback(() => setRefreshKey((n) => n + 1), []);
  useLiveReload(reloadAll, 10_000);

  const setTab = (key: string) => {
    const next = new URLSearchParams(params);
    if (key === 'overdue') next.delete('tab');
    else next.set('tab', key);
    setParams(next, { replace: true });
  };

  const openNotice = (d: NoticeDraft | null) => {
    setDraft(d);
    setDialog(true);
  };

  const c = counts.data;
  const badge = (n: number | undefined, color: string) => (n === undefined ? null : <Badge count={n} overflowCount={9999} showZero color={color} style={{ marginInlineStart: 6 }} />);

  const items = [
    {
      key: 'overdue',
      label: <span data-testid="tab-overdue">超期工单{badge(c?.overdue, '#cf1322')}</span>,
      children: (
        <WatchList
          query={OVERDUE}
          testId="overdue-list"
          onChanged={reloadAll}
          empty="没有超期工单"
          hint="承办单位已过办理时限仍未反馈的工单，按截止时间先后排列。行内「催办」「督办」直接打开表单；点击行在右侧查看工单。"
        />
      ),
    },
    {
      key: 'warning',
      label: <span data-testid="tab-warning">临期工单{badge(c?.warning, '#d48806')}</span>,
      children: (
        <WatchList
          query={WARNING}
          testId="warning-list"
          onChanged={reloadAll}
          empty="没有临期工单"
          hint="当前环节已用去 75% 时限（黄灯）的工单，按截止时间先后排列。提前催办，避免超期。"
        />
      ),
    },
    {
      key: 'units',
      label: <span data-testid="tab-units">按单位</span>,
      children: <UnitsTab watch={watch} onNotice={(list) => openNotice(draftFor(list))} onChanged={reloadAll} tree={units.data} />,
    },
    {
      key: 'orders',
      label: <span data-testid="tab-orders">督办单{badge(c?.ordersOpen, '#722ed1')}</span>,
      children: <OrdersTab reloadKey={refreshKey} onChanged={reloadAll} tree={units.data} />,
    },
    {
      key: 'repeats',
      label: <span data-testid="tab-repeats">屡办不成</span>,
      children: <RepeatsTab reloadKey={refreshKey} />,
    },
    {
      key: 'notices',
      label: <span data-testid="tab-notices">通报</span>,
      children: <NoticesTab tree={units.data} reloadKey={noticeKey} fresh={fresh} onPublish={() => openNotice(null)} />,
    },
  ];

  return (
    <>
      <PageHeader
        title="督办"
        hint={watch.data
          ? `按承办环节：超期 ${watch.data.total.overdue}（其中 30 天以上 ${watch.data.total.overdue30}）· 临期 ${watch.data.total.warning} · 督办中的督办单 ${watch.data.total.ordersOpen} 张`
          : '催办、督办超期和临期工单，发布督办通报'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reloadAll}>刷新</Button>
          </Space>
        }
      />
      {/* Hidden tabs unmount: each list holds a live event stream, and a browser allows few per server. */}
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
      <NoticeDialog
        open={dialog}
        draft={draft}
        tree={units.data}
        onClose={() => setDialog(false)}
        onPublished={(n) => {
          message.success(`已发布通报「${n.title}」`);
          setFresh(n.id);
          setNoticeKey((k) => k + 1);
          setTab('notices');
        }}
      />
    </>
  );
}

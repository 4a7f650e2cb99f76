// 报表: reports on demand (annual, monthly, weekly, the per-unit tables), 我的报表 (what the
// schedules delivered to me, unread in bold) and, for administrators, 定时报表.
import { useState } from 'react';
import { Badge, Card, Tabs } from 'antd';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { reportsApi } from './api';
import { GenerateTab } from './GenerateTab';
import { InboxTab } from './InboxTab';
import { SchedulesTab } from './SchedulesTab';

export function ReportsPage() {
  const { hasRole } = useAuth();
  const [tab, setTab] = useState('generate');
  const [version, setVersion] = useState(0);
  const unread = useLoad((signal) => reportsApi.unread(signal), [version]);
  const items = [
    { key: 'generate', label: '生成报表', children: <GenerateTab /> },
    {
      key: 'inbox',
      label: <Badge count={unread.data?.unread ?? 0} size="small" offset={[8, -2]}><span>我的报表</span></Badge>,
      children: <InboxTab onRead={() => setVersion((v) => v + 1)} />,
    },
    ...(hasRole('admin') ? [{ key: 'schedules', label: '定时报表', children: <SchedulesTab /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="报表" hint="年报、月报、周报与承办单位办件情况表：屏幕查看，导出 Word、PDF、Excel；定时生成并送达" />
      <Card size="small">
        <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
      </Card>
    </div>
  );
}

// 考评: monthly results (everyone in scope; a unit its own published score), the annual composite,
// and, for administrators, the template editor.
import { useState } from 'react';
import { Tabs } from 'antd';
import { useAuth } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../hooks';
import { AnnualTab } from './AnnualTab';
import { evaluationApi } from './api';
import { MonthlyTab } from './MonthlyTab';
import { TemplateEditor } from './TemplateEditor';

export function EvaluationPage() {
  const { hasRole } = useAuth();
  const [version, setVersion] = useState(0);
  const periods = useLoad((signal) => evaluationApi.periods(signal), [version]);
  const reload = () => setVersion((v) => v + 1);
  const items = [
    { key: 'monthly', label: '月度考评', children: <MonthlyTab periods={periods.data} onChanged={reload} /> },
    { key: 'annual', label: '年度综合', children: <AnnualTab periods={periods.data} /> },
    ...(hasRole('admin') ? [{ key: 'template', label: '考评方案', children: <TemplateEditor onSaved={reload} /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="考评" hint="按考评方案计算各单位月度得分：指标得分 − 扣分 + 加分；排名、满分单位、黑榜与保证金；每月发布，年度综合" />
      {periods.error && !periods.data ? <LoadError error={periods.error} onRetry={periods.reload} /> : <Tabs items={items} destroyOnHidden />}
    </div>
  );
}

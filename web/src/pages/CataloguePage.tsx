import { useSearchParams } from 'react-router-dom';
import { Card, Tabs } from 'antd';
import { useAuth } from '../auth';
import { CODE_LISTS } from '../labels';
import { CodeListTab } from '../components/CodeListTab';
import { PageHeader } from '../components/PageHeader';
import { SubjectsTab } from '../components/SubjectsTab';

/** 诉求分类 and the code lists (诉求类型, 来源渠道, 紧急程度). Only administrators edit them. */
export function CataloguePage() {
  const { hasRole } = useAuth();
  const canEdit = hasRole('admin');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'subjects';
  return (
    <>
      <PageHeader title="诉求分类/字典" hint={canEdit ? '受理与派单使用的分类和字典，修改立即生效' : '只读：仅系统管理员可以修改'} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'subjects' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'subjects', label: '诉求分类', children: <SubjectsTab canEdit={canEdit} /> },
            ...CODE_LISTS.map((c) => ({ key: c.list, label: c.name, children: <CodeListTab list={c.list} name={c.name} canEdit={canEdit} /> })),
          ]}
        />
      </Card>
    </>
  );
}

// 知识库: the articles of the knowledge base (DOMAIN.md §8). 文章 lists live articles of every unit
// and the caller's own unit's drafts, searchable and filtered by status, unit and subject, with
// 引用次数; 待审核 is the hotline office's review queue. The article opens in a drawer (?article=id,
// so intake and the ticket page can link to it); editors write in the editor drawer.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Input, Select, Space, Statistic, Table, Tabs, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useAuth } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useLoad } from '../hooks';
import { useCodes } from '../tickets/codes';
import { useUnitTree } from '../units';
import type { SubjectNode } from '../labels';
import { ArticleDrawer, StatusTag } from '../knowledge/ArticleDrawer';
import { ArticleEditor } from '../knowledge/ArticleEditor';
import { STATUS_LABELS, knowledgeApi } from '../knowledge/api';
import type { ArticleQuery, ArticleStatus, ArticleView } from '../knowledge/api';
import { validityText } from '../knowledge/Marked';

const EDITORS = ['handler', 'unit_admin', 'reviewer', 'admin'];
const REVIEWERS = ['reviewer', 'admin'];

interface SubjectOption { value: number; title: string; children?: SubjectOption[] }
const toOptions = (nodes: SubjectNode[]): SubjectOption[] =>
  nodes.map((n) => ({ value: Number(n.id), title: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));

function ArticleTable({ query, onOpen, refreshKey, testId }: { query: ArticleQuery; onOpen: (a: ArticleView) => void; refreshKey: number; testId: string }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  useEffect(() => setPage(1), [query]);
  const { data, loading } = useLoad((signal) => knowledgeApi.list({ ...query, page, pageSize }, signal), [query, page, pageSize, refreshKey]);
  return (
    <Table<ArticleView>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items ?? []}
      onRow={(a) => ({ onClick: () => onOpen(a), style: { cursor: 'pointer' }, 'data-testid': 'article-row' } as React.HTMLAttributes<HTMLElement>)}
      pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 篇`, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
      columns={[
        { title: '标题', dataIndex: 'title', render: (t: string, a) => <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={(e) => { e.stopPropagation(); onOpen(a); }}>{t}</Button> },
        { title: '类别', dataIndex: 'kindLabel', width: 96 },
        { title: '所属单位', dataIndex: 'unitName', width: 180, ellipsis: true },
        { title: '诉求分类', dataIndex: 'subjectName', width: 120, render: (s: string | null) => s ?? '—' },
        { title: '有效期', key: 'validity', width: 200, render: (_: unknown, a) => validityText(a.validFrom, a.validTo) },
        { title: '状态', key: 'status', width: 150, render: (_: unknown, a) => <StatusTag a={a} /> },
        { title: '引用次数', dataIndex: 'citations', width: 90, align: 'right' },
        { title: '更新时间', dataIndex: 'updatedAt', width: 110, render: (t: string) => dayjs(t).format('YYYY-MM-DD') },
      ]}
    />
  );
}

function AskFigures() {
  const from = dayjs().subtract(30, 'day').format('YYYY-MM-DD');
  const to = dayjs().add(1, 'day').format('YYYY-MM-DD');
  const { data } = useLoad((signal) => knowledgeApi.figures(from, to, signal), [from, to]);
  if (!data) return null;
  return (
    <Space size={32} data-testid="ask-figures">
      <Statistic title="近30天市民提问" value={data.asked} />
      <Statistic title="自助解决率" value={data.selfServiceRate === null ? '—' : `${(data.selfServiceRate * 100).toFixed(1)}%`} />
      <Statistic title="转人工" value={data.handedOver} />
    </Space>
  );
}

export function KnowledgePage() {
  const { user } = useAuth();
  const roles: string[] = user?.roles ?? [];
  const mayEdit = roles.some((r) => EDITORS.includes(r));
  const mayReview = roles.some((r) => REVIEWERS.includes(r));
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'review' && mayReview ? 'review' : 'list';
  const codes = useCodes();
  const units = useUnitTree();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<ArticleQuery>({});
  const [refreshKey, setRefreshKey] = useState(0);
  const [editing, setEditing] = useState<{ article: ArticleView | null } | null>(null);
  const [open, setOpen] = useState<ArticleView | null>(null);

  // ?article=id opens that article (links from intake and the ticket page).
  const linked = Number(params.get('article'));
  useEffect(() => {
    if (!linked) return;
    const controller = new AbortController();
    knowledgeApi.get(linked, controller.signal).then(setOpen, () => undefined);
    return () => controller.abort();
  }, [linked]);

  const changed = useCallback((a: ArticleView) => {
    setOpen(a);
    setRefreshKey((k) => k + 1);
  }, []);
  const closeDrawer = () => {
    setOpen(null);
    if (params.get('article')) {
      params.delete('article');
      setParams(params, { replace: true });
    }
  };

  const listQuery: ArticleQuery = { ...filters, q: q.trim() || undefined };
  return (
    <div data-testid="knowledge-page">
      <PageHeader
        title="知识库"
        hint="政策、办事指南、部门职责和常见问答；发布后在受理时推荐，并用于市民智能问答"
        extra={mayEdit ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ article: null })} data-testid="article-new">新建文章</Button> : null}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'review' ? { tab: 'review' } : {}, { replace: true })}
        items={[
          {
            key: 'list', label: '文章',
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Input.Search id="knowledge-q" allowClear placeholder="搜索标题、关键词、正文" onSearch={setQ} style={{ width: 280 }} data-testid="knowledge-search" enterButton="搜索" />
                  <Select<ArticleStatus> allowClear placeholder="状态" style={{ width: 120 }} value={filters.status}
                    options={(Object.keys(STATUS_LABELS) as ArticleStatus[]).map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                    onChange={(status) => setFilters((f) => ({ ...f, status }))} aria-label="状态" />
                  <UnitTreeSelect tree={units.data} allowClear placeholder="所属单位" style={{ width: 220 }} value={filters.unitId}
                    onChange={(v: unknown) => setFilters((f) => ({ ...f, unitId: v ? Number(v) : undefined }))} />
                  <TreeSelect allowClear placeholder="诉求分类" style={{ width: 200 }} treeData={toOptions(codes.subjects)} value={filters.subjectId}
                    showSearch={{ treeNodeFilterProp: 'title' }} onChange={(v: number | undefined) => setFilters((f) => ({ ...f, subjectId: v ?? undefined }))} />
                </Space>
                <ArticleTable query={listQuery} onOpen={setOpen} refreshKey={refreshKey} testId="knowledge-table" />
                <div style={{ marginTop: 16 }}><AskFigures /></div>
              </>
            ),
          },
          ...(mayReview ? [{
            key: 'review', label: '待审核',
            children: <ArticleTable query={{ status: 'submitted' }} onOpen={setOpen} refreshKey={refreshKey} testId="knowledge-review-table" />,
          }] : []),
        ]}
      />
      <ArticleDrawer article={open} onClose={closeDrawer} onChanged={changed} onEdit={(a) => { setOpen(null); setEditing({ article: a }); }} />
      <ArticleEditor
        article={editing?.article ?? null}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={() => setRefreshKey((k) => k + 1)}
      />
    </div>
  );
}

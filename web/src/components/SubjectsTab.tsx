import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Badge, Button, Card, Descriptions, Empty, Input, Popconfirm, Space, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { CheckCircleOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { useFillHeight, useLoad } from '../hooks';
import type { Subject, SubjectNode } from '../labels';
import { countNodes, filterTree, indexTree } from '../tree';
import { ExportButton } from './ExportButton';
import { Highlight } from './Highlight';
import { ImportButton } from './ImportButton';
import { CreateOrKeepResult, type CreateOrKeepAnswer } from './ImportResult';
import { LoadError } from './LoadError';
import { SubjectFormDialog } from './SubjectFormDialog';
import type { SubjectDialogState } from './SubjectFormDialog';

const LEVEL = ['', '一级', '二级', '三级', '四级', '五级'];

/** The subject tree 诉求分类: browse, search, add, rename, disable, import from CSV. */
export function SubjectsTab({ canEdit }: { canEdit: boolean }) {
  const { message } = App.useApp();
  const { data: tree, loading, error, reload } = useLoad(
    (signal) => api.get<{ tree: SubjectNode[] }>('/api/catalogue/subjects', undefined, signal).then((r) => r.tree),
    [],
  );
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [dialog, setDialog] = useState<SubjectDialogState>(null);
  const active = useRef<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  const filtered = useMemo(() => (query.trim() && tree ? filterTree(tree, (s) => s.name.includes(query.trim()) || (s.code ?? '').includes(query.trim())) : null), [tree, query]);
  const [searchExpanded, setSearchExpanded] = useState<string[]>([]);
  useEffect(() => setSearchExpanded(filtered?.expanded ?? []), [filtered]);
  const height = useFillHeight(box, 28, 240, [loading]);

  const treeData = useMemo(() => {
    const toData = (nodes: SubjectNode[]): TreeDataNode[] =>
      nodes.map((s) => ({
        key: String(s.id),
        title: (
          <span className={s.active ? undefined : 'ms-inactive'}>
            <span className="ms-node-name">
              <Highlight text={s.name} query={query} />
            </span>
            {s.code ? <span className="ms-code">{s.code}</span> : null}
            {s.active ? null : <span className="ms-muted">（停用）</span>}
          </span>
        ),
        children: s.children?.length ? toData(s.children) : undefined,
        isLeaf: !s.children?.length,
      }));
    return toData(filtered?.roots ?? tree ?? []);
  }, [tree, filtered, query]);

  const current = selected ? index.get(selected) : undefined;

  const toggleActive = async () => {
    if (!current) return;
    const s = current.node;
    try {
      await api.patch<Subject>(`/api/catalogue/subjects/${s.id}`, { active: !s.active });
      message.success(s.active ? `已停用「${s.name}」` : `已启用「${s.name}」`);
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  if (error && !tree) return <LoadError error={error} onRetry={reload} />;

  return (
    <div className="ms-split">
      <Card size="small" className="ms-tree-card">
        <Space wrap style={{ marginBottom: 8 }}>
          {canEdit ? (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parent: null })}>
                新增一级分类
              </Button>
              <ImportButton<CreateOrKeepAnswer>
                label="导入 CSV"
                accept=".csv,text/csv"
                resultTitle="诉求分类导入结果"
                upload={(text) => api.postText<CreateOrKeepAnswer>('/api/catalogue/subjects/import', text)}
                onDone={reload}
                renderResult={(r) => <CreateOrKeepResult answer={r} />}
              />
            </>
          ) : null}
          <ExportButton label="导出分类" path="/api/catalogue/subjects/export" fallbackName="诉求分类.csv" hint="导出为 CSV，格式与导入相同，可修改后再导入" />
          <Typography.Text type="secondary">{tree ? `共 ${countNodes(tree)} 个分类` : null}</Typography.Text>
        </Space>
        {canEdit ? (
          <Typography.Paragraph type="secondary" className="ms-tree-hint">
            CSV 列：一级分类,二级分类,三级分类（首行为表头，UTF-8 或 GBK 编码）
          </Typography.Paragraph>
        ) : null}
        <Input.Search placeholder="搜索分类名称或编码" allowClear value={query} onChange={(e) => setQuery(e.target.value)} aria-label="搜索分类" style={{ marginBottom: 8 }} />
        <div ref={box} data-testid="subject-tree">
          {treeData.length === 0 && !loading ? (
            <Empty description={query ? '没有匹配的分类' : '暂无分类，可导入 CSV'} />
          ) : (
            <Tree
              showLine={{ showLeafIcon: false }}
              blockNode
              height={height}
              treeData={treeData}
              expandedKeys={filtered ? searchExpanded : expanded}
              onExpand={(keys) => (filtered ? setSearchExpanded : setExpanded)(keys.map(String))}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))}
              onActiveChange={(key) => (active.current = key === null || key === undefined ? null : String(key))}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && active.current) setSelected(active.current);
              }}
            />
          )}
        </div>
      </Card>
      <div>
        {current ? (
          <Card
            size="small"
            title={current.node.name}
            extra={
              canEdit ? (
                <Space>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parent: current.node })}>
                    新增下级
                  </Button>
                  <Button icon={<EditOutlined />} onClick={() => setDialog({ mode: 'edit', subject: current.node })}>
                    修改
                  </Button>
                  <Popconfirm
                    title={current.node.active ? `停用「${current.node.name}」？` : `启用「${current.node.name}」？`}
                    description={current.node.active ? '停用后受理时不能再选择此分类（含下级），历史工单不受影响。' : undefined}
                    okText={current.node.active ? '停用' : '启用'}
                    cancelText="取消"
                    onConfirm={toggleActive}
                  >
                    <Button danger={current.node.active} icon={current.node.active ? <StopOutlined /> : <CheckCircleOutlined />}>
                      {current.node.active ? '停用' : '启用'}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null
            }
          >
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: 'path', label: '完整路径', span: 2, children: [...current.ancestors, current.node].map((s) => s.name).join(' / ') },
                { key: 'code', label: '编码', children: current.node.code || '—' },
                { key: 'level', label: '层级', children: LEVEL[current.node.level] ?? `${current.node.level}级` },
                { key: 'sort', label: '排序', children: current.node.sortOrder },
                { key: 'status', label: '状态', children: current.node.active ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" /> },
                { key: 'children', label: '下级分类', span: 2, children: `直属 ${current.node.children?.length ?? 0} 个，合计 ${countNodes(current.node.children)} 个` },
              ]}
            />
          </Card>
        ) : (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在左侧选择一个分类查看详情" />
          </Card>
        )}
      </div>
      <SubjectFormDialog
        state={dialog}
        onClose={() => setDialog(null)}
        onSaved={(s) => {
          message.success(dialog?.mode === 'edit' ? `已保存「${s.name}」` : `已新增「${s.name}」`);
          setSelected(String(s.id));
          if (s.parentId !== null) setExpanded((keys) => Array.from(new Set([...keys, String(s.parentId)])));
          reload();
        }}
      />
    </div>
  );
}

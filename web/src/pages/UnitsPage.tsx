import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Empty, Input, Space, Tag, Tree, Typography } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { useAuth } from '../auth';
import { useFillHeight } from '../hooks';
import { UNIT_KIND_COLORS } from '../labels';
import type { Unit, UnitKind, UnitNode } from '../labels';
import { filterTree, indexTree, keysToDepth } from '../tree';
import { useUnitTree } from '../units';
import { ExportButton } from '../components/ExportButton';
import { Highlight } from '../components/Highlight';
import { ImportButton } from '../components/ImportButton';
import { UnitsImportGuide, unitsTemplate } from '../components/ImportGuides';
import { CreateOrKeepResult, type CreateOrKeepAnswer } from '../components/ImportResult';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitDetails } from '../components/UnitDetails';
import { UnitFormDialog } from '../components/UnitFormDialog';
import type { UnitDialogState } from '../components/UnitFormDialog';

function matches(u: UnitNode, q: string): boolean {
  const s = q.toLowerCase();
  return [u.name, u.shortName, u.code].some((v) => !!v && v.toLowerCase().includes(s));
}

export function UnitsPage() {
  const { data: tree, loading, error, reload } = useUnitTree();
  const { user, hasRole, kindName } = useAuth();
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [dialog, setDialog] = useState<UnitDialogState>(null);
  const active = useRef<string | null>(null);
  const treeBox = useRef<HTMLDivElement>(null);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  /** A unit picked outside the tree (the map, the child list) that the tree should scroll to. */
  const scrollTarget = useRef<string | null>(null);
  const canEdit = hasRole('admin', 'unit_admin');

  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  /** The signed-in user's own unit: the import template's example is a child of it. */
  const ownUnit = user ? (index.get(String(user.unitId))?.node ?? tree?.[0]) : undefined;

  // First load: open the top levels and select the root.
  useEffect(() => {
    if (!tree || expanded.length > 0) return;
    setExpanded(keysToDepth(tree, 0));
    if (!selected && tree[0]) setSelected(String(tree[0].id));
  }, [tree]);

  const filtered = useMemo(() => {
    const q = query.trim();
    if (!q || !tree) return null;
    return filterTree(tree, (u) => matches(u, q));
  }, [tree, query]);

  // While searching, the expansion follows the matches but can still be changed by hand.
  const [searchExpanded, setSearchExpanded] = useState<string[]>([]);
  const treeHeight = useFillHeight(treeBox, 28, 240, [filtered !== null, loading]);
  useEffect(() => setSearchExpanded(filtered?.expanded ?? []), [filtered]);

  const kindCounts = useMemo(() => {
    const counts = new Map<UnitKind, number>();
    for (const { node } of index.values()) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
    return counts;
  }, [index]);

  const treeData = useMemo(() => {
    const toData = (nodes: UnitNode[]): TreeDataNode[] =>
      nodes.map((u) => ({
        key: String(u.id),
        title: (
          <span className={u.active ? undefined : 'ms-inactive'}>
            <Tag color={UNIT_KIND_COLORS[u.kind]} className="ms-kind-tag">
              {kindName(u.kind)}
            </Tag>
            <span className="ms-node-name">
              <Highlight text={u.name} query={query} />
            </span>
            {u.active ? null : <span className="ms-muted">（停用）</span>}
          </span>
        ),
        children: u.children?.length ? toData(u.children) : undefined,
        isLeaf: !u.children?.length,
      }));
    return toData(filtered?.roots ?? tree ?? []);
  }, [tree, filtered, query, kindName]);

  const current = selected ? index.get(selected) : undefined;

  const reveal = (id: string) => {
    const entry = index.get(id);
    if (entry) setExpanded((keys) => Array.from(new Set([...keys, ...entry.ancestors.map((a) => String(a.id))])));
    scrollTarget.current = id;
    setSelected(id);
  };

  // After the ancestors have opened, bring the picked unit into the tree's view.
  useEffect(() => {
    const id = scrollTarget.current;
    if (!id || filtered) return;
    scrollTarget.current = null;
    treeRef.current?.scrollTo({ key: id, align: 'auto' });
  }, [selected, expanded, filtered]);

  const onSaved = (unit: Unit) => {
    message.success(dialog?.mode === 'create' ? `已新增「${unit.name}」` : `已保存「${unit.name}」`);
    const id = String(unit.id);
    setSelected(id);
    if (unit.parentId !== null) setExpanded((keys) => Array.from(new Set([...keys, String(unit.parentId)])));
    reload();
  };

  const toggleActive = async () => {
    if (!current) return;
    const u = current.node;
    try {
      await api.patch<Unit>(`/api/units/${u.id}`, { active: !u.active });
      message.success(u.active ? `已停用「${u.name}」` : `已启用「${u.name}」`);
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const summary = [...kindCounts.entries()].map(([k, n]) => `${kindName(k)} ${n}`).join(' · ');

  return (
    <>
      <PageHeader
        title="组织机构"
        hint={tree ? `共 ${index.size} 个单位${summary ? `：${summary}` : ''}` : '承办单位树'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
              刷新
            </Button>
            <ExportButton label="导出" path="/api/units/export" fallbackName="组织机构.csv" hint="导出单位 CSV（本单位及全部下级）" />
            {canEdit ? (
              <ImportButton<CreateOrKeepAnswer>
                label="导入"
                dialogTitle="导入单位"
                accept=".csv,text/csv"
                resultTitle="单位导入结果"
                guide={<UnitsImportGuide ownCode={ownUnit?.code} kindName={kindName} />}
                template={unitsTemplate(ownUnit, kindName)}
                upload={(text) => api.postText<CreateOrKeepAnswer>('/api/units/import', text)}
                onDone={reload}
                renderResult={(r) => <CreateOrKeepResult answer={r} />}
              />
            ) : null}
          </Space>
        }
      />
      {error && !tree ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <div className="ms-split">
          <Card size="small" className="ms-tree-card">
            <Input.Search
              placeholder="搜索单位名称、简称或编码"
              allowClear
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              aria-label="搜索单位"
              style={{ marginBottom: 8 }}
            />
            {filtered ? (
              <Typography.Text type="secondary" className="ms-tree-hint">
                找到 {filtered.count} 个匹配的单位
              </Typography.Text>
            ) : null}
            <div ref={treeBox} data-testid="unit-tree" className="ms-tree-box">
              {treeData.length === 0 && !loading ? (
                <Empty description={query ? '没有匹配的单位' : '暂无单位'} />
              ) : (
                <Tree
                  ref={treeRef}
                  showLine={{ showLeafIcon: false }}
                  blockNode
                  treeData={treeData}
                  height={treeHeight}
                  expandedKeys={filtered ? searchExpanded : expanded}
                  onExpand={(keys) => (filtered ? setSearchExpanded : setExpanded)(keys.map(String))}
                  selectedKeys={selected ? [selected] : []}
                  onSelect={(keys) => {
                    if (keys[0] !== undefined) setSelected(String(keys[0]));
                  }}
                  // Keyboard: arrows move, → / ← open and close, Enter and Space select.
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
              <UnitDetails
                unit={current.node}
                parent={current.parent}
                canEdit={canEdit}
                onAddChild={() => setDialog({ mode: 'create', parent: current.node })}
                onEdit={() => setDialog({ mode: 'edit', unit: current.node })}
                onToggleActive={toggleActive}
                onSelect={reveal}
              />
            ) : (
              <Card size="small">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在左侧选择一个单位查看详情" />
              </Card>
            )}
          </div>
        </div>
      )}
      <UnitFormDialog state={dialog} tree={tree} onClose={() => setDialog(null)} onSaved={onSaved} />
    </>
  );
}

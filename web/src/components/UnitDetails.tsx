import { Link } from 'react-router-dom';
import { Badge, Button, Card, Descriptions, Popconfirm, Space, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { UNIT_KIND_COLORS } from '../labels';
import type { UnitNode } from '../labels';
import { countNodes } from '../tree';
import { LinkButton } from './LinkButton';
import { UnitMapPanel } from './UnitMapPanel';

interface Props {
  unit: UnitNode;
  parent: UnitNode | null;
  canEdit: boolean;
  onAddChild: () => void;
  onEdit: () => void;
  onToggleActive: () => Promise<void>;
  onSelect: (id: string) => void;
}

/** The selected unit: its facts, its direct children, and what can be done to it. */
export function UnitDetails({ unit, parent, canEdit, onAddChild, onEdit, onToggleActive, onSelect }: Props) {
  const { kindName } = useAuth();
  const children = unit.children ?? [];
  return (
    <Card
      size="small"
      title={
        <Space>
          <Tag color={UNIT_KIND_COLORS[unit.kind]}>{kindName(unit.kind)}</Tag>
          <span>{unit.name}</span>
          {unit.active ? null : <Tag>已停用</Tag>}
        </Space>
      }
      extra={
        canEdit ? (
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={onAddChild}>
              新增下级
            </Button>
            <Button icon={<EditOutlined />} onClick={onEdit}>
              编辑
            </Button>
            {unit.parentId !== null ? (
              <Popconfirm
                title={unit.active ? `停用「${unit.name}」？` : `启用「${unit.name}」？`}
                description={unit.active ? '停用后不能再向该单位派单，已有工单不受影响。' : undefined}
                okText={unit.active ? '停用' : '启用'}
                cancelText="取消"
                onConfirm={onToggleActive}
              >
                <Button danger={unit.active} icon={unit.active ? <StopOutlined /> : <CheckCircleOutlined />}>
                  {unit.active ? '停用' : '启用'}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
      data-testid="unit-details"
    >
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'name', label: '单位名称', children: unit.name, span: 2 },
          { key: 'short', label: '简称', children: unit.shortName || '—' },
          { key: 'code', label: '单位编码', children: unit.code || '—' },
          { key: 'kind', label: '类型', children: kindName(unit.kind) },
          { key: 'parent', label: '上级单位', children: parent ? <LinkButton onClick={() => onSelect(String(parent.id))}>{parent.name}</LinkButton> : unit.parentId === null ? '（顶级）' : '（不在您的管理范围内）' },
          { key: 'depth', label: '层级', children: `第 ${unit.depth + 1} 级` },
          { key: 'sort', label: '排序', children: unit.sortOrder },
          { key: 'status', label: '状态', children: unit.active ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" /> },
          { key: 'count', label: '下级单位', children: `直属 ${children.length} 个，合计 ${countNodes(children)} 个` },
          {
            key: 'users',
            label: '本单位用户',
            span: 2,
            children: (
              <Link to={`/admin/users?unit=${encodeURIComponent(String(unit.id))}`}>
                <TeamOutlined /> 查看用户
              </Link>
            ),
          },
        ]}
      />
      <UnitMapPanel unit={unit} onSelect={onSelect} />
      <Table<UnitNode>
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(u) => String(u.id)}
        dataSource={children}
        pagination={children.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: '无下级单位' }}
        expandable={{ childrenColumnName: 'noNestedRows' }}
        title={() => <strong>直属下级单位</strong>}
        onRow={(u) => ({ onDoubleClick: () => onSelect(String(u.id)) })}
        columns={[
          { title: '名称', dataIndex: 'name', render: (name: string, u) => <LinkButton onClick={() => onSelect(String(u.id))}>{name}</LinkButton> },
          { title: '类型', dataIndex: 'kind', width: 120, render: (k: UnitNode['kind']) => <Tag color={UNIT_KIND_COLORS[k]}>{kindName(k)}</Tag> },
          { title: '下级', key: 'n', width: 70, align: 'right', render: (_: unknown, u) => u.children?.length ?? 0 },
          { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? '启用' : <Tag>停用</Tag>) },
        ]}
      />
    </Card>
  );
}

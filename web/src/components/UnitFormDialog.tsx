import { Col, Form, Input, Row, Select } from 'antd';
import { api } from '../api';
import { useAuth } from '../auth';
import { CHILD_KINDS, UNIT_KIND_LABELS } from '../labels';
import type { Id, Unit, UnitKind, UnitNode } from '../labels';
import { FormDialog } from './FormDialog';
import { SortAndActiveCols } from './FormFields';
import { UnitTreeSelect } from './UnitTreeSelect';

interface Values {
  parentId?: Id;
  kind: UnitKind;
  name: string;
  shortName?: string;
  code?: string;
  sortOrder?: number;
  active?: boolean;
}

export type UnitDialogState = { mode: 'create'; parent: UnitNode } | { mode: 'edit'; unit: UnitNode } | null;

interface Props {
  state: UnitDialogState;
  tree: UnitNode[] | undefined;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}

/** Add a child unit or edit one (PATCH sends only what changed). */
export function UnitFormDialog({ state, tree, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { meta } = useAuth();
  const allKinds = meta?.unitKinds ?? (Object.entries(UNIT_KIND_LABELS) as [UnitKind, string][]).map(([code, name]) => ({ code, name }));
  // Offer only the kinds the tree allows under the parent (the server enforces the same table).
  const kinds = state?.mode === 'create' ? allKinds.filter((k) => CHILD_KINDS[state.parent.kind].includes(k.code)) : allKinds;

  const initial: Partial<Values> | undefined =
    state?.mode === 'create'
      ? { parentId: state.parent.id, kind: CHILD_KINDS[state.parent.kind][0] ?? state.parent.kind, sortOrder: (state.parent.children?.length ?? 0) + 1 }
      : state?.mode === 'edit'
        ? {
            parentId: state.unit.parentId ?? undefined,
            kind: state.unit.kind,
            name: state.unit.name,
            shortName: state.unit.shortName ?? undefined,
            code: state.unit.code ?? undefined,
            sortOrder: state.unit.sortOrder,
            active: state.unit.active,
          }
        : undefined;

  const submit = async (values: Values) => {
    if (!state) return;
    let saved: Unit;
    if (state.mode === 'create') {
      saved = await api.post<Unit>('/api/units', {
        parentId: values.parentId,
        kind: values.kind,
        name: values.name,
        shortName: values.shortName || undefined,
        code: values.code || undefined,
        sortOrder: values.sortOrder ?? undefined,
      });
    } else {
      const u = state.unit;
      const patch: Record<string, unknown> = {};
      if (values.name !== u.name) patch.name = values.name;
      if ((values.shortName ?? '') !== (u.shortName ?? '')) patch.shortName = values.shortName || null;
      if (values.kind !== u.kind) patch.kind = values.kind;
      if (values.parentId !== undefined && String(values.parentId) !== String(u.parentId)) patch.parentId = values.parentId;
      if (values.sortOrder !== undefined && values.sortOrder !== null && values.sortOrder !== u.sortOrder) patch.sortOrder = values.sortOrder;
      if (values.active !== u.active) patch.active = values.active;
      saved = Object.keys(patch).length > 0 ? await api.patch<Unit>(`/api/units/${u.id}`, patch) : u;
    }
    onSaved(saved);
  };

  const isRoot = state?.mode === 'edit' && state.unit.parentId === null;
  return (
    <FormDialog<Values>
      open={state !== null}
      title={state?.mode === 'create' ? `新增下级单位 · ${state.parent.name}` : state?.mode === 'edit' ? `编辑单位 · ${state.unit.name}` : ''}
      form={form}
      initialValues={initial}
      onSubmit={submit}
      onClose={onClose}
      duplicateField="name"
      focus="name"
      width={560}
    >
      <Form.Item label="单位名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}>
        <Input maxLength={100} placeholder="如：城关街道办事处" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="简称" name="shortName">
            <Input maxLength={50} placeholder="如：城关街道" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="类型" name="kind" rules={[{ required: true, message: '请选择单位类型' }]}>
            <Select options={kinds.map((k) => ({ value: k.code, label: k.name }))} />
          </Form.Item>
        </Col>
      </Row>
      {!isRoot ? (
        <Form.Item label="上级单位" name="parentId" rules={[{ required: true, message: '请选择上级单位' }]}>
          <UnitTreeSelect tree={tree} allowClear={false} exclude={state?.mode === 'edit' ? [state.unit.id] : undefined} />
        </Form.Item>
      ) : null}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="单位编码" name="code" tooltip={state?.mode === 'edit' ? '编码创建后不可修改' : '可选，如行政区划代码'}>
            <Input maxLength={50} disabled={state?.mode === 'edit'} />
          </Form.Item>
        </Col>
        <SortAndActiveCols editing={state?.mode === 'edit'} />
      </Row>
    </FormDialog>
  );
}

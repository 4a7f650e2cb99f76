import { Col, Form, Input, Row } from 'antd';
import { api } from '../api';
import type { Subject, SubjectNode } from '../labels';
import { FormDialog } from './FormDialog';
import { SortAndActiveCols } from './FormFields';

interface Values {
  name: string;
  code?: string;
  sortOrder?: number;
  active?: boolean;
}

/** `parent: null` adds a top-level subject. */
export type SubjectDialogState = { mode: 'create'; parent: SubjectNode | null } | { mode: 'edit'; subject: SubjectNode } | null;

export function SubjectFormDialog({ state, onClose, onSaved }: { state: SubjectDialogState; onClose: () => void; onSaved: (s: Subject) => void }) {
  const [form] = Form.useForm<Values>();
  const editing = state?.mode === 'edit' ? state.subject : null;
  const parent = state?.mode === 'create' ? state.parent : null;
  const initial: Partial<Values> | undefined = editing
    ? { name: editing.name, code: editing.code ?? undefined, sortOrder: editing.sortOrder, active: editing.active }
    : state
      ? { sortOrder: (parent?.children?.length ?? 0) + 1 }
      : undefined;

  const submit = async (values: Values) => {
    let saved: Subject;
    if (!editing) {
      saved = await api.post<Subject>('/api/catalogue/subjects', {
        parentId: parent ? parent.id : undefined,
        name: values.name,
        code: values.code || undefined,
        sortOrder: values.sortOrder ?? undefined,
      });
    } else {
      const patch: Record<string, unknown> = {};
      if (values.name !== editing.name) patch.name = values.name;
      if (values.sortOrder !== undefined && values.sortOrder !== null && values.sortOrder !== editing.sortOrder) patch.sortOrder = values.sortOrder;
      if (values.active !== editing.active) patch.active = values.active;
      saved = Object.keys(patch).length > 0 ? await api.patch<Subject>(`/api/catalogue/subjects/${editing.id}`, patch) : editing;
    }
    onSaved(saved);
  };

  const title = editing ? `修改分类 · ${editing.name}` : parent ? `新增下级分类 · ${parent.name}` : '新增一级分类';
  return (
    <FormDialog<Values> open={state !== null} title={title} form={form} initialValues={initial} onSubmit={submit} onClose={onClose} duplicateField="name" focus="name">
      <Form.Item label="分类名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入分类名称' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="分类编码" name="code" tooltip={editing ? '编码创建后不可修改' : '可选'}>
            <Input maxLength={50} disabled={!!editing} />
          </Form.Item>
        </Col>
        <SortAndActiveCols editing={editing !== null} />
      </Row>
    </FormDialog>
  );
}

import { Col, Form, Input, Row, Select, Switch } from 'antd';
import { api } from '../api';
import { useAuth } from '../auth';
import { ROLE_LABELS } from '../labels';
import type { Id, Role, UnitNode, User } from '../labels';
import { FormDialog } from './FormDialog';
import { UnitTreeSelect } from './UnitTreeSelect';

interface Values {
  username: string;
  displayName: string;
  unitId: Id;
  roles: Role[];
  password?: string;
  active?: boolean;
}

export type UserDialogState = { mode: 'create'; unitId?: Id } | { mode: 'edit'; user: User } | null;

export function useRoleOptions() {
  const { meta } = useAuth();
  const roles = meta?.roles ?? (Object.entries(ROLE_LABELS) as [Role, string][]).map(([code, name]) => ({ code, name }));
  return roles.map((r) => ({ value: r.code, label: r.name }));
}

interface Props {
  state: UserDialogState;
  tree: UnitNode[] | undefined;
  onClose: () => void;
  onSaved: (user: User) => void;
}

/** Create a user, or edit one's name, unit, roles and whether the account is active. */
export function UserFormDialog({ state, tree, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const roleOptions = useRoleOptions();
  const editing = state?.mode === 'edit' ? state.user : null;

  const initial: Partial<Values> | undefined = editing
    ? { username: editing.username, displayName: editing.displayName, unitId: editing.unitId, roles: editing.roles, active: editing.active }
    : state?.mode === 'create'
      ? { unitId: state.unitId, roles: [] }
      : undefined;

  const submit = async (values: Values) => {
    if (!state) return;
    let saved: User;
    if (!editing) {
      saved = await api.post<User>('/api/users', {
        username: values.username,
        displayName: values.displayName,
        unitId: values.unitId,
        roles: values.roles,
        password: values.password,
      });
    } else {
      const patch: Record<string, unknown> = {};
      if (values.displayName !== editing.displayName) patch.displayName = values.displayName;
      if (String(values.unitId) !== String(editing.unitId)) patch.unitId = values.unitId;
      if ([...values.roles].sort().join() !== [...editing.roles].sort().join()) patch.roles = values.roles;
      if (values.active !== editing.active) patch.active = values.active;
      saved = Object.keys(patch).length > 0 ? await api.patch<User>(`/api/users/${editing.id}`, patch) : editing;
    }
    onSaved(saved);
  };

  return (
    <FormDialog<Values>
      open={state !== null}
      title={editing ? `编辑用户 · ${editing.displayName || editing.username}` : '新增用户'}
      form={form}
      initialValues={initial}
      onSubmit={submit}
      onClose={onClose}
      duplicateField="username"
      focus={editing ? 'displayName' : 'username'}
      width={600}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, message: '请输入用户名' }]}
            extra={editing ? '用户名创建后不可修改' : '用于登录，建议使用字母、数字'}
          >
            <Input maxLength={64} disabled={!!editing} autoComplete="off" data-testid="user-username" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: '请选择所属单位' }]}>
        <UnitTreeSelect tree={tree} allowClear={false} />
      </Form.Item>
      <Form.Item label="角色" name="roles" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}>
        <Select mode="multiple" options={roleOptions} placeholder="选择一个或多个角色" showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Row gutter={12}>
        {editing ? (
          <Col span={12}>
            <Form.Item label="账号状态" name="active" valuePropName="checked">
              <Switch checkedChildren="启用" unCheckedChildren="停用" />
            </Form.Item>
          </Col>
        ) : (
          <Col span={12}>
            <Form.Item label="初始密码" name="password" rules={[{ required: true, message: '请输入初始密码' }]} extra="至少 8 位，须同时包含字母和数字">
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
        )}
      </Row>
    </FormDialog>
  );
}

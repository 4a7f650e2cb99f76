import { Form, Input, Typography } from 'antd';
import { api } from '../api';
import type { User } from '../labels';
import { FormDialog } from './FormDialog';

interface Values {
  password: string;
  confirm: string;
}

/** An administrator sets a new password for a user (POST /api/users/{id}/password). */
export function PasswordDialog({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: (user: User) => void }) {
  const [form] = Form.useForm<Values>();
  return (
    <FormDialog<Values>
      open={user !== null}
      title={`重置密码 · ${user?.displayName || user?.username || ''}`}
      form={form}
      focus="password"
      okText="重置密码"
      width={420}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!user) return;
        await api.post(`/api/users/${user.id}/password`, { password: values.password });
        onSaved(user);
      }}
    >
      <Typography.Paragraph type="secondary">
        为用户 <strong>{user?.username}</strong> 设置新密码，请通过安全方式告知本人。
      </Typography.Paragraph>
      <Form.Item label="新密码" name="password" rules={[{ required: true, message: '请输入新密码' }]} extra="至少 8 位，须同时包含字母和数字">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['password']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}

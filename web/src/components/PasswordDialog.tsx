import { Form, Typography } from 'antd';
import { api } from '../api';
import type { User } from '../labels';
import { FormDialog } from './FormDialog';
import { NewPasswordFields } from './FormFields';

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
      <NewPasswordFields />
    </FormDialog>
  );
}

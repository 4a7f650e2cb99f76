import { App, Form, Input, Typography } from 'antd';
import { api } from '../api';
import { FormDialog } from './FormDialog';
import { NewPasswordFields } from './FormFields';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The signed-in user changes their own password (POST /api/auth/password); other sessions end. */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  return (
    <FormDialog<Values>
      open={open}
      title="修改密码"
      form={form}
      focus="currentPassword"
      okText="修改密码"
      width={420}
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
        message.success('密码已修改，其他设备上的登录已退出');
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">修改后，您在其他设备上的登录将自动退出。</Typography.Paragraph>
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields name="newPassword" />
    </FormDialog>
  );
}

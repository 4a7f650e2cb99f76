import { App, Form, Input, Typography } from 'antd';
import { api } from '../api';
import { FormDialog } from './FormDialog';

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
      <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]} extra="至少 8 位，须同时包含字母和数字">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}

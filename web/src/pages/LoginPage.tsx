import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, applyFieldErrors } from '../api';
import { useAuth } from '../auth';
import { FullPageSpin } from '../components/Guards';

interface LoginForm {
  username: string;
  password: string;
}

function describe(e: unknown): string {
  if (!(e instanceof ApiError)) return '登录失败，请稍后再试';
  if (e.status === 423 || e.code === 'account_locked') {
    // The server's message usually says how long already; add it when it does not.
    const seconds = Number(e.details.retryAfter);
    if (/分钟|小时/.test(e.message) || !Number.isFinite(seconds) || seconds <= 0) return e.message;
    return `${e.message}（约 ${Math.ceil(seconds / 60)} 分钟后可再试，或联系管理员解锁）`;
  }
  return e.message;
}

export function LoginPage() {
  const { status, login, expired } = useAuth();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (status === 'loading') return <FullPageSpin />;
  if (status === 'authenticated') return <Navigate to={from} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from, { replace: true });
    } catch (e) {
      applyFieldErrors(form, e);
      setError(describe(e));
      form.setFieldValue('password', '');
      form.focusField('password');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main className="ms-login">
      <Card className="ms-login-card">
        <div className="ms-login-brand">
          <span className="ms-logo ms-logo-lg" aria-hidden>
            民
          </span>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              民声 12345 政务服务平台
            </Typography.Title>
            <Typography.Text type="secondary">工作人员登录</Typography.Text>
          </div>
        </div>
        {expired && !error ? <Alert type="info" showIcon title="登录已过期，请重新登录。" style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting} size="large">
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" placeholder="用户名" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="ms-login-foot">
          忘记密码或账号被锁定，请联系本单位管理员。
        </Typography.Paragraph>
      </Card>
    </main>
  );
}

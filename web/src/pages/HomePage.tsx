import { Link } from 'react-router-dom';
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useAuth } from '../auth';
import { visibleNav } from '../nav';
import { formatDateTime } from '../labels';

function greeting(now: Date): string {
  const hour = Number(now.toLocaleString('en-US', { timeZone: 'Asia/Shanghai', hour: 'numeric', hour12: false }));
  if (hour < 6) return '您好';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export function HomePage() {
  const { user, roleName } = useAuth();
  if (!user) return null;
  const items = visibleNav(user.roles);
  return (
    <>
      <Card className="ms-welcome">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {greeting(new Date())}，{user.displayName || user.username}
        </Typography.Title>
        <Space wrap size={[8, 4]}>
          <Typography.Text type="secondary">所属单位：{user.unitName}</Typography.Text>
          <Typography.Text type="secondary">角色：</Typography.Text>
          {user.roles.map((r) => (
            <Tag key={r} color="blue">
              {roleName(r)}
            </Tag>
          ))}
          <Typography.Text type="secondary">登录时间：{formatDateTime(user.lastLoginAt)}</Typography.Text>
        </Space>
      </Card>
      {items.length === 0 ? (
        <Card>
          <Empty description="您的账号暂未分配可用功能，请联系本单位管理员。" />
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          {items.map((item) => (
            <Col key={item.path} xs={24} sm={12} lg={8} xl={6}>
              <Link to={item.path} className="ms-tile">
                <Card hoverable size="small">
                  <Space align="start" size={12}>
                    <span className="ms-tile-icon">{item.icon}</span>
                    <span>
                      <Typography.Text strong>{item.label}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {item.description}
                      </Typography.Text>
                    </span>
                  </Space>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

import { Link } from 'react-router-dom';
import { Button, Card, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import type { NavItem } from '../nav';
import { PageHeader } from '../components/PageHeader';

/** A module whose screens are still being built. */
export function PlaceholderPage({ item }: { item: NavItem }) {
  return (
    <>
      <PageHeader title={item.label} hint={item.description} />
      <Card>
        <Result
          icon={<ToolOutlined />}
          title={`${item.label} · 功能建设中`}
          subTitle={`本模块将提供：${item.description}。`}
          extra={
            <Link to="/">
              <Button>返回首页</Button>
            </Link>
          }
        />
      </Card>
    </>
  );
}

// The leader page's 「预警」 card: the open warnings addressed to the leader, highest level first
// by colour, each opening the warnings page.
import { Link } from 'react-router-dom';
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LEVEL_COLORS, warningsApi } from './api';

export function LeaderWarningsCard() {
  const open = useLoad((signal) => warningsApi.list({ open: true, pageSize: 5 }, signal), []);
  return (
    <Card size="small" className="ms-leader-row" title="预警" data-testid="leader-warnings"
      extra={<Link to="/warnings">全部{open.data ? `（${open.data.total}）` : ''}</Link>}>
      {open.data && open.data.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无未办结的预警" /> : (
        <List
          size="small"
          loading={!open.data && !open.error}
          dataSource={open.data?.items ?? []}
          renderItem={(w) => (
            <List.Item>
              <Link to={`/warnings?id=${w.id}`} style={{ display: 'flex', gap: 8, alignItems: 'center', width: '100%' }}>
                <Tag color={LEVEL_COLORS[w.level]}>{w.levelLabel}</Tag>
                <Typography.Text ellipsis style={{ flex: 1 }}>{w.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.statusLabel} · {formatDateTime(w.detectedAt)}</Typography.Text>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

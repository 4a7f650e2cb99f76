import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** The title row of a page: a heading, an optional hint, and actions on the right. */
export function PageHeader({ title, hint, extra }: { title: ReactNode; hint?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="ms-page-header">
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </div>
      {extra ? <div className="ms-page-actions">{extra}</div> : null}
    </div>
  );
}

import { Button, Result } from 'antd';
import { ApiError } from '../api';

/** An API error shown in place of the content it prevented from loading. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const text = error instanceof Error ? error.message : '加载失败';
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={status === 403 ? '无权查看' : status === 404 ? '内容不存在' : '加载失败'}
      subTitle={text}
      extra={onRetry ? <Button type="primary" onClick={onRetry}>重试</Button> : undefined}
    />
  );
}

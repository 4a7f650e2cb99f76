// A masked citizen field (电话 138****5678) with a 「查看」 button for the roles that may see it in
// full: a confirm says the reveal is recorded, then the server's answer replaces the mask in place.
// Never revealed automatically; the server refuses (403) anyone else and logs every reveal.
import { useState } from 'react';
import { App, Button, Popconfirm, Tooltip, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { ApiError } from '../../api';
import { ticketApi } from '../api';
import { REVEAL_FIELD_LABELS } from './labels';

interface Props {
  ticketId: number;
  field: 'name' | 'phone' | 'idNumber';
  /** What everyone sees: the masked value (or null when none was given). */
  masked: string | null;
  /** Offer the button (the detail's `actions` include `reveal`); the server decides anyway. */
  canReveal: boolean;
  /** Offer it even with no masked value to show (the ID number is never shown masked). */
  always?: boolean;
}

export function RevealField({ ticketId, field, masked, canReveal, always = false }: Props) {
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const label = REVEAL_FIELD_LABELS[field];

  const reveal = async () => {
    setBusy(true);
    try {
      const out = await ticketApi.reveal(ticketId, field);
      setValue(out.value);
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 403 ? `无权查看完整${label}：${e.message}` : e instanceof Error ? e.message : '查看失败');
    } finally {
      setBusy(false);
    }
  };

  if (value !== undefined) {
    return (
      <span data-testid={`revealed-${field}`}>
        {value ? <Typography.Text copyable={{ text: value, tooltips: ['复制', '已复制'] }}>{value}</Typography.Text> : <span className="ms-muted">未登记</span>}
        <Tooltip title="本次查看已记录">
          <EyeOutlined className="ms-muted" style={{ marginInlineStart: 6 }} />
        </Tooltip>
      </span>
    );
  }
  if (!masked && !always) return <span className="ms-muted">—</span>;
  return (
    <span data-testid={`masked-${field}`}>
      {masked ? <span>{masked}</span> : null}
      {canReveal ? (
        <Popconfirm
          title={`查看完整${label}？`}
          description={<span>查看将被记录（查看人、时间、字段），<br />仅限办理本工单需要时查看。</span>}
          okText="查看"
          cancelText="取消"
          onConfirm={reveal}
        >
          <Button type="link" size="small" loading={busy} data-testid={`reveal-${field}`} style={{ paddingInline: 4, height: 'auto' }}>
            查看
          </Button>
        </Popconfirm>
      ) : null}
    </span>
  );
}

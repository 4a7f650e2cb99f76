// 可能重复: while the operator types, the tickets of the last weeks from the same caller, about the
// same place or with a similar text (POST /api/tickets/duplicates), each with its reasons; on one,
// 「合并到此单」 registers the call as its duplicate in one step (the page does the merge).
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Progress, Spin, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, ExportOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api';
import { formatDateTime } from '../../labels';
import type { DuplicateCandidate } from '../../../../src/services/repeats/duplicates';
import { isPhone, normalizePhone, useDebounced } from './panels';
import './DuplicatesPanel.css';

export type { DuplicateCandidate };

export interface DuplicateProbe {
  phone: string;
  address: string;
  point: [number, number] | null;
  title: string;
  content: string;
  subjectId: number | null;
}

const REASON_COLORS: [RegExp, string][] = [[/^同一来电人/, 'red'], [/^同一地点|^地址相近/, 'blue'], [/^内容相似/, 'green']];
const colorOf = (reason: string) => REASON_COLORS.find(([re]) => re.test(reason))?.[1] ?? 'default';

/** The body the server takes, or null when there is too little typed to look. */
function bodyOf(p: DuplicateProbe): Record<string, unknown> | null {
  const content = p.content.replace(/\s+/g, ' ').trim();
  if ([...content].length < 2) return null;
  return {
    content: content.slice(0, 2000), title: p.title.trim() || null, phone: isPhone(p.phone) ? normalizePhone(p.phone) : null,
    address: p.address.trim() || null, lng: p.point?.[0] ?? null, lat: p.point?.[1] ?? null, subjectId: p.subjectId,
  };
}

interface Props {
  probe: DuplicateProbe;
  /** 「合并到此单」: register the call merged into this ticket. */
  onMerge: (c: DuplicateCandidate) => void;
  /** The id being merged into, while the request runs. */
  merging: number | null;
}

export function DuplicatesPanel({ probe, onMerge, merging }: Props) {
  const body = bodyOf(probe);
  const key = useDebounced(body ? JSON.stringify(body) : null, 600);
  const [state, setState] = useState<{ key: string; items?: DuplicateCandidate[]; windowDays?: number; error?: unknown } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let stale = false;
    api.post<{ windowDays: number; items: DuplicateCandidate[] }>('/api/tickets/duplicates', JSON.parse(key)).then(
      (r) => !stale && setState({ key, items: r.items, windowDays: r.windowDays }),
      (error: unknown) => !stale && setState({ key, error }),
    );
    return () => {
      stale = true;
    };
  }, [key]);

  const current = state && state.key === key ? state : null;
  let content: ReactNode;
  if (key === null) {
    content = <Typography.Text type="secondary">输入诉求内容（及来电号码、地址）后，这里提示近期可能重复的工单。</Typography.Text>;
  } else if (current?.error) {
    content = <Alert type="warning" showIcon title={`重复检查失败：${errorText(current.error)}`} />;
  } else if (!current && !state?.items) {
    content = <Spin size="small" />;
  } else {
    const items = current?.items ?? state?.items ?? [];
    content = items.length === 0
      ? <Typography.Text type="secondary" data-testid="duplicates-none">近 {current?.windowDays ?? 30} 天没有相似的工单</Typography.Text>
      : (
        <ul className="ms-intake-list ms-dup-list" data-testid="duplicates-list">
          {items.map((c) => (
            <li key={c.id} data-testid="duplicate-item" data-ticket-id={c.id} data-number={c.number}>
              <div className="ms-intake-item-head">
                <a href={`/tickets/${c.id}`} target="_blank" rel="noopener" title="在新标签页打开">
                  <span className="ms-mono">{c.number}</span> <ExportOutlined className="ms-intake-ext" />
                </a>
                <Tag color={c.open ? 'processing' : 'default'}>{c.stateLabel}</Tag>
                {c.repeatCount >= 2 ? <Tag color="red">屡办不成 ×{c.repeatCount}</Tag> : null}
                <Tooltip title={`重复可能性 ${Math.round(c.score * 100)}%`}>
                  <Progress className="ms-dup-score" percent={Math.round(c.score * 100)} size="small" steps={5} format={(p) => `${p}%`} strokeColor="#cf1322" aria-label={`重复可能性 ${Math.round(c.score * 100)}%`} />
                </Tooltip>
              </div>
              <div className="ms-intake-item-title" title={c.title}>{c.title}</div>
              <div className="ms-dup-reasons" data-testid="duplicate-reasons">
                {c.reasons.map((r) => <Tag key={r} color={colorOf(r)} variant="filled">{r}</Tag>)}
              </div>
              <div className="ms-intake-meta">
                <span>{formatDateTime(c.acceptedAt).slice(0, 10)}</span>
                {c.subjectName ? <span>{c.subjectName}</span> : null}
                {c.address ? <span className="ms-dup-address" title={c.address}>{c.address}</span> : null}
                {c.callerPhone ? <span>{c.callerPhone}</span> : null}
              </div>
              <div className="ms-dup-actions">
                <Tooltip title={c.canMerge ? '登记本次来电，并合并到该工单办理（来电人可随主单查询进度）' : '该工单已并单、无效或归档，不能合并'}>
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    icon={<MergeCellsOutlined />}
                    disabled={!c.canMerge || (merging !== null && merging !== c.id)}
                    loading={merging === c.id}
                    onClick={() => onMerge(c)}
                    data-testid="duplicate-merge"
                  >
                    合并到此单
                  </Button>
                </Tooltip>
                <Tooltip title="复制工单编号">
                  <Button size="small" type="text" icon={<CopyOutlined />} aria-label={`复制工单编号 ${c.number}`} onClick={() => void navigator.clipboard?.writeText(c.number).catch(() => undefined)} />
                </Tooltip>
              </div>
            </li>
          ))}
        </ul>
      );
  }
  const count = current?.items?.length ?? 0;
  return (
    <div className={`ms-intake-panel${count > 0 ? ' ms-dup-panel-hit' : ''}`} data-testid="duplicates-panel">
      <div className="ms-intake-panel-title">
        <span>
          <MergeCellsOutlined /> 可能重复{count > 0 ? <Tag color="red" style={{ marginInlineStart: 6 }}>{count}</Tag> : null}
        </span>
        {key !== null && !current && state?.items ? <Spin size="small" /> : null}
      </div>
      {content}
    </div>
  );
}

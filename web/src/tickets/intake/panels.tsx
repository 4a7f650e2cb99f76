// The intake screen's side panels: the caller's earlier tickets (by phone) and earlier answers to
// matters like the one being typed (knowledge search). Both follow the form as it is typed,
// debounced, and say plainly when there is nothing, or when a look-up failed.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, ExportOutlined, HistoryOutlined, ImportOutlined, ReadOutlined } from '@ant-design/icons';
import { api, ApiError, errorText } from '../../api';
import { formatDateTime } from '../../labels';
import { ticketApi } from '../api';
import { useCodes } from '../codes';
import { StateTag } from '../StateTag';
import type { Ticket } from '../types';
import type { KnowledgeHit } from '../../../../src/services/knowledge/search';
import { IntakeArticles } from '../../knowledge/IntakeArticles';
import type { IntakeArticle } from '../../knowledge/api';

export type { KnowledgeHit };
export type { IntakeArticle };

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Digits of a phone as the server reads it (spaces, dashes, brackets and +86 dropped). */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

/** A mobile (11 digits from 1), a fixed line with area code, or a local number: what the server accepts. */
export const isPhone = (raw: string): boolean => /^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$/.test(normalizePhone(raw));

interface Loaded<T> {
  key: string;
  data?: T;
  error?: unknown;
}

/** Loads `load(key)` whenever `key` changes to a non-null value; the last answer for the current key only. */
function useKeyed<T>(key: string | null, load: (key: string, signal: AbortSignal) => Promise<T>): { loading: boolean; data?: T; error?: unknown } {
  const [state, setState] = useState<Loaded<T> | null>(null);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(key, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ key, data }),
      (error: unknown) => !controller.signal.aborted && setState({ key, error }),
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; the key alone says when to load again.
  }, [key]);
  if (key === null) return { loading: false };
  if (state?.key !== key) return { loading: true, data: state?.data };
  return { loading: false, data: state.data, error: state.error };
}

function PanelTitle({ icon, title, extra }: { icon: ReactNode; title: string; extra?: ReactNode }) {
  return (
    <div className="ms-intake-panel-title">
      <span>
        {icon} {title}
      </span>
      {extra}
    </div>
  );
}

/** The caller's earlier tickets, newest first; each opens in a new tab so the call's form stays. */
export function CallerHistory({ phone, onUseName }: { phone: string; onUseName: (name: string) => void }) {
  const codes = useCodes();
  const settled = useDebounced(phone.trim(), 300);
  const key = isPhone(settled) ? normalizePhone(settled) : null;
  const { loading, data, error } = useKeyed(key, (p, signal) => ticketApi.list({ phone: p, pageSize: 8, sort: '-acceptedAt' }, signal));
  const latestName = data?.items.find((t) => t.citizen.name && !t.citizen.masked)?.citizen.name ?? null;

  let body: ReactNode;
  if (key === null) {
    body = <Typography.Text type="secondary">输入来电号码后，这里列出该来电人以往的工单。</Typography.Text>;
  } else if (error) {
    const text = error instanceof ApiError && error.status === 403 ? '仅热线平台可按号码查询来电人' : `来电记录查询失败：${errorText(error)}`;
    body = <Alert type="warning" showIcon title={text} />;
  } else if (!data) {
    body = <Spin size="small" />;
  } else if (data.total === 0) {
    body = <Typography.Text type="secondary" data-testid="caller-none">首次来电：没有该号码的工单</Typography.Text>;
  } else {
    body = (
      <>
        <div className="ms-intake-caller-sum">
          <Typography.Text strong data-testid="caller-count">
            以往 {data.total} 件
          </Typography.Text>
          {latestName ? (
            <Button size="small" type="link" onClick={() => onUseName(latestName)}>
              沿用姓名「{latestName}」
            </Button>
          ) : null}
        </div>
        <ul className="ms-intake-list" data-testid="caller-history">
          {data.items.map((t: Ticket) => (
            <li key={t.id} data-ticket-id={t.id}>
              <a href={`/tickets/${t.id}`} target="_blank" rel="noopener" title="在新标签页打开">
                <span className="ms-mono">{t.number}</span> <ExportOutlined className="ms-intake-ext" />
              </a>
              <StateTag ticket={t} />
              <span className="ms-intake-date">{formatDateTime(t.acceptedAt).slice(0, 10)}</span>
              <div className="ms-intake-item-title">
                <Tag variant="filled">{codes.name('types', t.type)}</Tag>
                {t.title}
              </div>
            </li>
          ))}
        </ul>
        {data.total > data.items.length ? <Typography.Text type="secondary">仅列最近 {data.items.length} 件</Typography.Text> : null}
      </>
    );
  }
  return (
    <div className="ms-intake-panel" data-testid="caller-panel">
      <PanelTitle icon={<HistoryOutlined />} title="来电记录" extra={loading && data ? <Spin size="small" /> : null} />
      {body}
    </div>
  );
}


const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every token marked. */
function Marked({ text, tokens }: { text: string; tokens: string[] }) {
  if (tokens.length === 0) return <>{text}</>;
  const re = new RegExp(`(${tokens.map(escapeRegExp).join('|')})`, 'gi');
  const lower = new Set(tokens.map((t) => t.toLowerCase()));
  return <>{text.split(re).map((part, i) => (lower.has(part.toLowerCase()) ? <mark key={i} className="ms-mark">{part}</mark> : part))}</>;
}

/** Earlier answers to matters like the one typed; 「引用」 copies one into the direct answer. */
export function KnowledgePanel({ text, onUse }: { text: string; onUse: (hit: KnowledgeHit | IntakeArticle) => void }) {
  const settled = useDebounced(text.replace(/\s+/g, ' ').trim().slice(0, 200), 450);
  const key = [...settled].length >= 2 ? settled : null;
  const { loading, data, error } = useKeyed(key, (q, signal) => api.get<{ tokens: string[]; items: KnowledgeHit[]; words: string[]; articles: IntakeArticle[] }>('/api/knowledge/search', { q, limit: 6 }, signal));

  const copy = async (hit: KnowledgeHit) => {
    try {
      await navigator.clipboard.writeText(hit.answer);
    } catch {
      // no clipboard (an insecure origin): 引用 still works
    }
  };

  let body: ReactNode;
  if (key === null) {
    body = <Typography.Text type="secondary">输入诉求内容，这里推荐知识库文章和以往类似诉求的答复。</Typography.Text>;
  } else if (error) {
    body = <Alert type="warning" showIcon title={`知识检索失败：${errorText(error)}`} />;
  } else if (!data) {
    body = <Spin size="small" />;
  } else if (data.items.length === 0 && data.articles.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有找到类似的答复" />;
  } else {
    // Articles of the knowledge base first: reviewed, current text; earlier answers below them.
    body = (
      <>
      <IntakeArticles articles={data.articles} words={data.words} onUse={onUse} />
      <ul className="ms-intake-list ms-intake-knowledge" data-testid="knowledge-list">
        {data.items.map((hit) => (
          <li key={`${hit.kind}-${hit.ticketId}`} data-testid="knowledge-item" data-ticket-id={hit.ticketId}>
            <div className="ms-intake-item-head">
              <a href={`/tickets/${hit.ticketId}`} target="_blank" rel="noopener" className="ms-intake-item-title" title={hit.title}>
                <Marked text={hit.title} tokens={data.tokens} />
              </a>
              <Space size={0}>
                <Tooltip title="把这条答复填入「直接答复」">
                  <Button size="small" type="link" icon={<ImportOutlined />} onClick={() => onUse(hit)} aria-label={`引用工单 ${hit.number} 的答复`}>
                    引用
                  </Button>
                </Tooltip>
                <Tooltip title="复制答复全文">
                  <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => void copy(hit)} aria-label={`复制工单 ${hit.number} 的答复`} />
                </Tooltip>
              </Space>
            </div>
            <div className="ms-intake-snippet">
              <Marked text={hit.snippet} tokens={data.tokens} />
            </div>
            <div className="ms-intake-meta">
              <Tag color={hit.source === 'answer' ? 'cyan' : 'blue'} variant="filled">
                {hit.source === 'answer' ? '直接答复' : (hit.unitName ?? '单位答复')}
              </Tag>
              {hit.subjectName ? <span>{hit.subjectName}</span> : null}
              <span className="ms-mono">{hit.number}</span>
              <span>{formatDateTime(hit.answeredAt).slice(0, 10)}</span>
            </div>
          </li>
        ))}
      </ul>
      </>
    );
  }
  return (
    <div className="ms-intake-panel" data-testid="knowledge-panel">
      <PanelTitle icon={<ReadOutlined />} title="知识推荐" extra={loading && data ? <Spin size="small" /> : null} />
      {body}
    </div>
  );
}

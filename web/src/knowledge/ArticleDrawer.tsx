// Reading an article: the working copy (and the live copy when a revision waits), its source, files,
// 引用次数; the reviewer approves or rejects (with a reason) from here, the owning unit edits.
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Input, Modal, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useApiError } from '../hooks';
import { STATUS_LABELS, knowledgeApi } from './api';
import type { ArticleView } from './api';
import { validityText } from './Marked';

export const STATUS_COLORS = { draft: 'default', submitted: 'orange', published: 'green' } as const;

export function StatusTag({ a }: { a: ArticleView }) {
  if (a.status === 'draft' && a.rejectReason) return <Tag color="red">已退回</Tag>;
  if (a.status !== 'published' && a.live) return <><Tag color="green">已发布</Tag><Tag color={STATUS_COLORS[a.status]}>修订{STATUS_LABELS[a.status]}</Tag></>;
  return <Tag color={STATUS_COLORS[a.status]}>{STATUS_LABELS[a.status]}</Tag>;
}

export function ArticleDrawer({ article, onClose, onChanged, onEdit }: { article: ArticleView | null; onClose: () => void; onChanged: (a: ArticleView) => void; onEdit: (a: ArticleView) => void }) {
  const { message } = App.useApp();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');

  const review = async (approve: boolean) => {
    if (!article) return;
    setBusy(true);
    try {
      const a = await knowledgeApi.review(article.id, { approve, reason: approve ? undefined : reason, version: article.version });
      message.success(approve ? '已审核通过并发布' : '已退回');
      setRejecting(false);
      setReason('');
      onChanged(a);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const a = article;
  const revision = a && a.live && a.status !== 'published';
  return (
    <Drawer
      title={a ? a.title : ''}
      open={a !== null}
      onClose={onClose}
      size={720}
      extra={a ? (
        <Space>
          {a.editable ? <Button icon={<EditOutlined />} onClick={() => onEdit(a)} data-testid="article-edit">编辑</Button> : null}
          {a.reviewable ? (
            <>
              <Button danger icon={<CloseOutlined />} onClick={() => setRejecting(true)} disabled={busy} data-testid="article-reject">退回</Button>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => void review(true)} loading={busy} data-testid="article-approve">审核通过并发布</Button>
            </>
          ) : null}
        </Space>
      ) : null}
    >
      {a ? (
        <div data-testid="article-drawer">
          {a.rejectReason ? <Alert type="warning" showIcon title={`审核退回：${a.rejectReason}`} style={{ marginBottom: 12 }} /> : null}
          {revision ? <Alert type="info" showIcon title="以下为待审核的修订稿；受理和市民目前看到的是已发布版本（见下方）。" style={{ marginBottom: 12 }} /> : null}
          <Descriptions size="small" column={2} items={[
            { key: 's', label: '状态', children: <StatusTag a={a} /> },
            { key: 'k', label: '类别', children: a.kindLabel },
            { key: 'u', label: '所属单位', children: a.unitName },
            { key: 'sub', label: '诉求分类', children: a.subjectName ?? '—' },
            { key: 'v', label: '有效期', children: <>{validityText(a.validFrom, a.validTo)}{a.live && !a.live.valid ? <Tag color="red" style={{ marginLeft: 8 }}>不在有效期</Tag> : null}</> },
            { key: 'c', label: '引用次数', children: <span data-testid="article-citations">{a.citations}</span> },
            { key: 'kw', label: '关键词', span: 2, children: a.keywords.length ? a.keywords.map((k) => <Tag key={k}>{k}</Tag>) : '—' },
          ]} />
          <Typography.Paragraph className="ms-ticket-pre" style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>{a.body}</Typography.Paragraph>
          {a.attachments.length ? (
            <div>
              {a.attachments.map((f) => <div key={f.id}><a href={knowledgeApi.fileUrl(a.id, f.id)}><PaperClipOutlined /> {f.fileName}</a></div>)}
            </div>
          ) : null}
          {revision && a.live ? (
            <div style={{ marginTop: 24 }}>
              <Typography.Title level={5}>已发布版本（第 {a.live.revision} 版）</Typography.Title>
              <Typography.Paragraph strong>{a.live.title}</Typography.Paragraph>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} type="secondary">{a.live.body}</Typography.Paragraph>
            </div>
          ) : null}
          <Modal
            title="退回修改"
            open={rejecting}
            onCancel={() => setRejecting(false)}
            onOk={() => void review(false)}
            okText="退回"
            okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
          >
            <Input.TextArea id="reject-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明需要修改的地方" maxLength={500} autoFocus />
          </Modal>
        </div>
      ) : null}
    </Drawer>
  );
}

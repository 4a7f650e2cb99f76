// 分词词典 (administrators): the words added to the platform's segmentation dictionary — estates,
// new roads, brand and local terms — added in batches (one a line; each refused word said with its
// reason), searched and removed; beside them the suggestion models and a button to train them now.
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, ExperimentOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, request } from '../api';
import { useApiError, useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';

interface Word { word: string; note: string | null; createdBy: string | null; createdAt: string }
interface WordPage { items: Word[]; total: number; page: number; pageSize: number }
interface AddResult { added: string[]; existing: string[]; rejected: { field: string; word: string; message: string }[] }
interface ModelRow { id: number; target: string; trainedAt: string; examples: number; labels: number; metrics: Record<string, unknown> }

const TARGETS: Record<string, string> = { subject: '诉求分类', type: '诉求类型', unit: '承办单位' };
const PAGE_SIZE = 20;

export function WordsPage() {
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<{ words: string; note?: string }>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<AddResult | null>(null);
  const [saving, setSaving] = useState(false);
  const [training, setTraining] = useState(false);
  const words = useLoad((signal) => api.get<WordPage>('/api/text/words', { q: q || undefined, page, pageSize: PAGE_SIZE }, signal), [q, page]);
  const models = useLoad((signal) => request<{ items: ModelRow[] }>('/api/suggestions/models', { signal }), []);

  const add = async (values: { words: string; note?: string }) => {
    const list = values.words.split(/\r?\n/).map((w) => w.trim()).filter(Boolean);
    setSaving(true);
    try {
      const r = await api.post<AddResult>('/api/text/words', { words: list, note: values.note?.trim() || null });
      setResult(r);
      if (r.added.length) message.success(`已添加 ${r.added.length} 个词语`);
      if (r.rejected.length === 0) form.resetFields();
      words.reload();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (word: string) => {
    try {
      await api.del(`/api/text/words/${encodeURIComponent(word)}`);
      message.success(`已删除“${word}”`);
      words.reload();
    } catch (e) {
      showError(e);
    }
  };

  const train = async () => {
    setTraining(true);
    try {
      const r = await api.post<{ items: { target: string; trained: boolean; reason?: string }[] }>('/api/suggestions/train', {});
      const done = r.items.filter((i) => i.trained).map((i) => TARGETS[i.target] ?? i.target);
      if (done.length) message.success(`已训练：${done.join('、')}`);
      else message.warning('已办结工单太少，暂无法训练');
      models.reload();
    } catch (e) {
      showError(e);
    } finally {
      setTraining(false);
    }
  };

  return (
    <>
      <PageHeader title="分词词典" hint="平台自有词语（小区、道路、品牌、本地说法）：检索、智能推荐、热点聚类都按此切词" />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" title="添加词语" data-testid="words-add">
          <Form form={form} layout="vertical" onFinish={(v) => void add(v)} requiredMark={false}>
            <Form.Item name="words" label="词语（每行一个，2–40 个字，不含空格）" rules={[{ required: true, whitespace: true, message: '请填写词语' }]}>
              <Input.TextArea id="words" autoSize={{ minRows: 3, maxRows: 8 }} placeholder={'万科魅力之城\n滨江新路'} />
            </Form.Item>
            <Form.Item name="note" label="备注（选填）">
              <Input id="note" maxLength={200} placeholder="如：楼盘名称" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving}>添加</Button>
          </Form>
          {result && (result.rejected.length > 0 || result.existing.length > 0) ? (
            <div style={{ marginTop: 12 }} data-testid="words-result">
              {result.existing.length > 0 ? <div><Typography.Text type="secondary">已存在：</Typography.Text>{result.existing.join('、')}</div> : null}
              {result.rejected.map((r) => (
                <div key={r.field}><Tag color="red">未添加</Tag>“{r.word}”：{r.message}</div>
              ))}
            </div>
          ) : null}
        </Card>

        <Card
          size="small"
          title="词语"
          extra={<Space><Input.Search allowClear placeholder="查找词语" onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 220 }} /><Button icon={<ReloadOutlined />} onClick={words.reload}>刷新</Button></Space>}
        >
          {words.error ? <LoadError error={words.error} onRetry={words.reload} /> : (
            <Table<Word>
              size="small"
              rowKey="word"
              loading={words.loading}
              dataSource={words.data?.items ?? []}
              data-testid="words-table"
              pagination={{ current: page, pageSize: PAGE_SIZE, total: words.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 个` }}
              columns={[
                { title: '词语', dataIndex: 'word' },
                { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
                { title: '添加人', dataIndex: 'createdBy', width: 120, render: (v: string | null) => v ?? '—' },
                { title: '添加时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
                {
                  title: '', key: 'op', width: 80,
                  render: (_: unknown, w) => (
                    <Popconfirm title={`删除“${w.word}”？`} okText="删除" cancelText="取消" onConfirm={() => void remove(w.word)}>
                      <Button size="small" type="link" danger icon={<DeleteOutlined />}>删除</Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          )}
        </Card>

        <Card size="small" title="智能推荐模型" extra={<Button icon={<ExperimentOutlined />} loading={training} onClick={() => void train()}>立即训练</Button>} data-testid="models">
          {models.error ? <LoadError error={models.error} onRetry={models.reload} /> : models.data?.items.length ? (
            <Descriptions
              size="small"
              column={1}
              items={models.data.items.map((m) => ({
                key: m.target,
                label: TARGETS[m.target] ?? m.target,
                children: `${formatDateTime(m.trainedAt)} 训练 · ${m.examples} 件工单 · ${m.labels} 类 · 留出集 macro-F1 ${typeof m.metrics.macroF1 === 'number' ? m.metrics.macroF1.toFixed(3) : '—'}`,
              }))}
            />
          ) : <Typography.Text type="secondary">尚未训练。每晚 02:00 后自动训练，也可点“立即训练”。</Typography.Text>}
        </Card>
      </Space>
    </>
  );
}

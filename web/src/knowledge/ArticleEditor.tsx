// The article editor: title, owning unit, subject, kind, keywords, validity, body, and files (with
// upload progress). Saving keeps a draft; 「保存并提交审核」 sends it to the hotline office. Editing a
// published article makes a revision: the live text stays until the revision is approved.
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, List, Progress, Select, Space, TreeSelect, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useApiError } from '../hooks';
import { useCodes } from '../tickets/codes';
import { useUnitTree } from '../units';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import type { SubjectNode } from '../labels';
import { KIND_LABELS, knowledgeApi } from './api';
import type { ArticleBody, ArticleKind, ArticleView, AttachmentFacts } from './api';

interface Values {
  title: string;
  unitId?: number;
  subjectId?: number | null;
  kind: ArticleKind;
  keywords?: string[];
  validity?: [Dayjs | null, Dayjs | null] | null;
  body: string;
}

interface SubjectOption { value: number; title: string; children?: SubjectOption[] }
const toOptions = (nodes: SubjectNode[]): SubjectOption[] =>
  nodes.filter((n) => n.active).map((n) => ({ value: Number(n.id), title: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));

const ALIASES = { validFrom: 'validity', validTo: 'validity' };

export function ArticleEditor({ article, open, onClose, onSaved }: { article: ArticleView | null; open: boolean; onClose: () => void; onSaved: (a: ArticleView) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const showError = useApiError();
  const codes = useCodes();
  const units = useUnitTree();
  const [saving, setSaving] = useState<'save' | 'submit' | null>(null);
  const [current, setCurrent] = useState<ArticleView | null>(article);
  const [files, setFiles] = useState<AttachmentFacts[]>(article?.attachments ?? []);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);

  useEffect(() => {
    if (!open) return;
    setCurrent(article);
    setFiles(article?.attachments ?? []);
    form.resetFields();
    form.setFieldsValue(article ? {
      title: article.title, unitId: article.unitId, subjectId: article.subjectId, kind: article.kind, keywords: article.keywords, body: article.body,
      validity: article.validFrom || article.validTo ? [article.validFrom ? dayjs(article.validFrom) : null, article.validTo ? dayjs(article.validTo) : null] : null,
    } : { kind: 'faq', keywords: [] });
  }, [open, article, form]);

  const save = async (submit: boolean) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const [from, to] = values.validity ?? [null, null];
    const body: ArticleBody = {
      title: values.title, unitId: values.unitId, subjectId: values.subjectId ?? null, kind: values.kind, keywords: values.keywords ?? [], body: values.body,
      validFrom: from ? from.format('YYYY-MM-DD') : null, validTo: to ? to.format('YYYY-MM-DD') : null,
    };
    setSaving(submit ? 'submit' : 'save');
    try {
      let saved = current ? await knowledgeApi.update(current.id, { ...body, version: current.version }) : await knowledgeApi.create(body);
      setCurrent(saved);
      if (submit) saved = await knowledgeApi.submit(saved.id, saved.version);
      message.success(submit ? '已提交审核' : '已保存草稿');
      onSaved(saved);
      if (submit) onClose();
    } catch (e) {
      showError(e, form, { aliases: ALIASES });
    } finally {
      setSaving(null);
    }
  };

  const attach = async (file: File) => {
    if (!current) return;
    setProgress({ name: file.name, percent: 0 });
    try {
      const added = await knowledgeApi.attach(current.id, file, (percent) => setProgress({ name: file.name, percent }));
      setFiles((f) => [...f, added]);
    } catch (e) {
      showError(e);
    } finally {
      setProgress(null);
    }
  };

  const detach = async (f: AttachmentFacts) => {
    if (!current) return;
    try {
      await knowledgeApi.detach(current.id, f.id);
      setFiles((list) => list.filter((x) => x.id !== f.id));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Drawer
      title={current ? `编辑文章 · ${current.title}` : '新建知识库文章'}
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => void save(false)} loading={saving === 'save'} data-testid="article-save">保存草稿</Button>
          <Button type="primary" onClick={() => void save(true)} loading={saving === 'submit'} data-testid="article-submit">保存并提交审核</Button>
        </Space>
      }
    >
      {current?.rejectReason ? <Alert type="warning" showIcon title={`审核退回：${current.rejectReason}`} style={{ marginBottom: 16 }} /> : null}
      {current?.live ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="这篇文章已发布：修改保存后成为待审核的新版本，审核通过前，受理和市民看到的仍是已发布的内容。" />
      ) : null}
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="article-form">
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}>
          <Input id="article-title" maxLength={200} placeholder="如：住房公积金提取办理指南" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="kind" label="类别" rules={[{ required: true }]} style={{ width: 160 }}>
            <Select id="article-kind" options={(Object.keys(KIND_LABELS) as ArticleKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位" style={{ flex: 1, marginLeft: 12 }} tooltip="默认为本单位">
            <UnitTreeSelect tree={units.data} placeholder="本单位" allowClear />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="subjectId" label="诉求分类">
          <TreeSelect id="article-subject" allowClear showSearch={{ treeNodeFilterProp: 'title' }} treeData={toOptions(codes.subjects)} placeholder="选择文章涉及的诉求分类" />
        </Form.Item>
        <Form.Item name="keywords" label="关键词" tooltip="市民和话务员可能用的说法，回车分隔；标题和关键词命中排在正文命中之前">
          <Select id="article-keywords" mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="如：公积金提取、租房提取" open={false} />
        </Form.Item>
        <Form.Item name="validity" label="有效期" tooltip="不填为长期有效；过期后不再向受理和市民推荐，编辑仍可查到">
          <DatePicker.RangePicker id="article-validity" allowEmpty={[true, true]} placeholder={['生效日期', '失效日期']} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
          <Input.TextArea id="article-body" rows={12} maxLength={50000} showCount placeholder="写明政策依据、办理条件、材料、地点、时限和咨询电话" />
        </Form.Item>
      </Form>
      <div data-testid="article-files">
        <Space style={{ marginBottom: 8 }}>
          <Upload beforeUpload={(f) => { void attach(f); return false; }} showUploadList={false} disabled={!current || progress !== null}>
            <Button icon={<UploadOutlined />} disabled={!current || progress !== null}>上传附件</Button>
          </Upload>
          {!current ? <span className="ms-muted">先保存草稿，再上传附件</span> : null}
        </Space>
        {progress ? <Progress percent={progress.percent} size="small" format={(p) => `${progress.name} ${p}%`} /> : null}
        <List
          size="small"
          dataSource={files}
          locale={{ emptyText: '暂无附件' }}
          renderItem={(f) => (
            <List.Item actions={[<Button key="del" type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => void detach(f)} aria-label={`删除附件 ${f.fileName}`} />]}>
              <a href={current ? knowledgeApi.fileUrl(current.id, f.id) : undefined}><PaperClipOutlined /> {f.fileName}</a>
              <span className="ms-muted"> {(f.size / 1024).toFixed(0)} KB</span>
            </List.Item>
          )}
        />
      </div>
    </Drawer>
  );
}

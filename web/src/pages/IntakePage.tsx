// 受理: the operator takes a call or a message on one screen, laid out in the order of the call —
// who is calling (and their earlier tickets), what it is about (with earlier answers to the same
// matter beside it), where, anything else — then sends it to dispatch or answers it at once. Built
// for the keyboard: the phone field has focus, Tab follows the call, Alt+S / Alt+D / Alt+N / Alt+P.
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Card, Col, Form, Input, Progress, Radio, Row, Select, Space, Spin, Switch, Tag, Tooltip, TreeSelect, Typography, Upload } from 'antd';
import type { InputRef, UploadFile } from 'antd';
import {
  AimOutlined, CheckCircleFilled, CloseCircleOutlined, CopyOutlined, EnvironmentOutlined, ExportOutlined, LockOutlined, PaperClipOutlined,
  PlusOutlined, SendOutlined, MessageOutlined,
} from '@ant-design/icons';
import { api, ApiError, errorText, sizeText, upload } from '../api';
import { useApiError } from '../hooks';
import type { SubjectNode } from '../labels';
import { useUnitTree } from '../units';
import { PageHeader } from '../components/PageHeader';
import { ticketApi } from '../tickets/api';
import { useCodes } from '../tickets/codes';
import { StateTag } from '../tickets/StateTag';
import type { IntakeBody, Ticket } from '../tickets/types';
import { CallerHistory, KnowledgePanel, useDebounced } from '../tickets/intake/panels';
import { DuplicatesPanel, type DuplicateCandidate } from '../tickets/intake/DuplicatesPanel';
import type { IntakeArticle, KnowledgeHit } from '../tickets/intake/panels';
import type { AreaFeature } from '../tickets/intake/PointMap';
import { IntakeSuggestions } from '../tickets/suggest/IntakeSuggestions';
import '../tickets/intake/intake.css';

const PointMap = lazy(() => import('../tickets/intake/PointMap'));

interface Values {
  phone?: string;
  name?: string;
  content?: string;
  title?: string;
  type?: string;
  subjectId?: number | null;
  urgency: string;
  channel: string;
  address?: string;
  confidential: boolean;
  idNumber?: string;
  answer?: string;
}

const INITIAL: Values = { urgency: 'normal', channel: 'phone', confidential: false };

/** Server field paths of the intake and answer bodies → this form's fields. */
const ALIASES: Record<string, string> = {
  'citizen.phone': 'phone', 'citizen.name': 'name', 'citizen.idNumber': 'idNumber', 'citizen.confidential': 'confidential', 'citizen.company': 'name',
  'location.address': 'address', 'location.lng': 'address', 'location.lat': 'address', citizen: 'phone', location: 'address',
};

/** What the accepted attachments are (the server checks the bytes; this only filters the picker). */
const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.mp3,.wav,.amr,.mp4,.docx,.xlsx,.txt';

/** 'merge': 合并到此单, the call registered as a duplicate of an existing ticket. */
type Path = 'dispatch' | 'answer' | 'merge';

interface UploadState {
  uid: string;
  name: string;
  size: number;
  percent: number;
  status: 'waiting' | 'uploading' | 'done' | 'error';
  error?: string;
}

interface Done {
  ticket: Ticket;
  path: Path;
  /** The ticket was registered but the direct answer failed: said plainly, with the reason. */
  answerError: string | null;
  uploads: UploadState[];
  /** With 'merge': the ticket the call was merged into. */
  master?: { id: number; number: string };
}

interface Area {
  district: { name: string } | null;
  street: { name: string } | null;
  community: { name: string } | null;
  grid: { name: string } | null;
  method: 'point' | 'address' | 'none';
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

interface SubjectOption {
  value: number;
  title: string;
  children?: SubjectOption[];
}

const toSubjectOptions = (nodes: SubjectNode[]): SubjectOption[] =>
  nodes.filter((n) => n.active).map((n) => ({ value: Number(n.id), title: n.name, children: n.children?.length ? toSubjectOptions(n.children) : undefined }));

/** A shortcut as shown on buttons and in tooltips. */
function Key({ children }: { children: ReactNode }) {
  return <kbd className="ms-intake-kbd">{children}</kbd>;
}

export function IntakePage() {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const codes = useCodes();
  const units = useUnitTree();
  const phoneRef = useRef<InputRef>(null);
  const answerRef = useRef<HTMLTextAreaElement | null>(null);
  const [saving, setSaving] = useState<Path | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [usedHit, setUsedHit] = useState<KnowledgeHit | IntakeArticle | null>(null);
  const [mergeTarget, setMergeTarget] = useState<DuplicateCandidate | null>(null);

  const phone = Form.useWatch('phone', form) ?? '';
  const title = Form.useWatch('title', form) ?? '';
  const content = Form.useWatch('content', form) ?? '';
  const address = Form.useWatch('address', form) ?? '';
  const subjectId = Form.useWatch('subjectId', form) ?? null;
  const subjects = useMemo(() => toSubjectOptions(codes.subjects), [codes.subjects]);
  // Map labels use the short names the tree has (高新区管委会 rather than the committee's full name).
  const shortNames = useMemo(() => new Map((units.data?.[0]?.children ?? []).map((u) => [String(u.id), u.shortName || u.name])), [units.data]);
  const labelOf = useCallback((f: AreaFeature) => shortNames.get(String(f.id)) ?? f.properties.name, [shortNames]);

  const focusPhone = useCallback(() => {
    phoneRef.current?.focus({ cursor: 'end' });
  }, []);
  useEffect(() => {
    if (!done) focusPhone();
  }, [done, focusPhone]);

  // The map: the city's outline and its districts (the operator works at the platform root).
  const rootId = units.data?.[0]?.id;
  const [geo, setGeo] = useState<{ features: AreaFeature[]; error?: unknown } | null>(null);
  useEffect(() => {
    if (rootId === undefined) return;
    const controller = new AbortController();
    api.get<FeatureCollection>('/api/geo/units', { parent: rootId }, controller.signal).then(
      (fc) => setGeo({ features: fc.features }),
      (error: unknown) => !controller.signal.aborted && setGeo({ features: [], error }),
    );
    return () => controller.abort();
  }, [rootId]);

  // Where it is: the point clicked on the map, refined or replaced by the address's keywords.
  const settledAddress = useDebounced(address.trim(), 500);
  const [area, setArea] = useState<Area | null>(null);
  useEffect(() => {
    if (!point && !settledAddress) {
      setArea(null);
      return;
    }
    const controller = new AbortController();
    api.get<Area>('/api/location/resolve', { address: settledAddress || undefined, lng: point?.[0], lat: point?.[1] }, controller.signal).then(
      (a) => setArea(a),
      () => !controller.signal.aborted && setArea(null),
    );
    return () => controller.abort();
  }, [point, settledAddress]);

  const useAnswer = (hit: KnowledgeHit | IntakeArticle) => {
    const article = 'ticketId' in hit ? null : hit;
    form.setFieldsValue({ answer: article ? article.body : (hit as KnowledgeHit).answer });
    form.setFields([{ name: 'answer', errors: [] }]);
    setUsedHit(hit);
    // An article quoted is recorded with the answer (答复依据); an earlier ticket's answer is only copied.
    message.success(article ? `已引用知识库文章《${article.title}》，可修改后按 Alt+D 直接答复` : `已引用工单 ${(hit as KnowledgeHit).number} 的答复，可修改后按 Alt+D 直接答复`);
    answerRef.current?.focus();
  };

  const reset = useCallback(() => {
    form.resetFields();
    setFiles([]);
    setPoint(null);
    setArea(null);
    setUsedHit(null);
    setDone(null);
    // The effect focuses the phone once the form is back; when it never left, focus it now.
    setTimeout(() => phoneRef.current?.focus(), 0);
  }, [form]);

  const startNew = useCallback(() => {
    if (saving) return;
    if (done || !form.isFieldsTouched()) {
      reset();
      return;
    }
    modal.confirm({
      title: '清空当前登记？',
      content: '已填写的内容尚未保存，新建将清空。',
      okText: '清空并新建',
      cancelText: '继续填写',
      onOk: reset,
    });
  }, [done, form, modal, reset, saving]);

  const runUploads = async (ticket: Ticket, list: UploadFile[]) => {
    if (list.length === 0) return;
    const patch = (uid: string, change: Partial<UploadState>) =>
      setDone((d) => (d ? { ...d, uploads: d.uploads.map((u) => (u.uid === uid ? { ...u, ...change } : u)) } : d));
    for (const f of list) {
      if (!f.originFileObj) continue;
      patch(f.uid, { status: 'uploading', percent: 0 });
      try {
        await upload(`/api/tickets/${ticket.id}/attachments`, { file: f.originFileObj, onProgress: (percent) => patch(f.uid, { percent }) });
        patch(f.uid, { status: 'done', percent: 100 });
      } catch (e) {
        patch(f.uid, { status: 'error', error: errorText(e) });
      }
    }
  };

  const save = async (path: Path, master?: DuplicateCandidate) => {
    if (saving || done) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch (e) {
      // antd marks the fields; take the operator to the first one.
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0]?.name;
      if (first) form.scrollToField(first, { block: 'center', focus: true });
      return;
    }
    const answer = values.answer?.trim() ?? '';
    if (path === 'answer' && !answer) {
      form.setFields([{ name: 'answer', errors: ['直接答复须填写答复内容（可从右侧知识推荐引用）'] }]);
      answerRef.current?.focus();
      return;
    }
    const citizen = {
      name: values.name?.trim() || null, phone: values.phone?.trim() || null, idNumber: values.idNumber?.trim() || null, confidential: values.confidential,
    };
    const where = { address: values.address?.trim() || null, lng: point?.[0] ?? null, lat: point?.[1] ?? null };
    const body: IntakeBody = {
      channel: values.channel, type: values.type ?? '', urgency: values.urgency, subjectId: values.subjectId ?? null,
      title: values.title?.trim() || null, content: values.content?.trim() ?? '',
      citizen: citizen.name || citizen.phone || citizen.idNumber || citizen.confidential ? citizen : null,
      location: where.address || where.lng !== null ? where : null,
    };
    setSaving(path);
    setMergeTarget(master ?? null);
    try {
      let ticket: Ticket;
      try {
        ticket = path === 'merge' && master
          ? await api.post<Ticket>('/api/tickets/duplicates/merge', { masterId: master.id, ticket: body })
          : await ticketApi.intake(body);
      } catch (e) {
        showError(e, form, { aliases: ALIASES });
        return;
      }
      let answerError: string | null = null;
      if (path === 'answer') {
        try {
          ticket = await ticketApi.act(ticket.id, 'answer', { answer, articleId: usedHit && !('ticketId' in usedHit) ? usedHit.id : null, version: ticket.version });
        } catch (e) {
          answerError = e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join('；') : errorText(e);
        }
      }
      const list = files;
      setDone({
        ticket, path, answerError, uploads: list.map((f) => ({ uid: f.uid, name: f.name, size: f.size ?? 0, percent: 0, status: 'waiting' })),
        master: master && { id: master.id, number: master.number },
      });
      await runUploads(ticket, list);
    } finally {
      setSaving(null);
      setMergeTarget(null);
    }
  };

  // 合并到此单 (可能重复 panel): one confirmation, then the call is registered merged into that ticket.
  const mergeInto = (c: DuplicateCandidate) => {
    if (saving || done) return;
    modal.confirm({
      title: `合并到工单 ${c.number}？`,
      content: '本次来电将登记为该工单的重复件并合并办理，来电人可凭新工单编号查询该工单的进度和结果。',
      okText: '登记并合并',
      cancelText: '取消',
      onOk: () => save('merge', c),
    });
  };

  // Shortcuts: Alt+S 转派单, Alt+D 直接答复, Alt+N 新建, Alt+P 来电号码. By key position (e.code), so
  // they work whatever the keyboard layout and on a Mac, where Alt+letter types a symbol.
  const keys = useRef({ save, startNew, focusPhone });
  keys.current = { save, startNew, focusPhone };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const act = { KeyS: () => void keys.current.save('dispatch'), KeyD: () => void keys.current.save('answer'), KeyN: () => keys.current.startNew(), KeyP: () => keys.current.focusPhone() }[e.code];
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const areaText = area && area.method !== 'none'
    ? [area.district, area.street, area.community].filter((u): u is { name: string } => !!u).map((u) => u.name).join(' › ')
    : null;

  const header = (
    <PageHeader
      title="受理"
      hint={
        <span className="ms-intake-hint">
          来电登记：<Key>Alt+P</Key> 来电号码 · <Key>Alt+S</Key> 转派单 · <Key>Alt+D</Key> 直接答复 · <Key>Alt+N</Key> 新建
        </span>
      }
    />
  );

  if (done) {
    return (
      <>
        {header}
        <DonePanel done={done} onNew={reset} />
      </>
    );
  }

  return (
    <>
      {header}
      <Form form={form} layout="vertical" initialValues={INITIAL} className="ms-intake" data-testid="intake-form" requiredMark={false}>
        <Row gutter={16} wrap={false} className="ms-intake-row">
          <Col flex="auto" className="ms-intake-main">
            <Card size="small" title="来电人" className="ms-intake-card">
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="phone" label={<span>来电号码 <Key>Alt+P</Key></span>}>
                    <Input ref={phoneRef} id="phone" placeholder="手机或带区号的固定电话" inputMode="tel" autoComplete="off" maxLength={30} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="name" label="姓名">
                    <Input id="name" placeholder="如：张先生" autoComplete="off" maxLength={50} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card size="small" title="诉求" className="ms-intake-card">
              <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}>
                <Input.TextArea id="content" autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20000} placeholder="记录来电人反映的问题：时间、地点、经过、诉求" />
              </Form.Item>
              <Form.Item name="title" label="标题（选填）">
                <Input id="title" maxLength={200} placeholder="留空则取内容开头" />
              </Form.Item>
              <IntakeSuggestions form={form} />
              <Row gutter={12}>
                <Col span={14}>
                  <Form.Item name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
                    <Radio.Group id="type" optionType="button" buttonStyle="solid" options={codes.types.filter((t) => t.active).map((t) => ({ value: t.code, label: t.name }))} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="urgency" label="紧急程度">
                    <Radio.Group id="urgency" optionType="button" options={codes.urgencies.filter((u) => u.active).map((u) => ({ value: u.code, label: u.name }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={14}>
                  <Form.Item name="subjectId" label="诉求分类">
                    <TreeSelect
                      id="subjectId"
                      treeData={subjects}
                      showSearch={{ treeNodeFilterProp: 'title' }}
                      allowClear
                      placeholder="输入关键字搜索，如：噪音"
                      popupMatchSelectWidth={420}
                      listHeight={320}
                    />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="channel" label="来源渠道">
                    <Select id="channel" showSearch={{ optionFilterProp: 'label' }} options={codes.channels.filter((c) => c.active).map((c) => ({ value: c.code, label: c.name }))} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card size="small" title="地点" className="ms-intake-card">
              <Form.Item name="address" label="地址" extra="输入地址自动识别所属区域；也可在地图上点击定位">
                <Input id="address" maxLength={300} placeholder="如：青江区某某路 12 号" autoComplete="off" prefix={<EnvironmentOutlined />} />
              </Form.Item>
              <div className="ms-intake-area" data-testid="intake-area">
                {areaText ? (
                  <>
                    <CheckCircleFilled className="ms-intake-ok" /> <span data-testid="intake-area-name">{areaText}</span>
                    <Tag variant="filled">{area?.method === 'point' ? '地图定位' : '地址识别'}</Tag>
                  </>
                ) : (
                  <Typography.Text type="secondary">{point || settledAddress ? '未能识别所属区域，派单员将人工判断' : '尚未定位'}</Typography.Text>
                )}
                {point ? (
                  <Button size="small" type="link" icon={<CloseCircleOutlined />} onClick={() => setPoint(null)}>
                    清除地图点（{point[0].toFixed(5)}, {point[1].toFixed(5)}）
                  </Button>
                ) : null}
              </div>
              {geo?.error ? (
                <Typography.Text type="warning">地图加载失败：{errorText(geo.error)}（可只填地址）</Typography.Text>
              ) : !geo ? (
                <div className="ms-map-placeholder" style={{ height: 260 }}><Spin /></div>
              ) : geo.features.length > 0 ? (
                <Suspense fallback={<div className="ms-map-placeholder" style={{ height: 260 }}><Spin /></div>}>
                  <PointMap
                    features={geo.features}
                    labelOf={labelOf}
                    outlineId={rootId}
                    point={point}
                    onPick={(lng, lat) => setPoint([lng, lat])}
                    height={260}
                    label="定位地图：点击设置诉求地点。地图获得焦点后可用方向键平移、加减号缩放。"
                  />
                </Suspense>
              ) : null}
            </Card>

            <Card size="small" title="其他" className="ms-intake-card">
              <Row gutter={12}>
                <Col span={6}>
                  <Form.Item name="confidential" label={<span><LockOutlined /> 保密</span>} valuePropName="checked" extra="单位只见打码信息">
                    <Switch id="confidential" checkedChildren="保密" unCheckedChildren="不保密" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="idNumber" label="身份证号（选填）">
                    <Input id="idNumber" autoComplete="off" maxLength={18} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item label={<span><PaperClipOutlined /> 附件</span>} extra="照片、录音、文书；登记后自动上传">
                    <div data-testid="intake-files">
                      <Upload multiple accept={ACCEPT} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
                        <Button icon={<PaperClipOutlined />}>选择文件</Button>
                      </Upload>
                    </div>
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>

          <Col flex="420px" className="ms-intake-side">
            <div className="ms-intake-sticky">
              <CallerHistory phone={phone} onUseName={(name) => form.setFieldsValue({ name })} />
              <DuplicatesPanel probe={{ phone, address, point, title, content, subjectId }} onMerge={mergeInto} merging={mergeTarget?.id ?? null} />
              <KnowledgePanel text={`${title} ${content}`} onUse={useAnswer} />
              <div className="ms-intake-panel">
                <Form.Item
                  name="answer"
                  label={
                    <span>
                      直接答复 <Typography.Text type="secondary">（能当场答复时填写）</Typography.Text>
                    </span>
                  }
                  extra={usedHit ? ('ticketId' in usedHit ? `引用自工单 ${usedHit.number}` : `依据知识库文章《${usedHit.title}》`) : undefined}
                >
                  <Input.TextArea
                    id="answer"
                    ref={(el) => {
                      answerRef.current = el?.resizableTextArea?.textArea ?? null;
                    }}
                    autoSize={{ minRows: 3, maxRows: 8 }}
                    maxLength={20000}
                    placeholder="答复来电人的内容；填写后按 Alt+D 直接答复"
                  />
                </Form.Item>
              </div>
            </div>
          </Col>
        </Row>

        <div className="ms-intake-bar">
          <Space size={12} wrap>
            <Tooltip title="登记并转派单员派单（Alt+S）">
              <Button type="primary" size="large" icon={<SendOutlined />} loading={saving === 'dispatch'} disabled={saving !== null} onClick={() => void save('dispatch')} data-testid="intake-dispatch">
                转派单 <Key>Alt+S</Key>
              </Button>
            </Tooltip>
            <Tooltip title="登记并直接答复来电人（Alt+D）">
              <Button size="large" icon={<MessageOutlined />} loading={saving === 'answer'} disabled={saving !== null} onClick={() => void save('answer')} data-testid="intake-answer">
                直接答复 <Key>Alt+D</Key>
              </Button>
            </Tooltip>
            <Tooltip title="清空表单，登记下一个来电（Alt+N）">
              <Button size="large" icon={<PlusOutlined />} disabled={saving !== null} onClick={startNew}>
                新建 <Key>Alt+N</Key>
              </Button>
            </Tooltip>
          </Space>
          {files.length > 0 ? <Typography.Text type="secondary">{files.length} 个附件将在登记后上传</Typography.Text> : null}
        </div>
      </Form>
    </>
  );
}

/** After saving: the number, large, to read back to the caller; what was done; the files' progress. */
function DonePanel({ done, onNew }: { done: Done; onNew: () => void }) {
  const { message } = App.useApp();
  const codes = useCodes();
  const { ticket, path, answerError, uploads } = done;
  const newRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    newRef.current?.focus();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(ticket.number);
      message.success('工单编号已复制');
    } catch {
      message.warning('无法访问剪贴板，请手工抄录编号');
    }
  };
  // Read back in groups: 2026 1121 0001.
  const grouped = ticket.number.replace(/^(\d{4})(\d{4})(\d+)$/, '$1 $2 $3');
  const what = path === 'merge' ? `已登记并合并到工单 ${done.master?.number ?? ''}` : path === 'answer' && !answerError ? '已登记并直接答复' : '已登记，转派单员派单';
  return (
    <Card className="ms-intake-done" data-testid="intake-done">
      <div className="ms-intake-done-head">
        <CheckCircleFilled className="ms-intake-done-icon" />
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {what}
          </Typography.Title>
          <Typography.Text type="secondary">请向来电人读出工单编号，凭编号和手机号可查询办理进度</Typography.Text>
        </div>
      </div>
      <div className="ms-intake-number-row">
        <span className="ms-intake-number-label">工单编号</span>
        <span className="ms-intake-number" data-testid="intake-number" data-number={ticket.number} aria-label={`工单编号 ${ticket.number}`}>
          {grouped}
        </span>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          复制
        </Button>
      </div>
      <Space size={12} wrap className="ms-intake-done-facts">
        <StateTag ticket={ticket} />
        <Tag variant="filled">{codes.name('types', ticket.type)}</Tag>
        {ticket.subjectName ? <span>{ticket.subjectName}</span> : null}
        <span className="ms-intake-done-title">{ticket.title}</span>
        <span>
          <AimOutlined /> {ticket.location.districtName ?? '未定位区域'}
        </span>
      </Space>
      {answerError ? (
        <Typography.Paragraph type="danger" data-testid="intake-answer-error">
          直接答复未成功：{answerError}。工单已登记，可打开工单再答复或派单。
        </Typography.Paragraph>
      ) : null}
      {uploads.length > 0 ? (
        <div className="ms-intake-uploads" data-testid="intake-uploads">
          <Typography.Text strong>附件</Typography.Text>
          {uploads.map((u) => (
            <div key={u.uid} className="ms-intake-upload" data-status={u.status}>
              <span className="ms-intake-upload-name">
                <PaperClipOutlined /> {u.name} <Typography.Text type="secondary">{sizeText(u.size)}</Typography.Text>
              </span>
              <Progress
                percent={u.percent}
                size="small"
                status={u.status === 'error' ? 'exception' : u.status === 'done' ? 'success' : 'active'}
                style={{ width: 200, margin: 0 }}
              />
              <span className="ms-intake-upload-state">
                {u.status === 'done' ? '已上传' : u.status === 'error' ? <Typography.Text type="danger">{u.error}</Typography.Text> : u.status === 'waiting' ? '等待上传' : '上传中'}
              </span>
            </div>
          ))}
        </div>
      ) : null}
      <Space size={12} className="ms-intake-done-actions">
        <Button ref={newRef} type="primary" size="large" icon={<PlusOutlined />} onClick={onNew} data-testid="intake-new">
          新建 <Key>Alt+N</Key>
        </Button>
        <Button size="large" icon={<ExportOutlined />} href={`/tickets/${ticket.id}`} target="_blank" rel="noopener">
          打开工单
        </Button>
      </Space>
    </Card>
  );
}

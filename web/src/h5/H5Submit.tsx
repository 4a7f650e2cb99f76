// 我要反映: the citizen's submission on a phone. What kind of matter, what happened, who to call
// back, where (the phone's position when allowed, or a tap on the district map), and photos (the
// camera or the album). The server's field errors appear under the inputs.
import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Form, Input, Progress, Radio, Select, Spin, Switch } from 'antd';
import { AimOutlined, CameraOutlined, CloseOutlined, EnvironmentOutlined, PictureOutlined } from '@ant-design/icons';
import { errorText } from '../api';
import { useApiError } from '../hooks';
import type { AreaFeature } from '../tickets/intake/PointMap';
import { newIdempotencyKey, publicApi } from './api';
import type { Catalogue, Place, Receipt } from './api';
import { H5Bar, WithCatalogue } from './shell';

const PointMap = lazy(() => import('../tickets/intake/PointMap'));

const MAX_PHOTOS = 6;

interface Values {
  type?: string;
  subjectId?: number;
  content?: string;
  name?: string;
  phone?: string;
  confidential: boolean;
  address?: string;
}

interface Photo {
  uid: string;
  file: File;
  url: string;
}

/** What the submitted page shows: the receipt, and how the photos went. */
export interface SubmittedState {
  receipt: Receipt;
  phone: string;
  photos: { name: string; error: string | null }[];
  place: string | null;
}

const ALIASES = { 'location.address': 'address', 'location.lng': 'address', 'location.lat': 'address', location: 'address' };

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
export const placeText = (p: Place | null): string | null => (p ? [p.district, p.street, p.community].filter(Boolean).join(' › ') || null : null);

export function H5Submit() {
  return (
    <>
      <H5Bar title="我要反映" />
      <WithCatalogue>{(c) => <SubmitForm catalogue={c} />}</WithCatalogue>
    </>
  );
}

function SubmitForm({ catalogue }: { catalogue: Catalogue }) {
  const [form] = Form.useForm<Values>();
  // 智能问答's hand-over opens this page with the citizen's question (?content=…).
  const prefill = useSearchParams()[0].get('content')?.slice(0, 5000) || undefined;
  const { message } = App.useApp();
  const showError = useApiError();
  const navigate = useNavigate();
  const key = useRef(newIdempotencyKey());
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [place, setPlace] = useState<Place | null>(null);
  const [locating, setLocating] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const [districts, setDistricts] = useState<AreaFeature[] | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [progress, setProgress] = useState<{ step: string; percent: number } | null>(null);
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);

  // The district outlines, once the map is asked for.
  useEffect(() => {
    if (!showMap || districts) return;
    const controller = new AbortController();
    publicApi.districts(controller.signal).then(
      (fc) => setDistricts(fc.features),
      (e: unknown) => !controller.signal.aborted && setMapError(errorText(e)),
    );
    return () => controller.abort();
  }, [showMap, districts]);

  // The place's name, for the citizen to check the point is where they mean.
  useEffect(() => {
    setPlace(null);
    if (!point) return;
    const controller = new AbortController();
    publicApi.place(point[0], point[1], controller.signal).then(setPlace, () => undefined);
    return () => controller.abort();
  }, [point]);

  // Thumbnails are object URLs: freed when the page goes.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => photosRef.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const locate = () => {
    if (!navigator.geolocation) {
      message.warning('此设备不支持定位，请在地图上点选位置');
      setShowMap(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint([round6(pos.coords.longitude), round6(pos.coords.latitude)]);
      },
      (err) => {
        setLocating(false);
        message.warning(err.code === err.PERMISSION_DENIED ? '未获得定位权限，请在地图上点选位置' : '定位失败，请在地图上点选位置');
        setShowMap(true);
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  const addPhotos = (list: FileList | null) => {
    if (!list) return;
    const room = MAX_PHOTOS - photos.length;
    const picked = [...list].filter((f) => f.type.startsWith('image/') || /\.(jpe?g|png|gif|webp)$/i.test(f.name));
    if (picked.length < list.length) message.warning('只能上传照片');
    if (picked.length > room) message.warning(`最多上传 ${MAX_PHOTOS} 张照片`);
    setPhotos((ps) => [...ps, ...picked.slice(0, Math.max(0, room)).map((file) => ({ uid: `${Date.now()}-${Math.random()}`, file, url: URL.createObjectURL(file) }))]);
  };

  const removePhoto = (uid: string) => {
    setPhotos((ps) => {
      const gone = ps.find((p) => p.uid === uid);
      if (gone) URL.revokeObjectURL(gone.url);
      return ps.filter((p) => p.uid !== uid);
    });
  };

  const onFinish = async (values: Values) => {
    const phone = values.phone?.trim() ?? '';
    const address = values.address?.trim() || null;
    setProgress({ step: '正在提交…', percent: 0 });
    let receipt: Receipt;
    try {
      receipt = await publicApi.submit({
        type: values.type ?? '', subjectId: values.subjectId ?? null, content: values.content?.trim() ?? '', name: values.name?.trim() || null, phone,
        confidential: values.confidential,
        location: address || point ? { address, lng: point?.[0] ?? null, lat: point?.[1] ?? null } : null,
      }, key.current);
    } catch (e) {
      setProgress(null);
      showError(e, form, { aliases: ALIASES });
      return;
    }
    const results: SubmittedState['photos'] = [];
    for (const [i, p] of photos.entries()) {
      const step = `正在上传照片 ${i + 1}/${photos.length}…`;
      setProgress({ step, percent: 0 });
      try {
        await publicApi.photo(receipt.number, phone, p.file, (percent) => setProgress({ step, percent }));
        results.push({ name: p.file.name, error: null });
      } catch (e) {
        results.push({ name: p.file.name, error: errorText(e) });
      }
    }
    key.current = newIdempotencyKey();
    message.destroy(); // an earlier "提交未成功" has no place on the receipt
    const state: SubmittedState = { receipt, phone, photos: results, place: placeText(place) };
    navigate('/h5/submitted', { state });
  };

  const placeName = placeText(place);

  return (
    <main className="ms-h5-page">
      <Form form={form} layout="vertical" initialValues={{ confidential: false, content: prefill }} onFinish={(v) => void onFinish(v)} requiredMark={false} data-testid="h5-submit-form">
        <Form.Item name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
          <Radio.Group id="type" className="ms-h5-chips" optionType="button" buttonStyle="solid" options={catalogue.types.map((t) => ({ value: t.code, label: t.name }))} />
        </Form.Item>
        <Form.Item name="subjectId" label="问题分类（选填）">
          <Select id="subjectId" allowClear placeholder="不确定可不选" options={catalogue.subjects.map((s) => ({ value: s.id, label: s.name }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="content" label="反映内容" rules={[{ required: true, whitespace: true, message: '请描述您反映的问题' }]}>
          <Input.TextArea id="content" rows={5} maxLength={5000} showCount placeholder="请写明时间、地点、经过和您的诉求" />
        </Form.Item>

        <div className="ms-h5-section-title">位置</div>
        <Form.Item name="address" label="地址（选填）">
          <Input id="address" maxLength={300} placeholder="如：某某路 12 号附近" prefix={<EnvironmentOutlined />} autoComplete="street-address" />
        </Form.Item>
        <div className="ms-h5-locate">
          <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="h5-locate">
            使用当前位置
          </Button>
          <Button icon={<EnvironmentOutlined />} onClick={() => setShowMap((s) => !s)} aria-expanded={showMap}>
            {showMap ? '收起地图' : '在地图上选择'}
          </Button>
        </div>
        {point ? (
          <div className="ms-h5-place" data-testid="h5-place">
            <EnvironmentOutlined /> {placeName ?? (place ? '该位置不在本市范围内' : '正在识别位置…')}
            <button type="button" className="ms-h5-link" onClick={() => setPoint(null)}>
              清除
            </button>
          </div>
        ) : null}
        {showMap ? (
          mapError ? (
            <p className="ms-h5-muted">地图加载失败：{mapError}</p>
          ) : districts ? (
            <Suspense fallback={<div className="ms-h5-map-wait"><Spin /></div>}>
              <PointMap features={districts} point={point} onPick={(lng, lat) => setPoint([lng, lat])} height={240} touch label="选择位置的地图：点击设置问题所在位置" />
              <p className="ms-h5-muted">点击地图标出问题所在位置，可双指缩放</p>
            </Suspense>
          ) : (
            <div className="ms-h5-map-wait"><Spin /></div>
          )
        ) : null}

        <div className="ms-h5-section-title">照片（选填，最多 {MAX_PHOTOS} 张）</div>
        <div className="ms-h5-photos" data-testid="h5-photos">
          {photos.map((p) => (
            <div key={p.uid} className="ms-h5-photo">
              <img src={p.url} alt={p.file.name} />
              <button type="button" onClick={() => removePhoto(p.uid)} aria-label={`删除 ${p.file.name}`}>
                <CloseOutlined />
              </button>
            </div>
          ))}
          {photos.length < MAX_PHOTOS ? (
            <>
              <button type="button" className="ms-h5-photo-add" onClick={() => camera.current?.click()}>
                <CameraOutlined />
                <span>拍照</span>
              </button>
              <button type="button" className="ms-h5-photo-add" onClick={() => album.current?.click()}>
                <PictureOutlined />
                <span>相册</span>
              </button>
            </>
          ) : null}
        </div>

        <input ref={camera} type="file" accept="image/*" capture="environment" className="ms-h5-file" style={{ display: 'none' }} data-testid="h5-photo-camera"
          onChange={(e) => { addPhotos(e.target.files); e.target.value = ''; }} />
        <input ref={album} type="file" accept="image/*" multiple className="ms-h5-file" style={{ display: 'none' }} data-testid="h5-photo-album"
          onChange={(e) => { addPhotos(e.target.files); e.target.value = ''; }} />

        <div className="ms-h5-section-title">联系方式</div>
        <Form.Item name="phone" label="手机号码" extra="用于查询进度和回访，不会公开" rules={[{ required: true, whitespace: true, message: '请填写手机号码' }]}>
          <Input id="phone" inputMode="tel" autoComplete="tel" maxLength={30} placeholder="11 位手机号码" />
        </Form.Item>
        <Form.Item name="name" label="姓名（选填）">
          <Input id="name" autoComplete="name" maxLength={50} placeholder="如：王女士" />
        </Form.Item>
        <Form.Item name="confidential" label="保密" valuePropName="checked" extra="选择保密后，承办单位只能看到打码后的姓名和电话">
          <Switch id="confidential" checkedChildren="保密" unCheckedChildren="不保密" />
        </Form.Item>

        {progress ? (
          <div className="ms-h5-progress" role="status">
            <span>{progress.step}</span>
            {progress.percent > 0 ? <Progress percent={progress.percent} size="small" /> : null}
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" size="large" block loading={progress !== null} data-testid="h5-submit">
          提交
        </Button>
      </Form>
    </main>
  );
}

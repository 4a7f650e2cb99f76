// 大屏: the command centre's wall. A 1920×1080 stage scaled to the window (letterboxed, never
// reflowed, so what was designed is what the wall shows), dark, without the console's menu: live
// counters, today's intake by channel, open and overdue by district on the map, hot subjects,
// open warnings, the 12-month 满意率 and a clock. One API call (GET /api/dashboard/screen), reloaded
// when tickets change (server-sent events, throttled) and every 60 s whatever happens.
import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, errorText } from '../api';
import { useLoad } from '../hooks';
import type { Role } from '../labels';
import type { UnitFeature } from '../components/UnitMapPanel';
import { useLiveReload } from '../leader/useLiveReload';
import type { ScreenDashboard } from '../../../src/services/dashboard/screen-types';
import './screen.css';

const ScreenMap = lazy(() => import('./ScreenMap'));
const ChannelRing = lazy(() => import('./ScreenCharts').then((m) => ({ default: m.ChannelRing })));
const SatisfactionLine = lazy(() => import('./ScreenCharts').then((m) => ({ default: m.SatisfactionLine })));

/** Who opens the wall: as the server's mayReadDashboard (leaders, supervisors, the office's staff). */
export const SCREEN_ROLES: Role[] = ['leader', 'supervisor', 'admin', 'dispatcher', 'operator', 'reviewer', 'visitor'];

const WIDTH = 1920;
const HEIGHT = 1080;
const REFRESH_MS = 60_000;
const LIVE_MIN_MS = 5_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const LEVEL_CLASS: Record<number, string> = { 1: 'ms-screen-level1', 2: 'ms-screen-level2', 3: 'ms-screen-level3' };

interface FeatureCollection { type: 'FeatureCollection'; features: UnitFeature[] }

/** The stage's scale: the largest that fits the window. */
function useStageScale(): number {
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const scaleToWindow = () => setScale(Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT));
    scaleToWindow();
    window.addEventListener('resize', scaleToWindow);
    return () => window.removeEventListener('resize', scaleToWindow);
  }, []);
  return scale;
}

/** Shanghai wall time, ticking every second. */
function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const sh = new Date(now.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <div className="ms-screen-clock" data-testid="screen-clock" aria-live="off">
      <div className="ms-screen-time">{`${pad(sh.getUTCHours())}:${pad(sh.getUTCMinutes())}:${pad(sh.getUTCSeconds())}`}</div>
      <div className="ms-screen-date">{`${sh.getUTCFullYear()}年${sh.getUTCMonth() + 1}月${sh.getUTCDate()}日 星期${WEEKDAYS[sh.getUTCDay()]}`}</div>
    </div>
  );
}

function Counter({ label, value, unit, tone, testId, foot }: { label: string; value: string; unit: string; tone: string; testId: string; foot?: string }) {
  return (
    <div className={`ms-screen-counter ${tone}`} data-testid={testId}>
      <div className="ms-screen-counter-label">{label}</div>
      <div className="ms-screen-counter-value">
        <span className="ms-screen-number" data-testid={`${testId}-value`}>{value}</span>
        <span className="ms-screen-unit">{unit}</span>
      </div>
      <div className="ms-screen-counter-foot">{foot ?? ' '}</div>
    </div>
  );
}

function Panel({ title, extra, children, className = '', testId }: { title: string; extra?: React.ReactNode; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`ms-screen-panel ${className}`} data-testid={testId} aria-label={title}>
      <header className="ms-screen-panel-title">
        <span>{title}</span>
        {extra ? <span className="ms-screen-panel-extra">{extra}</span> : null}
      </header>
      <div className="ms-screen-panel-body">{children}</div>
    </section>
  );
}

const grouping = new Intl.NumberFormat('zh-CN');
const num = (n: number | undefined) => (n === undefined ? '—' : grouping.format(n));
const hhmmss = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function Change({ change }: { change: number | null }) {
  if (change === null) return <span className="ms-screen-change ms-screen-muted">新增</span>;
  if (change === 0) return <span className="ms-screen-change ms-screen-muted">持平</span>;
  return (
    <span className={`ms-screen-change ${change > 0 ? 'ms-screen-up' : 'ms-screen-down'}`}>
      {change > 0 ? '▲' : '▼'} {Math.abs(change).toFixed(1)}%
    </span>
  );
}

export function ScreenPage() {
  const scale = useStageScale();
  const screen = useLoad((signal) => api.get<ScreenDashboard>('/api/dashboard/screen', undefined, signal), []);
  const { reload } = screen;
  useLiveReload(reload, LIVE_MIN_MS);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const d = screen.data;
  const scopeUnitId = d?.scope.unitId;
  const geo = useLoad((signal) => (scopeUnitId === undefined ? Promise.resolve(undefined)
    : api.get<FeatureCollection>('/api/geo/units', { parent: scopeUnitId }, signal)), [scopeUnitId]);

  const stage = useRef<HTMLDivElement>(null);
  const fullScreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);

  const c = d?.counters;
  const maxHot = Math.max(1, ...(d?.hotSubjects.map((h) => h.received) ?? [1]));
  // The platform's unit is the hotline itself (青澜市12345政务服务便民热线); below it, the unit's own name.
  const title = d ? (d.scope.platform ? `${d.scope.unitName}运行监测` : `${d.scope.unitName} · 12345热线运行监测`) : '12345热线运行监测';

  return (
    <div className="ms-screen-viewport">
      <div
        ref={stage}
        className="ms-screen"
        data-testid="screen"
        style={{ width: WIDTH, height: HEIGHT, transform: `translate(-50%, -50%) scale(${scale})` }}
      >
        <header className="ms-screen-header">
          <div className="ms-screen-status">
            {screen.error ? <span className="ms-screen-warn">数据刷新失败，显示的是 {d ? hhmmss(d.asOf) : '—'} 的数据</span>
              : d ? <span>数据截至 {hhmmss(d.asOf)} · 工单变化时自动刷新</span> : <span>正在加载…</span>}
          </div>
          <h1 className="ms-screen-title">{title}</h1>
          <div className="ms-screen-tools">
            <Clock />
            <div className="ms-screen-buttons">
              <button type="button" onClick={fullScreen} className="ms-screen-button">全屏</button>
              <Link to="/" className="ms-screen-button">返回</Link>
            </div>
          </div>
        </header>

        {screen.error && !d ? (
          <div className="ms-screen-failed" role="alert">
            {screen.error instanceof ApiError && screen.error.status === 403 ? '您的账号不能查看大屏（限领导、督办和热线办工作人员）' : `大屏数据加载失败：${errorText(screen.error)}，将自动重试`}
          </div>
        ) : null}
        <div className="ms-screen-counters" data-testid="screen-counters">
          <Counter testId="screen-accepted" label="今日受理" value={num(c?.accepted)} unit="件" tone="ms-tone-cyan" foot="不含无效件和重复件" />
          <Counter testId="screen-open" label="在办" value={num(c?.open)} unit="件" tone="ms-tone-blue" foot="尚未办结的工单" />
          <Counter testId="screen-overdue" label="超期" value={num(c?.overdue)} unit="件" tone="ms-tone-red" foot="已过办理时限未反馈" />
          <Counter testId="screen-closed" label="今日办结" value={num(c?.closed)} unit="件" tone="ms-tone-green" foot="今日办结的工单" />
          <Counter
            testId="screen-satisfaction-rate"
            label="本月满意率"
            value={c ? (c.satisfactionRate === null ? '—' : (c.satisfactionRate * 100).toFixed(2)) : '—'}
            unit={c?.satisfactionRate === null ? '' : '%'}
            tone="ms-tone-gold"
            foot={c ? `有效回访 ${num(c.validVisits)} 件` : undefined}
          />
        </div>

        <main className="ms-screen-main">
          <div className="ms-screen-col">
            <Panel title="今日受理渠道" className="ms-screen-h-channels" extra={d ? `${d.channels.length} 个渠道` : undefined}>
              {d ? <Suspense fallback={null}><ChannelRing channels={d.channels} /></Suspense> : null}
            </Panel>
            <Panel title="热点诉求（近7日）" className="ms-screen-h-hot" testId="screen-hot" extra={d ? `较前7日 · ${d.hotPeriod.from.slice(5)}～${d.hotPeriod.to.slice(5)}` : undefined}>
              {d && d.hotSubjects.length === 0 ? <div className="ms-screen-empty">近7日没有已分类的诉求</div> : null}
              <ol className="ms-screen-hot">
                {d?.hotSubjects.map((h, i) => (
                  <li key={h.id} className="ms-screen-hot-row" data-testid="hot-subject">
                    <span className={`ms-screen-rank${i < 3 ? ' ms-screen-rank-top' : ''}`}>{i + 1}</span>
                    <span className="ms-screen-hot-name" title={h.label}>{h.label}</span>
                    <span className="ms-screen-hot-bar"><span style={{ width: `${(h.received / maxHot) * 100}%` }} /></span>
                    <span className="ms-screen-hot-count">{num(h.received)}</span>
                    <Change change={h.change} />
                  </li>
                ))}
              </ol>
            </Panel>
          </div>

          <Panel title={d?.breakdown === 'unit' ? '各单位在办与超期' : '各区县在办与超期'} className="ms-screen-center" testId="screen-map-panel"
            extra={d ? `在办 ${num(c?.open)} · 超期 ${num(c?.overdue)}` : undefined}>
            {geo.data && d ? (
              geo.data.features.length === 0 ? <div className="ms-screen-empty">本单位没有辖区边界</div> : (
                <Suspense fallback={null}>
                  <ScreenMap features={geo.data.features} areas={d.areas} scopeUnitId={d.scope.unitId} />
                </Suspense>
              )
            ) : null}
          </Panel>

          <div className="ms-screen-col">
            <Panel title="预警信息" className="ms-screen-h-warnings" testId="screen-warnings" extra={d ? `未办结 ${d.warnings.total} 条` : undefined}>
              {d && d.warnings.items.length === 0 ? <div className="ms-screen-empty">暂无未办结的预警</div> : null}
              <ul className="ms-screen-warnings">
                {d?.warnings.items.map((w) => (
                  <li key={w.id} className="ms-screen-warning" data-testid="screen-warning">
                    <span className={`ms-screen-level ${LEVEL_CLASS[w.level] ?? ''}`}>{w.levelLabel}</span>
                    <div className="ms-screen-warning-text">
                      <div className="ms-screen-warning-title" title={w.title}>{w.title}</div>
                      <div className="ms-screen-warning-meta">
                        {w.kindLabel} · {w.districtName ?? w.place ?? '全市'} · {w.ticketCount} 件 · {w.statusLabel}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </Panel>
            <Panel title="满意率趋势（近12个月）" className="ms-screen-h-trend" extra="按受理月份统计">
              {d ? <Suspense fallback={null}><SatisfactionLine months={d.satisfaction} /></Suspense> : null}
            </Panel>
          </div>
        </main>
      </div>
    </div>
  );
}

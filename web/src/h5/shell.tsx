// What every citizen page shares: the public catalogue (loaded once), and the top bar.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import type { Catalogue } from './api';

export interface CatalogueState {
  catalogue: Catalogue | undefined;
  error: unknown;
  reload: () => void;
}

export const CatalogueContext = createContext<CatalogueState>({ catalogue: undefined, error: null, reload: () => undefined });
export const useCatalogue = () => useContext(CatalogueContext);

/** The catalogue, or a spinner / a retry while it is not there. */
export function WithCatalogue({ children }: { children: (c: Catalogue) => ReactNode }) {
  const { catalogue, error, reload } = useCatalogue();
  if (catalogue) return <>{children(catalogue)}</>;
  if (error) {
    return (
      <Result
        status="warning"
        title="暂时无法连接"
        subTitle="请检查网络后重试；也可直接拨打 12345 热线。"
        extra={<Button type="primary" onClick={reload}>重试</Button>}
      />
    );
  }
  return (
    <div className="ms-h5-loading">
      <Spin />
    </div>
  );
}

/** The page's top bar: back (to the home page by default), and the page's name. */
export function H5Bar({ title, back = '/h5' }: { title: string; back?: string | null }) {
  const navigate = useNavigate();
  return (
    <header className="ms-h5-bar">
      {back !== null ? (
        <button type="button" className="ms-h5-back" onClick={() => navigate(back)} aria-label="返回">
          <LeftOutlined />
        </button>
      ) : null}
      <h1>{title}</h1>
    </header>
  );
}

// The citizen's pages (/h5): mobile first, no account, no console around them. Home with three
// entries — 我要反映 (submit), 进度查询 (follow with number + phone), 评价 (rate the answer) —
// sized for a phone (390×844): one column, large touch targets, the default (not compact) theme.
import { Link, Route, Routes } from 'react-router-dom';
import { Button, ConfigProvider, Result, theme } from 'antd';
import { useLoad } from '../hooks';
import { publicApi } from './api';
import { CatalogueContext } from './shell';
import type { CatalogueState } from './shell';
import { H5Home } from './H5Home';
import { H5Submit } from './H5Submit';
import { H5Submitted } from './H5Submitted';
import { H5Follow } from './H5Follow';
import { AskArticle } from './AskArticle';
import { AskPage } from './AskPage';
import './h5.css';

export function CitizenApp() {
  const loaded = useLoad((signal) => publicApi.catalogue(signal), []);
  const state: CatalogueState = { catalogue: loaded.data, error: loaded.error, reload: loaded.reload };
  return (
    <ConfigProvider
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { fontSize: 15, controlHeight: 40, borderRadius: 8, colorPrimary: '#1556c0' },
        components: { Radio: { buttonPaddingInline: 12 } },
      }}
    >
      <CatalogueContext.Provider value={state}>
        <div className="ms-h5" data-testid="h5">
          <Routes>
            <Route index element={<H5Home />} />
            <Route path="submit" element={<H5Submit />} />
            <Route path="submitted" element={<H5Submitted />} />
            <Route path="follow" element={<H5Follow mode="follow" />} />
            <Route path="rate" element={<H5Follow mode="rate" />} />
            <Route path="ask" element={<AskPage />} />
            <Route path="ask/:id" element={<AskArticle />} />
            <Route
              path="*"
              element={
                <Result status="404" title="页面不存在" extra={<Link to="/h5"><Button type="primary">返回首页</Button></Link>} />
              }
            />
          </Routes>
        </div>
      </CatalogueContext.Provider>
    </ConfigProvider>
  );
}

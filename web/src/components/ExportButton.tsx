import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadFile, errorText } from '../api';
import type { RequestOptions } from '../api';

interface Props {
  label: string;
  /** The export endpoint, e.g. /api/units/export. */
  path: string;
  query?: RequestOptions['query'];
  /** The name to save under if the server does not give one. */
  fallbackName: string;
  /** What the file holds, shown on hover. */
  hint?: string;
}

/** Downloads a CSV export (UTF-8 with BOM: Excel opens it directly), in the format its import takes back. */
export function ExportButton({ label, path, query, fallbackName, hint }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(path, query, fallbackName);
      message.success(`已导出「${name}」`);
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()}>
      {label}
    </Button>
  );
  return hint ? <Tooltip title={hint}>{button}</Tooltip> : button;
}

import { useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Modal, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { errorText } from '../api';

/** Reads an uploaded text file: UTF-8 (with or without BOM), else GB18030 as saved by Excel on Chinese Windows. */
export async function readTextFile(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

interface Props<R> {
  label: string;
  accept: string;
  /** Sends the file's text; the result is shown with `renderResult`. */
  upload: (text: string, file: File) => Promise<R>;
  renderResult: (result: R) => ReactNode;
  resultTitle: string;
  onDone?: () => void;
  disabled?: boolean;
  /** Asked before sending, when the import replaces data. */
  confirm?: ReactNode;
}

/** Pick a file, send it, and show what the server did with each row. */
export function ImportButton<R>({ label, accept, upload, renderResult, resultTitle, onDone, disabled, confirm }: Props<R>) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<R | null>(null);

  const handle = async (file: File) => {
    setBusy(true);
    try {
      const text = await readTextFile(file);
      if (!text.trim()) {
        message.warning('文件为空');
        return;
      }
      setResult(await upload(text, file));
      onDone?.();
    } catch (e) {
      message.error(`导入失败：${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Upload
        accept={accept}
        showUploadList={false}
        disabled={disabled || busy}
        beforeUpload={(file) => {
          if (confirm) {
            modal.confirm({ title: `导入「${file.name}」？`, content: confirm, okText: '导入', cancelText: '取消', onOk: () => void handle(file) });
          } else {
            void handle(file);
          }
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} disabled={disabled}>
          {label}
        </Button>
      </Upload>
      <Modal open={result !== null} title={resultTitle} width={720} onCancel={() => setResult(null)} footer={<Button type="primary" onClick={() => setResult(null)}>关闭</Button>}>
        {result !== null ? renderResult(result) : null}
      </Modal>
    </>
  );
}

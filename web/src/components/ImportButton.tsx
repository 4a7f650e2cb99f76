import { useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Modal, Spin, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, errorText, saveCsv } from '../api';

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

/** A whole file refused (e.g. 缺少列): the server's own words for it, without the field's English name. */
function importErrorText(e: unknown): string {
  if (e instanceof ApiError && e.fields.length > 0) return e.fields.map((f) => f.message).join('；');
  return errorText(e);
}

/** A small CSV made in the browser for the user to fill in: the header and an example row or two. */
export interface CsvTemplate {
  fileName: string;
  rows: (string | null)[][];
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
  /**
   * How to fill in the file. When given (or a template is), the button opens an import dialog with
   * this guide, the 下载模板 link and a drop area, instead of going straight to the file picker.
   */
  guide?: ReactNode;
  /** Offered as 下载模板 in the import dialog; undefined while what it is built from is loading. */
  template?: CsvTemplate;
  dialogTitle?: string;
}

/** Pick a file, send it, and show what the server did with each row. */
export function ImportButton<R>({ label, accept, upload, renderResult, resultTitle, onDone, disabled, confirm, guide, template, dialogTitle }: Props<R>) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<R | null>(null);
  const [open, setOpen] = useState(false);
  const guided = guide !== undefined || template !== undefined;

  const handle = async (file: File) => {
    setBusy(true);
    try {
      const text = await readTextFile(file);
      if (!text.trim()) {
        message.warning('文件为空');
        return;
      }
      setResult(await upload(text, file));
      setOpen(false);
      onDone?.();
    } catch (e) {
      message.error(`导入失败：${importErrorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const beforeUpload = (file: File) => {
    if (confirm) {
      modal.confirm({ title: `导入「${file.name}」？`, content: confirm, okText: '导入', cancelText: '取消', onOk: () => void handle(file) });
    } else {
      void handle(file);
    }
    return false;
  };

  return (
    <>
      {guided ? (
        <Button icon={<UploadOutlined />} disabled={disabled} onClick={() => setOpen(true)}>
          {label}
        </Button>
      ) : (
        <Upload accept={accept} showUploadList={false} disabled={disabled || busy} beforeUpload={beforeUpload}>
          <Button icon={<UploadOutlined />} loading={busy} disabled={disabled}>
            {label}
          </Button>
        </Upload>
      )}
      {guided ? (
        <Modal
          open={open}
          title={dialogTitle ?? label}
          width={640}
          onCancel={() => !busy && setOpen(false)}
          footer={
            <Button onClick={() => setOpen(false)} disabled={busy}>
              取消
            </Button>
          }
        >
          <div data-testid="import-dialog" className="ms-import-dialog">
            {guide}
            {template ? (
              <p>
                <Button type="link" icon={<DownloadOutlined />} className="ms-template-link" onClick={() => saveCsv(template.fileName, template.rows)}>
                  下载模板
                </Button>
                <span className="ms-muted">（CSV，Excel 可直接打开；示例行仅作参考，导入前请改写或删除）</span>
              </p>
            ) : null}
            <Spin spinning={busy} description="正在导入…">
              <Upload.Dragger accept={accept} showUploadList={false} disabled={disabled || busy} beforeUpload={beforeUpload}>
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">点击选择或拖入 CSV 文件</p>
                <p className="ant-upload-hint">首行为表头；UTF-8 或 GBK 编码均可（Excel 另存为 CSV 即可）</p>
              </Upload.Dragger>
            </Spin>
          </div>
        </Modal>
      ) : null}
      <Modal open={result !== null} title={resultTitle} width={720} onCancel={() => setResult(null)} footer={<Button type="primary" onClick={() => setResult(null)}>关闭</Button>}>
        {result !== null ? renderResult(result) : null}
      </Modal>
    </>
  );
}

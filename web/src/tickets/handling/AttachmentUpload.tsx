// Files for a reply (photos of the site, a recording of the call to the citizen, a document): each
// uploaded as soon as it is chosen or dropped, with its progress, and the server's refusal (a wrong
// type, too large, too many) said under the field in the server's words.
import { useRef, useState } from 'react';
import { Form, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { errorText } from '../../api';
import { sizeText } from '../../api';
import { uploadAttachment } from './upload';
import type { UploadedAttachment } from './upload';

export const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.mp3,.wav,.amr,.mp4,.docx,.xlsx,.txt';

interface Props {
  ticketId: number;
  assignmentId: number | undefined;
  /** Tells the form whether uploads are still running (it waits for them before replying). */
  onBusy?: (busy: boolean) => void;
  onUploaded?: (a: UploadedAttachment) => void;
}

export function AttachmentUpload({ ticketId, assignmentId, onBusy, onUploaded }: Props) {
  const [files, setFiles] = useState<UploadFile<UploadedAttachment>[]>([]);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(0);

  const patch = (uid: string, change: Partial<UploadFile<UploadedAttachment>>) =>
    setFiles((list) => list.map((f) => (f.uid === uid ? { ...f, ...change } : f)));

  const busy = (delta: number) => {
    running.current += delta;
    onBusy?.(running.current > 0);
  };

  return (
    <Form.Item
      label="附件"
      validateStatus={error ? 'error' : undefined}
      help={error ?? '照片、录音、视频或文书，单个文件不超过 20 MB；可上传图片、PDF、MP3/WAV/AMR、MP4、Word、Excel、TXT'}
      data-testid="reply-files"
    >
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        fileList={files}
        showUploadList={{ showRemoveIcon: true, showDownloadIcon: false, showPreviewIcon: false }}
        // Only a failed upload can be taken off the list: an uploaded file is part of the record.
        onRemove={(f) => f.status === 'error'}
        onChange={({ fileList }) => setFiles(fileList)}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const f = file as File & { uid: string };
          setError(null);
          busy(1);
          uploadAttachment(ticketId, f, assignmentId, (percent) => onProgress?.({ percent }))
            .then((a) => {
              onSuccess?.(a);
              patch(f.uid, { status: 'done', response: a, name: `${a.fileName}（${sizeText(a.size)}）` });
              onUploaded?.(a);
            })
            .catch((e: unknown) => {
              const text = errorText(e);
              setError(`${f.name}：${text}`);
              onError?.(e as Error);
              patch(f.uid, { status: 'error', error: e, response: text as unknown as UploadedAttachment });
            })
            .finally(() => busy(-1));
        }}
        className="ms-dh-act-upload"
      >
        <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}><InboxOutlined /></p>
        <p className="ant-upload-text">点击选择或拖入文件</p>
      </Upload.Dragger>
    </Form.Item>
  );
}

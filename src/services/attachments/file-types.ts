// What an upload really is. The type comes from the bytes (magic numbers, read by `file-type`, which
// also looks inside a zip for Word and Excel parts); the name's extension and the browser's declared
// type must agree with it. A renamed executable or an HTML page posing as a photo is refused, and
// what we later serve carries the type we found, not the one the uploader claimed.
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../domain/errors.js';

export interface Kind {
  /** What we store and serve as Content-Type. */
  mime: string;
  /** Extensions a file of this kind may carry; the first is the usual one. */
  extensions: readonly string[];
  /** Types browsers and phones declare for it, besides `mime`. */
  aliases?: readonly string[];
}

/** Photos, recordings, short videos and documents: what citizens and units attach (DOMAIN.md §5). */
const KINDS: Record<string, Kind> = {
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], aliases: ['image/jpg', 'image/pjpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  gif: { mime: 'image/gif', extensions: ['gif'] },
  webp: { mime: 'image/webp', extensions: ['webp'] },
  pdf: { mime: 'application/pdf', extensions: ['pdf'], aliases: ['application/x-pdf'] },
  mp3: { mime: 'audio/mpeg', extensions: ['mp3'], aliases: ['audio/mp3'] },
  wav: { mime: 'audio/wav', extensions: ['wav'], aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave'] },
  // Call recordings of many switchboards and phones' voice memos.
  amr: { mime: 'audio/amr', extensions: ['amr'] },
  mp4: { mime: 'video/mp4', extensions: ['mp4'], aliases: ['audio/mp4'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
};

const TEXT: Kind = { mime: 'text/plain', extensions: ['txt'] };

/** Declared types that say nothing (what a browser sends for an extension it does not know). */
const VAGUE = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

export const ACCEPTED_EXTENSIONS: readonly string[] = [...Object.values(KINDS).flatMap((k) => k.extensions), ...TEXT.extensions];

/**
 * Plain text has no magic number: text is what decodes cleanly and holds no control characters
 * but tab, line breaks and form feed. GB18030 as well as UTF-8, because Windows in China still
 * saves Notepad files that way; the charset we found goes into the served type so it displays.
 */
function textCharset(bytes: Uint8Array): 'utf-8' | 'gb18030' | null {
  const sample = bytes.subarray(0, 64 * 1024);
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;
  for (const charset of ['utf-8', 'gb18030'] as const) {
    try {
      // `stream` when the sample is cut short: a character split at its end is not a decoding error.
      const text = new TextDecoder(charset, { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
      if (!controls.test(text)) return charset;
    } catch {
      // not this charset
    }
  }
  return null;
}

const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
};

const refused = (message: string, messageEn: string) =>
  new AppError(415, 'unsupported_file_type', message, messageEn, [{ field: 'file', message, message_en: messageEn }]);

const LIST = '图片（JPG、PNG、GIF、WebP）、PDF、录音（MP3、WAV、AMR）、视频（MP4）、Word（DOCX）、Excel（XLSX）、纯文本（TXT）';
const LIST_EN = 'images (JPG, PNG, GIF, WebP), PDF, recordings (MP3, WAV, AMR), video (MP4), Word (DOCX), Excel (XLSX), plain text (TXT)';

/** The stored content type of an upload, or a 415 naming the field `file` and saying why. */
export async function checkFileType(bytes: Uint8Array, fileName: string, declared: string | undefined): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  let kind: Kind | undefined;
  let mime: string;
  if (found) {
    kind = KINDS[found.ext];
    if (!kind) throw refused(`不支持的文件类型（${found.ext}）；可上传：${LIST}`, `Unsupported file type (${found.ext}); accepted: ${LIST_EN}`);
    mime = kind.mime;
  } else {
    const charset = textCharset(bytes);
    if (!charset) throw refused(`无法识别的文件内容；可上传：${LIST}`, `Unrecognised file content; accepted: ${LIST_EN}`);
    kind = TEXT;
    mime = `text/plain; charset=${charset}`;
  }
  const ext = extensionOf(fileName);
  if (!kind.extensions.includes(ext)) {
    throw refused(`文件名“${fileName}”的扩展名与内容不符：内容是 ${kind.extensions[0]!.toUpperCase()} 文件`,
      `The extension of "${fileName}" does not match its content, which is a ${kind.extensions[0]!.toUpperCase()} file`);
  }
  const claimed = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!VAGUE.has(claimed) && claimed !== kind.mime && !kind.aliases?.includes(claimed)) {
    throw refused(`声明的类型 ${claimed} 与文件内容（${kind.mime}）不符`, `The declared type ${claimed} does not match the content (${kind.mime})`);
  }
  return mime;
}

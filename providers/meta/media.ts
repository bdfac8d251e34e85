/** The kind of a media file, as both Meta APIs split attachments. */
export type MediaKind = 'image' | 'video' | 'audio' | 'document';

const KINDS: Record<string, MediaKind> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  mp4: 'video',
  '3gp': 'video',
  mov: 'video',
  aac: 'audio',
  amr: 'audio',
  mp3: 'audio',
  m4a: 'audio',
  ogg: 'audio',
  opus: 'audio',
  wav: 'audio',
};

/**
 * The kind of the file at `url`, from the extension of its path (a URL carries no content type);
 * anything else is a document, which both APIs deliver whatever its type.
 */
export function mediaKindOf(url: string): MediaKind {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'document';
  }
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase();
  return (extension && KINDS[extension]) || 'document';
}

/** The file name at the end of a URL's path, for documents (WhatsApp shows it). */
export function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last).slice(0, 240) || undefined : undefined;
  } catch {
    return undefined;
  }
}

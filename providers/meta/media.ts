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

// What WhatsApp's Cloud API takes as image (JPEG, PNG), video (MP4, 3GPP) and audio (AAC, AMR, MP3,
// M4A, OGG Opus); it refuses a GIF, a WebP (its sticker type), a MOV or a WAV under those types (131053).
const WHATSAPP_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'mp4', '3gp', 'aac', 'amr', 'mp3', 'm4a', 'ogg']);

/**
 * The kind of the file at `url` for Messenger, from the extension of its path (a URL carries no
 * content type); anything else is a document, which both APIs deliver whatever its type.
 */
export function mediaKindOf(url: string): MediaKind {
  const extension = extensionOf(url);
  return (extension && KINDS[extension]) || 'document';
}

/** The kind of the file at `url` for WhatsApp: a type it does not take as such goes as a document. */
export function whatsappMediaKindOf(url: string): MediaKind {
  const extension = extensionOf(url);
  return (extension && WHATSAPP_EXTENSIONS.has(extension) && KINDS[extension]) || 'document';
}

function extensionOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  return /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase();
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

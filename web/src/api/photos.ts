// Photos of merchants and campaigns: uploading one, and where a stored one is served.
// Wire types: the upload's answer is described in openapi.yaml only in prose, so UploadedPhoto
// is written here.
import { apiBase, post } from './client';

export interface UploadedPhoto {
  id: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
}

export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];
export const photoMaxBytes = 5 * 1024 * 1024;

// Uploads one photo as it is; the server checks its type by content and strips metadata.
export function uploadPhoto(file: Blob): Promise<UploadedPhoto> {
  return post<UploadedPhoto>('/photos', undefined, { raw: { body: file, contentType: file.type || 'application/octet-stream' } });
}

// Where a stored photo is served (public, cached).
export function photoUrl(id: string): string {
  return `${apiBase}/photos/${encodeURIComponent(id)}`;
}

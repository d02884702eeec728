// A course's materials as the form holds them and as the API takes them.
import type { TrainingMaterial } from '@/api/training';

export type MaterialKind = TrainingMaterial['kind'];

export interface MaterialRow {
  // Only for v-for; not sent.
  row: number;
  kind: MaterialKind;
  title: string;
  url: string;
}

let nextRow = 1;

export function blankMaterial(): MaterialRow {
  return { row: nextRow++, kind: 'document', title: '', url: '' };
}

export function materialFromWire(material: TrainingMaterial): MaterialRow {
  return { row: nextRow++, kind: material.kind, title: material.title, url: material.url };
}

export function materialToWire(material: MaterialRow): TrainingMaterial {
  return { kind: material.kind, title: material.title.trim(), url: material.url.trim() };
}

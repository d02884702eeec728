// 劳模工匠: model-worker profiles as members browse them (by level and field, searched) and as
// administrators maintain them through the same review workflow as news.
// Wire types: written here from the issue-28 contract until openapi.yaml describes these routes.
import { get, post, put } from './client';
import type { ArticleCard } from './news';
import {
  reviewActions,
  type Link,
  type LinkInput,
  type NumberedPage,
  type OrgRef,
  type ReviewActions,
  type ReviewStatus,
  type ReviewStep,
  type RevisionStatus,
} from './review';

export const modelWorkerLevels = ['national', 'provincial', 'city', 'poverty_model', 'craftsman', 'other'] as const;
export type ModelWorkerLevel = (typeof modelWorkerLevels)[number];

export interface ModelWorkerCard {
  id: string;
  name: string;
  // e.g. 全国劳动模范
  honour: string;
  level: ModelWorkerLevel;
  honour_year: number;
  // e.g. 农机制造
  field: string;
  photo_id: string | null;
  intro: string;
  org_name: string;
  has_studio: boolean;
}

// 劳模创新工作室.
export interface StudioInput {
  name: string;
  members: number;
  address: string;
  // Markdown.
  achievements: string;
}

export interface Studio {
  name: string;
  members: number;
  address: string;
  achievements_html: string;
}

export interface ModelWorker extends ModelWorkerCard {
  story: (ArticleCard & { body_html: string }) | null;
  studio: Studio | null;
  links: Link[];
}

export interface ModelWorkerPage extends NumberedPage<ModelWorkerCard> {
  // Fields of the visible profiles, for the filter chips.
  fields: string[];
}

export interface ModelWorkerFilter {
  level?: ModelWorkerLevel;
  field?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

export interface ModelWorkerInput {
  name: string;
  honour: string;
  level: ModelWorkerLevel;
  honour_year: number;
  org_id: string;
  field: string;
  photo_id: string | null;
  // Plain text.
  intro: string;
  story_article_id: string | null;
  studio: StudioInput | null;
  links: LinkInput[];
}

export interface ModelWorkerSummaryAdmin {
  id: string;
  name: string;
  honour: string;
  level: ModelWorkerLevel;
  honour_year: number;
  field: string;
  status: ReviewStatus;
  org: OrgRef;
  updated_at: number;
  revision_status: RevisionStatus;
}

export type ModelWorkerRevision = Omit<ModelWorkerInput, 'links' | 'studio'> & {
  studio: (StudioInput & { achievements_html?: string }) | null;
  links: Link[];
  status: 'draft' | 'submitted';
  author_name: string;
  return_reason: string;
};

export interface ModelWorkerAdmin extends ModelWorkerSummaryAdmin {
  photo_id: string | null;
  intro: string;
  story_article_id: string | null;
  studio: (StudioInput & { achievements_html: string }) | null;
  links: Link[];
  can_approve: boolean;
  return_reason: string;
  withdraw_reason: string;
  revision: ModelWorkerRevision | null;
  steps: ReviewStep[];
}

export interface ManagedModelWorkerFilter {
  status?: ReviewStatus;
  level?: ModelWorkerLevel;
  q?: string;
  page?: number;
  page_size?: number;
}

const path = (id: string) => `/model-workers/${encodeURIComponent(id)}`;

// Published profiles the caller may see, with the fields among them.
export function listModelWorkers(filter: ModelWorkerFilter = {}): Promise<ModelWorkerPage> {
  return get<ModelWorkerPage>('/model-workers', {
    query: {
      level: filter.level,
      field: filter.field || undefined,
      q: filter.q?.trim() || undefined,
      page: filter.page,
      page_size: filter.page_size,
    },
  });
}

export function getModelWorker(id: string): Promise<ModelWorker> {
  return get<ModelWorker>(path(id));
}

export function listManagedModelWorkers(filter: ManagedModelWorkerFilter): Promise<NumberedPage<ModelWorkerSummaryAdmin>> {
  return get<NumberedPage<ModelWorkerSummaryAdmin>>('/model-workers/manage', {
    query: {
      status: filter.status,
      level: filter.level,
      q: filter.q?.trim() || undefined,
      page: filter.page,
      page_size: filter.page_size,
    },
  });
}

export function getManagedModelWorker(id: string): Promise<ModelWorkerAdmin> {
  return get<ModelWorkerAdmin>(`${path(id)}/manage`);
}

export function createModelWorker(input: ModelWorkerInput, idempotencyKey?: string): Promise<ModelWorkerAdmin> {
  return post<ModelWorkerAdmin>('/model-workers', input, { idempotencyKey });
}

export function updateModelWorker(id: string, input: ModelWorkerInput): Promise<ModelWorkerAdmin> {
  return put<ModelWorkerAdmin>(path(id), input);
}

export function modelWorkerActions(id: string): ReviewActions<ModelWorkerAdmin> {
  return reviewActions<ModelWorkerAdmin>(path(id));
}

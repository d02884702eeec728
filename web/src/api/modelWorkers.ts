// 劳模工匠: model-worker profiles as members browse them (by level and field, searched) and as
// administrators maintain them through the same review workflow as news.
// Wire types from openapi.yaml; nested parts the server always sends are made whole here.
import { get, post, put } from './client';
import type { ArticleCard } from './news';
import {
  reviewActions,
  type Link,
  type NumberedPage,
  type ReviewActions,
  type ReviewFields,
  type ReviewStep,
  type RevisionState,
} from './review';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type ModelWorkerLevel = Sent<'ModelWorkerCard'>['level'];
export const modelWorkerLevels: readonly ModelWorkerLevel[] = ['national', 'provincial', 'city', 'poverty_model', 'craftsman', 'other'];

export type ModelWorkerCard = Sent<'ModelWorkerCard'>;

// 劳模创新工作室 as members see it (achievements rendered from Markdown).
export type Studio = Required<NonNullable<Sent<'ModelWorkerReading'>['studio']>>;

export type ModelWorker = Omit<Sent<'ModelWorkerReading'>, 'story' | 'studio' | 'links'> & {
  story: (ArticleCard & { body_html: string }) | null;
  studio: Studio | null;
  links: Link[];
};

export interface ModelWorkerPage extends NumberedPage<ModelWorkerCard> {
  // Fields of the visible profiles, for the filter chips.
  fields: string[];
}

export type ModelWorkerFilter = QueryParameters<'/api/v1/model-workers'>;

export type ModelWorkerInput = RequestBody<'/api/v1/model-workers', 'post'>;
export type StudioInput = Sent<'StudioInput'>;

export type ModelWorkerSummaryAdmin = Omit<Sent<'ModelWorkerSummaryAdmin'>, 'org'> & ReviewFields;

// A profile's contents as the editor shows them: the studio with its Markdown and its HTML.
type ModelWorkerContent = Omit<Sent<'ModelWorkerContent'>, 'studio' | 'links'> & {
  studio: Required<Sent<'Studio'>> | null;
  links: Link[];
};
export type ModelWorkerRevision = ModelWorkerContent & RevisionState;

export type ModelWorkerAdmin = Omit<Sent<'ModelWorkerAdmin'>, 'org' | 'studio' | 'links' | 'steps' | 'revision'> &
  ReviewFields &
  Pick<ModelWorkerContent, 'studio' | 'links'> & {
    steps: ReviewStep[];
    revision: ModelWorkerRevision | null;
  };

export type ManagedModelWorkerFilter = QueryParameters<'/api/v1/model-workers/manage'>;

const path = (id: string) => `/model-workers/${encodeURIComponent(id)}`;

// Published profiles the caller may see, with the fields among them.
export function listModelWorkers(filter: ModelWorkerFilter = {}): Promise<ModelWorkerPage> {
  const query: ModelWorkerFilter = { ...filter, field: filter.field || undefined, q: filter.q?.trim() || undefined };
  return get<ModelWorkerPage>('/model-workers', { query });
}

export function getModelWorker(id: string): Promise<ModelWorker> {
  return get<ModelWorker>(path(id));
}

export function listManagedModelWorkers(filter: ManagedModelWorkerFilter): Promise<NumberedPage<ModelWorkerSummaryAdmin>> {
  const query: ManagedModelWorkerFilter = { ...filter, q: filter.q?.trim() || undefined };
  return get<NumberedPage<ModelWorkerSummaryAdmin>>('/model-workers/manage', { query });
}

export function getManagedModelWorker(id: string): Promise<ModelWorkerAdmin> {
  return get<ModelWorkerAdmin>(`${path(id)}/manage`);
}

export function createModelWorker(input: ModelWorkerInput, idempotencyKey?: string): Promise<ModelWorkerAdmin> {
  return post<ModelWorkerAdmin>('/model-workers', input, { idempotencyKey });
}

export function updateModelWorker(id: string, input: ModelWorkerInput): Promise<ModelWorkerAdmin> {
  return put<ModelWorkerAdmin>(path(id), input satisfies RequestBody<'/api/v1/model-workers/{id}', 'put'>);
}

export function modelWorkerActions(id: string): ReviewActions<ModelWorkerAdmin> {
  return reviewActions<ModelWorkerAdmin>(path(id));
}

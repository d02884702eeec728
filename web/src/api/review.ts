// The review workflow shared by news articles and model-worker profiles: draft → submitted →
// approved → published (or scheduled) → withdrawn, with a pending revision of a published item.
// The same routes under each item's base path (`/news/{id}/…`, `/model-workers/{id}/…`).
// Wire types: written here from the issue-28 contract until openapi.yaml describes these routes.
import { post, remove } from './client';

export const reviewStatuses = ['draft', 'submitted', 'approved', 'scheduled', 'published', 'withdrawn'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
// The state of a pending revision of a published item ('' when there is none).
export type RevisionStatus = '' | 'draft' | 'submitted';

// A kind of item a link points at.
export const linkKinds = ['campaign', 'merchant', 'product', 'model_worker', 'article'] as const;
export type LinkKind = (typeof linkKinds)[number];

export interface LinkInput {
  kind: LinkKind;
  id: string;
}

export interface Link extends LinkInput {
  title: string;
  // A product's merchant, where its page is (the contract names none; sent when the server can).
  merchant_id?: string;
}

// One step of an item's history, from the audit log (oldest first).
export interface ReviewStep {
  // e.g. article.submitted, model_worker.published
  action: string;
  actor_name: string;
  // UTC ms.
  at: number;
  reason: string;
}

export interface OrgRef {
  id: string;
  name: string;
}

// A page of an admin list.
export interface NumberedPage<Item> {
  items: Item[];
  total: number;
  page: number;
  page_size: number;
}

// The workflow's steps on one item under `base` (e.g. `/news/12`), each answering the item as
// the admin sees it.
export function reviewActions<Item>(base: string) {
  return {
    submit: () => post<Item>(`${base}/submit`),
    approve: () => post<Item>(`${base}/approve`),
    returnToAuthor: (reason: string) => post<Item>(`${base}/return`, { reason }),
    // Now, or at `publishAt` (UTC ms, within a year).
    publish: (publishAt?: number) => post<Item>(`${base}/publish`, publishAt === undefined ? {} : { publish_at: publishAt }),
    withdraw: (reason: string) => post<Item>(`${base}/withdraw`, { reason }),
    discardRevision: () => remove<Item>(`${base}/revision`),
  };
}

export type ReviewActions<Item> = ReturnType<typeof reviewActions<Item>>;

// What the workflow's buttons need to know of an item.
export interface Reviewable {
  status: ReviewStatus;
  // Whether the caller may approve (or return) what is submitted.
  can_approve: boolean;
  revision: { status: 'draft' | 'submitted' } | null;
}

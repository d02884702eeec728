// The review workflow shared by news articles and model-worker profiles: draft → submitted →
// approved → published (or scheduled) → withdrawn, with a pending revision of a published item.
// The same routes under each item's base path (`/news/{id}/…`, `/model-workers/{id}/…`).
// Wire types from openapi.yaml (NewsReview, NewsLink, NewsStep …); the yaml marks no field of
// what the server sends required, and Sent makes only the top level so, so nested ones are
// made whole here.
import { post, remove } from './client';
import type { components } from './schema';
import type { RequestBody, Sent } from './wire';

export type ReviewStatus = Sent<'NewsReview'>['status'];
export const reviewStatuses: readonly ReviewStatus[] = ['draft', 'submitted', 'approved', 'scheduled', 'published', 'withdrawn'];
// The state of a pending revision of a published item ('' when there is none).
export type RevisionStatus = Sent<'NewsReview'>['revision_status'];

// A kind of item a link points at.
export type LinkKind = Sent<'NewsLinkInput'>['kind'];
export type LinkInput = Sent<'NewsLinkInput'>;
// A link with its target's title; a product's (only) also names the merchant whose page shows it.
export type Link = Omit<Sent<'NewsLink'>, 'merchant_id'> & Pick<components['schemas']['NewsLink'], 'merchant_id'>;

// One step of an item's history, from the audit log (oldest first); `at` in UTC ms.
export type ReviewStep = Sent<'NewsStep'>;
export type OrgRef = Sent<'NewsOrg'>;
// The state of a pending revision.
export type RevisionState = Sent<'NewsRevisionState'>;

// A page of an admin list.
export interface NumberedPage<Item> {
  items: Item[];
  total: number;
  page: number;
  page_size: number;
}

// The review fields of an admin view, whole: its union by id and name.
export type ReviewFields = Omit<Sent<'NewsReview'>, 'org'> & { org: OrgRef };

// What the workflow's buttons need to know of an item.
export interface Reviewable {
  status: ReviewStatus;
  // Whether the caller may approve (or return) what is submitted.
  can_approve: boolean;
  revision: { status: RevisionState['status'] } | null;
}

type ReturnBody = RequestBody<'/api/v1/news/{id}/return', 'post'>;
type PublishBody = RequestBody<'/api/v1/news/{id}/publish', 'post'>;
type WithdrawBody = RequestBody<'/api/v1/news/{id}/withdraw', 'post'>;

// The workflow's steps on one item under `base` (e.g. `/news/12`), each answering the item as
// the admin sees it.
export function reviewActions<Item>(base: string) {
  return {
    submit: () => post<Item>(`${base}/submit`),
    approve: () => post<Item>(`${base}/approve`),
    returnToAuthor: (reason: string) => post<Item>(`${base}/return`, { reason } satisfies ReturnBody),
    // Now, or at `publishAt` (UTC ms, within a year).
    publish: (publishAt?: number) =>
      post<Item>(`${base}/publish`, (publishAt === undefined ? {} : { publish_at: publishAt }) satisfies PublishBody),
    withdraw: (reason: string) => post<Item>(`${base}/withdraw`, { reason } satisfies WithdrawBody),
    discardRevision: () => remove<Item>(`${base}/revision`),
  };
}

export type ReviewActions<Item> = ReturnType<typeof reviewActions<Item>>;

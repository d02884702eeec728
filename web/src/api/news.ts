// 工会资讯: news articles and notices as members read them (lists by category, search in
// Chinese, traditional characters or pinyin, one article, the articles linking to a merchant or
// campaign), and as administrators write, import and review them.
// Wire types: written here from the issue-28 contract until openapi.yaml describes these routes.
import { get, post, put } from './client';
import type { ModelWorkerCard } from './modelWorkers';
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

export const newsCategories = ['union_news', 'notice', 'policy', 'model_worker', 'farm_aid'] as const;
export type NewsCategory = (typeof newsCategories)[number];

// An article in a reader's list.
export interface ArticleCard {
  id: string;
  title: string;
  summary: string;
  category: NewsCategory;
  cover_photo_id: string | null;
  org_name: string;
  // UTC ms.
  published_at: number;
  // Distinct signed-in readers.
  read_count: number;
  pinned: boolean;
}

export interface Article extends ArticleCard {
  // The server's HTML of the Markdown body (cmark, safe mode).
  body_html: string;
  links: Link[];
  model_workers: ModelWorkerCard[];
}

export interface NewsPage {
  // Pinned notices, only on the first page without a search.
  pinned: ArticleCard[];
  items: ArticleCard[];
  total: number;
  page: number;
  page_size: number;
}

export interface NewsFilter {
  category?: NewsCategory;
  q?: string;
  page?: number;
  page_size?: number;
}

// The items a merchant's, product's or campaign's page links back to.
export type LinkedTarget = 'merchant' | 'product' | 'campaign';

export interface LinkedItems {
  articles: ArticleCard[];
  model_workers: ModelWorkerCard[];
}

// What an administrator writes.
export interface ArticleInput {
  title: string;
  summary: string;
  // Markdown.
  body: string;
  category: NewsCategory;
  org_id: string;
  cover_photo_id: string | null;
  pinned: boolean;
  links: LinkInput[];
}

export interface ArticleSummaryAdmin {
  id: string;
  title: string;
  category: NewsCategory;
  status: ReviewStatus;
  org: OrgRef;
  author_name: string;
  updated_at: number;
  publish_at: number | null;
  published_at: number | null;
  pinned: boolean;
  read_count: number;
  revision_status: RevisionStatus;
}

export interface ArticleRevision {
  status: 'draft' | 'submitted';
  title: string;
  summary: string;
  body: string;
  body_html: string;
  category: NewsCategory;
  cover_photo_id: string | null;
  pinned: boolean;
  links: Link[];
  author_name: string;
  return_reason: string;
  updated_at: number;
}

export interface ArticleAdmin extends ArticleSummaryAdmin {
  summary: string;
  body: string;
  body_html: string;
  cover_photo_id: string | null;
  links: Link[];
  author_account_id: string;
  return_reason: string;
  withdraw_reason: string;
  // Whether the caller may approve (or return) what is submitted.
  can_approve: boolean;
  revision: ArticleRevision | null;
  steps: ReviewStep[];
}

export interface ManagedNewsFilter {
  status?: ReviewStatus;
  category?: NewsCategory;
  q?: string;
  page?: number;
  page_size?: number;
}

// Pasted text converted for the editor.
export interface ImportedText {
  title: string;
  summary: string;
  body: string;
  // What the input held, whatever was asked: the editor offers the conversions for these.
  had_traditional: boolean;
  had_pinyin: boolean;
}

const path = (id: string) => `/news/${encodeURIComponent(id)}`;

// Published articles the caller may read, newest first (ranked by the search when `q` is given).
export function listNews(filter: NewsFilter = {}): Promise<NewsPage> {
  return get<NewsPage>('/news', {
    query: { category: filter.category, q: filter.q?.trim() || undefined, page: filter.page, page_size: filter.page_size },
  });
}

// One published article; reading it counts the caller once.
export function getArticle(id: string): Promise<Article> {
  return get<Article>(path(id));
}

// Published articles and model workers that link to a merchant, product or campaign.
export function listLinked(kind: LinkedTarget, id: string): Promise<LinkedItems> {
  return get<LinkedItems>('/news/linked', { query: { kind, id } });
}

export function listManagedNews(filter: ManagedNewsFilter): Promise<NumberedPage<ArticleSummaryAdmin>> {
  return get<NumberedPage<ArticleSummaryAdmin>>('/news/manage', {
    query: {
      status: filter.status,
      category: filter.category,
      q: filter.q?.trim() || undefined,
      page: filter.page,
      page_size: filter.page_size,
    },
  });
}

export function getManagedArticle(id: string): Promise<ArticleAdmin> {
  return get<ArticleAdmin>(`${path(id)}/manage`);
}

export function createArticle(input: ArticleInput, idempotencyKey?: string): Promise<ArticleAdmin> {
  return post<ArticleAdmin>('/news', input, { idempotencyKey });
}

// Changes a draft (or a returned or withdrawn article); on a published one, stores a revision.
export function updateArticle(id: string, input: ArticleInput): Promise<ArticleAdmin> {
  return put<ArticleAdmin>(path(id), input);
}

export function articleActions(id: string): ReviewActions<ArticleAdmin> {
  return reviewActions<ArticleAdmin>(path(id));
}

// Converts pasted text (a .txt file's contents) into a title, summary and Markdown body.
export function importText(text: string, options: { simplify: boolean; strip_pinyin: boolean }): Promise<ImportedText> {
  return post<ImportedText>('/news/import', { text, ...options });
}

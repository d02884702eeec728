// 工会资讯: news articles and notices as members read them (lists by category, search in
// Chinese, traditional characters or pinyin, one article, the articles linking to a merchant or
// campaign), and as administrators write, import and review them.
// Wire types from openapi.yaml; nested parts the server always sends are made whole here.
import { get, post, put } from './client';
import type { ModelWorkerCard } from './modelWorkers';
import {
  reviewActions,
  type Link,
  type NumberedPage,
  type ReviewActions,
  type ReviewFields,
  type ReviewStep,
  type RevisionState,
} from './review';
import type { paths } from './schema';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type NewsCategory = Sent<'ArticleCard'>['category'];
export const newsCategories: readonly NewsCategory[] = ['union_news', 'notice', 'policy', 'model_worker', 'farm_aid'];

// An article in a reader's list; times in UTC ms, read_count the distinct signed-in readers.
export type ArticleCard = Sent<'ArticleCard'>;

// One article as a reader sees it: body_html is the server's cmark output in safe mode.
export type Article = Omit<Sent<'ArticleReading'>, 'links' | 'model_workers'> & { links: Link[]; model_workers: ModelWorkerCard[] };

export interface NewsPage extends NumberedPage<ArticleCard> {
  // Pinned notices, only on the first page without a search.
  pinned: ArticleCard[];
}

export type NewsFilter = QueryParameters<'/api/v1/news'>;

// The items a merchant's, product's or campaign's page links back to.
export type LinkedTarget = NonNullable<QueryParameters<'/api/v1/news/linked'>['kind']>;

export interface LinkedItems {
  articles: ArticleCard[];
  model_workers: ModelWorkerCard[];
}

// What an administrator writes.
export type ArticleInput = RequestBody<'/api/v1/news', 'post'>;

export type ArticleSummaryAdmin = Omit<Sent<'ArticleSummaryAdmin'>, 'org'> & ReviewFields;

type ArticleContent = Omit<Sent<'ArticleContent'>, 'links'> & { links: Link[] };
export type ArticleRevision = ArticleContent & RevisionState;

export type ArticleAdmin = Omit<Sent<'ArticleAdmin'>, 'org' | 'links' | 'steps' | 'revision'> &
  ReviewFields & {
    links: Link[];
    steps: ReviewStep[];
    revision: ArticleRevision | null;
  };

export type ManagedNewsFilter = QueryParameters<'/api/v1/news/manage'>;

// Pasted text converted for the editor; had_traditional and had_pinyin say what the input held,
// whatever was asked, so that the editor offers the conversions for these.
export type ImportedText = Required<paths['/api/v1/news/import']['post']['responses']['200']['content']['application/json']>;
type ImportOptions = Omit<RequestBody<'/api/v1/news/import', 'post'>, 'text'>;

const path = (id: string) => `/news/${encodeURIComponent(id)}`;

// Published articles the caller may read, newest first (ranked by the search when `q` is given).
export function listNews(filter: NewsFilter = {}): Promise<NewsPage> {
  const query: NewsFilter = { ...filter, q: filter.q?.trim() || undefined };
  return get<NewsPage>('/news', { query });
}

// One published article; reading it counts the caller once.
export function getArticle(id: string): Promise<Article> {
  return get<Article>(path(id));
}

// Published articles and model workers that link to a merchant, product or campaign.
export function listLinked(kind: LinkedTarget, id: string): Promise<LinkedItems> {
  const query: QueryParameters<'/api/v1/news/linked'> = { kind, id };
  return get<LinkedItems>('/news/linked', { query });
}

export function listManagedNews(filter: ManagedNewsFilter): Promise<NumberedPage<ArticleSummaryAdmin>> {
  const query: ManagedNewsFilter = { ...filter, q: filter.q?.trim() || undefined };
  return get<NumberedPage<ArticleSummaryAdmin>>('/news/manage', { query });
}

export function getManagedArticle(id: string): Promise<ArticleAdmin> {
  return get<ArticleAdmin>(`${path(id)}/manage`);
}

export function createArticle(input: ArticleInput, idempotencyKey?: string): Promise<ArticleAdmin> {
  return post<ArticleAdmin>('/news', input, { idempotencyKey });
}

// Changes a draft (or a returned or withdrawn article); on a published one, stores a revision.
export function updateArticle(id: string, input: ArticleInput): Promise<ArticleAdmin> {
  return put<ArticleAdmin>(path(id), input satisfies RequestBody<'/api/v1/news/{id}', 'put'>);
}

export function articleActions(id: string): ReviewActions<ArticleAdmin> {
  return reviewActions<ArticleAdmin>(path(id));
}

// Converts pasted text (a .txt file's contents) into a title, summary and Markdown body.
export function importText(text: string, options: ImportOptions): Promise<ImportedText> {
  const body: RequestBody<'/api/v1/news/import', 'post'> = { text, ...options };
  return post<ImportedText>('/news/import', body);
}

/// <reference types="google-apps-script" />
// Owns talking to the OKR Ledger API through UrlFetchApp: the Google identity token as a bearer, JSON in
// and out, problem+json and UrlFetch exceptions turned into failures a person understands. One fetch per
// call; fetchAll for reads that can run side by side.
import { apiUrl, type Connection, type Query } from '../core/connection.js';
import { AddonError, failure, failureFromException, failureFromResponse } from '../core/failures.js';

type UrlFetchService = GoogleAppsScript.URL_Fetch.UrlFetchApp;
type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;
type FetchResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

export interface ApiRequest {
  method?: 'get' | 'post' | 'put' | 'delete';
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** In callAll: an answer that is not a success reads as null instead of failing the whole round. */
  optional?: boolean;
}

export class ApiClient {
  constructor(
    private readonly urlFetch: UrlFetchService,
    private readonly connection: Connection,
    private readonly identityToken: () => string,
  ) {}

  call<T>(request: ApiRequest): T {
    const prepared = this.prepare(request);
    return this.parse<T>(this.send(() => this.urlFetch.fetch(prepared.url, prepared)));
  }

  /** Several reads at once (one fetchAll); the first failure wins. */
  callAll(requests: ApiRequest[]): unknown[] {
    const prepared = requests.map((request) => this.prepare(request));
    const responses = this.send(() => this.urlFetch.fetchAll(prepared));
    return responses.map((response, index) => {
      if (requests[index]?.optional !== true) return this.parse<unknown>(response);
      try {
        return this.parse<unknown>(response);
      } catch (error) {
        if (error instanceof AddonError) return null;
        throw error;
      }
    });
  }

  private send<T>(fetch: () => T): T {
    try {
      return fetch();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AddonError(failureFromException(message));
    }
  }

  private token(): string {
    let token = '';
    try {
      token = this.identityToken();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AddonError(failure('unauthorized', `Google gave no identity token (${message})`));
    }
    if (token === '') throw new AddonError(failure('unauthorized', 'Google gave no identity token'));
    return token;
  }

  private prepare(request: ApiRequest): FetchRequest {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token()}`,
      Accept: 'application/json, application/problem+json',
      ...request.headers,
    };
    const prepared: FetchRequest = {
      url: apiUrl(this.connection, request.path, request.query),
      method: request.method ?? 'get',
      headers,
      muteHttpExceptions: true,
      followRedirects: false,
    };
    if (request.body !== undefined) {
      prepared.contentType = 'application/json';
      prepared.payload = JSON.stringify(request.body);
    }
    return prepared;
  }

  private parse<T>(response: FetchResponse): T {
    const status = response.getResponseCode();
    const text = response.getContentText();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
        if (status >= 200 && status < 300) {
          throw new AddonError(
            failure('unexpected', `The API answered ${status} with something that is not JSON`),
          );
        }
      }
    }
    if (status >= 200 && status < 300) return body as T;
    throw new AddonError(failureFromResponse(status, body));
  }
}

/// <reference types="google-apps-script" />
// Owns the add-on's small settings in PropertiesService: the connection (API address and organization)
// per document, so every editor of a sheet talks to the same organization, and the caller's role per
// person, which decides whether "Close cycle" is offered. Pulled data never goes here (9 KB per value).
import type { Role } from '@okr-ledger/okr-domain';
import type { Connection } from '../core/connection.js';
import { decodePullFilter, type PullFilter } from '../core/pull-options.js';

type PropertiesService = GoogleAppsScript.Properties.PropertiesService;

const API_URL = 'okrLedger.apiUrl';
const ORGANIZATION = 'okrLedger.organization';
const roleKey = (organizationId: string) => `okrLedger.role.${organizationId}`;
const filterKey = (cycleId: string) => `okrLedger.pullFilter.${cycleId}`;
const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

export class SettingsStore {
  constructor(private readonly properties: PropertiesService) {}

  connection(): Connection | null {
    const document = this.properties.getDocumentProperties();
    const apiUrl = document.getProperty(API_URL);
    const organizationId = document.getProperty(ORGANIZATION);
    if (apiUrl === null || organizationId === null || apiUrl === '' || organizationId === '') return null;
    return { apiUrl, organizationId };
  }

  saveConnection(connection: Connection): void {
    this.properties
      .getDocumentProperties()
      .setProperties({ [API_URL]: connection.apiUrl, [ORGANIZATION]: connection.organizationId });
  }

  role(organizationId: string): Role | null {
    const role = this.properties.getUserProperties().getProperty(roleKey(organizationId));
    return ROLES.find((candidate) => candidate === role) ?? null;
  }

  saveRole(organizationId: string, role: Role): void {
    this.properties.getUserProperties().setProperty(roleKey(organizationId), role);
  }

  /** The team and owner a cycle's sheet was last pulled with (per document: the sheet is shared). */
  pullFilter(cycleId: string): PullFilter {
    return decodePullFilter(this.properties.getDocumentProperties().getProperty(filterKey(cycleId)));
  }

  savePullFilter(cycleId: string, filter: PullFilter): void {
    this.properties.getDocumentProperties().setProperty(filterKey(cycleId), JSON.stringify(filter));
  }
}

import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { api, refreshSession, unwrap } from './api/client';
import { session } from './api/session';
import { Layout } from './routes/Layout';

/** Signs in again from the tab's refresh token when the page was reloaded; false when signed out. */
async function ensureSession(): Promise<boolean> {
  try {
    const s = session.get();
    if (s.accessToken && s.me) return true;
    if (!s.accessToken && !(await refreshSession())) return false;
    session.setMe(await unwrap(api.GET('/api/auth/me')));
    return true;
  } catch {
    return false;
  }
}

const rootRoute = createRootRoute({ component: Outlet });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/logowanie',
  component: lazyRouteComponent(() => import('./routes/LoginPage'), 'LoginPage'),
});

const purposeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cel',
  beforeLoad: async () => {
    if (!(await ensureSession())) throw redirect({ to: '/logowanie' });
  },
  component: lazyRouteComponent(() => import('./routes/PurposePage'), 'PurposePage'),
});

/** Everything else needs a session and a chosen purpose. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async () => {
    if (!(await ensureSession())) throw redirect({ to: '/logowanie' });
    if (!session.get().purpose) throw redirect({ to: '/cel' });
  },
  component: Layout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/klienci' });
  },
});

const clientsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klienci',
  component: lazyRouteComponent(() => import('./routes/ClientsPage'), 'ClientsPage'),
});

const newClientRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klienci/nowy',
  component: lazyRouteComponent(() => import('./routes/ClientFormPage'), 'NewClientPage'),
});

const clientRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klienci/$clientId',
  component: lazyRouteComponent(() => import('./routes/ClientCardPage'), 'ClientCardPage'),
});

const editClientRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klienci/$clientId/edycja',
  component: lazyRouteComponent(() => import('./routes/ClientFormPage'), 'EditClientPage'),
});

// Marketing: campaigns (role marketing, purpose marketing).
const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kampanie',
  component: lazyRouteComponent(() => import('./campaigns/CampaignsPage'), 'CampaignsPage'),
});

const newCampaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kampanie/nowa',
  component: lazyRouteComponent(() => import('./campaigns/NewCampaignPage'), 'NewCampaignPage'),
});

const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kampanie/$campaignId',
  component: lazyRouteComponent(() => import('./campaigns/CampaignPage'), 'CampaignPage'),
});

// Portfolios: teams (administrators). Managing teams reads no personal data, and an administrator
// has no purpose to choose, so these screens need a session only.
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'admin',
  beforeLoad: async () => {
    if (!(await ensureSession())) throw redirect({ to: '/logowanie' });
  },
  component: Layout,
});

const teamsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/zespoly',
  component: lazyRouteComponent(() => import('./routes/TeamsPage'), 'TeamsPage'),
});

const marketingRoutes = [campaignsRoute, newCampaignRoute, campaignRoute];

// Offers, policies and renewals (the broker's sales and contract screens).
const needsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klienci/$clientId/apk',
  component: lazyRouteComponent(() => import('./offers/NeedsFormPage'), 'NeedsFormPage'),
});
const offerRequestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/oferty/$offerRequestId',
  component: lazyRouteComponent(() => import('./offers/OfferRequestPage'), 'OfferRequestPage'),
});
const contractsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/polisy',
  component: lazyRouteComponent(() => import('./offers/ContractsPages'), 'ContractsPage'),
});
const contractRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/polisy/$contractId',
  component: lazyRouteComponent(() => import('./offers/ContractsPages'), 'ContractPage'),
});
const renewalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/odnowienia',
  component: lazyRouteComponent(() => import('./offers/RenewalsPage'), 'RenewalsPage'),
});
const overdueInstalmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/zalegle-raty',
  component: lazyRouteComponent(() => import('./offers/OverdueInstalmentsPage'), 'OverdueInstalmentsPage'),
});
// Claims and the brokers' tasks.
const claimsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/szkody',
  component: lazyRouteComponent(() => import('./service/ClaimsPage'), 'ClaimsPage'),
});
const claimRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/szkody/$claimId',
  component: lazyRouteComponent(() => import('./service/ClaimPage'), 'ClaimPage'),
});
const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/zadania',
  component: lazyRouteComponent(() => import('./service/TasksPage'), 'TasksPage'),
});
const serviceRoutes = [claimsRoute, claimRoute, tasksRoute];
const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import-portfela',
  component: lazyRouteComponent(() => import('./imports/ImportsPage'), 'ImportsPage'),
});
// Commissions: statements reconciled by the accountant, agreements made by administrators.
const commissionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prowizje',
  component: lazyRouteComponent(() => import('./commissions/CommissionsPage'), 'CommissionsPage'),
});
const statementRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prowizje/$statementId',
  component: lazyRouteComponent(() => import('./commissions/StatementPage'), 'StatementPage'),
});
const agreementsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/umowy-prowizyjne',
  component: lazyRouteComponent(() => import('./commissions/AgreementsPage'), 'AgreementsPage'),
});
// The record of operations (managers and the DPO under security_audit).
const recordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/rejestr-operacji',
  component: lazyRouteComponent(() => import('./record/RecordPage'), 'RecordPage'),
});
const offerRoutes = [needsRoute, offerRequestRoute, contractsRoute, contractRoute, renewalsRoute];

// The data protection officer: requests, legal holds, retention, the art. 30 record and the notice.
const requestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/wnioski',
  component: lazyRouteComponent(() => import('./dsr/RequestsPage'), 'RequestsPage'),
});
const newRequestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/wnioski/nowy',
  component: lazyRouteComponent(() => import('./dsr/NewRequestPage'), 'NewRequestPage'),
});
const requestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/wnioski/$requestId',
  component: lazyRouteComponent(() => import('./dsr/RequestPage'), 'RequestPage'),
});
const legalHoldsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/zatrzymania',
  component: lazyRouteComponent(() => import('./dsr/LegalHoldsPage'), 'LegalHoldsPage'),
});
const retentionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/retencja',
  component: lazyRouteComponent(() => import('./dsr/RetentionPage'), 'RetentionPage'),
});
const processingRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/rejestr-czynnosci',
  component: lazyRouteComponent(() => import('./dsr/PrivacyDocumentsPages'), 'ProcessingRecordPage'),
});
const noticeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/klauzula-informacyjna',
  component: lazyRouteComponent(() => import('./dsr/PrivacyDocumentsPages'), 'NoticePage'),
});
const dpoRoutes = [
  requestsRoute,
  newRequestRoute,
  requestRoute,
  legalHoldsRoute,
  retentionRoute,
  processingRecordRoute,
  noticeRoute,
];

const routeTree = rootRoute.addChildren([
  loginRoute,
  purposeRoute,
  appRoute.addChildren([
    indexRoute,
    clientsRoute,
    newClientRoute,
    clientRoute,
    editClientRoute,
    ...marketingRoutes,
    ...offerRoutes,
    overdueInstalmentsRoute,
    ...serviceRoutes,
    importsRoute,
    commissionsRoute,
    statementRoute,
    recordRoute,
    ...dpoRoutes,
  ]),
  adminRoute.addChildren([teamsRoute, agreementsRoute]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

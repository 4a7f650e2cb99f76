import type { ComponentType } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth, RequireRole } from './components/Guards';
import { NAV } from './nav';
import { AuditPage } from './pages/AuditPage';
import { CalendarPage } from './pages/CalendarPage';
import { CataloguePage } from './pages/CataloguePage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlaceholderPage } from './pages/PlaceholderPage';
import { UnitsPage } from './pages/UnitsPage';
import { UsersPage } from './pages/UsersPage';
import { DispatchPage } from './pages/DispatchPage';
import { HandlingPage } from './pages/HandlingPage';
import { IntakePage } from './pages/IntakePage';
import { KnowledgePage } from './pages/KnowledgePage';
import { LeaderPage } from './pages/LeaderPage';
import { ReviewPage } from './pages/ReviewPage';
import { SupervisionPage } from './pages/SupervisionPage';
import { TicketPage } from './pages/TicketPage';
import { VisitsPage } from './pages/VisitsPage';
import { WarningsPage } from './pages/WarningsPage';
import { WordsPage } from './pages/WordsPage';
import { CitizenApp } from './h5/CitizenApp';
import { StatsPage } from './stats/StatsPage';
import { ReportsPage } from './reports/ReportsPage';
import { EvaluationPage } from './evaluation/EvaluationPage';
import { SCREEN_ROLES, ScreenPage } from './screen/ScreenPage';

const BUILT: Record<string, ComponentType> = {
  '/intake': IntakePage,
  '/dispatch': DispatchPage,
  '/handling': HandlingPage,
  '/review': ReviewPage,
  '/visits': VisitsPage,
  '/supervision': SupervisionPage,
  '/leader': LeaderPage,
  '/warnings': WarningsPage,
  '/stats': StatsPage,
  '/reports': ReportsPage,
  '/evaluation': EvaluationPage,
  '/knowledge': KnowledgePage,
  '/admin/units': UnitsPage,
  '/admin/users': UsersPage,
  '/admin/catalogue': CataloguePage,
  '/admin/calendar': CalendarPage,
  '/admin/audit': AuditPage,
  '/admin/words': WordsPage,
};

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* The citizen's mobile pages: public, no console around them. */}
      <Route path="/h5/*" element={<CitizenApp />} />
      {/* 大屏: the command-centre wall, full screen without the console's menu. */}
      <Route path="/screen" element={<RequireAuth><RequireRole roles={SCREEN_ROLES}><ScreenPage /></RequireRole></RequireAuth>} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        {NAV.map((item) => {
          const Page = BUILT[item.path];
          return (
            <Route
              key={item.path}
              path={item.path}
              element={<RequireRole roles={item.roles}>{Page ? <Page /> : <PlaceholderPage item={item} />}</RequireRole>}
            />
          );
        })}
        <Route path="/tickets/:id" element={<TicketPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

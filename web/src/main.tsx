import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerServiceWorker } from './app/serviceWorker.ts';
import { applyInitialTheme } from './components/ThemeToggle.tsx';
import './styles/tokens.css';
import './styles/components.css';
import './styles/catalog.css';
import './styles/settings.css';
import './styles/dashboard.css';
import './styles/tables.css';

applyInitialTheme();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

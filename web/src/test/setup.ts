import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { installFetch, resetApi } from './mockApi.ts';

installFetch();

// Each test starts from an empty document and a server that answers nothing.
afterEach(() => {
  cleanup();
  resetApi();
  localStorage.clear();
});

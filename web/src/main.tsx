import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { Alert, MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { queryClient } from './query';
import { router } from './router';

// Colours with enough contrast for small text on white (WCAG AA), focus ring always visible.
// Alerts are light (a tint of their colour behind black text): a title or message in the colour
// itself, as Mantine draws them, is too faint on the tint for small text.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  focusRing: 'always',
  components: {
    Alert: Alert.extend({
      styles: {
        title: { color: 'var(--mantine-color-black)' },
        message: { color: 'var(--mantine-color-black)' },
      },
    }),
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

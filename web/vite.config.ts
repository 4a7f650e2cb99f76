import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.MINSHENG_API ?? 'http://127.0.0.1:8080';

const config = {
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Split the large libraries out so the console's own code stays a small, cacheable chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/docs': { target: server, changeOrigin: false },
    },
  },
} satisfies UserConfig;

export default defineConfig(({ command, mode }) => {
  // `vite build` run from a test runner inherits NODE_ENV=test and would ship React's development
  // build (StrictMode double effects, no minified errors): a production-mode build is production.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return config;
});

// Builds the chart benchmark page (bench/charts.html) on its own, outside the site.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { RECHARTS_SCALES } from './vite.config.ts';

export default defineConfig({
  root: 'bench',
  base: './',
  plugins: [react()],
  resolve: { alias: [RECHARTS_SCALES] },
  build: {
    outDir: '../dist-bench',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: { input: 'bench/charts.html' },
  },
  preview: { host: '127.0.0.1' },
});

// Serves a built site with `vite preview` for the scripts that drive Chromium outside Playwright's
// test runner (screenshots, the UI benchmark), and waits until it answers.
import { spawn } from 'node:child_process';

export async function startPreview(port: number, configFile?: string): Promise<{ url: string; stop: () => void }> {
  const args = [
    'vite',
    'preview',
    '--port',
    String(port),
    '--strictPort',
    ...(configFile ? ['--config', configFile] : []),
  ];
  const server = spawn('npx', args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let waited = 0; ; waited += 100) {
    try {
      await fetch(url);
      return { url, stop: () => server.kill() };
    } catch {
      if (waited > 30_000) {
        server.kill();
        throw new Error(`vite preview did not answer on ${url}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

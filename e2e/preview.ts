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
  const url = `http://127.0.0.1:${port}/`;
  const answers = () =>
    fetch(url).then(
      () => true,
      () => false,
    );
  // Another server on the port would answer for this one (and serve another build): refused.
  if (await answers()) throw new Error(`port ${port} is in use: pass another one, or stop what serves ${url}`);
  // Its own process group, so that stop() ends vite as well as npx (killing npx alone left vite serving).
  const server = spawn('npx', args, { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  for (let waited = 0; !(await answers()); waited += 100) {
    if (waited > 30_000) {
      stop();
      throw new Error(`vite preview did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}

// node scripts/parallel.js 'CMD' 'CMD' …: runs the commands at once (each through the shell), prints
// each one's output whole, in the order given, once it ends, and fails (exit 1) if any failed. npm test
// runs the type checks and lint this way: each is one single-threaded process, so beside one another
// (and beside another job on the machine) they take a larger share of the cores than one at a time.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error("usage: node scripts/parallel.js 'command' ['command' …]");
  process.exit(2);
}

const runs = commands.map(
  (command) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = [];
      child.stdout.on('data', (d) => output.push(d));
      child.stderr.on('data', (d) => output.push(d));
      child.on('error', (e) => resolve({ command, code: 1, output: [Buffer.from(`${e.message}\n`)], seconds: 0 }));
      child.on('close', (code, signal) =>
        resolve({ command, code: code ?? (signal ? 1 : 0), signal, output, seconds: (Date.now() - started) / 1000 }),
      );
    }),
);

let failed = 0;
for (const run of runs) {
  const { command, code, signal, output, seconds } = await run;
  process.stdout.write(`\n> ${command}\n`);
  process.stdout.write(Buffer.concat(output));
  if (code !== 0) {
    failed += 1;
    process.stdout.write(`✗ ${command}: ${signal ? `killed by ${signal}` : `exit status ${code}`}\n`);
  } else {
    process.stdout.write(`✓ ${command} (${seconds.toFixed(0)} s)\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;

// node scripts/parallel.js 'CMD' 'CMD' …: runs the commands at once (each through the shell) and fails
// (exit 1) if any failed. The first command's output is printed as it comes, so a long run shows its
// progress; each other one's is printed whole once it ends, after those before it, in the order given.
// npm test runs its checks this way, and then the unit and end-to-end tests: each check is one
// single-threaded process, and the end-to-end tests keep about one core busy, so beside one another
// (and beside another job on the machine) they take a larger share of the cores than one at a time.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error("usage: node scripts/parallel.js 'command' ['command' …]");
  process.exit(2);
}

process.stdout.write(`\n> ${commands[0]}\n`);
const runs = commands.map(
  (command, i) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = [];
      const take = i === 0 ? (d) => process.stdout.write(d) : (d) => output.push(d);
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('error', (e) => resolve({ command, code: 1, output: [Buffer.from(`${e.message}\n`)], seconds: 0 }));
      child.on('close', (code, signal) =>
        resolve({ command, code: code ?? (signal ? 1 : 0), signal, output, seconds: (Date.now() - started) / 1000 }),
      );
    }),
);

let failed = 0;
for (const [i, run] of runs.entries()) {
  const { command, code, signal, output, seconds } = await run;
  if (i > 0) process.stdout.write(`\n> ${command}\n`);
  process.stdout.write(Buffer.concat(output));
  if (code !== 0) {
    failed += 1;
    process.stdout.write(`✗ ${command}: ${signal ? `killed by ${signal}` : `exit status ${code}`}\n`);
  } else {
    process.stdout.write(`✓ ${command} (${seconds.toFixed(0)} s)\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;

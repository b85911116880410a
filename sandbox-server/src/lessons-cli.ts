// `npm run lessons -- validate` and `npm run lessons -- test [id...]`: tells a
// lesson author whether every lesson loads, and whether every check fails
// before its step's solution and passes after it, against a real engine.
import { loadLessons } from '@dockyard/lessons';
import { loadConfig } from './config.js';
import { replayLesson } from './lesson-test/replay.js';

const [command = 'help', ...args] = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
// Ids, or folder names with their `NN-` order prefix.
const ids = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\/$/, '').replace(/^(.*\/)?\d+-/, ''));
const config = loadConfig({ ...process.env, DOCKYARD_SESSION_DISK_GB: process.env.DOCKYARD_SESSION_DISK_GB ?? '4' });
const root = flags.find((f) => f.startsWith('--dir='))?.slice(6) ?? config.lessonsDir;
const jobs = Number(flags.find((f) => f.startsWith('--jobs='))?.slice(7) ?? 2);

async function main(): Promise<number> {
  const { lessons, errors } = loadLessons(root);
  for (const error of errors) console.error(`error: ${error.toString()}`);
  if (command === 'validate') {
    console.log(`${lessons.length} lesson(s) valid, ${errors.length} error(s)`);
    return errors.length ? 1 : 0;
  }
  if (command !== 'test') {
    console.error('usage: npm run lessons -- validate [--dir=DIR]\n       npm run lessons -- test [ID...] [--dir=DIR] [--jobs=N]');
    return 2;
  }
  const unknown = ids.filter((id) => !lessons.some((l) => l.id === id));
  if (unknown.length) {
    console.error(`error: no lesson ${unknown.join(', ')}`);
    return 1;
  }
  const chosen = ids.length ? lessons.filter((l) => ids.includes(l.id)) : lessons;
  // Each lesson gets an engine of its own, so several replay at once.
  const queue = [...chosen];
  let failed = errors.length > 0;
  const worker = async () => {
    for (let lesson = queue.shift(); lesson; lesson = queue.shift()) {
      const report = await replayLesson(lesson, config, (line) => console.log(`[${lesson!.id}]${line}`));
      for (const p of report.problems) {
        console.error(`FAIL lesson ${report.lesson}, step ${p.step}${p.check === null ? '' : `, check ${p.check}`}: ${p.message}`);
      }
      console.log(`${report.problems.length ? 'FAIL' : 'ok  '} ${report.lesson} (${report.seconds.toFixed(1)} s)`);
      if (report.problems.length) failed = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  console.log(failed ? 'lessons test: FAILED' : `lessons test: ${chosen.length} lesson(s) passed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();

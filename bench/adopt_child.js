// Adopts one legacy file in a process of its own, so that its peak memory is the adoption's.
// usage: node bench/adopt_child.js <extension path without suffix> <legacy file>
// prints {"seconds", "vmhwm_kb", "rss_before_kb", "health_problems"} (VmHWM: the peak resident set).
'use strict';
const fs = require('fs');
const path = require('path');
const Database = require(path.join(__dirname, '..', 'tests', 'node', 'node_modules', 'better-sqlite3'));

const status = (field) => Number((fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)`, 'm')) || [0, 0])[1]);
const [ext, file] = process.argv.slice(2);
const db = new Database(file);
db.loadExtension(ext);
db.pragma('journal_mode = WAL');
const rssBefore = status('VmRSS');
const t0 = process.hrtime.bigint();
db.prepare('SELECT vl_migrate()').get();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const vmhwm = status('VmHWM');
const problems = db.prepare("SELECT name FROM vl_health WHERE status <> 'ok'").pluck().all();
db.close();
process.stdout.write(JSON.stringify({ seconds, vmhwm_kb: vmhwm, rss_before_kb: rssBefore, health_problems: problems }) + '\n');

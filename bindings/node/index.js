'use strict';
// Loader for the vaultlister SQLite extension shipped inside this package (lib/vaultlister.so,
// staged by `make bindings` from build/vaultlister.so together with lib/build.json, which names
// the platform and CPU the library was built for; on Windows lib/vaultlister.dll and the
// lib/tzdata folder it reads, staged by scripts/stage-bindings.sh from build-win/).
const fs = require('fs');
const path = require('path');

function buildInfo() {
  const file = path.join(__dirname, 'lib', 'build.json');
  if (!fs.existsSync(file)) {
    throw new Error(`vaultlister: getLoadablePath: ${file} is missing (a package staged by \`make bindings\`)`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Absolute path of the shipped loadable library; throws on a platform it was not built for. */
function getLoadablePath() {
  const built = buildInfo();
  const here = `${process.platform}-${process.arch}`;
  const want = `${built.platform}-${built.arch}`;
  if (here !== want) {
    throw new Error(`vaultlister: getLoadablePath: this package holds a ${want} build and cannot load on ${here} ` +
                    `(a vaultlister package built on ${here}: run \`make bindings\` there)`);
  }
  // require.resolve finds the file relative to this module wherever npm placed the package
  // (nested node_modules, workspaces, a global prefix) and fails clearly when it is absent.
  return require.resolve(built.platform === 'win32' ? './lib/vaultlister.dll' : './lib/vaultlister.so');
}

/** Loads the extension into a better-sqlite3 Database (or any driver with loadExtension(path)). */
function load(db) {
  if (!db || typeof db.loadExtension !== 'function') {
    throw new TypeError('vaultlister: load: db has no loadExtension method (a better-sqlite3 Database)');
  }
  db.loadExtension(getLoadablePath());
  return db;
}

module.exports = { getLoadablePath, load };

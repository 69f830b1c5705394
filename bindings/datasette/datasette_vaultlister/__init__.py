"""datasette-vaultlister: the vaultlister SQLite extension in Datasette, without its secrets.

Hooks:
  prepare_connection  loads the library (found by the `vaultlister` pip package, as a Python
                      program would) into every connection Datasette opens, through the entry point
                      that registers everything except encrypt, decrypt and vl_set_key.
  canned_queries      Search, Delist queue, Profit and loss, Stale listings, Inventory aging, Oversell
                      alerts, Health
                      on every database that has the vaultlister tables (queries.py).
  render_cell         money columns as money.
  register_routes     /-/vaultlister: the seller's dashboard (search box, the named queries, profit
                      by month and platform from vl_profit_loss drawn as SVG by the server, overhead
                      as its own segment, unknown nets marked, never drawn as 0; the page fetches
                      nothing).
"""
import sqlite3

import markupsafe
import vaultlister
from datasette import hookimpl
from datasette.utils.asgi import Response

from . import chart, queries

# Datasette hands every visitor who may run SQL a box that executes what they type. The library's
# full entry point would register decrypt there, and decrypt reads VAULTLISTER_KEY from the
# environment of the Datasette process: anyone reaching the box could read every credential.
NOSECRETS_ENTRY = "sqlite3_vaultlister_nosecrets_init"
SECRET_FUNCTIONS = ("encrypt", "decrypt", "vl_set_key")


class SecretsRegistered(RuntimeError):
    pass


def _registered(conn, names):
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT name FROM pragma_function_list WHERE name IN (%s) ORDER BY name"
        % ", ".join("?" * len(names)), names)]


def _refuse_if_secrets(conn):
    present = _registered(conn, SECRET_FUNCTIONS)
    if present:
        raise SecretsRegistered(
            "vaultlister: datasette: %s registered on this connection (load vaultlister only through "
            "the datasette-vaultlister plugin, not also with --load-extension)" % ", ".join(present))


def load_without_secrets(conn):
    """Loads vaultlister into a sqlite3 connection through NOSECRETS_ENTRY. Raises SecretsRegistered
    when the connection has a key function of the library before or after (Datasette was also given
    --load-extension with the full library, which runs before this hook); a connection that already
    has the library without them (--load-extension=...:sqlite3_vaultlister_nosecrets_init) is kept
    as it is, since loading again would re-register every function."""
    try:
        _refuse_if_secrets(conn)
        if _registered(conn, ("vl_version",)):
            return
        path = vaultlister.loadable_path()
        conn.enable_load_extension(True)
        try:
            # Python 3.11's load_extension() takes no entry point: SQL's load_extension() does.
            conn.execute("SELECT load_extension(?, ?)", [path, NOSECRETS_ENTRY])
        except sqlite3.OperationalError as e:
            if NOSECRETS_ENTRY in str(e):
                raise RuntimeError("vaultlister: datasette: %s has no %s (a vaultlister library that has it: "
                                   "rebuild, then reinstall the vaultlister package)" % (path, NOSECRETS_ENTRY))
            raise
        _refuse_if_secrets(conn)
    finally:
        # Datasette leaves extension loading on when it was given --load-extension; nothing in the
        # SQL box needs it, and load_extension() there would load any library on the machine.
        conn.enable_load_extension(False)


@hookimpl
def prepare_connection(conn):
    load_without_secrets(conn)


async def _is_vaultlister(datasette, database):
    """True when the database has the tables vl_migrate creates. Cached per database name."""
    cache = datasette._vaultlister_dbs = getattr(datasette, "_vaultlister_dbs", {})
    if database not in cache:
        try:
            db = datasette.get_database(database)
        except KeyError:
            return False
        names = set(await db.table_names())
        cache[database] = all(t in names for t in queries.REQUIRED_TABLES)
    return cache[database]


async def vaultlister_databases(datasette):
    return [name for name in datasette.databases
            if name != "_internal" and await _is_vaultlister(datasette, name)]


@hookimpl
def canned_queries(datasette, database):
    async def inner():
        if not await _is_vaultlister(datasette, database):
            return {}
        return {name: {"sql": sql, "title": title, "description": description}
                for name, (title, description, sql) in queries.CANNED.items()}
    return inner


def format_money(value):
    sign = "-" if value < 0 else ""
    return "%s$%s" % (sign, "{:,.2f}".format(abs(value)))


@hookimpl
def render_cell(value, column, database, datasette):
    if column not in queries.MONEY_COLUMNS or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None

    async def inner():
        if not await _is_vaultlister(datasette, database):
            return None
        return markupsafe.Markup('<span class="vl-money">%s</span>') % format_money(value)
    return inner


async def dashboard(datasette, request):
    names = await vaultlister_databases(datasette)
    wanted = request.args.get("database")
    if wanted is not None and wanted not in names:
        return Response.html("vaultlister: /-/vaultlister: no vaultlister database named %s (one of: %s)"
                             % (markupsafe.escape(wanted), markupsafe.escape(", ".join(names) or "none")),
                             status=404)
    database = wanted or (names[0] if names else None)
    rows = []
    if database is not None:
        result = await datasette.get_database(database).execute(queries.PROFIT_BY_MONTH_PLATFORM)
        rows = [dict(r) for r in result.rows]
    return Response.html(await datasette.render_template("vaultlister.html", {
        "database": database,
        "databases": names,
        "queries": [(name, title) for name, (title, _d, _s) in queries.CANNED.items()],
        "chart": markupsafe.Markup(chart.profit_svg(rows)) if rows else None,
        "months": chart.by_month(rows),
        "platforms": chart.platforms(rows),
        "money": format_money,
    }, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/vaultlister$", dashboard)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/vaultlister"), "label": "vaultlister dashboard"}]

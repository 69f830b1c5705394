"""Net profit by month and platform as an SVG bar chart, drawn on the server (the page loads nothing).

The rows are vl_profit_loss's (queries.PROFIT_BY_MONTH_PLATFORM): `month`, `platform`, `net`.
One bar per month (<g class="vl-month" data-month="YYYY-MM" data-net-profit="...">), stacked by
platform (<rect data-platform="..." data-net-profit="...">): profits stack up from zero, losses down
from it. The month's overhead (the row whose platform is NULL: expenses naming no platform, mileage)
is a segment of its own, data-platform="overhead", drawn in grey; the bar's total includes it.

A NULL net (a cost that is unknown) is never drawn as 0: its segment is a dashed, unfilled box
with a "?" standing on the bar (<rect class="vl-unknown" data-net-profit="unknown">), the legend
explains it, and the month's data-net-profit is "unknown" (its known segments' sum is in
data-known-net-profit, and the platforms in data-unknown).
"""
import math
from html import escape

# Colour-blind-safe (Okabe-Ito), in the order platforms first appear.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
OVERHEAD, OVERHEAD_COLOUR = "overhead", "#8C8C8C"
UNKNOWN_HEIGHT = 22
WIDTH, HEIGHT = 960, 440
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 36, 64


def segment(row):
    """The segment a vl_profit_loss row is drawn as: its platform, or OVERHEAD for the NULL one."""
    return OVERHEAD if row["platform"] is None else row["platform"]


def platforms(rows):
    """The segments in the order they first appear, overhead last."""
    seen = []
    for r in rows:
        if segment(r) not in seen:
            seen.append(segment(r))
    return [p for p in seen if p != OVERHEAD] + [p for p in seen if p == OVERHEAD]


def by_month(rows):
    """[(month, {segment: net or None}, total or None, known)] in month order: total is None when a
    segment's net is unknown; known is the sum of the known segments."""
    months = {}
    for r in rows:
        months.setdefault(r["month"], {})[segment(r)] = r["net"]
    out = []
    for m, p in sorted(months.items()):
        known = round(sum(v for v in p.values() if v is not None), 2)
        out.append((m, p, None if None in p.values() else known, known))
    return out


def _nice_step(span, ticks=6):
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _money(v):
    return ("-$" if v < 0 else "$") + "{:,.0f}".format(abs(v))


def profit_svg(rows):
    months = by_month(rows)
    names = platforms(rows)
    colour = {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(n for n in names if n != OVERHEAD)}
    colour[OVERHEAD] = OVERHEAD_COLOUR
    top = max([sum(v for v in p.values() if v is not None and v > 0) for _m, p, _t, _k in months] + [0.0])
    bottom = min([sum(v for v in p.values() if v is not None and v < 0) for _m, p, _t, _k in months] + [0.0])
    step = _nice_step((top - bottom) or 1.0)
    hi = math.ceil(top / step) * step
    lo = math.floor(bottom / step) * step
    # Room above the tallest bar for the unknown boxes standing on it.
    room = UNKNOWN_HEIGHT * max([sum(1 for v in p.values() if v is None) for _m, p, _t, _k in months] + [0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - room - BOTTOM

    def y(v):
        return TOP + room + plot_h * (hi - v) / ((hi - lo) or 1.0)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" id="vl-profit-chart" role="img" viewBox="0 0 %d %d" '
           'width="%d" height="%d" font-family="Helvetica, Arial, sans-serif" font-size="13">'
           % (WIDTH, HEIGHT, WIDTH, HEIGHT),
           '<title>Net profit by month and platform</title>']
    tick = lo
    while tick <= hi + step / 2:
        ty = y(tick)
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>'
                   % (LEFT, WIDTH - RIGHT, ty, ty, "#333" if tick == 0 else "#ddd"))
        out.append('<text x="%d" y="%.1f" text-anchor="end" fill="#333">%s</text>' % (LEFT - 8, ty + 4, _money(tick)))
        tick += step
    slot = plot_w / max(len(months), 1)
    bar = min(slot * 0.6, 90)
    unknown_any = False
    for i, (month, per_platform, total, known) in enumerate(months):
        x = LEFT + slot * i + (slot - bar) / 2
        unknown = [p for p in names if p in per_platform and per_platform[p] is None]
        unknown_any = unknown_any or bool(unknown)
        label = _money(total) if total is not None else "? (%s known)" % _money(known)
        out.append('<g class="vl-month" data-month="%s" data-net-profit="%s" data-known-net-profit="%.2f"%s>'
                   % (escape(month), "%.2f" % total if total is not None else "unknown", known,
                      ' data-unknown="%s"' % escape(" ".join(unknown)) if unknown else ""))
        out.append('<title>%s: net profit %s%s</title>' % (
            escape(month), escape(label), "; unknown on %s (a cost is missing)" % escape(", ".join(unknown))
            if unknown else ""))
        up = down = 0.0
        for p in names:
            v = per_platform.get(p)
            if not v:
                continue
            if v > 0:
                y0, y1, up = y(up + v), y(up), up + v
            else:
                y0, y1, down = y(down), y(down + v), down + v
            out.append('<rect data-platform="%s" data-net-profit="%.2f" x="%.1f" y="%.1f" width="%.1f" '
                       'height="%.1f" fill="%s"><title>%s %s: %s</title></rect>'
                       % (escape(p), v, x, y0, bar, max(y1 - y0, 0.5), colour[p], escape(month), escape(p),
                          escape(_money(v))))
        # Unknown segments stand on top of the bar, as dashed boxes with a "?": not a value.
        stand = y(up)
        for p in unknown:
            stand -= UNKNOWN_HEIGHT
            out.append('<rect class="vl-unknown" data-platform="%s" data-net-profit="unknown" x="%.1f" y="%.1f" '
                       'width="%.1f" height="%d" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="4 3">'
                       '<title>%s %s: net unknown (a cost is missing)</title></rect>'
                       % (escape(p), x + 1, stand, bar - 2, UNKNOWN_HEIGHT - 2, colour[p], escape(month), escape(p)))
            out.append('<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">?</text>'
                       % (x + bar / 2, stand + UNKNOWN_HEIGHT / 2 + 4, "#222"))
        out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-weight="bold" fill="#222">%s</text>'
                   % (x + bar / 2, stand - 6, escape(label)))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#222">%s</text>'
                   % (x + bar / 2, HEIGHT - BOTTOM + 20, escape(month)))
        out.append('</g>')
    lx = LEFT
    for p in names:
        out.append('<rect x="%d" y="%d" width="14" height="14" fill="%s"/>' % (lx, HEIGHT - 24, colour[p]))
        out.append('<text x="%d" y="%d" fill="#222">%s</text>' % (lx + 20, HEIGHT - 12, escape(p)))
        lx += 40 + 9 * len(p)
    if unknown_any:
        out.append('<rect class="vl-unknown-key" x="%d" y="%d" width="14" height="14" fill="none" stroke="#222" '
                   'stroke-dasharray="3 2"/>' % (lx, HEIGHT - 24))
        out.append('<text x="%d" y="%d" fill="#222">? net unknown: a cost is missing (not 0)</text>'
                   % (lx + 20, HEIGHT - 12))
    out.append('</svg>')
    return "\n".join(out)

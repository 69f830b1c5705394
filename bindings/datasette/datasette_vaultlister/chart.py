"""Profit by month and platform as an SVG bar chart, drawn on the server (the page loads nothing).

One bar per month (<g class="vl-month" data-month="YYYY-MM" data-net-profit="...">), stacked by
platform (<rect data-platform="...">): profits stack up from zero, losses down from it.
"""
import math
from html import escape

# Colour-blind-safe (Okabe-Ito), in the order platforms first appear.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, HEIGHT = 960, 440
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 36, 64


def platforms(rows):
    seen = []
    for r in rows:
        if r["platform"] not in seen:
            seen.append(r["platform"])
    return seen


def by_month(rows):
    """[(month, {platform: net_profit}, total)] in month order."""
    months = {}
    for r in rows:
        months.setdefault(r["month"], {})[r["platform"]] = r["net_profit"] or 0.0
    return [(m, p, round(sum(p.values()), 2)) for m, p in sorted(months.items())]


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
    colour = {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(names)}
    top = max([sum(v for v in p.values() if v > 0) for _m, p, _t in months] + [0.0])
    bottom = min([sum(v for v in p.values() if v < 0) for _m, p, _t in months] + [0.0])
    step = _nice_step((top - bottom) or 1.0)
    hi = math.ceil(top / step) * step
    lo = math.floor(bottom / step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v):
        return TOP + plot_h * (hi - v) / ((hi - lo) or 1.0)

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
    for i, (month, per_platform, total) in enumerate(months):
        x = LEFT + slot * i + (slot - bar) / 2
        out.append('<g class="vl-month" data-month="%s" data-net-profit="%.2f">' % (escape(month), total))
        out.append('<title>%s: net profit %s</title>' % (escape(month), escape(_money(total))))
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
        out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-weight="bold" fill="#222">%s</text>'
                   % (x + bar / 2, y(up) - 6, escape(_money(total))))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#222">%s</text>'
                   % (x + bar / 2, HEIGHT - BOTTOM + 20, escape(month)))
        out.append('</g>')
    lx = LEFT
    for p in names:
        out.append('<rect x="%d" y="%d" width="14" height="14" fill="%s"/>' % (lx, HEIGHT - 24, colour[p]))
        out.append('<text x="%d" y="%d" fill="#222">%s</text>' % (lx + 20, HEIGHT - 12, escape(p)))
        lx += 40 + 9 * len(p)
    out.append('</svg>')
    return "\n".join(out)

# Compiled from gameday/scorecard/templates/trends.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'ab495e58faecff0f0ef47e6a5dcee278895c0741861bf69ac59d5789ebaf09c5'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'trends.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_p = resolve('p')
    l_0_plot = l_0_chart = l_0_legend = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    pass
    yield '<!doctype html>'
    def macro(l_1_c, l_1_small):
        t_3 = []
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        if l_1_small is missing:
            l_1_small = False
        pass
        t_3.extend((
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'width')),
            ' ',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'height')),
            '" width="100%" role="img" aria-label="',
            escape(environment.getattr(l_1_c, 'title')),
            ' over time">\n',
        ))
        if (not l_1_small):
            pass
            for l_2_t in environment.getattr(l_1_c, 'yticks'):
                _loop_vars = {}
                pass
                t_3.extend((
                    '<line x1="',
                    escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'left')),
                    '" x2="',
                    escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'right')),
                    '" y1="',
                    escape(environment.getattr(l_2_t, 'pos')),
                    '" y2="',
                    escape(environment.getattr(l_2_t, 'pos')),
                    '" class="grid"/>\n<text x="',
                    escape((environment.getattr(environment.getattr(l_1_c, 'box'), 'left') - 6)),
                    '" y="',
                    escape((environment.getattr(l_2_t, 'pos') + 4)),
                    '" class="ytick">',
                    escape(environment.getattr(l_2_t, 'label')),
                    '</text>\n',
                ))
            l_2_t = missing
            for l_2_t in environment.getattr(l_1_c, 'xticks'):
                _loop_vars = {}
                pass
                t_3.extend((
                    '<text x="',
                    escape(environment.getattr(l_2_t, 'pos')),
                    '" y="',
                    escape((environment.getattr(environment.getattr(l_1_c, 'box'), 'bottom') + 18)),
                    '" class="xtick" text-anchor="',
                    escape(environment.getattr(l_2_t, 'anchor')),
                    '">',
                    escape(environment.getattr(l_2_t, 'label')),
                    '</text>\n',
                ))
            l_2_t = missing
        t_3.extend((
            '<line x1="',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'left')),
            '" x2="',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'right')),
            '" y1="',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'bottom')),
            '" y2="',
            escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'bottom')),
            '" class="axis"/>\n',
        ))
        if environment.getattr(l_1_c, 'par'):
            pass
            t_3.extend((
                '<line x1="',
                escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'left')),
                '" x2="',
                escape(environment.getattr(environment.getattr(l_1_c, 'box'), 'right')),
                '" y1="',
                escape(environment.getitem(environment.getattr(l_1_c, 'par'), 0)),
                '" y2="',
                escape(environment.getitem(environment.getattr(l_1_c, 'par'), 0)),
                '" class="par"/>\n<text x="',
                escape((environment.getattr(environment.getattr(l_1_c, 'box'), 'right') - 4)),
                '" y="',
                escape((environment.getitem(environment.getattr(l_1_c, 'par'), 0) - 5)),
                '" class="parlabel">',
                escape(environment.getitem(environment.getattr(l_1_c, 'par'), 1)),
                '</text>\n',
            ))
        for l_2_l in environment.getattr(l_1_c, 'lines'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<path d="',
                escape(environment.getattr(l_2_l, 'path')),
                '" fill="none" stroke="',
                escape(environment.getattr(l_2_l, 'color')),
                '" stroke-width="',
                escape((1.6 if l_1_small else 2.2)),
                '" stroke-linejoin="round"/>\n',
            ))
            for l_3_pt in environment.getattr(l_2_l, 'points'):
                _loop_vars = {}
                pass
                t_3.extend((
                    '<circle cx="',
                    escape(environment.getattr(l_3_pt, 'x')),
                    '" cy="',
                    escape(environment.getattr(l_3_pt, 'y')),
                    '" r="',
                    escape((2.6 if l_1_small else 4)),
                    '" fill="#fff" stroke="',
                    escape(environment.getattr(l_2_l, 'color')),
                    '" stroke-width="',
                    escape((1.5 if l_1_small else 2)),
                    '"><title>',
                    escape(environment.getattr(l_3_pt, 'tip')),
                    '</title></circle>\n',
                ))
            l_3_pt = missing
        l_2_l = missing
        t_3.append(
            '</svg>',
        )
        return concat(t_3)
    context.exported_vars.add('plot')
    context.vars['plot'] = l_0_plot = Macro(environment, macro, 'plot', ('c', 'small'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_c):
        t_4 = []
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        t_4.extend((
            '<figure class="chart" id="',
            escape(environment.getattr(l_1_c, 'id')),
            '">\n<figcaption><b>',
            escape(environment.getattr(l_1_c, 'title')),
            '</b><span>',
            escape(environment.getattr(l_1_c, 'subtitle')),
            '</span></figcaption>\n',
        ))
        if environment.getattr(l_1_c, 'empty'):
            pass
            t_4.extend((
                '<p class="empty">',
                escape(environment.getattr(l_1_c, 'empty')),
                '</p>',
            ))
        else:
            pass
            t_4.append(
                escape(context.call((undefined(name='plot') if l_0_plot is missing else l_0_plot), l_1_c)),
            )
        t_4.append(
            '</figure>',
        )
        return concat(t_4)
    context.exported_vars.add('chart')
    context.vars['chart'] = l_0_chart = Macro(environment, macro, 'chart', ('c',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_5 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        t_5.append(
            '<div class="legend">',
        )
        for (l_2_name, l_2_color) in l_1_items:
            _loop_vars = {}
            pass
            t_5.extend((
                '<span><i style="background:',
                escape(l_2_color),
                '"></i>',
                escape(l_2_name),
                '</span>',
            ))
        l_2_name = l_2_color = missing
        t_5.append(
            '</div>',
        )
        return concat(t_5)
    context.exported_vars.add('legend')
    context.vars['legend'] = l_0_legend = Macro(environment, macro, 'legend', ('items',), False, False, False, context.eval_ctx.autoescape)
    yield '<html lang="en"><head><meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'title'))
    yield '</title>\n<style>\n*{box-sizing:border-box}\nbody{margin:0;background:#eef1f6;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}\nmain{max-width:1220px;margin:0 auto;padding:28px 24px 48px}\nheader{background:#fff;border-radius:14px;padding:20px 24px;box-shadow:0 1px 3px rgba(16,24,40,.08)}\nh1{font-size:24px;margin:0 0 4px}\nh2{font-size:18px;margin:30px 0 6px}\n.sub{color:#6b7785}\n.grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}\n.chart{margin:0;background:#fff;border-radius:14px;padding:12px 14px 6px;box-shadow:0 1px 3px rgba(16,24,40,.08)}\n.chart figcaption b{display:block;font-size:15px}\n.chart figcaption span{color:#6b7785;font-size:12px}\n.chart svg .grid{stroke:#e6e9ef}\n.chart svg .axis{stroke:#9aa5b1}\n.chart svg .ytick{font:11px system-ui,sans-serif;fill:#6b7785;text-anchor:end}\n.chart svg .xtick{font:11px system-ui,sans-serif;fill:#6b7785}\n.chart svg .par{stroke:#1f2933;stroke-dasharray:5 4;stroke-width:1.2}\n.chart svg .parlabel{font:bold 11px system-ui,sans-serif;fill:#1f2933;text-anchor:end}\n.empty{color:#9aa5b1;padding:40px 0;text-align:center}\n.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;margin:6px 0 12px}\n.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}\n.misses{background:#fff;border-radius:14px;padding:14px 18px;box-shadow:0 1px 3px rgba(16,24,40,.08);margin-bottom:12px}\n.misses h3{margin:0 0 8px;font-size:15px}\n.bar{display:grid;grid-template-columns:170px 1fr 220px;gap:10px;align-items:center;margin:5px 0}\n.bar .track{background:#edf0f4;border-radius:4px;height:14px}\n.bar .fill{background:#d62839;border-radius:4px;height:14px}\n.bar code{font-size:13px}\n.bar span{color:#6b7785;font-size:12px}\n.people{background:#fff;border-radius:14px;padding:8px 12px;box-shadow:0 1px 3px rgba(16,24,40,.08);overflow-x:auto}\n.people table{border-collapse:collapse;width:100%}\n.people th{font-size:11px;color:#6b7785;font-weight:600;text-transform:uppercase;letter-spacing:.03em;text-align:left;padding:6px 6px}\n.people td{border-top:1px solid #edf0f4;padding:6px;vertical-align:top}\n.people .who b{display:block}\n.people .who span{display:block;color:#6b7785;font-size:12px}\n.people .spark{width:150px}\n.people .spark span{display:block;color:#3d4b5c;font-size:11px;font-variant-numeric:tabular-nums}\n</style></head>\n<body><main>\n<header><h1>'
    yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'title'))
    yield '</h1>\n<div class="sub">'
    yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'drills'))
    yield ' drill'
    yield escape(('s' if (environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'drills') != 1) else cond_expr_undefined("the inline if-expression on line 79 in 'trends.html.j2' evaluated to false and no else section was defined.")))
    yield ' of '
    yield escape(t_1(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'teams')))
    yield ' team'
    yield escape(('s' if (t_1(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'teams')) != 1) else cond_expr_undefined("the inline if-expression on line 79 in 'trends.html.j2' evaluated to false and no else section was defined.")))
    if environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'left_out'):
        pass
        yield ' · '
        yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'left_out'))
        yield ' stopped for a real incident left out'
    yield ' · generated '
    yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'generated'))
    yield ' by gameday. Hover a point for its drill.</div></header>\n<h2>Teams over time</h2>\n<div class="sub">Each point is a drill. Lower is better for every time; the dashed line is the team\'s par (the median of its drills) when one team is shown.</div>\n'
    yield escape(context.call((undefined(name='legend') if l_0_legend is missing else l_0_legend), environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'legend_teams')))
    yield '\n<div class="grid2">\n'
    for l_1_c in environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'team_charts'):
        _loop_vars = {}
        pass
        yield escape(context.call((undefined(name='chart') if l_0_chart is missing else l_0_chart), l_1_c, _loop_vars=_loop_vars))
    l_1_c = missing
    yield '</div>\n<h2>What each team keeps missing</h2>\n'
    for l_1_t in environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'misses'):
        _loop_vars = {}
        pass
        yield '<div class="misses"><h3>team '
        yield escape(environment.getattr(l_1_t, 'team'))
        yield '</h3>\n'
        if environment.getattr(l_1_t, 'bars'):
            pass
            for l_2_b in environment.getattr(l_1_t, 'bars'):
                _loop_vars = {}
                pass
                yield '<div class="bar"><code>'
                yield escape(environment.getattr(l_2_b, 'criterion'))
                yield '</code><div class="track"><div class="fill" style="width:'
                yield escape(t_2((environment.getattr(l_2_b, 'share') * 100), 1))
                yield '%"></div></div><span>'
                yield escape(environment.getattr(l_2_b, 'label'))
                yield '</span></div>\n'
            l_2_b = missing
        else:
            pass
            yield '<p class="sub">Nothing missed or late in its drills.</p>\n'
        yield '</div>\n'
    l_1_t = missing
    yield '<h2>People over time</h2>\n<div class="sub">The drills each person took part in: their team\'s score and times in those drills, oldest to newest, with the role they held (IC, TL, CL) on hover; under each chart the first and the latest value.</div>\n<div class="people"><table>\n<tr><th>Person</th>'
    for l_1_col in environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'columns'):
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(l_1_col)
        yield '</th>'
    l_1_col = missing
    yield '</tr>\n'
    for l_1_person in environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'people'):
        _loop_vars = {}
        pass
        yield '<tr><td class="who"><b>'
        yield escape(environment.getattr(l_1_person, 'name'))
        yield '</b><span>team '
        yield escape(environment.getattr(l_1_person, 'teams'))
        yield ' · '
        yield escape(environment.getattr(l_1_person, 'drills'))
        yield ' drill'
        yield escape(('s' if (environment.getattr(l_1_person, 'drills') != 1) else cond_expr_undefined("the inline if-expression on line 103 in 'trends.html.j2' evaluated to false and no else section was defined.")))
        yield '</span><span>'
        yield escape(environment.getattr(l_1_person, 'roles'))
        yield '</span></td>\n'
        for l_2_c in environment.getattr(l_1_person, 'charts'):
            _loop_vars = {}
            pass
            yield '<td class="spark" id="'
            yield escape(environment.getattr(l_2_c, 'id'))
            yield '">'
            if environment.getattr(l_2_c, 'empty'):
                pass
                yield '<span class="empty">-</span>'
            else:
                pass
                yield escape(context.call((undefined(name='plot') if l_0_plot is missing else l_0_plot), l_2_c, small=True, _loop_vars=_loop_vars))
                yield '<span>'
                if environment.getattr(l_2_c, 'first'):
                    pass
                    yield escape(environment.getattr(l_2_c, 'first'))
                    yield ' → '
                yield escape(environment.getattr(l_2_c, 'last'))
                yield '</span>'
            yield '</td>\n'
        l_2_c = missing
        yield '</tr>\n'
    l_1_person = missing
    yield '</table></div>\n</main></body></html>\n'

blocks = {}
debug_info = '4=26&5=35&6=42&7=44&8=49&9=57&11=65&12=70&15=82&16=91&17=95&18=103&20=110&21=115&22=122&23=127&28=148&29=155&30=157&31=162&34=180&35=188&39=206&78=208&79=210&82=225&84=227&87=233&88=237&89=239&90=241&91=245&101=258&102=266&103=270&104=280&105=284'
# Compiled from gameday/scorecard/templates/scorecard.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '65f7b6c3ad37bc1a2a21f5766d8d851fc8b9bc7aacb222f5cf8c422d49064b9c'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'scorecard.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_v = resolve('v')
    l_0_svg = resolve('svg')
    l_0_legend = resolve('legend')
    l_0_event_log = resolve('event_log')
    try:
        t_1 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!doctype html><html lang="en"><head><meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Scorecard: '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'title'))
    yield ' — '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'team'))
    yield ' — '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'date'))
    yield '</title>\n<style>\n'
    template = environment.get_template('scorecard.css', 'scorecard.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style></head>\n<body><main>\n<header>\n<div class="score" style="background:conic-gradient('
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'color'))
    yield ' '
    yield escape(t_1(t_3((environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total') * 3.6))))
    yield 'deg,#edf0f4 0);">\n<div style="background:#fff;width:88px;height:88px;border-radius:50%;display:grid;place-items:center">\n<div>'
    yield escape(t_1(t_3(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total'))))
    yield '<small>/ 100</small></div></div></div>\n<div><h1>'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'title'))
    yield '</h1>\n<div class="sub">Team <b>'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'team'))
    yield '</b> · scenario <code>'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'scenario'))
    yield '</code> ·\ndrill <code>'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'drill'))
    yield '</code> · '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'started'))
    yield ' · playbook <code>'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'playbook'))
    yield '</code></div></div>\n</header>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'banner'):
        pass
        yield '<div class="panel banner" role="alert"><b>Stopped for a real incident.</b> '
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'banner'))
        yield '</div>\n'
    yield '<div class="cards">\n'
    for l_1_m in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'tiles'):
        _loop_vars = {}
        pass
        yield '<div class="card" title="'
        yield escape(environment.getattr(l_1_m, 'label'))
        yield ': '
        yield escape(environment.getattr(l_1_m, 'definition'))
        yield '"><b>'
        yield escape(environment.getattr(l_1_m, 'shown'))
        yield '</b><span>'
        yield escape(environment.getattr(l_1_m, 'tile'))
        yield '</span>'
        if environment.getattr(l_1_m, 'par'):
            pass
            yield '<span class="par">your par '
            yield escape(environment.getattr(l_1_m, 'par'))
            if (environment.getattr(l_1_m, 'vs_par') and (environment.getattr(l_1_m, 'vs_par') != 'par')):
                pass
                yield ' ('
                yield escape(environment.getattr(l_1_m, 'vs_par'))
                yield ')'
            yield '</span>'
        yield '</div>\n'
    l_1_m = missing
    yield '</div>\n<h2>What to look at first</h2>\n<div class="panel alert"><table>\n<tr><th>First step missed</th><td>'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_missed'):
        pass
        yield '<b>'
        yield escape(environment.getitem(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_missed'), 0))
        yield '</b> — '
        yield escape(environment.getitem(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_missed'), 1))
    else:
        pass
        yield 'none — every applicable step was done'
    yield '</td></tr>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_monitor'):
        pass
        yield '<tr><th>Monitor that failed first</th><td><b>'
        yield escape(environment.getitem(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_monitor'), 0))
        yield '</b> at '
        yield escape(environment.getitem(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_monitor'), 1))
        yield ' <span class="ev">'
        yield escape(environment.getitem(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'first_monitor'), 2))
        yield '</span></td></tr>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'):
        pass
        yield '<tr><th>Customer impact</th><td>'
        yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'failures')))
        yield ' failed and '
        yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'slow')))
        yield ' slow of '
        yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'requests')))
        yield ' requests ('
        yield escape(context.call(environment.getattr('{:.1%}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'failed_ratio')))
        yield ' failed; peak '
        yield escape(context.call(environment.getattr('{:.0%}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'peak_fail_ratio')))
        yield ', p95 up to '
        yield escape(context.call(environment.getattr('{:.0f}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'peak_p95_ms')))
        yield ' ms) <span class="ev">window: '
        yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'impact'), 'label'))
        yield '</span></td></tr>\n'
    yield '<tr><th>Cost of delay</th><td>'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'):
        pass
        yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'failures')))
        yield ' failed requests over '
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'minutes'), 1))
        yield ' min'
        if (not t_4(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'per_minute'))):
            pass
            yield ' (<b>'
            yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'per_minute'))
            yield ' per minute</b>)'
        if ((not t_4(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'page_t'))) and environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'failures')):
            pass
            yield '; mitigating at the first page would have saved <b>'
            yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'saved')))
            yield '</b> ('
            yield escape(context.call(environment.getattr('{:.0%}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost'), 'saved_ratio')))
            yield ')'
    yield ' <span class="ev">'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'cost_line'))
    yield '</span></td></tr>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'):
        pass
        yield '<tr><th>Load</th><td>'
        if (not t_4(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'achieved_rps'))):
            pass
            yield '<b>'
            yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'achieved_rps'))
            yield ' requests/s</b> achieved (peak '
            yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'peak_rps'))
            yield '), '
        yield escape(context.call(environment.getattr('{:,}', 'format'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'users')))
        yield ' users'
        if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'workers'):
            pass
            yield ' on '
            yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load'), 'workers'))
            yield ' Locust workers'
        yield ' <span class="ev">'
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'load_line'))
        yield '</span></td></tr>\n'
    yield '<tr><th>The fix</th><td>'
    if (environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'fix') and environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'fix'), 'how')):
        pass
        yield '<b>'
        yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'fix'), 'how'))
        yield '</b><br>'
    yield '<span class="ev">'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'fix_line'))
    yield '</span></td></tr>\n<tr><th>Severity</th><td>declared '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'severity_declared'))
    yield ', expected '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'severity_expected'))
    yield '</td></tr>\n</table></div>\n<h2>Timeline</h2>\n<div class="panel">'
    yield escape((undefined(name='svg') if l_0_svg is missing else l_0_svg))
    yield '<div class="legend">\n'
    for (l_1_name, l_1_color) in (undefined(name='legend') if l_0_legend is missing else l_0_legend):
        _loop_vars = {}
        pass
        yield '<span><i style="background:'
        yield escape(l_1_color)
        yield '"></i>'
        yield escape(l_1_name)
        yield '</span>'
    l_1_name = l_1_color = missing
    yield '</div></div>\n<h2>Playbook criteria</h2>\n<div class="panel"><table><tr><th>Criterion</th><th>State</th><th>Points</th><th>Why</th></tr>\n'
    for l_1_c in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'criteria'):
        _loop_vars = {}
        pass
        yield '<tr'
        if (not environment.getattr(l_1_c, 'applicable')):
            pass
            yield ' style="opacity:.55"'
        yield '><td><b>'
        yield escape(environment.getattr(l_1_c, 'title'))
        yield '</b><div class="ev"><code>'
        yield escape(environment.getattr(l_1_c, 'name'))
        yield '</code></div></td>\n<td><span class="pill" style="background:'
        yield escape(environment.getattr(l_1_c, 'color'))
        yield '">'
        yield escape(environment.getattr(l_1_c, 'state_label'))
        yield '</span></td>\n<td class="num">'
        yield escape(environment.getattr(l_1_c, 'points'))
        yield '<div class="bar"><i style="width:'
        yield escape(t_1(environment.getattr(l_1_c, 'percent')))
        yield '%;background:'
        yield escape(environment.getattr(l_1_c, 'color'))
        yield '"></i></div></td>\n<td>'
        yield escape(environment.getattr(l_1_c, 'explanation'))
        yield '<div class="ev">'
        yield escape(environment.getattr(l_1_c, 'evidence'))
        yield '</div></td></tr>\n'
    l_1_c = missing
    yield '</table></div>\n<h2>Metrics</h2>\n<div class="panel"><table><tr><th>Metric</th><th>Value</th><th>Your par</th><th>Measured</th></tr>\n'
    for l_1_m in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'metrics'):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.getattr(l_1_m, 'label'))
        yield '</td><td class="num">'
        yield escape(environment.getattr(l_1_m, 'shown'))
        yield '</td><td class="num">'
        if environment.getattr(l_1_m, 'par'):
            pass
            yield escape(environment.getattr(l_1_m, 'par'))
            yield ' <span class="ev">'
            yield escape(environment.getattr(l_1_m, 'vs_par'))
            yield ' · '
            yield escape(environment.getattr(l_1_m, 'par_drills'))
            yield ' drill'
            yield escape(('s' if (environment.getattr(l_1_m, 'par_drills') != 1) else cond_expr_undefined("the inline if-expression on line 62 in 'scorecard.html.j2' evaluated to false and no else section was defined.")))
            yield '</span>'
        else:
            pass
            yield '-'
        yield '</td><td class="ev">'
        yield escape(environment.getattr(l_1_m, 'definition'))
        yield '</td></tr>\n'
    l_1_m = missing
    yield '</table></div>\n<h2>Who did what</h2>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people'):
        pass
        yield '<div class="panel"><table><tr><th>Person</th><th>Roles</th><th>Actions</th><th>What, when</th></tr>\n'
        for l_1_p in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people'):
            _loop_vars = {}
            pass
            yield '<tr><td><b>'
            yield escape(environment.getattr(l_1_p, 'name'))
            yield '</b></td><td>'
            yield escape(environment.getattr(l_1_p, 'roles'))
            yield '</td><td class="num">'
            yield escape(environment.getattr(l_1_p, 'actions'))
            yield '</td><td class="ev">'
            yield escape(environment.getattr(l_1_p, 'log'))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</table></div>\n'
    else:
        pass
        yield '<p class="sub">No responder actions were recorded.</p>\n'
    yield '<h2>Event log</h2>\n<details class="panel"><summary>All '
    yield escape(t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'events')))
    yield ' events</summary><table>\n<tr><th>#</th><th>t</th><th>Actor</th><th>Kind</th><th>What</th></tr>\n'
    yield escape((undefined(name='event_log') if l_0_event_log is missing else l_0_event_log))
    yield '</table></details>\n'
    for l_1_note in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'notes'):
        _loop_vars = {}
        pass
        yield '<p class="sub">'
        yield escape(l_1_note)
        yield '</p>'
    l_1_note = missing
    yield '<p class="sub">Generated by gameday. Not-applicable criteria are left out and the rest\nrescaled to 100.</p>\n</main></body></html>\n'

blocks = {}
debug_info = '6=40&8=46&12=53&14=57&15=59&16=61&17=65&19=71&20=74&23=77&24=81&25=89&31=102&33=112&34=115&36=121&37=124&39=139&40=160&41=163&43=181&44=189&47=193&48=195&52=205&53=209&54=217&55=221&56=227&61=233&62=237&66=259&68=262&69=266&76=280&78=282&79=284'
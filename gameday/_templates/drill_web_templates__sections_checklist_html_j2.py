# Compiled from gameday/drill/web/templates/sections/checklist.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '1acd478e96e56a36aa44ce6c7b17398449bcdb622d6bf7b0e4109896130b7f99'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/checklist.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_total = resolve('total')
    l_0_hint_cost = resolve('hint_cost')
    l_0_steps = resolve('steps')
    l_0_metrics = resolve('metrics')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<h2>Playbook checklist <span class="muted">the scorer, on the events so far</span></h2>\n'
    if (not t_3((undefined(name='total') if l_0_total is missing else l_0_total))):
        pass
        yield '<p>Score so far <b>'
        yield escape(t_1('%.0f', (undefined(name='total') if l_0_total is missing else l_0_total)))
        yield '</b>/100'
        if (undefined(name='hint_cost') if l_0_hint_cost is missing else l_0_hint_cost):
            pass
            yield ' <span class="muted">(hints cost '
            yield escape(t_1('%.1f', (undefined(name='hint_cost') if l_0_hint_cost is missing else l_0_hint_cost)))
            yield ' points)</span>'
        yield '</p>'
    yield '<ul class="checklist">\n'
    t_4 = 1
    for l_1_s in (undefined(name='steps') if l_0_steps is missing else l_0_steps):
        _loop_vars = {}
        pass
        yield '<li class="'
        yield escape(environment.getattr(l_1_s, 'state'))
        if environment.getattr(l_1_s, 'pending'):
            pass
            yield ' pending'
        yield '"><span class="mark">'
        if (environment.getattr(l_1_s, 'state') == 'met'):
            pass
            yield '&#10003;'
        elif (environment.getattr(l_1_s, 'state') == 'late'):
            pass
            yield '~'
        else:
            pass
            yield '&#9675;'
        yield '</span> '
        yield escape(environment.getattr(l_1_s, 'title'))
        yield ' <span class="muted">'
        yield escape(environment.getattr(l_1_s, 'state'))
        yield '</span></li>\n'
        t_4 = 0
    l_1_s = missing
    if t_4:
        pass
        yield '<li class="muted">Nothing to score yet.</li>'
    yield '</ul>\n'
    if (undefined(name='metrics') if l_0_metrics is missing else l_0_metrics):
        pass
        yield '<dl class="facts">'
        for (l_1_k, l_1_v) in context.call(environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'items')):
            l_1_clock = resolve('clock')
            _loop_vars = {}
            pass
            yield '<dt>'
            yield escape(t_2(context.eval_ctx, l_1_k, '_', ' '))
            yield '</dt><dd>'
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), l_1_v, _loop_vars=_loop_vars))
            yield '</dd>'
        l_1_k = l_1_v = l_1_clock = missing
        yield '</dl>'

blocks = {}
debug_info = '2=34&4=47&7=76'
# Compiled from gameday/drill/web/templates/sections/truth.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'a3287ebfe13a26e449adac1d2a417db28bf83c46d343aed7f323619bbb6dc68b'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/truth.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_truth = resolve('truth')
    l_0_phase = resolve('phase')
    l_0_failing = resolve('failing')
    l_0_customers = resolve('customers')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    pass
    yield '<h2>The truth <span class="muted">facilitator only</span></h2>\n<dl class="facts">\n<dt>Scenario</dt><dd>'
    yield escape(environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'scenario'))
    if environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'title'):
        pass
        yield ': '
        yield escape(environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'title'))
    yield '</dd>\n<dt>Expected severity</dt><dd>'
    if environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'severity'):
        pass
        yield 'SEV '
        yield escape(environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'severity'))
    else:
        pass
        yield '—'
    yield '</dd>\n<dt>Root cause</dt><dd>'
    yield escape((environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'cause') or '—'))
    if environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'keywords'):
        pass
        yield ' <span class="muted">(keywords: '
        yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'keywords'), ', '))
        yield ')</span>'
    yield '</dd>\n<dt>Accepted fixes</dt><dd>'
    yield escape((t_1(context.eval_ctx, environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'remediation'), ', ') or '—'))
    yield '</dd>\n<dt>Phase</dt><dd>'
    yield escape((undefined(name='phase') if l_0_phase is missing else l_0_phase))
    if (undefined(name='failing') if l_0_failing is missing else l_0_failing):
        pass
        yield ' · failing now: '
        yield escape(t_1(context.eval_ctx, (undefined(name='failing') if l_0_failing is missing else l_0_failing), ', '))
    yield '</dd>\n<dt>Customers</dt><dd>'
    def t_3(fiter):
        for l_1_line in fiter:
            if l_1_line:
                yield l_1_line
    for l_1_line in t_3((undefined(name='customers') if l_0_customers is missing else l_0_customers)):
        _loop_vars = {}
        pass
        yield '<div>'
        yield escape(l_1_line)
        yield '</div>'
    l_1_line = missing
    yield '</dd>\n</dl>\n<h3>Faults</h3>\n<table><tbody>'
    t_4 = 1
    for l_1_f in environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'faults'):
        l_1_clock = resolve('clock')
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.getattr(l_1_f, 'name'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_f, 'type'))
        yield '</td><td>at '
        yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_f, 'at'), _loop_vars=_loop_vars))
        yield ' after the baseline</td><td class="fault '
        yield escape(environment.getattr(l_1_f, 'state'))
        yield '">'
        yield escape(environment.getattr(l_1_f, 'state'))
        yield '</td></tr>'
        t_4 = 0
    l_1_f = l_1_clock = missing
    if t_4:
        pass
        yield '<tr><td class="muted">no faults</td></tr>'
    yield '</tbody></table>\n<h3>Hints</h3>\n<ol class="hints">'
    t_5 = 1
    for l_1_h in environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'hints'):
        _loop_vars = {}
        pass
        yield '<li>'
        yield escape(environment.getattr(l_1_h, 'text'))
        yield ' <span class="muted">('
        yield escape(t_2(environment.getattr(l_1_h, 'cost'), 1))
        yield ' pts'
        if environment.getattr(l_1_h, 'sent'):
            pass
            yield ', sent'
        yield ')</span></li>'
        t_5 = 0
    l_1_h = missing
    if t_5:
        pass
        yield '<li class="muted">The scenario has no hints.</li>'
    yield '</ol>\n'

blocks = {}
debug_info = '3=28&4=34&5=42&6=49&7=51&8=57&11=70&13=92'
# Compiled from gameday/drill/web/templates/sections/timeline.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'cce30061b79dea1505ab7afe5e16a7af474657790184fd5fd339d468edd4833e'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/timeline.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_timeline = resolve('timeline')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '<h2>Timeline <span class="muted">everything, newest first</span></h2>\n<ol class="channel">\n'
    for l_1_e in (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline):
        l_1_clock = resolve('clock')
        _loop_vars = {}
        pass
        yield '<li class="'
        yield escape(t_1(context.eval_ctx, environment.getattr(l_1_e, 'kind'), '.', '-'))
        yield '"><time>'
        yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_e, 't'), _loop_vars=_loop_vars))
        yield '</time> '
        if environment.getattr(l_1_e, 'actor'):
            pass
            yield '<b>'
            yield escape(environment.getattr(l_1_e, 'actor'))
            yield '</b> '
        yield escape(environment.getattr(l_1_e, 'text'))
        yield '</li>'
    l_1_e = l_1_clock = missing
    yield '</ol>\n'

blocks = {}
debug_info = '3=19'
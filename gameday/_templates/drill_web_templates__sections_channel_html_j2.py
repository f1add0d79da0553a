# Compiled from gameday/drill/web/templates/sections/channel.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '74bac9843517b673322645f0f6d53d5921a5687ec1848d73e4b965ed700f2841'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/channel.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '<h2>Incident channel'
    if environment.getattr(environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'incident'), 'channel'):
        pass
        yield ' <span class="muted">'
        yield escape(environment.getattr(environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'incident'), 'channel'))
        yield '</span>'
    yield '</h2>\n<ol class="channel">\n'
    t_2 = 1
    for l_1_c in environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'channel')[-150:]:
        l_1_clock = resolve('clock')
        _loop_vars = {}
        pass
        yield '<li class="'
        yield escape(t_1(context.eval_ctx, environment.getattr(l_1_c, 'kind'), '.', '-'))
        yield '"><time>'
        yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_c, 't'), _loop_vars=_loop_vars))
        yield '</time> <b>'
        yield escape(environment.getattr(l_1_c, 'actor'))
        yield '</b> '
        yield escape(environment.getattr(l_1_c, 'text'))
        yield '</li>\n'
        t_2 = 0
    l_1_c = l_1_clock = missing
    if t_2:
        pass
        yield '<li class="muted">Nothing yet. Actions and chat appear here.</li>'
    yield '</ol>\n'

blocks = {}
debug_info = '1=19&3=26'